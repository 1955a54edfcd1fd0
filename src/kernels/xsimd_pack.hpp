// src/kernels/xsimd_pack.hpp - the xsimd register type as a pack for step_impl.hpp.
#pragma once

#include <cstddef>

#include <xsimd/xsimd.hpp>

#if defined(__SSE2__) || defined(_M_X64)
#include <immintrin.h>
#define NGCRT_X86_FOLD 1
#else
#define NGCRT_X86_FOLD 0
#endif

namespace ngcrt::detail {

#if NGCRT_X86_FOLD
// The halving fold of one register's lanes (lane[l] += lane[l + h] for l < h; h = W/2,
// ..., 1; the result is lane 0) in registers: each level adds the upper half onto the
// lower, the same additions as on spilled lanes (IEEE addition is commutative), in a
// few shuffles instead of a store and a chain of scalar loads and adds at every step's end.
inline float fold_native(__m128 v) noexcept {
    v = _mm_add_ps(v, _mm_movehl_ps(v, v));                         // h = 2
    return _mm_cvtss_f32(_mm_add_ss(v, _mm_shuffle_ps(v, v, 1)));  // h = 1
}
inline double fold_native(__m128d v) noexcept { return _mm_cvtsd_f64(_mm_add_sd(v, _mm_unpackhi_pd(v, v))); }
#if defined(__AVX__)
inline float fold_native(__m256 v) noexcept {
    return fold_native(_mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1)));
}
inline double fold_native(__m256d v) noexcept {
    return fold_native(_mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1)));
}
#endif
#if defined(__AVX512F__)
// (Halves by __builtin_shufflevector: GCC 12's 512-to-256-bit intrinsics trip
// -Wmaybe-uninitialized inside its own header.)
inline float fold_native(__m512 v) noexcept {
    const __m256 lo = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7);
    const __m256 hi = __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
    return fold_native(_mm256_add_ps(lo, hi));
}
inline double fold_native(__m512d v) noexcept {
    const __m256d lo = __builtin_shufflevector(v, v, 0, 1, 2, 3);
    const __m256d hi = __builtin_shufflevector(v, v, 4, 5, 6, 7);
    return fold_native(_mm256_add_pd(lo, hi));
}
#endif
#endif

template <class T, class Arch>
struct xsimd_pack {
    using value_type = T;
    using reg = xsimd::batch<T, Arch>;
    static constexpr std::size_t width = reg::size;
    static constexpr bool flushes_subnormals = false;
    // Unaligned loads and stores: wired and caller buffers need only T's alignment, and
    // on every supported core an unaligned access to aligned data costs the same.
    static reg load(const T* p) noexcept { return reg::load_unaligned(p); }
    static void store(T* p, reg v) noexcept { v.store_unaligned(p); }
    static reg splat(T v) noexcept { return reg(v); }
    // xsimd's division is IEEE on x86; Arm packs override it (see neon*.cpp).
    static reg div(reg a, reg b) noexcept { return a / b; }
    // XOR with -0.0 rather than unary minus: xsimd (8.1 through at least 14.3) negates
    // AVX-512 floats as 0 - x, which turns -(+0) into +0, not -0.
    static reg flip_sign(reg v) noexcept { return v ^ reg(T(-0.0)); }
    static void spill(T* p, reg v) noexcept { v.store_unaligned(p); }
    // fold(v): the halving fold of v's lanes (step_impl.hpp), where written for the ISA.
    static constexpr bool native_fold = NGCRT_X86_FOLD != 0;
#if NGCRT_X86_FOLD
    static T fold(reg v) noexcept { return fold_native(static_cast<typename reg::register_type>(v)); }
#endif
};

}  // namespace ngcrt::detail
