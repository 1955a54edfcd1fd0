// src/c_api_rate.cpp - RateCell's C API (include/ngcrt/ngcrt.h, "RateCell"): a thin layer over
// ngcrt::RateCellView placed in the caller's opaque storage (src/c_instance.hpp).
#include <cstdint>
#include <cstring>

#include "c_instance.hpp"
#include "ngcrt/ngcrt.h"
#include "ngcrt/rate_cell.hpp"

namespace {

using ngcrt::status;

static_assert(NGCRT_ACTIVATION_BKWTA == static_cast<int>(ngcrt::Activation::bkwta), "activation");
static_assert(NGCRT_ACTIVATION_SINE == static_cast<int>(ngcrt::Activation::sine), "activation");
static_assert(NGCRT_PRIOR_EXP == static_cast<int>(ngcrt::Prior::exp), "prior");
static_assert(NGCRT_RATE_RK4 == static_cast<int>(ngcrt::RateIntegration::rk4), "integration");
static_assert(NGCRT_THRESHOLD_CAUCHY == static_cast<int>(ngcrt::Threshold::cauchy_threshold), "threshold");
static_assert(sizeof(ngcrt_activation) == 4 && sizeof(ngcrt_prior) == 4 &&
                  sizeof(ngcrt_rate_integration) == 4 && sizeof(ngcrt_threshold) == 4,
              "the C enums are int32_t-sized");

template <class T>
struct rate_c_types;
template <>
struct rate_c_types<float> {
    using instance = ngcrt_rate_cell_f32;
    using buffers = ngcrt_rate_buffers_f32;
    static constexpr std::uintptr_t salt = 0x72617465U;  // odd: a live key is never 0
};
template <>
struct rate_c_types<double> {
    using instance = ngcrt_rate_cell_f64;
    using buffers = ngcrt_rate_buffers_f64;
    static constexpr std::uintptr_t salt = 0x72617467U;
};

template <class T>
using view_t = ngcrt::RateCellView<T>;

int code(status s) noexcept { return static_cast<int>(s); }
int fail(status s, const char* where) noexcept { return code(ngcrt::detail::fail(s, where)); }

template <class T>
struct c_rate {
    using inst_t = typename rate_c_types<T>::instance;
    using instance = ngcrt::detail::c_api::c_instance<inst_t, view_t<T>, rate_c_types<T>::salt>;

    static view_t<T>* view_of(inst_t* inst) noexcept { return instance::view_of(inst); }
    static const view_t<T>* view_of(const inst_t* inst) noexcept { return instance::view_of(inst); }
    static int missing(const inst_t* inst, const char* where) noexcept {
        return fail(ngcrt::detail::c_api::missing(inst), where);
    }

    static int init(inst_t* inst, const ngcrt_rate_config* cfg,
                    const typename rate_c_types<T>::buffers* buf) noexcept {
        const char* where = "ngcrt_rate_cell_init";
        if (inst == nullptr) return fail(status::null_buffer, where);
        instance::forget(inst);
        if (cfg == nullptr || buf == nullptr) return fail(status::null_buffer, where);
        // Enumerations C can fill with any int: read as integers, only named values pass.
        std::int32_t e[5] = {};
        std::memcpy(&e[0], &cfg->prior, 4);
        std::memcpy(&e[1], &cfg->act_fx, 4);
        std::memcpy(&e[2], &cfg->threshold, 4);
        std::memcpy(&e[3], &cfg->integration, 4);
        std::memcpy(&e[4], &cfg->convention, 4);
        if (e[0] < 0 || e[0] > 3 || e[1] < 0 || e[1] > 15 || e[2] < 0 || e[2] > 2 || e[3] < 0 || e[3] > 2 ||
            e[4] < 0 || e[4] > 2)
            return fail(status::invalid_argument, where);
        ngcrt::RateSettings<T> s;
        s.tau_m = T(cfg->tau_m);
        s.prior = static_cast<ngcrt::Prior>(e[0]);
        s.gamma = T(cfg->gamma);
        s.act_fx = static_cast<ngcrt::Activation>(e[1]);
        s.output_scale = T(cfg->output_scale);
        s.threshold = static_cast<ngcrt::Threshold>(e[2]);
        s.threshold_lambda = T(cfg->threshold_lambda);
        s.integration = static_cast<ngcrt::RateIntegration>(e[3]);
        s.resist_scale = T(cfg->resist_scale);
        s.is_stateful = cfg->is_stateful != 0;
        s.convention = static_cast<ngcrt::Convention>(e[4]);
        ngcrt::shape shp;
        shp.rank = cfg->rank;
        for (int i = 0; i < 3; ++i) shp.dims[i] = cfg->dims[i];
        view_t<T>* v = instance::place(inst);
        const status st = v->init(shp, cfg->batch_size, cfg->max_batch, s,
                                  {buf->j, buf->j_td, buf->z, buf->zF, buf->capacity});
        if (st == status::ok) instance::seal(inst);
        return code(st);
    }
};

}  // namespace

extern "C" {

ngcrt_rate_integration ngcrt_integrator_from_name(const char* name) {
    return static_cast<ngcrt_rate_integration>(ngcrt::integrator_from_name(name));
}
ngcrt_status ngcrt_activation_from_name(const char* name, ngcrt_activation* out) {
    if (out == nullptr) return fail(status::null_buffer, "ngcrt_activation_from_name");
    ngcrt::Activation a{};
    const status st = ngcrt::activation_from_name(name, a);
    if (st != status::ok) return fail(st, "ngcrt_activation_from_name");
    *out = static_cast<ngcrt_activation>(a);
    return code(status::ok);
}
ngcrt_prior ngcrt_prior_from_name(const char* name) {
    return static_cast<ngcrt_prior>(ngcrt::prior_from_name(name));
}
ngcrt_threshold ngcrt_threshold_from_name(const char* name) {
    return static_cast<ngcrt_threshold>(ngcrt::threshold_from_name(name));
}
ngcrt_rate_config ngcrt_rate_config_default(void) {
    ngcrt_rate_config c{};
    c.rank = 1;
    c.dims[0] = 1;
    c.batch_size = 1;
    c.max_batch = 1;
    c.tau_m = 0.0;
    c.prior = NGCRT_PRIOR_GAUSSIAN;
    c.gamma = 0.0;
    c.act_fx = NGCRT_ACTIVATION_IDENTITY;
    c.output_scale = 1.0;
    c.threshold = NGCRT_THRESHOLD_NONE;
    c.threshold_lambda = 0.0;
    c.integration = NGCRT_RATE_EULER;
    c.resist_scale = 1.0;
    c.is_stateful = 1;
    c.convention = NGCRT_CONVENTION_NGCLEARN_3_1;
    return c;
}

// (T is a type name and suffix is pasted: neither can be parenthesised.)
// NOLINTBEGIN(bugprone-macro-parentheses)
#define NGCRT_RATE_C_FUNCTIONS(T, suffix)                                                                    \
    ngcrt_status ngcrt_rate_cell_init_##suffix(ngcrt_rate_cell_##suffix* inst, const ngcrt_rate_config* cfg, \
                                               const ngcrt_rate_buffers_##suffix* buf) {                     \
        return c_rate<T>::init(inst, cfg, buf);                                                              \
    }                                                                                                        \
    ngcrt_status ngcrt_rate_cell_advance_state_##suffix(ngcrt_rate_cell_##suffix* inst, T dt) {              \
        auto* v = c_rate<T>::view_of(inst);                                                                  \
        return v ? code(v->advance_state(dt)) : c_rate<T>::missing(inst, "ngcrt_rate_cell_advance_state");   \
    }                                                                                                        \
    ngcrt_status ngcrt_rate_cell_reset_##suffix(ngcrt_rate_cell_##suffix* inst) {                            \
        auto* v = c_rate<T>::view_of(inst);                                                                  \
        return v ? code(v->reset()) : c_rate<T>::missing(inst, "ngcrt_rate_cell_reset");                     \
    }                                                                                                        \
    ngcrt_status ngcrt_rate_cell_batched_reset_##suffix(ngcrt_rate_cell_##suffix* inst, size_t b) {          \
        auto* v = c_rate<T>::view_of(inst);                                                                  \
        return v ? code(v->batched_reset(b)) : c_rate<T>::missing(inst, "ngcrt_rate_cell_batched_reset");    \
    }                                                                                                        \
    ngcrt_status ngcrt_rate_cell_bind_j_##suffix(ngcrt_rate_cell_##suffix* inst, const T* source) {          \
        auto* v = c_rate<T>::view_of(inst);                                                                  \
        return v ? code(v->bind_j(source)) : c_rate<T>::missing(inst, "ngcrt_rate_cell_bind_j");             \
    }                                                                                                        \
    ngcrt_status ngcrt_rate_cell_bind_j_td_##suffix(ngcrt_rate_cell_##suffix* inst, const T* source) {       \
        auto* v = c_rate<T>::view_of(inst);                                                                  \
        return v ? code(v->bind_j_td(source)) : c_rate<T>::missing(inst, "ngcrt_rate_cell_bind_j_td");       \
    }                                                                                                        \
    T* ngcrt_rate_cell_j_##suffix(ngcrt_rate_cell_##suffix* inst) {                                          \
        auto* v = c_rate<T>::view_of(inst);                                                                  \
        return v ? v->j().data() : nullptr;                                                                  \
    }                                                                                                        \
    T* ngcrt_rate_cell_j_td_##suffix(ngcrt_rate_cell_##suffix* inst) {                                       \
        auto* v = c_rate<T>::view_of(inst);                                                                  \
        return v ? v->j_td().data() : nullptr;                                                               \
    }                                                                                                        \
    T* ngcrt_rate_cell_z_##suffix(ngcrt_rate_cell_##suffix* inst) {                                          \
        auto* v = c_rate<T>::view_of(inst);                                                                  \
        return v ? v->z().data() : nullptr;                                                                  \
    }                                                                                                        \
    T* ngcrt_rate_cell_zF_##suffix(ngcrt_rate_cell_##suffix* inst) {                                         \
        auto* v = c_rate<T>::view_of(inst);                                                                  \
        return v ? v->zF().data() : nullptr;                                                                 \
    }                                                                                                        \
    size_t ngcrt_rate_cell_batch_size_##suffix(const ngcrt_rate_cell_##suffix* inst) {                       \
        const auto* v = c_rate<T>::view_of(inst);                                                            \
        return v ? v->batch_size() : 0;                                                                      \
    }

NGCRT_RATE_C_FUNCTIONS(float, f32)
NGCRT_RATE_C_FUNCTIONS(double, f64)
#undef NGCRT_RATE_C_FUNCTIONS
// NOLINTEND(bugprone-macro-parentheses)

}  // extern "C"
