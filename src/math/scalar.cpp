// src/math/scalar.cpp - ngcrt::math's public functions: the scalar form of elementary.hpp,
// compiled inside the library with its flags (-ffp-contract=off -fno-fast-math), so a
// consumer's flags cannot change the bits.
#include "ngcrt/math.hpp"

#include "math/elementary.hpp"

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

// The array forms: plain loops over the scalar form for now (the runtime-dispatched
// SIMD form gives the same bits and may replace them). Reading x[i] before writing y[i]
// makes y == x safe.
namespace {
template <class T, class F>
void each(const T* x, T* y, std::size_t n, F f) noexcept {
    for (std::size_t i = 0; i < n; ++i) y[i] = f(x[i]);
}
}  // namespace

void exp(const float* x, float* y, std::size_t n) noexcept {
    each(x, y, n, [](float v) { return m::exp(v); });
}
void expm1(const float* x, float* y, std::size_t n) noexcept {
    each(x, y, n, [](float v) { return m::expm1(v); });
}
void log(const float* x, float* y, std::size_t n) noexcept {
    each(x, y, n, [](float v) { return m::log(v); });
}
void log1p(const float* x, float* y, std::size_t n) noexcept {
    each(x, y, n, [](float v) { return m::log1p(v); });
}
void exp(const double* x, double* y, std::size_t n) noexcept {
    each(x, y, n, [](double v) { return m::exp(v); });
}
void expm1(const double* x, double* y, std::size_t n) noexcept {
    each(x, y, n, [](double v) { return m::expm1(v); });
}
void log(const double* x, double* y, std::size_t n) noexcept {
    each(x, y, n, [](double v) { return m::log(v); });
}
void log1p(const double* x, double* y, std::size_t n) noexcept {
    each(x, y, n, [](double v) { return m::log1p(v); });
}

}  // namespace ngcrt::math
