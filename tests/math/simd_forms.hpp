// tests/math/simd_forms.hpp - the SIMD form of ngcrt's elementary functions applied to
// arrays, for one xsimd architecture; each test object that includes it is compiled
// with that architecture's flags (-mavx2, the AVX-512 flags, ...) and -ffp-contract=off.
#pragma once

#include <cstddef>

#include <xsimd/xsimd.hpp>

#include "math/elementary.hpp"
#include "math/ops_xsimd.hpp"

namespace ngcrt_math_test {

enum class fn { exp, expm1, log, log1p };

template <class V>
V call(fn f, V v) noexcept {
    namespace m = ngcrt::detail::math;
    switch (f) {
        case fn::exp: return m::exp(v);
        case fn::expm1: return m::expm1(v);
        case fn::log: return m::log(v);
        case fn::log1p: return m::log1p(v);
    }
    return v;
}

// y[i] = f(x[i]) through xsimd::batch<T, A>; a partial last register is padded with 1.
template <class A, class T>
void simd_apply(fn f, const T* x, T* y, std::size_t n) noexcept {
    using B = xsimd::batch<T, A>;
    constexpr std::size_t W = B::size;
    std::size_t i = 0;
    for (; i + W <= n; i += W) call(f, B::load_unaligned(x + i)).store_unaligned(y + i);
    if (i < n) {
        T buf[W];
        for (std::size_t l = 0; l < W; ++l) buf[l] = i + l < n ? x[i + l] : T(1);
        call(f, B::load_unaligned(buf)).store_unaligned(buf);
        for (std::size_t l = 0; i + l < n; ++l) y[i + l] = buf[l];
    }
}

}  // namespace ngcrt_math_test

// One object per ISA defines these (NAME: sse2, avx2, avx512, neon, neon64); ARMv7 NEON
// has no double registers (double runs the scalar form there).
#define NGCRT_MATH_TEST_DEFINE_SIMD_FLOAT(NAME, ARCH)                           \
    namespace ngcrt_math_test {                                                 \
    void apply_##NAME(fn f, const float* x, float* y, std::size_t n) noexcept { \
        simd_apply<ARCH>(f, x, y, n);                                           \
    }                                                                           \
    }
#define NGCRT_MATH_TEST_DEFINE_SIMD(NAME, ARCH)                                   \
    NGCRT_MATH_TEST_DEFINE_SIMD_FLOAT(NAME, ARCH)                                 \
    namespace ngcrt_math_test {                                                   \
    void apply_##NAME(fn f, const double* x, double* y, std::size_t n) noexcept { \
        simd_apply<ARCH>(f, x, y, n);                                             \
    }                                                                             \
    }
