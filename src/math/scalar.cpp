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
#define NGCRT_MATH_ARRAY(name, T)                                      \
    void name(const T* x, T* y, std::size_t n) noexcept {              \
        for (std::size_t i = 0; i < n; ++i) y[i] = m::name(x[i]);      \
    }
NGCRT_MATH_ARRAY(exp, float)
NGCRT_MATH_ARRAY(expm1, float)
NGCRT_MATH_ARRAY(log, float)
NGCRT_MATH_ARRAY(log1p, float)
NGCRT_MATH_ARRAY(exp, double)
NGCRT_MATH_ARRAY(expm1, double)
NGCRT_MATH_ARRAY(log, double)
NGCRT_MATH_ARRAY(log1p, double)
#undef NGCRT_MATH_ARRAY

}  // namespace ngcrt::math
