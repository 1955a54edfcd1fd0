// bench/bench_math_isa.cpp - one ISA's math rows for bench_math.cpp: ngcrt's SIMD form
// (src/math/elementary.hpp compiled right here with this object's ISA flags and
// -ffp-contract=off) and xsimd's own exp/log at the same width. Compiled once per ISA
// (bench/CMakeLists.txt) with NGCRT_BENCH_ISA = scalar, sse2, avx2 or avx512.
#include <cstddef>

#include "math/elementary.hpp"

#if NGCRT_BENCH_HAS_XSIMD
#include <xsimd/xsimd.hpp>

#include "math/ops_xsimd.hpp"
#endif

#include "bench_math.hpp"

// The loop bodies are inlined into their loop (the constants then stay in registers).
#define NGCRT_BENCH_INLINE __attribute__((always_inline))
#define NGCRT_BENCH_CAT2(a, b) a##b
#define NGCRT_BENCH_CAT(a, b) NGCRT_BENCH_CAT2(a, b)

namespace {

namespace m = ngcrt::detail::math;

// The function is chosen once, outside the loop, so each loop is the function alone.
template <class T, class B, class F>
NGCRT_BENCH_INLINE inline void loop(F fn, const T* x, T* y, std::size_t n) {
    for (std::size_t i = 0; i < n; i += B::size) fn(B::load_unaligned(x + i)).store_unaligned(y + i);
}

template <class T, class B>
void run_ngcrt(ngcrt_bench::math_fn f, const T* x, T* y, std::size_t n) {
    switch (f) {
        case ngcrt_bench::math_fn::exp:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return m::exp(v); }, x, y, n);
        case ngcrt_bench::math_fn::log:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return m::log(v); }, x, y, n);
        case ngcrt_bench::math_fn::expm1:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return m::expm1(v); }, x, y, n);
        case ngcrt_bench::math_fn::log1p:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return m::log1p(v); }, x, y, n);
    }
}

// A scalar "register" of one element, for the scalar form.
template <class T>
struct one {
    static constexpr std::size_t size = 1;
    T v;
    static one load_unaligned(const T* p) { return {*p}; }
    void store_unaligned(T* p) const { *p = v; }
};

template <class T>
void run_scalar(ngcrt_bench::math_fn f, const T* x, T* y, std::size_t n) {
    using B = one<T>;
    switch (f) {
        case ngcrt_bench::math_fn::exp:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return B{m::exp(v.v)}; }, x, y, n);
        case ngcrt_bench::math_fn::log:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return B{m::log(v.v)}; }, x, y, n);
        case ngcrt_bench::math_fn::expm1:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return B{m::expm1(v.v)}; }, x, y, n);
        case ngcrt_bench::math_fn::log1p:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return B{m::log1p(v.v)}; }, x, y, n);
    }
}

#if NGCRT_BENCH_HAS_XSIMD
// n is a multiple of every width here (the benchmark uses 1024 elements).
template <bool ours, class T>
void run_simd(ngcrt_bench::math_fn f, const T* x, T* y, std::size_t n) {
    using B = xsimd::batch<T, NGCRT_BENCH_ARCH>;
    if (ours) return run_ngcrt<T, B>(f, x, y, n);
    switch (f) {
        case ngcrt_bench::math_fn::exp:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return xsimd::exp(v); }, x, y, n);
        case ngcrt_bench::math_fn::log:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return xsimd::log(v); }, x, y, n);
        case ngcrt_bench::math_fn::expm1:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return xsimd::expm1(v); }, x, y, n);
        case ngcrt_bench::math_fn::log1p:
            return loop<T, B>([](B v) NGCRT_BENCH_INLINE { return xsimd::log1p(v); }, x, y, n);
    }
}
#endif

}  // namespace

namespace ngcrt_bench {

#if NGCRT_BENCH_HAS_XSIMD
void NGCRT_BENCH_CAT(ngcrt_math_, NGCRT_BENCH_ISA)(math_fn f, const float* x, float* y, std::size_t n) {
    run_simd<true>(f, x, y, n);
}
void NGCRT_BENCH_CAT(ngcrt_math_, NGCRT_BENCH_ISA)(math_fn f, const double* x, double* y, std::size_t n) {
    run_simd<true>(f, x, y, n);
}
void NGCRT_BENCH_CAT(xsimd_math_, NGCRT_BENCH_ISA)(math_fn f, const float* x, float* y, std::size_t n) {
    run_simd<false>(f, x, y, n);
}
void NGCRT_BENCH_CAT(xsimd_math_, NGCRT_BENCH_ISA)(math_fn f, const double* x, double* y, std::size_t n) {
    run_simd<false>(f, x, y, n);
}
#else
void NGCRT_BENCH_CAT(ngcrt_math_, NGCRT_BENCH_ISA)(math_fn f, const float* x, float* y, std::size_t n) {
    run_scalar(f, x, y, n);
}
void NGCRT_BENCH_CAT(ngcrt_math_, NGCRT_BENCH_ISA)(math_fn f, const double* x, double* y, std::size_t n) {
    run_scalar(f, x, y, n);
}
#endif

}  // namespace ngcrt_bench
