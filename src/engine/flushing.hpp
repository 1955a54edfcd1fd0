// src/engine/flushing.hpp - Subnormals::flush in software: x86's SSE arithmetic with
// MXCSR.DAZ and MXCSR.FTZ set, operation by operation, on cores that have no such mode or
// whose mode gives other bits (every Arm core, RISC-V).
//
// The rule (docs/realtime.md, "The flush mode"), for every + - * /, comparison and
// conversion between float and double:
//   - an operand that is subnormal is read as a zero of its sign (DAZ);
//   - a result that is tiny is replaced by a zero of its sign (FTZ). Tiny is IEEE 754's
//     "after rounding": the result rounded to the format's precision with an unbounded
//     exponent is below the smallest normal in magnitude.
// Sign flips, |x|, copysign, selects and bit reinterpretation are not arithmetic: they pass
// bits unchanged, as they do on x86.
//
// flushing<T> is a T whose operators follow this rule, so the engine and the cells' math,
// instantiated on it (src/kernels/soft_flush.cpp), compute exactly what the x86 kernels
// compute with the hardware mode on.
//
// Tininess after rounding, without wider arithmetic: a product or quotient is tiny exactly
// when the same operation with one operand doubled gives a result below twice the smallest
// normal. Doubling is exact (or overflows, which no tiny result does), and near twice the
// smallest normal the format rounds as if its exponent were unbounded, so the doubled
// result is the unbounded one, doubled. A sum or difference of values that are zero or
// normal is exact whenever it is below the smallest normal, so it is tiny exactly when it
// is subnormal. (Arm's flush-to-zero decides before rounding instead: products just below
// the smallest normal that round up to it are zero on Arm and the smallest normal on x86.
// That is why no Arm core's own mode is used.)
#pragma once

#include <cstdint>
#include <type_traits>

#include "engine/scalar_pack.hpp"
#include "engine/summation.hpp"
#include "math/elementary.hpp"

namespace ngcrt::detail {

template <class T>
struct float_layout;
template <>
struct float_layout<float> {
    using uint = std::uint32_t;
    static constexpr uint sign = 0x80000000U, exponent = 0x7f800000U;
    static constexpr uint twice_min_normal = 0x01000000U;  // 2^-125
};
template <>
struct float_layout<double> {
    using uint = std::uint64_t;
    static constexpr uint sign = 0x8000000000000000U, exponent = 0x7ff0000000000000U;
    static constexpr uint twice_min_normal = 0x0020000000000000U;  // 2^-1021
};

// (may_alias: the software flush kernel reads and writes the caller's T buffers through
// flushing<T> pointers, a type of the same size, alignment and representation.)
template <class T>
struct [[gnu::may_alias]] flushing {
    using L = float_layout<T>;
    using uint = typename L::uint;

    T v;

    flushing() noexcept = default;
    // From T: the bits as they are (a subnormal is read as zero where it is used).
    // cppcheck-suppress noExplicitConstructor
    constexpr flushing(T x) noexcept : v(x) {}  // NOLINT(google-explicit-constructor)
    // From another arithmetic type: a conversion, which flushes (float from double) ...
    template <class U, std::enable_if_t<std::is_floating_point_v<U> && !std::is_same_v<U, T>, int> = 0>
    // cppcheck-suppress noExplicitConstructor
    constexpr flushing(U x) noexcept : v(convert(x)) {}  // NOLINT(google-explicit-constructor)
    // ... or an integer, which is exact (sizes, counts).
    template <class U, std::enable_if_t<std::is_integral_v<U>, int> = 0>
    // cppcheck-suppress noExplicitConstructor
    constexpr flushing(U x) noexcept : v(static_cast<T>(x)) {}  // NOLINT(google-explicit-constructor)
    // To float or double: the same rule (a subnormal reads as zero; a float from a double
    // that is tiny in float is zero).
    template <class U, std::enable_if_t<std::is_floating_point_v<U>, int> = 0>
    constexpr explicit operator U() const noexcept {
        if constexpr (std::is_same_v<U, T>) {
            return zero_if_subnormal(v);
        } else {
            return flushing<U>::convert(v);
        }
    }

    static uint bits(T x) noexcept {
        uint u;
        __builtin_memcpy(&u, &x, sizeof u);
        return u;
    }
    static T from_bits(uint u) noexcept {
        T x;
        __builtin_memcpy(&x, &u, sizeof x);
        return x;
    }
    // x, or a zero of its sign where tiny is true: no branch (an integer mask).
    static T zero_if(bool tiny, T x) noexcept {
        const uint magnitude = ~L::sign & (uint(0) - uint(tiny));
        return from_bits(bits(x) & ~magnitude);
    }
    // A subnormal read as a zero of its sign (its exponent field is 0; so is a zero's).
    static T zero_if_subnormal(T x) noexcept { return zero_if((bits(x) & L::exponent) == 0, x); }
    // |x| < twice the smallest normal (false for NaN: its magnitude's bits are larger).
    static bool below_twice_min_normal(T x) noexcept { return (bits(x) & ~L::sign) < L::twice_min_normal; }

    // A float or double value converted to T under the rule.
    template <class U>
    static T convert(U x) noexcept {
        const U in = flushing<U>::zero_if_subnormal(x);
        if constexpr (sizeof(U) <= sizeof(T)) {
            return static_cast<T>(in);  // widening: exact
        } else {
            // Narrowing: tiny exactly when the doubled value, converted, is below twice
            // the smallest normal (see the file's comment).
            return zero_if(below_twice_min_normal(static_cast<T>(in + in)), static_cast<T>(in));
        }
    }

    // Arithmetic (the file's rule). Sums and differences: tiny iff subnormal.
    friend flushing operator+(flushing a, flushing b) noexcept {
        return zero_if_subnormal(zero_if_subnormal(a.v) + zero_if_subnormal(b.v));
    }
    friend flushing operator-(flushing a, flushing b) noexcept {
        return zero_if_subnormal(zero_if_subnormal(a.v) - zero_if_subnormal(b.v));
    }
    // Products and quotients: tiny iff the doubled operation's result is below 2 min normal.
    friend flushing operator*(flushing a, flushing b) noexcept {
        const T x = zero_if_subnormal(a.v), y = zero_if_subnormal(b.v);
        return zero_if(below_twice_min_normal((x + x) * y), x * y);
    }
    friend flushing operator/(flushing a, flushing b) noexcept {
        const T x = zero_if_subnormal(a.v), y = zero_if_subnormal(b.v);
        return zero_if(below_twice_min_normal((x + x) / y), x / y);
    }
    // The sign flip is not arithmetic (x86 flips the bit with an XOR).
    friend flushing operator-(flushing a) noexcept { return from_bits(bits(a.v) ^ L::sign); }
    flushing& operator+=(flushing b) noexcept { return *this = *this + b; }
    flushing& operator-=(flushing b) noexcept { return *this = *this - b; }
    flushing& operator*=(flushing b) noexcept { return *this = *this * b; }
    flushing& operator/=(flushing b) noexcept { return *this = *this / b; }

    // Comparisons read subnormal operands as zeros.
    friend bool operator<(flushing a, flushing b) noexcept {
        return zero_if_subnormal(a.v) < zero_if_subnormal(b.v);
    }
    friend bool operator>(flushing a, flushing b) noexcept { return b < a; }
    friend bool operator<=(flushing a, flushing b) noexcept {
        return zero_if_subnormal(a.v) <= zero_if_subnormal(b.v);
    }
    friend bool operator>=(flushing a, flushing b) noexcept { return b <= a; }
    friend bool operator==(flushing a, flushing b) noexcept {
        return zero_if_subnormal(a.v) == zero_if_subnormal(b.v);
    }
    friend bool operator!=(flushing a, flushing b) noexcept { return !(a == b); }
};

template <class T>
struct is_flushing : std::false_type {};
template <class T>
struct is_flushing<flushing<T>> : std::true_type {};

// The engine on flushing<T>: ngcrt's exp and log instantiated on it (every operation
// inside them follows the rule), and block totals in double for float (a sum of flushed
// floats is never tiny in double) or in flushing<double> itself.
template <>
struct block_total<flushing<float>> {
    using type = double;
};
template <>
struct block_total<flushing<double>> {
    using type = flushing<double>;
};

}  // namespace ngcrt::detail

namespace ngcrt::detail::math {

// elementary.hpp's adapter for flushing<T>: its constants are T's; select and the bit
// operations are the scalar ones, on the value's bits.
template <class T>
struct ops<flushing<T>> {
    using scalar = T;
    using V = flushing<T>;
    using bits = typename V::uint;
    static constexpr bool flushes_subnormals = false;  // (the ARMv7 NEON redo: not this)
    static bits as_bits(V v) noexcept { return V::bits(v.v); }
    static V from_bits(bits b) noexcept { return V::from_bits(b); }
    static bits ib(std::uint64_t c) noexcept { return static_cast<bits>(c); }
    template <int N>
    static bits shr(bits b) noexcept {
        return static_cast<bits>(b >> N);
    }
    template <int N>
    static bits shl(bits b) noexcept {
        return static_cast<bits>(b << N);
    }
    // m ? a : b on the bits, with no branch.
    static V select(bool m, V a, V b) noexcept {
        const bits mask = bits(0) - bits(m);
        return V::from_bits((V::bits(a.v) & mask) | (V::bits(b.v) & ~mask));
    }
    static bool isnan(V v) noexcept { return __builtin_isnan(v.v); }
    static constexpr bool has_scalef = false;
    static V scalef(V p, V /*kf*/) noexcept { return p; }
};

}  // namespace ngcrt::detail::math

namespace ngcrt::detail {

template <class T>
struct scalar_math<flushing<T>> {
    static flushing<T> exp(flushing<T> v) noexcept { return math::exp(v); }
    static flushing<T> log(flushing<T> v) noexcept { return math::log(v); }
    static flushing<T> select(bool m, flushing<T> a, flushing<T> b) noexcept {
        return math::ops<flushing<T>>::select(m, a, b);
    }
};

}  // namespace ngcrt::detail
