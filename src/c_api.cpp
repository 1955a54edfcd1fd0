// src/c_api.cpp - the C API (include/ngcrt/ngcrt.h): a thin layer over each cell's view
// (include/ngcrt/engine/view.hpp). Every rule of a cell (validation, reset, mask eating,
// write access) and all of its arithmetic live in the view and the kernels; this file
// only converts types and places the view in the caller's opaque storage
// (src/c_instance.hpp).
#include "ngcrt/ngcrt.h"

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "c_instance.hpp"
#include "ngcrt/cells.hpp"
#include "ngcrt/status.hpp"

namespace {

using ngcrt::status;

// ---- the C values are the C++ values -------------------------------------------------------
constexpr int code(status s) noexcept { return static_cast<int>(s); }
static_assert(NGCRT_OK == code(status::ok), "NGCRT_OK");
static_assert(NGCRT_ERR_INVALID_SIGMA == code(status::invalid_sigma), "NGCRT_ERR_INVALID_SIGMA");
static_assert(NGCRT_ERR_INVALID_BATCH_SIZE == code(status::invalid_batch_size),
              "NGCRT_ERR_INVALID_BATCH_SIZE");
static_assert(NGCRT_ERR_SIZE_MISMATCH == code(status::size_mismatch), "NGCRT_ERR_SIZE_MISMATCH");
static_assert(NGCRT_ERR_NULL_BUFFER == code(status::null_buffer), "NGCRT_ERR_NULL_BUFFER");
static_assert(NGCRT_ERR_MISALIGNED_BUFFER == code(status::misaligned_buffer), "NGCRT_ERR_MISALIGNED_BUFFER");
static_assert(NGCRT_ERR_OVERLAPPING_BUFFERS == code(status::overlapping_buffers),
              "NGCRT_ERR_OVERLAPPING_BUFFERS");
static_assert(NGCRT_ERR_INVALID_SHAPE == code(status::invalid_shape), "NGCRT_ERR_INVALID_SHAPE");
static_assert(NGCRT_ERR_NOT_INITIALIZED == code(status::not_initialized), "NGCRT_ERR_NOT_INITIALIZED");
static_assert(NGCRT_ERR_UNSUPPORTED_KERNEL == code(status::unsupported_kernel),
              "NGCRT_ERR_UNSUPPORTED_KERNEL");
static_assert(NGCRT_ERR_INVALID_ARGUMENT == code(status::invalid_argument), "NGCRT_ERR_INVALID_ARGUMENT");
static_assert(NGCRT_ERR_INVALID_TIME_STEP == code(status::invalid_time_step), "NGCRT_ERR_INVALID_TIME_STEP");
static_assert(std::is_same_v<std::underlying_type_t<status>, int>, "ngcrt_status is an int");

static_assert(NGCRT_CONVENTION_NGCLEARN_3_1 == static_cast<int>(ngcrt::Convention::ngclearn_3_1),
              "convention 3.1");
static_assert(NGCRT_CONVENTION_NGCLEARN_3_2 == static_cast<int>(ngcrt::Convention::ngclearn_3_2),
              "convention 3.2");
static_assert(NGCRT_CONVENTION_EXACT == static_cast<int>(ngcrt::Convention::exact), "convention exact");
static_assert(NGCRT_SIGMA_SCALAR == static_cast<int>(ngcrt::SigmaShape::scalar), "Sigma scalar");
static_assert(NGCRT_SIGMA_PER_UNIT == static_cast<int>(ngcrt::SigmaShape::per_unit), "Sigma per unit");
static_assert(NGCRT_SIGMA_FULL == static_cast<int>(ngcrt::SigmaShape::full), "Sigma full");
static_assert(NGCRT_INTEGRATOR_EXPONENTIAL == static_cast<int>(ngcrt::Integrator::exponential),
              "exponential");
static_assert(NGCRT_INTEGRATOR_EULER == static_cast<int>(ngcrt::Integrator::euler), "euler");
static_assert(NGCRT_SUBNORMALS_IEEE == static_cast<int>(ngcrt::Subnormals::ieee), "ieee");
static_assert(NGCRT_SUBNORMALS_FLUSH == static_cast<int>(ngcrt::Subnormals::flush), "flush");
static_assert(sizeof(ngcrt_subnormals) == sizeof(std::int32_t) &&
                  sizeof(ngcrt_convention) == sizeof(std::int32_t) &&
                  sizeof(ngcrt_form) == sizeof(std::int32_t) &&
                  sizeof(ngcrt_integrator) == sizeof(std::int32_t),
              "the C enums are int32_t-sized");

// ---- instances (src/c_instance.hpp): one salt per cell, shared by both element types --------
template <class Cell>
constexpr std::uintptr_t key_salt = static_cast<std::uintptr_t>(0x6E676373U) +
                                    2 * static_cast<std::uintptr_t>(ngcrt::detail::cell_index<Cell>);

template <class T>
struct c_types;
template <>
struct c_types<float> {
    using instance = ngcrt_error_cell_f32;
    using buffers = ngcrt_error_buffers_f32;
};
template <>
struct c_types<double> {
    using instance = ngcrt_error_cell_f64;
    using buffers = ngcrt_error_buffers_f64;
};

template <class Cell, class T>
using view_t = ngcrt::named_view<Cell, T>;
template <class Cell, class T>
using instance_t =
    ngcrt::detail::c_api::c_instance<typename c_types<T>::instance, view_t<Cell, T>, key_salt<Cell>>;

// A call this layer rejects itself goes through the error policy like the view's own
// rejections (once per failed call; `where` is the C function's name).
int fail(status s, const char* where) noexcept { return code(ngcrt::detail::fail(s, where)); }

// Why an instance has no view of the cell asked for: NULL, another cell's, or not initialised.
template <class Inst, class... Cells>
status missing_of(const Inst* inst, ngcrt::detail::type_list<Cells...> /*cells*/) noexcept {
    return ngcrt::detail::c_api::missing<key_salt<Cells>...>(inst);
}
template <class Inst>
status missing(const Inst* inst) noexcept {
    return missing_of(inst, ngcrt::detail::cell_list{});
}

// The view of an initialised instance of Cell; nullptr for a NULL, never-initialised,
// copied or other cell's one.
template <class Cell, class T>
view_t<Cell, T>* view_of(typename c_types<T>::instance* inst) noexcept {
    return instance_t<Cell, T>::view_of(inst);
}
template <class Cell, class T>
const view_t<Cell, T>* view_of(const typename c_types<T>::instance* inst) noexcept {
    return instance_t<Cell, T>::view_of(inst);
}

// ---- the functions, once for every cell and element type ------------------------------------
template <class Cell, class T>
struct c_cell {
    using inst_t = typename c_types<T>::instance;
    using view = view_t<Cell, T>;
    using instance = instance_t<Cell, T>;

    static int init(inst_t* inst, const ngcrt_error_config* cfg, const typename c_types<T>::buffers* buf,
                    T param, const char* where) noexcept {
        if (inst == nullptr) return fail(status::null_buffer, where);
        instance::forget(inst);
        if (cfg == nullptr || buf == nullptr) return fail(status::null_buffer, where);

        // Enumerations that C can fill with any int: only the named values describe a cell.
        // (Read as integers: a C++ load of an out-of-range enum value would be undefined.)
        std::int32_t convention = 0;
        std::int32_t form = 0;
        std::memcpy(&convention, &cfg->convention, sizeof convention);
        std::memcpy(&form, &cfg->form, sizeof form);
        if (convention < 0 || convention > 255 || form < 0 || form > 255 ||
            !Cell::valid(static_cast<ngcrt::Convention>(convention),
                         static_cast<typename Cell::form_type>(form)))
            return fail(status::invalid_argument, where);

        typename view::config c;
        c.unit_shape.rank = cfg->rank;
        for (int i = 0; i < 3; ++i) c.unit_shape.dims[i] = cfg->dims[i];
        c.max_batch = cfg->max_batch;
        c.form = static_cast<typename Cell::form_type>(form);
        c.convention = static_cast<ngcrt::Convention>(convention);

        // The buffers' sizes are what the configuration says. The view checks the shape, the
        // batch and the capacity's overflow before it looks at them, so the (possibly
        // meaningless) products below are only used once they are known to be right.
        const std::size_t units = c.unit_shape.size();
        const std::size_t n = units * c.max_batch;
        const std::size_t np = Cell::parameter_count(c.form, units);
        const std::size_t nw = Cell::workspace_count(c.form, units);
        const ngcrt::role_spans<T> roles{{{buf->prediction, n},
                                          {buf->target, n},
                                          {buf->modulator, n},
                                          {buf->mask, n},
                                          {buf->dprediction, n},
                                          {buf->dtarget, n},
                                          {buf->parameter, np},
                                          {buf->dparameter, np},
                                          {buf->workspace, nw},
                                          {buf->state, Cell::has_state ? n : 0}}};

        // A fresh view: on error it stays empty and has written nothing.
        view* v = instance::place(inst);
        const status s = v->init(c, view::buffers::from_roles(roles), param);
        if (s == status::ok) instance::seal(inst);
        return code(s);
    }
    // A leaky cell: its integrator and tau checked first (the view's init would write the
    // buffers before they could be refused), then init, then both taken.
    static int init_leaky(inst_t* inst, const ngcrt_error_config* cfg,
                          const typename c_types<T>::buffers* buf, T param, T tau,
                          ngcrt_integrator integrator, const char* where) noexcept {
        if (inst == nullptr) return fail(status::null_buffer, where);
        instance::forget(inst);
        if (cfg == nullptr || buf == nullptr) return fail(status::null_buffer, where);
        std::int32_t integ = 0;
        std::memcpy(&integ, &integrator, sizeof integ);
        if (integ != NGCRT_INTEGRATOR_EXPONENTIAL && integ != NGCRT_INTEGRATOR_EULER)
            return fail(status::invalid_argument, where);
        if (!ngcrt::detail::valid_tau(tau)) return fail(status::invalid_time_step, where);
        const int s = init(inst, cfg, buf, param, where);
        if (s != NGCRT_OK) return s;
        view* v = view_of<Cell, T>(inst);
        (void)v->set_tau(tau);  // cannot fail: checked above
        (void)v->set_integrator(static_cast<ngcrt::Integrator>(integ));
        return NGCRT_OK;
    }
    static int set_tau(inst_t* inst, T tau, const char* where) noexcept {
        view* v = view_of<Cell, T>(inst);
        return v == nullptr ? fail(missing(inst), where) : code(v->set_tau(tau));
    }
    static int set_subnormals(inst_t* inst, ngcrt_subnormals mode, const char* where) noexcept {
        view* v = view_of<Cell, T>(inst);
        if (v == nullptr) return fail(missing(inst), where);
        std::int32_t m = 0;
        std::memcpy(&m, &mode, sizeof m);
        if (m != NGCRT_SUBNORMALS_IEEE && m != NGCRT_SUBNORMALS_FLUSH)
            return fail(status::invalid_argument, where);
        return code(v->set_subnormals(static_cast<ngcrt::Subnormals>(m)));
    }
    static int step(inst_t* inst, T dt, const char* where) noexcept {
        view* v = view_of<Cell, T>(inst);
        return v == nullptr ? fail(missing(inst), where) : code(v->advance_state(dt));
    }
    static int reset(inst_t* inst, const char* where) noexcept {
        view* v = view_of<Cell, T>(inst);
        return v == nullptr ? fail(missing(inst), where) : code(v->reset());
    }
    static int batched_reset(inst_t* inst, std::size_t b, const char* where) noexcept {
        view* v = view_of<Cell, T>(inst);
        return v == nullptr ? fail(missing(inst), where) : code(v->batched_reset(b));
    }
    static int set_parameter(inst_t* inst, const T* values, std::size_t count, const char* where) noexcept {
        view* v = view_of<Cell, T>(inst);
        return v == nullptr ? fail(missing(inst), where)
                            : code(v->set_parameter(ngcrt::span<const T>(values, count)));
    }
    // The accessors return no status: like the view's, they report nothing and answer 0 / NULL.
    static T L(const inst_t* inst) noexcept {
        const view* v = view_of<Cell, T>(inst);
        return v == nullptr ? T(0) : v->L();
    }
    static std::size_t batch_size(const inst_t* inst) noexcept {
        const view* v = view_of<Cell, T>(inst);
        return v == nullptr ? 0 : v->batch_size();
    }
    // The C API never wires a compartment, so write access always has storage behind it.
    static T* modulator(inst_t* inst) noexcept {
        view* v = view_of<Cell, T>(inst);
        return v == nullptr ? nullptr : v->modulator().data();
    }
    static T* mask(inst_t* inst) noexcept {
        view* v = view_of<Cell, T>(inst);
        return v == nullptr ? nullptr : v->mask().data();
    }
};

}  // namespace

// The extern "C" functions of ngcrt.h, each a call of c_cell<Cell, T> with its own name.
// NOLINTBEGIN(bugprone-macro-parentheses): `cell` and `t` are pasted into names
#define NGCRT_DEFINE_CELL_COMMON(cell, Cell, t, T)                                                           \
    ngcrt_status ngcrt_##cell##_step_##t(ngcrt_error_cell_##t* inst, T dt) {                                 \
        return c_cell<Cell, T>::step(inst, dt, "ngcrt_" #cell "_step_" #t);                                  \
    }                                                                                                        \
    ngcrt_status ngcrt_##cell##_reset_##t(ngcrt_error_cell_##t* inst) {                                      \
        return c_cell<Cell, T>::reset(inst, "ngcrt_" #cell "_reset_" #t);                                    \
    }                                                                                                        \
    ngcrt_status ngcrt_##cell##_batched_reset_##t(ngcrt_error_cell_##t* inst, size_t b) {                    \
        return c_cell<Cell, T>::batched_reset(inst, b, "ngcrt_" #cell "_batched_reset_" #t);                 \
    }                                                                                                        \
    T ngcrt_##cell##_L_##t(const ngcrt_error_cell_##t* inst) { return c_cell<Cell, T>::L(inst); }            \
    size_t ngcrt_##cell##_batch_size_##t(const ngcrt_error_cell_##t* inst) {                                 \
        return c_cell<Cell, T>::batch_size(inst);                                                            \
    }                                                                                                        \
    T* ngcrt_##cell##_modulator_##t(ngcrt_error_cell_##t* inst) { return c_cell<Cell, T>::modulator(inst); } \
    T* ngcrt_##cell##_mask_##t(ngcrt_error_cell_##t* inst) { return c_cell<Cell, T>::mask(inst); }           \
    ngcrt_status ngcrt_##cell##_set_subnormals_##t(ngcrt_error_cell_##t* inst, ngcrt_subnormals mode) {      \
        return c_cell<Cell, T>::set_subnormals(inst, mode, "ngcrt_" #cell "_set_subnormals_" #t);            \
    }
#define NGCRT_DEFINE_CELL_WITH_PARAMETER(cell, Cell, name, t, T)                                         \
    NGCRT_DEFINE_CELL_COMMON(cell, Cell, t, T)                                                           \
    ngcrt_status ngcrt_##cell##_init_##t(ngcrt_error_cell_##t* inst, const ngcrt_error_config* cfg,      \
                                         const ngcrt_error_buffers_##t* buf, T parameter) {              \
        return c_cell<Cell, T>::init(inst, cfg, buf, parameter, "ngcrt_" #cell "_init_" #t);             \
    }                                                                                                    \
    ngcrt_status ngcrt_##cell##_set_##name##_##t(ngcrt_error_cell_##t* inst, const T* values,            \
                                                 size_t count) {                                         \
        return c_cell<Cell, T>::set_parameter(inst, values, count, "ngcrt_" #cell "_set_" #name "_" #t); \
    }
#define NGCRT_DEFINE_LEAKY_CELL(cell, Cell, name, t, T)                                                  \
    NGCRT_DEFINE_CELL_COMMON(cell, Cell, t, T)                                                           \
    ngcrt_status ngcrt_##cell##_init_##t(ngcrt_error_cell_##t* inst, const ngcrt_error_config* cfg,      \
                                         const ngcrt_error_buffers_##t* buf, T parameter, T tau,         \
                                         ngcrt_integrator integrator) {                                  \
        return c_cell<Cell, T>::init_leaky(inst, cfg, buf, parameter, tau, integrator,                   \
                                           "ngcrt_" #cell "_init_" #t);                                  \
    }                                                                                                    \
    ngcrt_status ngcrt_##cell##_set_##name##_##t(ngcrt_error_cell_##t* inst, const T* values,            \
                                                 size_t count) {                                         \
        return c_cell<Cell, T>::set_parameter(inst, values, count, "ngcrt_" #cell "_set_" #name "_" #t); \
    }                                                                                                    \
    ngcrt_status ngcrt_##cell##_set_tau_##t(ngcrt_error_cell_##t* inst, T tau) {                         \
        return c_cell<Cell, T>::set_tau(inst, tau, "ngcrt_" #cell "_set_tau_" #t);                       \
    }
#define NGCRT_DEFINE_CELL_NO_PARAMETER(cell, Cell, t, T)                                            \
    NGCRT_DEFINE_CELL_COMMON(cell, Cell, t, T)                                                      \
    ngcrt_status ngcrt_##cell##_init_##t(ngcrt_error_cell_##t* inst, const ngcrt_error_config* cfg, \
                                         const ngcrt_error_buffers_##t* buf) {                      \
        return c_cell<Cell, T>::init(inst, cfg, buf, T(1), "ngcrt_" #cell "_init_" #t);             \
    }
// NOLINTEND(bugprone-macro-parentheses)

extern "C" {

size_t ngcrt_error_workspace_count(const ngcrt_error_config* cfg) {
    if (cfg == nullptr) return 0;
    std::int32_t form = 0;
    std::memcpy(&form, &cfg->form, sizeof form);
    if (form != NGCRT_SIGMA_PER_UNIT && form != NGCRT_SIGMA_FULL)
        return 0;  // (scalar parameters, Bernoulli's forms)
    ngcrt::shape s;
    s.rank = cfg->rank;
    for (int i = 0; i < 3; ++i) s.dims[i] = cfg->dims[i];
    if (!s.valid() || s.size() > std::size_t(-1) / 2) return 0;
    if (form == NGCRT_SIGMA_PER_UNIT) return 2 * s.size();
    const std::size_t N = s.size();
    if (s.rank != 1 || ngcrt::detail::dense_stride(N) > std::size_t(-1) / 3 / N) return 0;
    return ngcrt::detail::dense_workspace_count(N);
}

const char* ngcrt_status_str(int s) {
    // Any int converts to the enum (its underlying type is int); unknown values get
    // to_string's "unknown status".
    return ngcrt::to_string(static_cast<status>(s));
}

NGCRT_DEFINE_CELL_WITH_PARAMETER(gaussian_error, ngcrt::cells::gaussian, sigma, f32, float)
NGCRT_DEFINE_CELL_WITH_PARAMETER(gaussian_error, ngcrt::cells::gaussian, sigma, f64, double)
NGCRT_DEFINE_CELL_WITH_PARAMETER(laplacian_error, ngcrt::cells::laplacian, scale, f32, float)
NGCRT_DEFINE_CELL_WITH_PARAMETER(laplacian_error, ngcrt::cells::laplacian, scale, f64, double)
NGCRT_DEFINE_CELL_NO_PARAMETER(bernoulli_error, ngcrt::cells::bernoulli, f32, float)
NGCRT_DEFINE_CELL_NO_PARAMETER(bernoulli_error, ngcrt::cells::bernoulli, f64, double)
NGCRT_DEFINE_LEAKY_CELL(leaky_gaussian_error, ngcrt::cells::leaky_gaussian, sigma, f32, float)
NGCRT_DEFINE_LEAKY_CELL(leaky_gaussian_error, ngcrt::cells::leaky_gaussian, sigma, f64, double)

}  // extern "C"
