// src/math/scalar.cpp - ngcrt::math's public functions: the scalar form of elementary.hpp,
// compiled inside the library with its flags (-ffp-contract=off -fno-fast-math), so a
// consumer's flags cannot change the bits.
#include "ngcrt/math.hpp"

#include "engine/flushing.hpp"
#include "engine/float_env.hpp"
#include "math/elementary.hpp"
#include "math/sincos.hpp"
#include "math/tanh.hpp"

namespace ngcrt::math {

namespace m = ngcrt::detail::math;

float exp(float x) noexcept { return m::exp(x); }
float expm1(float x) noexcept { return m::expm1(x); }
float log(float x) noexcept { return m::log(x); }
float log1p(float x) noexcept { return m::log1p(x); }
double exp(double x) noexcept { return m::exp(x); }
double expm1(double x) noexcept { return m::expm1(x); }
double log(double x) noexcept { return m::log(x); }
double log1p(double x) noexcept { return m::log1p(x); }
// (RateCell's functions: src/math/tanh.hpp, sincos.hpp)
float tanh(float x) noexcept { return m::tanh(x); }
float sin(float x) noexcept { return m::sin(x); }
float cos(float x) noexcept { return m::cos(x); }
double tanh(double x) noexcept { return m::tanh(x); }
double sin(double x) noexcept { return m::sin(x); }
double cos(double x) noexcept { return m::cos(x); }

namespace {

// The four functions as types, so one template serves each (F::eval on a value type).
struct exp_fn {
    template <class V>
    static V eval(V x) noexcept {
        return m::exp(x);
    }
};
struct expm1_fn {
    template <class V>
    static V eval(V x) noexcept {
        return m::expm1(x);
    }
};
struct log_fn {
    template <class V>
    static V eval(V x) noexcept {
        return m::log(x);
    }
};
struct log1p_fn {
    template <class V>
    static V eval(V x) noexcept {
        return m::log1p(x);
    }
};

// y[i] = F(x[i]) for i < n in IEEE arithmetic, or for Subnormals::flush (Flush): a
// subnormal x[i] read as zero (the functions answer some inputs with x itself, a bitwise
// select that no flush mode sees), then F in x86's flush mode (the caller sets MXCSR) or in
// its software form (Soft). Reading x[i] before writing y[i] makes y == x safe. (Out of
// line: the hardware form below calls it between its two MXCSR accesses, which no
// arithmetic may cross.)
template <class F, class T, bool Flush, bool Soft = false>
[[gnu::noinline]] void each(const T* x, T* y, std::size_t n) noexcept {
    using flushing = ngcrt::detail::flushing<T>;
    for (std::size_t i = 0; i < n; ++i) {
        if constexpr (Soft) {
            y[i] = F::eval(flushing(flushing::zero_if_subnormal(x[i]))).v;
        } else if constexpr (Flush) {
            y[i] = F::eval(flushing::zero_if_subnormal(x[i]));
        } else {
            y[i] = F::eval(x[i]);
        }
    }
}

// The same under mode: Subnormals::flush with x86's MXCSR where it gives the mode's bits,
// else in software (src/engine/flushing.hpp).
template <class F, class T>
void each(const T* x, T* y, std::size_t n, Subnormals mode) noexcept {
    if (mode != Subnormals::flush) return each<F, T, false>(x, y, n);
#if NGCRT_HARDWARE_FLUSH
    if (ngcrt::detail::hardware_flush()) {
        const ngcrt::detail::hardware_flush_scope flush;
        return each<F, T, true>(x, y, n);
    }
#endif
    each<F, T, true, true>(x, y, n);
}
template <class F, class T>
T one(T x, Subnormals mode) noexcept {
    T y;
    each<F>(&x, &y, 1, mode);
    return y;
}

}  // namespace

void exp(const float* x, float* y, std::size_t n) noexcept { each<exp_fn, float, false>(x, y, n); }
void expm1(const float* x, float* y, std::size_t n) noexcept { each<expm1_fn, float, false>(x, y, n); }
void log(const float* x, float* y, std::size_t n) noexcept { each<log_fn, float, false>(x, y, n); }
void log1p(const float* x, float* y, std::size_t n) noexcept { each<log1p_fn, float, false>(x, y, n); }
void exp(const double* x, double* y, std::size_t n) noexcept { each<exp_fn, double, false>(x, y, n); }
void expm1(const double* x, double* y, std::size_t n) noexcept { each<expm1_fn, double, false>(x, y, n); }
void log(const double* x, double* y, std::size_t n) noexcept { each<log_fn, double, false>(x, y, n); }
void log1p(const double* x, double* y, std::size_t n) noexcept { each<log1p_fn, double, false>(x, y, n); }

float exp(float x, Subnormals mode) noexcept { return one<exp_fn>(x, mode); }
float expm1(float x, Subnormals mode) noexcept { return one<expm1_fn>(x, mode); }
float log(float x, Subnormals mode) noexcept { return one<log_fn>(x, mode); }
float log1p(float x, Subnormals mode) noexcept { return one<log1p_fn>(x, mode); }
double exp(double x, Subnormals mode) noexcept { return one<exp_fn>(x, mode); }
double expm1(double x, Subnormals mode) noexcept { return one<expm1_fn>(x, mode); }
double log(double x, Subnormals mode) noexcept { return one<log_fn>(x, mode); }
double log1p(double x, Subnormals mode) noexcept { return one<log1p_fn>(x, mode); }

void exp(const float* x, float* y, std::size_t n, Subnormals mode) noexcept { each<exp_fn>(x, y, n, mode); }
void expm1(const float* x, float* y, std::size_t n, Subnormals mode) noexcept {
    each<expm1_fn>(x, y, n, mode);
}
void log(const float* x, float* y, std::size_t n, Subnormals mode) noexcept { each<log_fn>(x, y, n, mode); }
void log1p(const float* x, float* y, std::size_t n, Subnormals mode) noexcept {
    each<log1p_fn>(x, y, n, mode);
}
void exp(const double* x, double* y, std::size_t n, Subnormals mode) noexcept { each<exp_fn>(x, y, n, mode); }
void expm1(const double* x, double* y, std::size_t n, Subnormals mode) noexcept {
    each<expm1_fn>(x, y, n, mode);
}
void log(const double* x, double* y, std::size_t n, Subnormals mode) noexcept { each<log_fn>(x, y, n, mode); }
void log1p(const double* x, double* y, std::size_t n, Subnormals mode) noexcept {
    each<log1p_fn>(x, y, n, mode);
}

}  // namespace ngcrt::math
