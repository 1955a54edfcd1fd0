// src/math/ieee_sqrt.hpp - the IEEE-754 square root, correctly rounded, without libm: the
// FPU's instruction where the target has one for T (x86 SSE2, AArch64, Arm VFP, RISC-V F/D),
// else an exact integer method (Cortex-M4F's double, soft-float cores). Both are the
// correctly rounded result, so every target gives the same bits for every non-NaN input.
// (Calling sqrt() from C++ would do, except that without -fno-math-errno GCC follows the
// instruction with a call into libm for negative inputs, and a core without the
// instruction gets libm's routine.)
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ngcrt::detail {

// sqrt(x) rounded to nearest-even, by digits: x = M * 2^E (M the integer significand of P
// bits, subnormals normalised), made so that N = M' * 2^(P+1) has an even exponent left;
// the integer square root of N (two bits of N a step, the remainder kept) has P + 1 bits:
// P for the result and a rounding bit, and a non-zero remainder is the sticky bit.
template <class T>
T software_sqrt(T x) noexcept {
    using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    constexpr int P = sizeof(T) == 4 ? 24 : 53;  // significand bits
    constexpr int E = sizeof(T) == 4 ? 8 : 11;   // exponent bits
    constexpr int bias = (1 << (E - 1)) - 1;
    constexpr U sign_bit = U(1) << (P + E - 1);
    constexpr U exp_mask = ((U(1) << E) - 1) << (P - 1);
    constexpr U frac_mask = (U(1) << (P - 1)) - 1;
    U u;
    __builtin_memcpy(&u, &x, sizeof u);
    if (u == 0 || u == sign_bit) return x;                                    // +-0
    if ((u & exp_mask) == exp_mask) {                                         // inf or NaN
        if ((u & frac_mask) != 0) return x + x;                               // NaN: quieted
        if ((u & sign_bit) != 0) return std::numeric_limits<T>::quiet_NaN();  // -inf: NaN
        return x;
    }
    if ((u & sign_bit) != 0) return std::numeric_limits<T>::quiet_NaN();  // negative: NaN
    int e = static_cast<int>((u & exp_mask) >> (P - 1));
    std::uint64_t m = u & frac_mask;
    if (e == 0) {  // subnormal: normalise
        e = 1;
        while ((m & (std::uint64_t(1) << (P - 1))) == 0) {
            m <<= 1;
            --e;
        }
    } else {
        m |= std::uint64_t(1) << (P - 1);
    }
    // x = m * 2^s, m in [2^(P-1), 2^P)
    int s = e - bias - (P - 1);
    // N = m * 2^(P+1) * 2^(s - (P+1)): make s - (P+1) even, m in [2^(P-1), 2^(P+1)).
    int q = s - (P + 1);
    if ((q & 1) != 0) {
        m <<= 1;
        q -= 1;
    }
    // Integer square root of N = m * 2^(P+1), 2P + 2 bits, two a step from the top.
    std::uint64_t root = 0, rem = 0;
    for (int pair = P; pair >= 0; --pair) {
        const int hi = 2 * pair + 1, lo = 2 * pair;
        auto bit = [&](int b) -> std::uint64_t { return b >= P + 1 ? (m >> (b - (P + 1))) & 1U : 0U; };
        rem = (rem << 2) | (bit(hi) << 1) | bit(lo);
        root <<= 1;
        const std::uint64_t test = (root << 1) | 1U;
        if (rem >= test) {
            rem -= test;
            root |= 1U;
        }
    }
    // root in [2^P, 2^(P+1)): P bits and a rounding bit.
    std::uint64_t mant = root >> 1;
    const bool round = (root & 1U) != 0, sticky = rem != 0;
    int exponent = q / 2 + 1;  // the result is mant * 2^exponent
    if (round && (sticky || (mant & 1U) != 0)) {
        ++mant;
        if (mant == (std::uint64_t(1) << P)) {
            mant >>= 1;
            ++exponent;
        }
    }
    const U biased = static_cast<U>(exponent + (P - 1) + bias);
    const U r = (biased << (P - 1)) | (static_cast<U>(mant) & frac_mask);
    T y;
    __builtin_memcpy(&y, &r, sizeof y);
    return y;
}

// The instruction where there is one (every one is IEEE's correctly rounded square root).
inline float ieee_sqrt_of(float x) noexcept {
#if defined(__SSE2__)
    return _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(x)));
#elif defined(__aarch64__)
    float r;
    asm("fsqrt %s0, %s1" : "=w"(r) : "w"(x));
    return r;
#elif defined(__arm__) && defined(__ARM_FP) && (__ARM_FP & 4) && !defined(__SOFTFP__)
    float r;
    asm("vsqrt.f32 %0, %1" : "=t"(r) : "t"(x));
    return r;
#elif defined(__riscv) && defined(__riscv_flen) && __riscv_flen >= 32
    float r;
    asm("fsqrt.s %0, %1" : "=f"(r) : "f"(x));
    return r;
#else
    return software_sqrt(x);
#endif
}

inline double ieee_sqrt_of(double x) noexcept {
#if defined(__SSE2__)
    const __m128d v = _mm_set_sd(x);
    return _mm_cvtsd_f64(_mm_sqrt_sd(v, v));
#elif defined(__aarch64__)
    double r;
    asm("fsqrt %d0, %d1" : "=w"(r) : "w"(x));
    return r;
#elif defined(__arm__) && defined(__ARM_FP) && (__ARM_FP & 8) && !defined(__SOFTFP__)
    double r;
    asm("vsqrt.f64 %P0, %P1" : "=w"(r) : "w"(x));
    return r;
#elif defined(__riscv) && defined(__riscv_flen) && __riscv_flen >= 64
    double r;
    asm("fsqrt.d %0, %1" : "=f"(r) : "f"(x));
    return r;
#else
    return software_sqrt(x);
#endif
}

}  // namespace ngcrt::detail
