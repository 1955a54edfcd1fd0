// src/math/ops_scalar.hpp - the scalar adapter of elementary.hpp: float and double values.
//
// elementary.hpp is written once on a handful of primitives (bit reinterpretation,
// select, integer shifts and adds on the bit pattern); this file supplies them for plain
// float and double. It never includes xsimd: it must compile where xsimd has no
// architecture (Cortex-M, RISC-V, ARMv7 without NEON).
#pragma once

#include <cstdint>
#include <cstring>

namespace ngcrt::detail::math {

// ops<V>: scalar  - the element type (float or double)
//         bits    - an unsigned integer value (or register) of the same width
//         as_bits / from_bits - reinterpret, no conversion
//         shr<N> / shl<N>     - logical shifts of the bits by a constant
//         select(m, a, b)     - m ? a : b, lane by lane
//         isnan(v)            - v is a NaN (xsimd's AVX/AVX-512 operator!= is ordered:
//                               false for NaN, so v != v does not work there)
//         flushes_subnormals  - true only where the SIMD unit is not IEEE (ARMv7 NEON)
template <class V>
struct ops;

template <class S, class U>
struct scalar_ops {
    using scalar = S;
    using bits = U;
    static constexpr bool flushes_subnormals = false;
    static bits as_bits(S v) noexcept {
        bits b;
        std::memcpy(&b, &v, sizeof b);
        return b;
    }
    static S from_bits(bits b) noexcept {
        S v;
        std::memcpy(&v, &b, sizeof v);
        return v;
    }
    static bits ib(std::uint64_t c) noexcept { return static_cast<bits>(c); }
    template <int N>
    static bits shr(bits b) noexcept {
        return static_cast<bits>(b >> N);
    }
    template <int N>
    static bits shl(bits b) noexcept {
        return static_cast<bits>(b << N);
    }
    template <class M>
    static S select(M m, S a, S b) noexcept {
        return m ? a : b;
    }
    static bool isnan(S v) noexcept { return __builtin_isnan(v); }
    static constexpr bool has_scalef = false;  // no one-instruction p 2^k
    static S scalef(S p, S /*kf*/) noexcept { return p; }
};

template <>
struct ops<float> : scalar_ops<float, std::uint32_t> {};
template <>
struct ops<double> : scalar_ops<double, std::uint64_t> {};

}  // namespace ngcrt::detail::math
