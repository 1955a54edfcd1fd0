// src/engine/xsimd_pack.hpp - the xsimd register type as a pack for the engine (traverse.hpp).
#pragma once

#include <cstddef>

#include <xsimd/xsimd.hpp>

#include "math/elementary.hpp"
#include "math/ops_xsimd.hpp"

#if defined(__SSE2__) || defined(_M_X64)
#include <immintrin.h>
#define NGCRT_X86_FOLD 1
#else
#define NGCRT_X86_FOLD 0
#endif

namespace ngcrt::detail {

#if NGCRT_X86_FOLD
// The halving fold of one register's lanes (traverse.hpp; lane[l] += lane[l + h] for l < h; h = W/2,
// ..., 1; the result is lane 0) in registers: each level adds the upper half onto the
// lower, the same additions as on spilled lanes (IEEE addition is commutative), in a few
// shuffles instead of a store and a chain of scalar loads and adds at every step's end.
// Written with GCC/Clang vector extensions (__builtin_shufflevector, vector +), so the
// compiler picks the instructions for the translation unit's ISA.
inline float fold_native(__m128 v) noexcept {
    const auto s = __builtin_shufflevector(v, v, 0, 1) + __builtin_shufflevector(v, v, 2, 3);  // h = 2
    return s[0] + s[1];                                                                        // h = 1
}
inline double fold_native(__m128d v) noexcept { return v[0] + v[1]; }
#if defined(__AVX__)
inline float fold_native(__m256 v) noexcept {
    return fold_native(
        __m128(__builtin_shufflevector(v, v, 0, 1, 2, 3) + __builtin_shufflevector(v, v, 4, 5, 6, 7)));
}
inline double fold_native(__m256d v) noexcept {
    return fold_native(__m128d(__builtin_shufflevector(v, v, 0, 1) + __builtin_shufflevector(v, v, 2, 3)));
}
#endif
#if defined(__AVX512F__)
inline float fold_native(__m512 v) noexcept {
    return fold_native(__m256(__builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
                              __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15)));
}
inline double fold_native(__m512d v) noexcept {
    return fold_native(
        __m256d(__builtin_shufflevector(v, v, 0, 1, 2, 3) + __builtin_shufflevector(v, v, 4, 5, 6, 7)));
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
    // IEEE's correctly rounded square root: SQRTPS / SQRTPD on x86; the AArch64 pack
    // overrides it with FSQRT (neon64.cpp); ARMv7 NEON, which has none, never uses it (its
    // pack flushes subnormals, so the synapses run the scalar pack).
    static reg sqrt(reg v) noexcept { return xsimd::sqrt(v); }
    // XOR with -0.0 rather than unary minus: xsimd (8.1 through at least 14.3) negates
    // AVX-512 floats as 0 - x, which turns -(+0) into +0, not -0.
    static reg flip_sign(reg v) noexcept { return v ^ reg(T(-0.0)); }
    static reg abs(reg v) noexcept { return xsimd::abs(v); }  // clears the sign bit
    static reg with_sign_of(reg mag, reg sgn) noexcept { return mag | (sgn & reg(T(-0.0))); }
    static reg select(const typename reg::batch_bool_type& m, reg a, reg b) noexcept {
        return xsimd::select(m, a, b);
    }
    // ngcrt's exp and log on the batch: the scalar form's bits (ARMv7 NEON included).
    static reg exp(reg v) noexcept { return math::exp(v); }
    static reg log(reg v) noexcept { return math::log(v); }
    static void spill(T* p, reg v) noexcept { v.store_unaligned(p); }
    // fold(v): the halving fold of v's lanes (src/engine/summation.hpp), where written for the ISA.
    static constexpr bool native_fold = NGCRT_X86_FOLD != 0;
#if NGCRT_X86_FOLD
    static T fold(reg v) noexcept { return fold_native(static_cast<typename reg::register_type>(v)); }
#endif
};

}  // namespace ngcrt::detail
