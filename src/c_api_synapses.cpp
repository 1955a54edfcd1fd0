// src/c_api_synapses.cpp - the synapses' C API (include/ngcrt/ngcrt.h): a thin layer over
// DenseSynapseView and HebbianSynapseView, as src/c_api.cpp is over the cells' views. Every
// rule (validation, reset, wiring) and all arithmetic live in the views and the kernels;
// this file converts types and places the view in the caller's opaque storage
// (src/c_instance.hpp).
#include <cstdint>
#include <cstring>

#include "c_instance.hpp"
#include "ngcrt/dense_synapse.hpp"
#include "ngcrt/hebbian_synapse.hpp"
#include "ngcrt/ngcrt.h"
#include "ngcrt/status.hpp"

namespace {

using ngcrt::status;

constexpr int code(status s) noexcept { return static_cast<int>(s); }
int fail(status s, const char* where) noexcept { return code(ngcrt::detail::fail(s, where)); }

static_assert(NGCRT_WEIGHTS_NORMAL == static_cast<int>(ngcrt::WeightLayout::normal), "layout normal");
static_assert(NGCRT_WEIGHTS_TRANSPOSED == static_cast<int>(ngcrt::WeightLayout::transposed),
              "layout transposed");
static_assert(NGCRT_BIASES_NONE == static_cast<int>(ngcrt::Biases::none), "biases none");
static_assert(NGCRT_BIASES_ROW == static_cast<int>(ngcrt::Biases::row), "biases row");
static_assert(NGCRT_OPTIMIZER_SGD == static_cast<int>(ngcrt::Optimizer::sgd), "sgd");
static_assert(NGCRT_OPTIMIZER_ADAM == static_cast<int>(ngcrt::Optimizer::adam), "adam");
static_assert(NGCRT_WEIGHT_PRIOR_NONE == static_cast<int>(ngcrt::WeightPrior::none), "prior none");
static_assert(NGCRT_WEIGHT_PRIOR_L2 == static_cast<int>(ngcrt::WeightPrior::l2), "prior l2");
static_assert(NGCRT_WEIGHT_PRIOR_L1 == static_cast<int>(ngcrt::WeightPrior::l1), "prior l1");
static_assert(NGCRT_WEIGHT_PRIOR_ELASTIC_NET == static_cast<int>(ngcrt::WeightPrior::elastic_net),
              "prior elastic net");
static_assert(sizeof(ngcrt_weight_layout) == sizeof(std::int32_t) &&
                  sizeof(ngcrt_synapse_biases) == sizeof(std::int32_t) &&
                  sizeof(ngcrt_optimizer) == sizeof(std::int32_t) &&
                  sizeof(ngcrt_weight_prior) == sizeof(std::int32_t),
              "the C enums are int32_t-sized");

// A C enum as an int (a C++ load of an out-of-range enum value would be undefined).
template <class E>
std::int32_t as_int(const E& e) noexcept {
    std::int32_t v = 0;
    std::memcpy(&v, &e, sizeof v);
    return v;
}

using ngcrt::detail::c_api::c_instance;

// Odd salts, distinct per kind and type: a live key is never 0 (instances are 4-aligned).
constexpr std::uintptr_t dense_salt_f32 = 0x73796E31U, dense_salt_f64 = 0x73796E33U;
constexpr std::uintptr_t hebbian_salt_f32 = 0x73796E35U, hebbian_salt_f64 = 0x73796E37U;

template <class T>
struct synapse_c_types;
template <>
struct synapse_c_types<float> {
    using dense = ngcrt_dense_synapse_f32;
    using dense_buffers = ngcrt_dense_synapse_buffers_f32;
    using hebbian = ngcrt_hebbian_synapse_f32;
    using hebbian_buffers = ngcrt_hebbian_synapse_buffers_f32;
    using settings = ngcrt_hebbian_settings_f32;
    static constexpr std::uintptr_t dense_salt = dense_salt_f32, hebbian_salt = hebbian_salt_f32;
};
template <>
struct synapse_c_types<double> {
    using dense = ngcrt_dense_synapse_f64;
    using dense_buffers = ngcrt_dense_synapse_buffers_f64;
    using hebbian = ngcrt_hebbian_synapse_f64;
    using hebbian_buffers = ngcrt_hebbian_synapse_buffers_f64;
    using settings = ngcrt_hebbian_settings_f64;
    static constexpr std::uintptr_t dense_salt = dense_salt_f64, hebbian_salt = hebbian_salt_f64;
};

// The configuration's enums, checked.
bool read_biases(const ngcrt_dense_synapse_config& cfg, ngcrt::Biases& b) noexcept {
    const std::int32_t v = as_int(cfg.biases);
    if (v != NGCRT_BIASES_NONE && v != NGCRT_BIASES_ROW) return false;
    b = static_cast<ngcrt::Biases>(v);
    return true;
}

template <class T>
bool read_settings(const typename synapse_c_types<T>::settings& c, ngcrt::HebbianSettings<T>& s) noexcept {
    const std::int32_t prior = as_int(c.prior);
    if (prior < NGCRT_WEIGHT_PRIOR_NONE || prior > NGCRT_WEIGHT_PRIOR_ELASTIC_NET) return false;
    s.eta = c.eta;
    s.w_bound = c.w_bound;
    s.is_nonnegative = c.is_nonnegative != 0;
    s.prior = static_cast<ngcrt::WeightPrior>(prior);
    s.prior_lambda = c.prior_lambda;
    s.l1_ratio = c.l1_ratio;
    s.w_decay = c.w_decay;
    s.sign_value = c.sign_value;
    s.pre_wght = c.pre_wght;
    s.post_wght = c.post_wght;
    s.resist_scale = c.resist_scale;
    return true;
}

// NULL with count 0 unbinds; otherwise the view's bind (which checks NULL, size, overlap).
template <class V, class T, class Bind, class Unbind>
int bind_or_unbind(V* v, const T* src, std::size_t count, Bind bind, Unbind unbind) noexcept {
    if (src == nullptr && count == 0) {
        unbind(*v);
        return NGCRT_OK;
    }
    return code(bind(*v, ngcrt::span<const T>(src, count)));
}

template <class T>
struct c_dense {
    using types = synapse_c_types<T>;
    using inst_t = typename types::dense;
    using view = ngcrt::DenseSynapseView<T>;
    using instance = c_instance<inst_t, view, types::dense_salt>;

    static view* get(inst_t* inst) noexcept { return instance::view_of(inst); }
    static int missing(const inst_t* inst, const char* where) noexcept {
        return fail(ngcrt::detail::c_api::missing<types::hebbian_salt>(inst), where);
    }

    static int init(inst_t* inst, const ngcrt_dense_synapse_config* cfg,
                    const typename types::dense_buffers* buf, T resist_scale, const char* where) noexcept {
        if (inst == nullptr) return fail(status::null_buffer, where);
        instance::forget(inst);
        if (cfg == nullptr || buf == nullptr) return fail(status::null_buffer, where);
        ngcrt::Biases biases{};
        const std::int32_t layout = as_int(cfg->layout);
        if (!read_biases(*cfg, biases) ||
            (layout != NGCRT_WEIGHTS_NORMAL && layout != NGCRT_WEIGHTS_TRANSPOSED))
            return fail(status::invalid_argument, where);
        // The sizes the configuration says; the view checks the shape and overflow first.
        ngcrt::detail::synapse_sizes z{};
        if (const status s = ngcrt::detail::synapse_sizes_of(cfg->in, cfg->out, cfg->max_batch, z);
            s != status::ok)
            return fail(s, where);
        const ngcrt::dense_synapse_config c{cfg->in, cfg->out, cfg->max_batch, biases,
                                            static_cast<ngcrt::WeightLayout>(layout)};
        const typename view::buffers b{{buf->inputs, z.batch_in},
                                       {buf->outputs, z.batch_out},
                                       {buf->weights, z.weights},
                                       {buf->biases, biases == ngcrt::Biases::row ? z.out : 0}};
        view* v = instance::place(inst);
        const status s = v->init(c, b, resist_scale);
        if (s == status::ok) instance::seal(inst);
        return code(s);
    }
};

template <class T>
struct c_hebbian {
    using types = synapse_c_types<T>;
    using inst_t = typename types::hebbian;
    using view = ngcrt::HebbianSynapseView<T>;
    using instance = c_instance<inst_t, view, types::hebbian_salt>;

    static view* get(inst_t* inst) noexcept { return instance::view_of(inst); }
    static int missing(const inst_t* inst, const char* where) noexcept {
        return fail(ngcrt::detail::c_api::missing<types::dense_salt>(inst), where);
    }

    static void defaults(typename types::settings* s) noexcept {
        if (s == nullptr) return;
        const ngcrt::HebbianSettings<T> d{};
        s->eta = d.eta;
        s->w_bound = d.w_bound;
        s->is_nonnegative = d.is_nonnegative ? 1 : 0;
        s->prior = static_cast<ngcrt_weight_prior>(static_cast<int>(d.prior));
        s->prior_lambda = d.prior_lambda;
        s->l1_ratio = d.l1_ratio;
        s->w_decay = d.w_decay;
        s->sign_value = d.sign_value;
        s->pre_wght = d.pre_wght;
        s->post_wght = d.post_wght;
        s->resist_scale = d.resist_scale;
    }

    static int init(inst_t* inst, const ngcrt_dense_synapse_config* cfg, ngcrt_optimizer optimizer,
                    const typename types::hebbian_buffers* buf, const typename types::settings* settings,
                    const char* where) noexcept {
        if (inst == nullptr) return fail(status::null_buffer, where);
        instance::forget(inst);
        if (cfg == nullptr || buf == nullptr || settings == nullptr) return fail(status::null_buffer, where);
        ngcrt::Biases biases{};
        const std::int32_t opt = as_int(optimizer);
        ngcrt::HebbianSettings<T> s{};
        if (!read_biases(*cfg, biases) || as_int(cfg->layout) != NGCRT_WEIGHTS_NORMAL ||
            (opt != NGCRT_OPTIMIZER_SGD && opt != NGCRT_OPTIMIZER_ADAM) || !read_settings<T>(*settings, s))
            return fail(status::invalid_argument, where);
        ngcrt::detail::synapse_sizes z{};
        if (const status st = ngcrt::detail::synapse_sizes_of(cfg->in, cfg->out, cfg->max_batch, z);
            st != status::ok)
            return fail(st, where);
        const bool adam = opt == NGCRT_OPTIMIZER_ADAM;
        const std::size_t moments = adam ? z.weights + (biases == ngcrt::Biases::row ? z.out : 0) : 0;
        const ngcrt::hebbian_synapse_config c{cfg->in, cfg->out, cfg->max_batch, biases,
                                              static_cast<ngcrt::Optimizer>(opt)};
        const typename view::buffers b{{buf->inputs, z.batch_in},
                                       {buf->outputs, z.batch_out},
                                       {buf->weights, z.weights},
                                       {buf->biases, biases == ngcrt::Biases::row ? z.out : 0},
                                       {buf->pre, z.batch_in},
                                       {buf->post, z.batch_out},
                                       {buf->dWeights, buf->dWeights != nullptr ? z.weights : 0},
                                       {buf->dBiases, z.out},
                                       {buf->first_moments, moments},
                                       {buf->second_moments, moments}};
        view* v = instance::place(inst);
        const status st = v->init(c, b, s);
        if (st == status::ok) instance::seal(inst);
        return code(st);
    }
    static int set_settings(inst_t* inst, const typename types::settings* settings,
                            const char* where) noexcept {
        view* v = get(inst);
        if (v == nullptr) return missing(inst, where);
        if (settings == nullptr) return fail(status::null_buffer, where);
        ngcrt::HebbianSettings<T> s{};
        if (!read_settings<T>(*settings, s)) return fail(status::invalid_argument, where);
        return code(v->set_settings(s));
    }
};

}  // namespace

// The functions common to both kinds, for kind K (c_dense or c_hebbian) and type T.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define NGCRT_SYNAPSE_COMMON(kind, K, T, sfx)                                                               \
    ngcrt_status ngcrt_##kind##_step_##sfx(K<T>::inst_t* inst) {                                            \
        auto* v = K<T>::get(inst);                                                                          \
        return v == nullptr ? K<T>::missing(inst, "ngcrt_" #kind "_step_" #sfx) : code(v->advance_state()); \
    }                                                                                                       \
    ngcrt_status ngcrt_##kind##_reset_##sfx(K<T>::inst_t* inst) {                                           \
        auto* v = K<T>::get(inst);                                                                          \
        return v == nullptr ? K<T>::missing(inst, "ngcrt_" #kind "_reset_" #sfx) : code(v->reset());        \
    }                                                                                                       \
    ngcrt_status ngcrt_##kind##_batched_reset_##sfx(K<T>::inst_t* inst, size_t b) {                         \
        auto* v = K<T>::get(inst);                                                                          \
        return v == nullptr ? K<T>::missing(inst, "ngcrt_" #kind "_batched_reset_" #sfx)                    \
                            : code(v->batched_reset(b));                                                    \
    }                                                                                                       \
    size_t ngcrt_##kind##_batch_size_##sfx(const K<T>::inst_t* inst) {                                      \
        const auto* v = K<T>::instance::view_of(inst);                                                      \
        return v == nullptr ? 0 : v->batch_size();                                                          \
    }                                                                                                       \
    ngcrt_status ngcrt_##kind##_set_resist_scale_##sfx(K<T>::inst_t* inst, T resist_scale) {                \
        auto* v = K<T>::get(inst);                                                                          \
        return v == nullptr ? K<T>::missing(inst, "ngcrt_" #kind "_set_resist_scale_" #sfx)                 \
                            : code(v->set_resist_scale(resist_scale));                                      \
    }                                                                                                       \
    ngcrt_status ngcrt_##kind##_bind_mask_##sfx(K<T>::inst_t* inst, const T* mask, size_t count) {          \
        auto* v = K<T>::get(inst);                                                                          \
        if (v == nullptr) return K<T>::missing(inst, "ngcrt_" #kind "_bind_mask_" #sfx);                    \
        return bind_or_unbind(                                                                              \
            v, mask, count, [](auto& w, ngcrt::span<const T> s) { return w.bind_mask(s); },                 \
            [](auto& w) { w.unbind_mask(); });                                                              \
    }                                                                                                       \
    ngcrt_status ngcrt_##kind##_bind_inputs_##sfx(K<T>::inst_t* inst, const T* src, size_t count) {         \
        auto* v = K<T>::get(inst);                                                                          \
        if (v == nullptr) return K<T>::missing(inst, "ngcrt_" #kind "_bind_inputs_" #sfx);                  \
        return bind_or_unbind(                                                                              \
            v, src, count, [](auto& w, ngcrt::span<const T> s) { return w.bind_inputs(s); },                \
            [](auto& w) { w.unbind_inputs(); });                                                            \
    }

#define NGCRT_HEBBIAN_ONLY(T, sfx)                                                                           \
    void ngcrt_hebbian_settings_defaults_##sfx(ngcrt_hebbian_settings_##sfx* s) {                            \
        c_hebbian<T>::defaults(s);                                                                           \
    }                                                                                                        \
    ngcrt_status ngcrt_hebbian_synapse_init_##sfx(                                                           \
        ngcrt_hebbian_synapse_##sfx* inst, const ngcrt_dense_synapse_config* cfg, ngcrt_optimizer optimizer, \
        const ngcrt_hebbian_synapse_buffers_##sfx* buf, const ngcrt_hebbian_settings_##sfx* settings) {      \
        return c_hebbian<T>::init(inst, cfg, optimizer, buf, settings, "ngcrt_hebbian_synapse_init_" #sfx);  \
    }                                                                                                        \
    ngcrt_status ngcrt_hebbian_synapse_evolve_##sfx(ngcrt_hebbian_synapse_##sfx* inst) {                     \
        auto* v = c_hebbian<T>::get(inst);                                                                   \
        return v == nullptr ? c_hebbian<T>::missing(inst, "ngcrt_hebbian_synapse_evolve_" #sfx)              \
                            : code(v->evolve());                                                             \
    }                                                                                                        \
    ngcrt_status ngcrt_hebbian_synapse_bind_pre_##sfx(ngcrt_hebbian_synapse_##sfx* inst, const T* src,       \
                                                      size_t count) {                                        \
        auto* v = c_hebbian<T>::get(inst);                                                                   \
        if (v == nullptr) return c_hebbian<T>::missing(inst, "ngcrt_hebbian_synapse_bind_pre_" #sfx);        \
        return bind_or_unbind(                                                                               \
            v, src, count, [](auto& w, ngcrt::span<const T> s) { return w.bind_pre(s); },                    \
            [](auto& w) { w.unbind_pre(); });                                                                \
    }                                                                                                        \
    ngcrt_status ngcrt_hebbian_synapse_bind_post_##sfx(ngcrt_hebbian_synapse_##sfx* inst, const T* src,      \
                                                       size_t count) {                                       \
        auto* v = c_hebbian<T>::get(inst);                                                                   \
        if (v == nullptr) return c_hebbian<T>::missing(inst, "ngcrt_hebbian_synapse_bind_post_" #sfx);       \
        return bind_or_unbind(                                                                               \
            v, src, count, [](auto& w, ngcrt::span<const T> s) { return w.bind_post(s); },                   \
            [](auto& w) { w.unbind_post(); });                                                               \
    }                                                                                                        \
    ngcrt_status ngcrt_hebbian_synapse_set_settings_##sfx(ngcrt_hebbian_synapse_##sfx* inst,                 \
                                                          const ngcrt_hebbian_settings_##sfx* settings) {    \
        return c_hebbian<T>::set_settings(inst, settings, "ngcrt_hebbian_synapse_set_settings_" #sfx);       \
    }                                                                                                        \
    T ngcrt_hebbian_synapse_step_count_##sfx(const ngcrt_hebbian_synapse_##sfx* inst) {                      \
        const auto* v = c_hebbian<T>::instance::view_of(inst);                                               \
        return v == nullptr ? T(0) : v->step_count();                                                        \
    }                                                                                                        \
    ngcrt_status ngcrt_hebbian_synapse_set_step_count_##sfx(ngcrt_hebbian_synapse_##sfx* inst, T t) {        \
        auto* v = c_hebbian<T>::get(inst);                                                                   \
        return v == nullptr ? c_hebbian<T>::missing(inst, "ngcrt_hebbian_synapse_set_step_count_" #sfx)      \
                            : code(v->set_step_count(t));                                                    \
    }

extern "C" {

ngcrt_status ngcrt_weight_prior_from_name(const char* name, ngcrt_weight_prior* out) {
    if (out == nullptr) return fail(status::null_buffer, "ngcrt_weight_prior_from_name");
    ngcrt::WeightPrior p{};
    const status s = ngcrt::weight_prior_from_name(name, p);
    if (s != status::ok) return fail(s, "ngcrt_weight_prior_from_name");
    *out = static_cast<ngcrt_weight_prior>(static_cast<int>(p));
    return NGCRT_OK;
}
ngcrt_status ngcrt_optimizer_from_name(const char* name, ngcrt_optimizer* out) {
    if (out == nullptr) return fail(status::null_buffer, "ngcrt_optimizer_from_name");
    ngcrt::Optimizer o{};
    const status s = ngcrt::optimizer_from_name(name, o);
    if (s != status::ok) return fail(s, "ngcrt_optimizer_from_name");
    *out = static_cast<ngcrt_optimizer>(static_cast<int>(o));
    return NGCRT_OK;
}

ngcrt_status ngcrt_dense_synapse_init_f32(ngcrt_dense_synapse_f32* inst,
                                          const ngcrt_dense_synapse_config* cfg,
                                          const ngcrt_dense_synapse_buffers_f32* buf, float resist_scale) {
    return c_dense<float>::init(inst, cfg, buf, resist_scale, "ngcrt_dense_synapse_init_f32");
}
ngcrt_status ngcrt_dense_synapse_init_f64(ngcrt_dense_synapse_f64* inst,
                                          const ngcrt_dense_synapse_config* cfg,
                                          const ngcrt_dense_synapse_buffers_f64* buf, double resist_scale) {
    return c_dense<double>::init(inst, cfg, buf, resist_scale, "ngcrt_dense_synapse_init_f64");
}
NGCRT_SYNAPSE_COMMON(dense_synapse, c_dense, float, f32)
NGCRT_SYNAPSE_COMMON(dense_synapse, c_dense, double, f64)
NGCRT_SYNAPSE_COMMON(hebbian_synapse, c_hebbian, float, f32)
NGCRT_SYNAPSE_COMMON(hebbian_synapse, c_hebbian, double, f64)
NGCRT_HEBBIAN_ONLY(float, f32)
NGCRT_HEBBIAN_ONLY(double, f64)

}  // extern "C"
// NOLINTEND(bugprone-macro-parentheses)
