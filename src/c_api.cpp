// src/c_api.cpp - the C API (include/ngcrt/ngcrt.h): a thin layer over
// ngcrt::GaussianErrorCellView<T>. Every rule of the cell (validation, reset, mask eating,
// write access) and all of its arithmetic live in the view and the kernels; this file
// only converts types, places the view in the caller's opaque storage and guards against
// NULL, never-initialised and copied instances.
#include "ngcrt/ngcrt.h"

#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>

#include "ngcrt/gaussian_error_cell.hpp"
#include "ngcrt/status.hpp"

namespace {

using ngcrt::status;

// ---- the C values are the C++ values -------------------------------------------------------
constexpr int code(status s) noexcept { return static_cast<int>(s); }
static_assert(NGCRT_OK == code(status::ok), "NGCRT_OK");
static_assert(NGCRT_ERR_INVALID_SIGMA == code(status::invalid_sigma), "NGCRT_ERR_INVALID_SIGMA");
static_assert(NGCRT_ERR_INVALID_BATCH_SIZE == code(status::invalid_batch_size), "NGCRT_ERR_INVALID_BATCH_SIZE");
static_assert(NGCRT_ERR_SIZE_MISMATCH == code(status::size_mismatch), "NGCRT_ERR_SIZE_MISMATCH");
static_assert(NGCRT_ERR_NULL_BUFFER == code(status::null_buffer), "NGCRT_ERR_NULL_BUFFER");
static_assert(NGCRT_ERR_MISALIGNED_BUFFER == code(status::misaligned_buffer), "NGCRT_ERR_MISALIGNED_BUFFER");
static_assert(NGCRT_ERR_OVERLAPPING_BUFFERS == code(status::overlapping_buffers), "NGCRT_ERR_OVERLAPPING_BUFFERS");
static_assert(NGCRT_ERR_INVALID_SHAPE == code(status::invalid_shape), "NGCRT_ERR_INVALID_SHAPE");
static_assert(NGCRT_ERR_NOT_INITIALIZED == code(status::not_initialized), "NGCRT_ERR_NOT_INITIALIZED");
static_assert(NGCRT_ERR_UNSUPPORTED_KERNEL == code(status::unsupported_kernel), "NGCRT_ERR_UNSUPPORTED_KERNEL");
static_assert(std::is_same_v<std::underlying_type_t<status>, int>, "ngcrt_status is an int");

static_assert(NGCRT_CONVENTION_NGCLEARN_3_1 == static_cast<int>(ngcrt::Convention::ngclearn_3_1), "convention 3.1");
static_assert(NGCRT_CONVENTION_NGCLEARN_3_2 == static_cast<int>(ngcrt::Convention::ngclearn_3_2), "convention 3.2");
static_assert(NGCRT_SIGMA_SCALAR == static_cast<int>(ngcrt::SigmaShape::scalar), "Sigma scalar");
static_assert(NGCRT_SIGMA_PER_UNIT == static_cast<int>(ngcrt::SigmaShape::per_unit), "Sigma per unit");
static_assert(sizeof(ngcrt_convention) == sizeof(std::int32_t) && sizeof(ngcrt_sigma_shape) == sizeof(std::int32_t),
              "the C enums are int32_t-sized");

// ---- instances -------------------------------------------------------------------------------
// The opaque storage holds a check word at offset 0 and the view after it. The check word is
// the instance's own address mixed with a constant: a zeroed instance, a failed init and a
// copy at another address all read as "not initialised". The storage is handled as the
// instance's bytes (its union sits at offset 0): the check word with memcpy, the view
// through a laundered pointer once it has been constructed there.
// The salt is odd and instances are at least 4-aligned, so a live key is never 0.
constexpr std::uintptr_t key_salt = static_cast<std::uintptr_t>(0x6E676373U);  // "ngcs"

template <class T>
struct c_types;
template <>
struct c_types<float> {
    using instance = ngcrt_gaussian_error_f32;
    using buffers = ngcrt_gaussian_error_buffers_f32;
};
template <>
struct c_types<double> {
    using instance = ngcrt_gaussian_error_f64;
    using buffers = ngcrt_gaussian_error_buffers_f64;
};

template <class T>
using view_t = ngcrt::GaussianErrorCellView<T>;

template <class T>
constexpr std::size_t view_offset =
    (sizeof(std::uintptr_t) + alignof(view_t<T>) - 1) / alignof(view_t<T>) * alignof(view_t<T>);

template <class T>
constexpr bool storage_fits() noexcept {
    using inst = typename c_types<T>::instance;
    return view_offset<T> + sizeof(view_t<T>) <= NGCRT_GAUSSIAN_ERROR_STORAGE_SIZE &&
           sizeof(inst) >= NGCRT_GAUSSIAN_ERROR_STORAGE_SIZE && alignof(view_t<T>) <= alignof(inst) &&
           alignof(std::uintptr_t) <= alignof(inst) && std::is_standard_layout_v<inst>;
}
static_assert(storage_fits<float>(),
              "ngcrt_gaussian_error_f32 is too small or too weakly aligned for GaussianErrorCellView<float>: "
              "raise NGCRT_GAUSSIAN_ERROR_STORAGE_SIZE in ngcrt.h");
static_assert(storage_fits<double>(),
              "ngcrt_gaussian_error_f64 is too small or too weakly aligned for GaussianErrorCellView<double>: "
              "raise NGCRT_GAUSSIAN_ERROR_STORAGE_SIZE in ngcrt.h");
// Forgetting a view (re-init, or the caller discarding the instance) needs no destructor.
static_assert(std::is_trivially_destructible_v<view_t<float>> && std::is_trivially_destructible_v<view_t<double>>,
              "an instance is released without a call");

template <class Inst>
unsigned char* bytes(Inst* inst) noexcept {
    return reinterpret_cast<unsigned char*>(inst);
}
template <class Inst>
const unsigned char* bytes(const Inst* inst) noexcept {
    return reinterpret_cast<const unsigned char*>(inst);
}
template <class Inst>
std::uintptr_t key_for(const Inst* inst) noexcept {
    return reinterpret_cast<std::uintptr_t>(inst) ^ key_salt;
}
template <class Inst>
void write_key(Inst* inst, std::uintptr_t k) noexcept {
    std::memcpy(bytes(inst), &k, sizeof k);
}
template <class Inst>
bool live(const Inst* inst) noexcept {
    std::uintptr_t k = 0;
    std::memcpy(&k, bytes(inst), sizeof k);
    return k == key_for(inst);
}

// The view of an initialised instance; nullptr for a NULL, never-initialised or copied one.
template <class T>
view_t<T>* view_of(typename c_types<T>::instance* inst) noexcept {
    if (inst == nullptr || !live(inst)) return nullptr;
    return std::launder(reinterpret_cast<view_t<T>*>(bytes(inst) + view_offset<T>));
}
template <class T>
const view_t<T>* view_of(const typename c_types<T>::instance* inst) noexcept {
    if (inst == nullptr || !live(inst)) return nullptr;
    return std::launder(reinterpret_cast<const view_t<T>*>(bytes(inst) + view_offset<T>));
}

// A call this layer rejects itself goes through the error policy like the view's own
// rejections (once per failed call; `where` is the C function's name).
int fail(status s, const char* where) noexcept { return code(ngcrt::detail::fail(s, where)); }
int missing(const void* inst, const char* where) noexcept {
    return fail(inst == nullptr ? status::null_buffer : status::not_initialized, where);
}

// ---- the functions, once for both element types ----------------------------------------------
template <class T>
int init(typename c_types<T>::instance* inst, const ngcrt_gaussian_error_config* cfg,
         const typename c_types<T>::buffers* buf, T sigma, const char* where) noexcept {
    if (inst == nullptr) return fail(status::null_buffer, where);
    write_key(inst, 0);  // from here on, and for good on error: not initialised
    if (cfg == nullptr || buf == nullptr) return fail(status::null_buffer, where);

    // Enumerations that C can fill with any int: only the named values describe a cell.
    // (Read as integers: a C++ load of an out-of-range enum value would be undefined.)
    std::int32_t convention = 0;
    std::int32_t sigma_shape = 0;
    std::memcpy(&convention, &cfg->convention, sizeof convention);
    std::memcpy(&sigma_shape, &cfg->sigma_shape, sizeof sigma_shape);
    if ((convention != NGCRT_CONVENTION_NGCLEARN_3_1 && convention != NGCRT_CONVENTION_NGCLEARN_3_2) ||
        (sigma_shape != NGCRT_SIGMA_SCALAR && sigma_shape != NGCRT_SIGMA_PER_UNIT))
        return fail(status::invalid_shape, where);

    ngcrt::cell_config c;
    c.unit_shape.rank = cfg->rank;
    for (int i = 0; i < 3; ++i) c.unit_shape.dims[i] = cfg->dims[i];
    c.max_batch = cfg->max_batch;
    c.sigma_shape = static_cast<ngcrt::SigmaShape>(sigma_shape);
    c.convention = static_cast<ngcrt::Convention>(convention);

    // The buffers' sizes are what the configuration says. The view checks the shape, the
    // batch and the capacity's overflow before it looks at them, so the (possibly
    // meaningless) products below are only used once they are known to be right.
    const std::size_t units = c.unit_shape.size();
    const std::size_t n = units * c.max_batch;
    const std::size_t ns = c.sigma_shape == ngcrt::SigmaShape::scalar ? 1 : units;
    ngcrt::cell_buffers<T> b;
    b.mu = {buf->mu, n};
    b.target = {buf->target, n};
    b.modulator = {buf->modulator, n};
    b.mask = {buf->mask, n};
    b.dmu = {buf->dmu, n};
    b.dtarget = {buf->dtarget, n};
    b.Sigma = {buf->Sigma, ns};
    b.dSigma = {buf->dSigma, ns};

    // A fresh view: on error it stays empty and has written nothing. It owns nothing and
    // needs no destructor (checked above).
    void* const at = bytes(inst) + view_offset<T>;
    // cppcheck-suppress legacyUninitvar ; cppcheck misreads placement new: v is the new object
    view_t<T>* v = ::new (at) view_t<T>();  // NOLINT(cppcoreguidelines-owning-memory): placement
    const status s = v->init(c, b, sigma);
    if (s == status::ok) write_key(inst, key_for(inst));
    return code(s);
}

template <class T>
int step(typename c_types<T>::instance* inst, T dt, const char* where) noexcept {
    view_t<T>* v = view_of<T>(inst);
    return v == nullptr ? missing(inst, where) : code(v->advance_state(dt));
}

template <class T>
int reset(typename c_types<T>::instance* inst, const char* where) noexcept {
    view_t<T>* v = view_of<T>(inst);
    return v == nullptr ? missing(inst, where) : code(v->reset());
}

template <class T>
int batched_reset(typename c_types<T>::instance* inst, std::size_t b, const char* where) noexcept {
    view_t<T>* v = view_of<T>(inst);
    return v == nullptr ? missing(inst, where) : code(v->batched_reset(b));
}

template <class T>
int set_sigma(typename c_types<T>::instance* inst, const T* values, std::size_t count, const char* where) noexcept {
    view_t<T>* v = view_of<T>(inst);
    return v == nullptr ? missing(inst, where) : code(v->set_Sigma(ngcrt::span<const T>(values, count)));
}

// The accessors return no status: like the view's, they report nothing and answer 0 / NULL.
template <class T>
T L(const typename c_types<T>::instance* inst) noexcept {
    const view_t<T>* v = view_of<T>(inst);
    return v == nullptr ? T(0) : v->L();
}

template <class T>
std::size_t batch_size(const typename c_types<T>::instance* inst) noexcept {
    const view_t<T>* v = view_of<T>(inst);
    return v == nullptr ? 0 : v->batch_size();
}

// The C API never wires a compartment, so write access always has storage behind it.
template <class T>
T* modulator(typename c_types<T>::instance* inst) noexcept {
    view_t<T>* v = view_of<T>(inst);
    return v == nullptr ? nullptr : v->modulator().data();
}

template <class T>
T* mask(typename c_types<T>::instance* inst) noexcept {
    view_t<T>* v = view_of<T>(inst);
    return v == nullptr ? nullptr : v->mask().data();
}

}  // namespace

extern "C" {

const char* ngcrt_status_str(int s) {
    // Any int converts to the enum (its underlying type is int); unknown values get
    // to_string's "unknown status".
    return ngcrt::to_string(static_cast<status>(s));
}

ngcrt_status ngcrt_gaussian_error_f32_init(ngcrt_gaussian_error_f32* inst, const ngcrt_gaussian_error_config* cfg,
                                           const ngcrt_gaussian_error_buffers_f32* buf, float sigma) {
    return init<float>(inst, cfg, buf, sigma, "ngcrt_gaussian_error_f32_init");
}
ngcrt_status ngcrt_gaussian_error_f32_step(ngcrt_gaussian_error_f32* inst, float dt) {
    return step<float>(inst, dt, "ngcrt_gaussian_error_f32_step");
}
ngcrt_status ngcrt_gaussian_error_f32_reset(ngcrt_gaussian_error_f32* inst) {
    return reset<float>(inst, "ngcrt_gaussian_error_f32_reset");
}
ngcrt_status ngcrt_gaussian_error_f32_batched_reset(ngcrt_gaussian_error_f32* inst, size_t b) {
    return batched_reset<float>(inst, b, "ngcrt_gaussian_error_f32_batched_reset");
}
float ngcrt_gaussian_error_f32_L(const ngcrt_gaussian_error_f32* inst) { return L<float>(inst); }
size_t ngcrt_gaussian_error_f32_batch_size(const ngcrt_gaussian_error_f32* inst) { return batch_size<float>(inst); }
float* ngcrt_gaussian_error_f32_modulator(ngcrt_gaussian_error_f32* inst) { return modulator<float>(inst); }
float* ngcrt_gaussian_error_f32_mask(ngcrt_gaussian_error_f32* inst) { return mask<float>(inst); }
ngcrt_status ngcrt_gaussian_error_f32_set_sigma(ngcrt_gaussian_error_f32* inst, const float* values, size_t count) {
    return set_sigma<float>(inst, values, count, "ngcrt_gaussian_error_f32_set_sigma");
}

ngcrt_status ngcrt_gaussian_error_f64_init(ngcrt_gaussian_error_f64* inst, const ngcrt_gaussian_error_config* cfg,
                                           const ngcrt_gaussian_error_buffers_f64* buf, double sigma) {
    return init<double>(inst, cfg, buf, sigma, "ngcrt_gaussian_error_f64_init");
}
ngcrt_status ngcrt_gaussian_error_f64_step(ngcrt_gaussian_error_f64* inst, double dt) {
    return step<double>(inst, dt, "ngcrt_gaussian_error_f64_step");
}
ngcrt_status ngcrt_gaussian_error_f64_reset(ngcrt_gaussian_error_f64* inst) {
    return reset<double>(inst, "ngcrt_gaussian_error_f64_reset");
}
ngcrt_status ngcrt_gaussian_error_f64_batched_reset(ngcrt_gaussian_error_f64* inst, size_t b) {
    return batched_reset<double>(inst, b, "ngcrt_gaussian_error_f64_batched_reset");
}
double ngcrt_gaussian_error_f64_L(const ngcrt_gaussian_error_f64* inst) { return L<double>(inst); }
size_t ngcrt_gaussian_error_f64_batch_size(const ngcrt_gaussian_error_f64* inst) { return batch_size<double>(inst); }
double* ngcrt_gaussian_error_f64_modulator(ngcrt_gaussian_error_f64* inst) { return modulator<double>(inst); }
double* ngcrt_gaussian_error_f64_mask(ngcrt_gaussian_error_f64* inst) { return mask<double>(inst); }
ngcrt_status ngcrt_gaussian_error_f64_set_sigma(ngcrt_gaussian_error_f64* inst, const double* values, size_t count) {
    return set_sigma<double>(inst, values, count, "ngcrt_gaussian_error_f64_set_sigma");
}

}  // extern "C"
