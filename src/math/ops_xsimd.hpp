// src/math/ops_xsimd.hpp - the xsimd adapter of elementary.hpp: xsimd::batch<float|double, A>.
//
// Include it (after xsimd) only where xsimd has an architecture; the scalar adapter
// (ops_scalar.hpp) never needs it. Every primitive here is exact (reinterpretation,
// select, integer add/sub/and/or and shifts by constants), so a batch lane computes the
// same bits as the scalar form, operation for operation. The integer operations are all
// SSE2 has for 64-bit lanes: no 64-bit compares, no conversions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "math/ops_scalar.hpp"

namespace ngcrt::detail::math {

// GCC/Clang vector types of U lanes filling a register of Bytes bytes (for shifts).
template <class U, std::size_t Bytes>
struct lanes_of;
#define NGCRT_MATH_LANES(U, BYTES)                          \
    template <>                                             \
    struct lanes_of<U, BYTES> {                             \
        typedef U type __attribute__((vector_size(BYTES))); \
    };
NGCRT_MATH_LANES(std::uint32_t, 16)
NGCRT_MATH_LANES(std::uint64_t, 16)
NGCRT_MATH_LANES(std::uint32_t, 32)
NGCRT_MATH_LANES(std::uint64_t, 32)
NGCRT_MATH_LANES(std::uint32_t, 64)
NGCRT_MATH_LANES(std::uint64_t, 64)
#undef NGCRT_MATH_LANES

template <class T, class A>
struct ops<xsimd::batch<T, A>> {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                  "ngcrt math: float or double batches");
    using value = xsimd::batch<T, A>;
    using scalar = T;
    using ubits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    using bits = xsimd::batch<ubits, A>;
    static constexpr std::size_t size = value::size;

    // ARMv7 NEON (xsimd::neon on 32-bit Arm) flushes subnormal inputs and results to zero
    // whatever FPSCR says; AArch64 NEON (neon64) and x86 are IEEE.
#if defined(__arm__) && !defined(__aarch64__)
    static constexpr bool flushes_subnormals = std::is_same_v<A, xsimd::neon>;
#else
    static constexpr bool flushes_subnormals = false;
#endif

    static bits as_bits(value v) noexcept {
#if XSIMD_VERSION_MAJOR >= 11
        return xsimd::bitwise_cast<ubits>(v);
#else
        return xsimd::bitwise_cast<bits>(v);
#endif
    }
    static value from_bits(bits b) noexcept {
#if XSIMD_VERSION_MAJOR >= 11
        return xsimd::bitwise_cast<T>(b);
#else
        return xsimd::bitwise_cast<value>(b);
#endif
    }
    static bits ib(std::uint64_t c) noexcept { return bits(static_cast<ubits>(c)); }
    // Shifts by a constant, written with GCC/Clang vector extensions on the register:
    // xsimd's shift-by-int32 path on AVX-512 trips GCC 12's -Wmaybe-uninitialized inside
    // its own intrinsics headers, and this form compiles to the same single instruction.
    using reg = typename bits::register_type;
    using vec = typename lanes_of<ubits, sizeof(reg)>::type;
    template <int N>
    static bits shr(bits b) noexcept {
        return bits(reinterpret_cast<reg>(reinterpret_cast<vec>(static_cast<reg>(b)) >> N));
    }
    template <int N>
    static bits shl(bits b) noexcept {
        return bits(reinterpret_cast<reg>(reinterpret_cast<vec>(static_cast<reg>(b)) << N));
    }
    template <class M>
    static value select(const M& m, value a, value b) noexcept {
        return xsimd::select(m, a, b);
    }
    static auto isnan(value v) noexcept { return xsimd::isnan(v); }

    // p 2^kf (kf an integral value) with one rounding, where the ISA has it: AVX-512's
    // VSCALEF computes exactly the correctly rounded product (overflow to inf, gradual
    // underflow), the same bits as elementary.hpp's exact split 2^k1 2^k2.
#if defined(__AVX512F__)
    static constexpr bool has_scalef = sizeof(typename value::register_type) == 64;
    static value scalef(value p, value kf) noexcept {
        // The merge-masked form with every lane selected: the plain intrinsic trips GCC
        // 12's -Wmaybe-uninitialized inside avx512fintrin.h (_mm512_undefined_ps).
        if constexpr (sizeof(T) == 4) {
            const __m512 a = p;
            return _mm512_mask_scalef_ps(a, static_cast<__mmask16>(0xffffU), a, static_cast<__m512>(kf));
        } else {
            const __m512d a = p;
            return _mm512_mask_scalef_pd(a, static_cast<__mmask8>(0xffU), a, static_cast<__m512d>(kf));
        }
    }
#else
    static constexpr bool has_scalef = false;
    static value scalef(value p, value /*kf*/) noexcept { return p; }
#endif

    // The ARMv7 redo: lanes flagged by `m` (a mask on the bit patterns) are recomputed by
    // the scalar form `f`, which runs in IEEE VFP arithmetic. Only when a lane is flagged.
    template <class M, class F>
    static value redo(const M& m, value x, value y, F f) noexcept {
        if (!xsimd::any(m)) return y;
        T xs[size], ys[size];
        ubits flag[size];
        x.store_unaligned(xs);
        y.store_unaligned(ys);
        xsimd::select(m, bits(ubits(1)), bits(ubits(0))).store_unaligned(flag);
        for (std::size_t l = 0; l < size; ++l) {
            if (flag[l] != 0) ys[l] = f(xs[l]);
        }
        return value::load_unaligned(ys);
    }
};

}  // namespace ngcrt::detail::math
