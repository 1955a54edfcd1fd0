// src/math/sincos.hpp - ngcrt's deterministic sin and cos, written once for every value type
// (float, double, xsimd batches), in elementary.hpp's style and on its adapters: IEEE + - *
// only, selects and exact integer operations on the bit pattern, in a fixed order. Method and
// measured accuracy: docs/math.md ("sin and cos").
//
//   reduction   |x| = k pi/2 + r, |r| <= pi/4 (plus slack), r carried as r_hi + r_lo:
//               Cody-Waite with pi/2 in five parts for |x| <= B (float 6432, double
//               1572864: k < 2^12, 2^20), every step exact but the last part's product;
//               Payne-Hanek beyond (integer arithmetic on 192 bits of 2/pi, one scalar lane
//               at a time: a SIMD register redoes such lanes with the scalar form)
//   kernels     sin r = r + r^3 S(r^2) + r_lo (1 - r^2/2); cos r = 1 - r^2/2 + r^4 C(r^2) - r r_lo,
//               r^2/2 split so that its large part is exact
//   quadrant    k mod 4 picks sin or cos of r and the sign, by bit operations
// sin(-0) = -0, subnormals exact (|x| < 2^-12, 2^-27: sin x = x, cos x = 1), sin and cos of
// +-inf the default NaN, a NaN input the same NaN, quiet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "math/elementary.hpp"

namespace ngcrt::detail::math {

template <class S>
struct trig_consts;

template <>
struct trig_consts<float> {
    static constexpr float tiny = 0x1p-12F;   // sin x rounds to x and cos x to 1 below
    static constexpr float cw_max = 6432.0F;  // Cody-Waite up to here: k < 2^12
    static constexpr std::uint64_t cw_max_bits = 0x45c90000U;
    static constexpr float two_over_pi = 0x1.45f306p-1F;
    // pi/2 = p[0] + ... + p[4]: the first four have 12 significant bits (k p exact for
    // k < 2^12), the last 24; what is left is 1.9e-25.
    static constexpr float pio2[] = {0x1.922p+0F, -0x1.2aep-18F, -0x1.deap-31F, 0x1.184p-44F,
                                     0x1.a62634p-58F};
    // pi/2 as a float and the rest (Payne-Hanek's last product).
    static constexpr float pio2_hi = 0x1.921fb6p+0F, pio2_lo = -0x1.777a5cp-25F;
    static constexpr std::uint64_t split = 4097;  // Veltkamp: 2^12 + 1
    // sin r = r + r^3 S(r^2), cos r = 1 - r^2/2 + r^4 C(r^2) on |r| <= pi/4
    // (tools/math/fit_coefficients.py, "sin", "cos").
    static constexpr float sin_poly[] = {-0x1.555556p-3F, 0x1.111174p-7F, -0x1.a0597ap-13F, 0x1.7c3fap-19F};
    static constexpr float cos_poly[] = {0x1.555556p-5F, -0x1.6c175ep-10F, 0x1.a071c6p-16F, -0x1.361c28p-22F};
};

template <>
struct trig_consts<double> {
    static constexpr double tiny = 0x1p-27;
    static constexpr double cw_max = 1572864.0;  // k < 2^20
    static constexpr std::uint64_t cw_max_bits = 0x4138000000000000U;
    static constexpr double two_over_pi = 0x1.45f306dc9c883p-1;
    // 33, 33, 33, 33 and 53 significant bits; what is left is 2.5e-60.
    static constexpr double pio2[] = {0x1.921fb544p+0, 0x1.0b4611a6p-34, 0x1.3198a2ep-69, 0x1.b839a252p-104,
                                      0x1.27044533e63a0p-142};
    static constexpr double pio2_hi = 0x1.921fb54442d18p+0, pio2_lo = 0x1.1a62633145c07p-54;
    static constexpr std::uint64_t split = 134217729;  // 2^27 + 1
    static constexpr double sin_poly[] = {
        -0x1.5555555555555p-3,  0x1.1111111111069p-7,  -0x1.a01a019ffe488p-13, 0x1.71de3a3389253p-19,
        -0x1.ae642c17b1c51p-26, 0x1.61098b947572cp-33, -0x1.9fdeb27569c6ap-41};
    static constexpr double cos_poly[] = {
        0x1.5555555555555p-5, -0x1.6c16c16c16b3p-10,  0x1.a01a019ffcb41p-16, -0x1.27e4fb5a16a51p-22,
        0x1.1eed6f6ef084p-29, -0x1.937437bffdad6p-37, 0x1.9d9eda9b1de1p-45};
};

// The binary digits of 2/pi after the point, 32 a word, most significant first (1280 bits:
// enough for every double; floats use the first 11 words).
inline constexpr std::uint32_t two_over_pi_bits[40] = {
    0xa2f9836eU, 0x4e441529U, 0xfc2757d1U, 0xf534ddc0U, 0xdb629599U, 0x3c439041U, 0xfe5163abU, 0xdebbc561U,
    0xb7246e3aU, 0x424dd2e0U, 0x06492eeaU, 0x09d1921cU, 0xfe1deb1cU, 0xb129a73eU, 0xe88235f5U, 0x2ebb4484U,
    0xe99c7026U, 0xb45f7e41U, 0x3991d639U, 0x835339f4U, 0x9c845f8bU, 0xbdf9283bU, 0x1ff897ffU, 0xde05980fU,
    0xef2f118bU, 0x5a0a6d1fU, 0x6d367ecfU, 0x27cb09b7U, 0x4f463f66U, 0x9e5fea2dU, 0x7527bac7U, 0xebe5f17bU,
    0x3d0739f7U, 0x8a5292eaU, 0x6bfb5fb1U, 0x1f8d5d08U, 0x56033046U, 0xfc7b6babU, 0xf0cfbc20U, 0x9af4361dU};

// a + b = s + e exactly (TwoSum: either may be the larger).
template <class V>
struct two_sum_result {
    V s, e;
};
template <class V>
NGCRT_MATH_INLINE two_sum_result<V> two_sum(V a, V b) noexcept {
    const V s = a + b;
    const V bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}

// |x| = k pi/2 + (hi + lo), and the bits of the rounding sum whose low mantissa bits hold k.
template <class V>
struct reduced_trig {
    V hi, lo;
    typename ops<V>::bits kbits;
};

// Cody-Waite for 0 <= a <= cw_max: k = round(a 2/pi) (k < 2^12, 2^20), then a - k p[0] (exact:
// both products of few bits, the difference smaller than either), - k p[1], - k p[2], - k p[3]
// (exact products, TwoSum), - k p[4] (rounded), collected as hi + lo.
template <class V>
NGCRT_MATH_INLINE reduced_trig<V> reduce_cody_waite(V a) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    using C = trig_consts<S>;
    const V t = a * V(C::two_over_pi) + V(K::shift);
    const V kf = t - V(K::shift);
    const V r1 = a - kf * V(C::pio2[0]);
    const two_sum_result<V> s2 = math::two_sum(r1, -(kf * V(C::pio2[1])));
    const two_sum_result<V> s3 = math::two_sum(s2.s, -(kf * V(C::pio2[2])));
    const two_sum_result<V> s4 = math::two_sum(s3.s, -(kf * V(C::pio2[3])));
    const V lo = ((s2.e + s3.e) + s4.e) - kf * V(C::pio2[4]);
    const V hi = s4.s + lo;
    return {hi, (s4.s - hi) + lo, O::as_bits(t)};
}

// ---- Payne-Hanek, one scalar at a time (|x| > cw_max) --------------------------------------
// a = M 2^e (M the integer significand); a 2/pi mod 4 from the 192 bits of 2/pi that matter
// (those before them add multiples of 4, those after them less than M 2^-192 relative), as
// an integer product, then the fraction's leading bits times pi/2 in hi + lo.
namespace payne_hanek {

constexpr int window_words = 6;  // 192 bits of 2/pi
constexpr int product_words = 8;

// 32 bits of 2/pi starting at digit `first` (1-based: digit 1 is the first after the point).
inline std::uint32_t digits(int first) noexcept {
    const int off = first - 1, w = off / 32, s = off % 32;
    const std::uint32_t hi = two_over_pi_bits[w] << s;
    return s == 0 ? hi : hi | (two_over_pi_bits[w + 1] >> (32 - s));
}

// 64 bits of the little-endian product p starting at bit `pos`.
inline std::uint64_t bits64(const std::uint32_t (&p)[product_words], int pos) noexcept {
    std::uint64_t v = 0;
    for (int i = 63; i >= 0; --i) {
        const int b = pos + i;
        v = (v << 1) | (b < 32 * product_words ? (p[b / 32] >> (b % 32)) & 1U : 0U);
    }
    return v;
}

inline int leading_zeros(std::uint64_t v) noexcept {
    int n = 0;
    while (n < 64 && (v & (std::uint64_t(1) << (63 - n))) == 0) ++n;
    return n;
}

// 2^n for an exponent n that keeps it normal.
template <class S>
S pow2(int n) noexcept {
    using K = consts<S>;
    return ops<S>::from_bits(
        static_cast<typename ops<S>::bits>(std::uint64_t(int(K::bias) + n) << K::mant_bits));
}

// a * b = p + e exactly (Dekker's product with Veltkamp's split; no fused multiply-add).
template <class S>
two_sum_result<S> two_product(S a, S b) noexcept {
    const S c = S(trig_consts<S>::split);
    const S ac = a * c, bc = b * c;
    const S ah = ac - (ac - a), bh = bc - (bc - b);
    const S al = a - ah, bl = b - bh;
    const S p = a * b;
    return {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

// a > cw_max, finite: k mod 4 into q, a - k pi/2 as hi + lo.
template <class S>
void reduce(S a, unsigned& q, S& hi, S& lo) noexcept {
    using O = ops<S>;
    using K = consts<S>;
    using C = trig_consts<S>;
    const auto ab = O::as_bits(a);
    const int e = int(ab >> K::mant_bits) - int(K::bias) - K::mant_bits;  // a = M 2^e
    const std::uint64_t mant = (std::uint64_t(ab) & K::mant_mask) | (K::mant_mask + 1);
    // Digits 1 .. e - 2 of 2/pi give multiples of 4: start at digit i0 = max(1, e - 1).
    const int i0 = e - 1 > 1 ? e - 1 : 1;
    std::uint32_t w[window_words];  // the window, least significant word first
    for (int j = 0; j < window_words; ++j) w[j] = digits(i0 + 32 * (window_words - 1 - j));
    std::uint32_t p[product_words] = {};
    const std::uint32_t m[2] = {std::uint32_t(mant), std::uint32_t(mant >> 32)};
    for (int i = 0; i < 2; ++i) {
        std::uint64_t carry = 0;
        for (int j = 0; j < window_words; ++j) {
            const std::uint64_t t = std::uint64_t(m[i]) * w[j] + p[i + j] + carry;
            p[i + j] = std::uint32_t(t);
            carry = t >> 32;
        }
        for (int j = i + window_words; j < product_words && carry != 0; ++j) {
            const std::uint64_t t = std::uint64_t(p[j]) + carry;
            p[j] = std::uint32_t(t);
            carry = t >> 32;
        }
    }
    // p = a 2/pi 2^pt (mod 4 2^pt), the point at bit pt = i0 + 191 - e.
    const int pt = i0 + 32 * window_words - 1 - e;
    q = unsigned(bits64(p, pt)) & 3U;
    std::uint64_t f1 = bits64(p, pt - 64), f0 = bits64(p, pt - 128);  // the fraction, 128 bits
    bool negative = false;
    if ((f1 >> 63) != 0) {  // fraction >= 1/2: round k up, take 1 - fraction
        q = (q + 1) & 3U;
        negative = true;
        f0 = ~f0 + 1;
        // cppcheck-suppress knownConditionTrueFalse ; ~f0 + 1 wraps to 0 when f0 was 0 (the borrow)
        f1 = ~f1 + (f0 == 0 ? 1 : 0);
    }
    // Normalise the 128 bits so the leading one is bit 127.
    int lz = 0;
    if (f1 == 0) {
        f1 = f0;
        f0 = 0;
        lz = 64;
    }
    const int z = leading_zeros(f1);
    if (z == 64) {  // (no float or double is a multiple of pi/2)
        hi = lo = S(0);
        return;
    }
    if (z > 0) {
        f1 = (f1 << z) | (f0 >> (64 - z));
        f0 <<= z;
    }
    lz += z;
    // The fraction = (fh 2^(64 - N) + fl 2^(64 - 2N) + ...) 2^(-64 - lz), N = mantissa bits + 1.
    constexpr int N = K::mant_bits + 1;
    const std::uint64_t fh = f1 >> (64 - N);
    const std::uint64_t fl = ((f1 << N) | (f0 >> (64 - N))) >> (64 - N);
    const S sh = S(fh) * pow2<S>(-N - lz), sl = S(fl) * pow2<S>(-2 * N - lz);  // exact
    // (sh + sl) pi/2: the leading product exactly, the rest rounded.
    const two_sum_result<S> ph = two_product(sh, C::pio2_hi);
    const S rest = ph.e + (sh * C::pio2_lo + sl * C::pio2_hi);
    hi = ph.s + rest;
    lo = (ph.s - hi) + rest;
    if (negative) {
        hi = -hi;
        lo = -lo;
    }
}

}  // namespace payne_hanek

// sin and cos of hi + lo, |hi| <= pi/4 (plus slack), lo below hi's rounding.
template <class V>
NGCRT_MATH_INLINE V sin_kernel(V hi, V lo, V u) noexcept {
    using S = typename ops<V>::scalar;
    return hi + ((hi * u) * horner(u, trig_consts<S>::sin_poly) + (lo - (lo * u) * V(S(0.5))));
}
template <class V>
NGCRT_MATH_INLINE V cos_kernel(V hi, V lo, V u) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    // r^2/2 = hh (exact: hh from hi cut to half its bits) + hl.
    const V hh_r = O::from_bits(O::as_bits(hi) & O::ib(K::low_mask));
    const V hl_r = hi - hh_r;
    const V hh = (hh_r * hh_r) * V(S(0.5));
    const V hl = (hl_r * (hi + hh_r)) * V(S(0.5));
    const V w = V(S(1)) - hh;  // Fast2Sum: 1 >= hh
    const V e = (V(S(1)) - w) - hh;
    return w + (e + (((u * u) * horner(u, trig_consts<S>::cos_poly) - hl) - hi * lo));
}

// sin (Cosine = false) or cos (true) of x whose |x| <= cw_max, from the reduction: k mod 4
// selects the kernel (odd: the other one) and the sign, by bit operations.
template <bool Cosine, class V>
NGCRT_MATH_INLINE V trig_from(V x, const reduced_trig<V>& d) noexcept {
    using O = ops<V>;
    using B = typename O::bits;
    using S = typename O::scalar;
    using K = consts<S>;
    const V u = d.hi * d.hi;
    const V s = math::sin_kernel(d.hi, d.lo, u);
    const V c = math::cos_kernel(d.hi, d.lo, u);
    // k odd: the other kernel (a mask of all ones from k's lowest bit, by subtraction).
    const B odd = O::ib(0) - (d.kbits & O::ib(1));
    const B pick_c = Cosine ? ~odd : odd;
    const V y = O::from_bits((O::as_bits(c) & pick_c) | (O::as_bits(s) & ~pick_c));
    // The sign: sin is negative for k mod 4 in {2, 3}, cos for {1, 2}; and sin(-x) = -sin x.
    constexpr int sign_shift = 8 * sizeof(S) - 2;  // bit 1 of k to the sign bit
    const B kq = Cosine ? d.kbits + O::ib(1) : d.kbits;
    B sign = O::template shl<sign_shift>(kq & O::ib(2));
    if constexpr (!Cosine) sign = sign ^ (O::as_bits(x) & O::ib(~K::abs_mask));
    return O::from_bits(O::as_bits(y) ^ sign);
}

// One scalar with cw_max < |x| < inf: Payne-Hanek, then the kernels.
template <bool Cosine, class S>
S trig_scalar(S x) noexcept;

template <bool Cosine, class V>
NGCRT_MATH_INLINE V trig_core(V x) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    using C = trig_consts<S>;
    const V a = O::from_bits(O::as_bits(x) & O::ib(K::abs_mask));
    // Tiny, large, infinite and NaN lanes compute on 0 (nothing underflows or overflows) and
    // are replaced below.
    const auto tiny = a < V(C::tiny);
    const auto usual = detail::both(a <= V(C::cw_max), a >= V(C::tiny));
    const V ac = O::select(usual, a, V(S(0)));
    V y = math::trig_from<Cosine>(x, math::reduce_cody_waite(ac));
    y = O::select(tiny, Cosine ? V(S(1)) : x, y);
    y = O::select(a == V(K::inf), O::from_bits(O::ib(K::qnan)), y);
    y = O::select(O::isnan(x), quieted(x), y);
    // |x| > cw_max and finite (decided on the bits): Payne-Hanek, lane by lane.
    const auto ab = O::as_bits(a);
    const auto large = detail::both(ab > O::ib(C::cw_max_bits), ab < O::ib(K::abs_mask - K::mant_mask));
    if constexpr (std::is_same_v<V, S>) {
        return large ? trig_scalar<Cosine>(x) : y;
    } else {
        return O::redo(large, x, y, [](S v) { return trig_scalar<Cosine>(v); });
    }
}

template <bool Cosine, class S>
S trig_scalar(S x) noexcept {
    using O = ops<S>;
    using K = consts<S>;
    const S a = O::from_bits(O::as_bits(x) & O::ib(K::abs_mask));
    unsigned q = 0;
    S hi{}, lo{};
    payne_hanek::reduce(a, q, hi, lo);
    // k's two low bits in the place where the Cody-Waite sum holds them.
    return trig_from<Cosine>(x, reduced_trig<S>{hi, lo, static_cast<typename O::bits>(q)});
}

template <class V>
NGCRT_MATH_INLINE V sin(V x) noexcept {
    return math::trig_core<false>(x);
}
template <class V>
NGCRT_MATH_INLINE V cos(V x) noexcept {
    return math::trig_core<true>(x);
}

}  // namespace ngcrt::detail::math
