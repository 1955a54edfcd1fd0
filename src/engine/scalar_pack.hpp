// src/engine/scalar_pack.hpp - the pack interface every traversal is written against, and
// its plain C++ form (one lane per register), which compiles for every target.
//
// A "pack" P supplies a register type P::reg of P::width lanes of P::value_type with
// load/store/splat/div/select/flip_sign/abs/with_sign_of/spill, ngcrt's own exp and log
// (src/math/elementary.hpp, docs/math.md; never libm's), and says whether its arithmetic
// flushes subnormal inputs and results to zero (flushes_subnormals: ARMv7 NEON always
// does; such a pack also supplies subnormal(v), flushed(result, a, b) and any(m), and the
// engine redoes what touched the subnormal range: src/engine/redo.hpp). Arithmetic uses
// the register's own operators. div must be IEEE correctly rounded (some xsimd releases
// do not give that on Arm). A pack may supply fold(reg) (native_fold): the halving fold of
// one register's lanes, the same additions (src/engine/summation.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "ngcrt/math.hpp"

namespace ngcrt::detail {

// The scalar pack's exp, log and select for T: ngcrt's own out-of-line exp and log and a
// plain select for float and double (src/engine/flushing.hpp gives its flushing<T>'s).
template <class T>
struct scalar_math {
    static T exp(T v) noexcept { return ngcrt::math::exp(v); }
    static T log(T v) noexcept { return ngcrt::math::log(v); }
    static T select(bool m, T a, T b) noexcept { return m ? a : b; }
};

template <class T>
struct scalar_pack {
    using value_type = T;
    using reg = T;
    static constexpr std::size_t width = 1;
    static constexpr bool flushes_subnormals = false;
    static constexpr bool native_fold = false;  // (a pack that sets it supplies fold(reg))
    static reg load(const T* p) noexcept { return *p; }
    static void store(T* p, reg v) noexcept { *p = v; }
    static reg splat(T v) noexcept { return v; }
    static reg div(reg a, reg b) noexcept { return a / b; }
    static reg select(bool m, reg a, reg b) noexcept { return scalar_math<T>::select(m, a, b); }
    static reg flip_sign(reg v) noexcept { return -v; }  // IEEE negate: flips the sign bit only
    // |v| and mag (>= +0) with sgn's sign: sign-bit operations, as on every pack.
    static reg abs(reg v) noexcept { return from_bits(bits(v) & ~sign_bit); }
    static reg with_sign_of(reg mag, reg sgn) noexcept {
        return from_bits(bits(mag) | (bits(sgn) & sign_bit));
    }
    using uint = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    static constexpr uint sign_bit = uint(1) << (8 * sizeof(T) - 1);
    static uint bits(T v) noexcept {
        uint u;
        __builtin_memcpy(&u, &v, sizeof u);
        return u;
    }
    static T from_bits(uint u) noexcept {
        T v{};
        __builtin_memcpy(&v, &u, sizeof v);
        return v;
    }
    // ngcrt's own exp and log, the library's out-of-line scalar form (src/math/scalar.cpp):
    // the same bits as every pack's, and one copy of the code however many kernels call it
    // (it matters on a microcontroller's flash).
    static reg exp(reg v) noexcept { return scalar_math<T>::exp(v); }
    static reg log(reg v) noexcept { return scalar_math<T>::log(v); }
    static void spill(T* p, reg v) noexcept { *p = v; }
};

}  // namespace ngcrt::detail
