// src/math/elementary.hpp - ngcrt's deterministic exp, expm1, log, log1p, written once for
// every value type: float, double, and xsimd::batch<float|double, A> for any arch A.
//
//   #include "math/elementary.hpp"           // plus math/ops_xsimd.hpp for batches
//   y = ngcrt::detail::math::exp(v);          // v: float, double or an xsimd batch
//
// The same source gives the same bits for every value type and ISA: it uses only IEEE
// + - * (no division, no FMA: compile with -ffp-contract=off), comparisons, selects and
// exact integer operations on the bit pattern, in a fixed order; float in float
// arithmetic, double in double. Method, error bounds and measured accuracy:
// docs/math.md. Special values follow C Annex F (exp(-inf) = +0, log(+-0) = -inf,
// expm1(-0) = -0, log1p(-1) = -inf, ...); a NaN input comes back as itself with the quiet
// bit set, and a NaN made from a non-NaN input (log of a negative) is the positive
// default quiet NaN, so even NaN bits agree across targets.
#pragma once

#include <cstddef>
#include <cstdint>

#include "math/ops_scalar.hpp"
#include "ngcrt/engine/mask.hpp"

// Everything is inlined into the caller's loop, so the constants are loaded once per loop
// rather than once per register (GCC otherwise keeps exp_core out of line).
#if defined(__GNUC__) || defined(__clang__)
#define NGCRT_MATH_INLINE [[gnu::always_inline]] inline
#else
#define NGCRT_MATH_INLINE inline
#endif

namespace ngcrt::detail::math {

// ---- constants -------------------------------------------------------------------------
// Polynomial coefficients are fitted by tools/math/fit_coefficients.py (lowest power
// first) and rounded to the working precision; the tests in tests/math measure the result.
template <class S>
struct consts;

template <>
struct consts<float> {
    static constexpr int mant_bits = 23;
    static constexpr std::uint64_t bias = 127;
    static constexpr std::uint64_t abs_mask = 0x7fffffffU, quiet = 0x00400000U, mant_mask = 0x007fffffU;
    static constexpr std::uint64_t qnan = 0x7fc00000U;
    static constexpr std::uint64_t low_mask = 0xfffff000U;  // keeps 12 significant bits
    static constexpr float inf = __builtin_huge_valf();
    // Rounding to an integer: adding 1.5 * 2^23 leaves k in the low mantissa bits.
    static constexpr float shift = 0x1.8p23F;
    static constexpr std::uint64_t shift_bits = 0x4b400000U;
    // Integer n (0 <= n < 2^23) to float: or into 2^23's bits, subtract 2^23.
    static constexpr std::uint64_t two_mant_bits = 0x4b000000U;
    static constexpr float two_mant = 0x1p23F;
    static constexpr float log2e = 0x1.715476p+0F;
    // ln2 = ln2_hi + ln2_lo; ln2_hi has 15 significant bits, so k * ln2_hi is exact for |k| < 512.
    static constexpr float ln2_hi = 0x1.62e4p-1F;
    static constexpr float ln2_lo = 0x1.7f7d1cp-20F;
    // exp: above exp_max every result is +inf (x is clamped there, keeping k in range),
    // below exp_min every result is +0 (e^x < 2^-150).
    static constexpr float exp_max = 89.0F, exp_min = -104.0F;
    // expm1: below -27, e^x < 2^-38 and expm1 rounds to -1.
    static constexpr float expm1_min = -27.0F;
    // |x| below this: expm1(x) and log1p(x) round to x, exp(x) to 1.
    static constexpr float tiny = 0x1p-25F;
    // log: subnormal inputs are scaled by 2^25 first.
    static constexpr float sub_scale = 0x1p25F, sub_exp = -25.0F;
    static constexpr float min_normal = 0x1p-126F;
    // sqrt(1/2) rounded down: log reduces x = 2^e m with m in [sqrt(1/2), sqrt(2)).
    static constexpr std::uint64_t sqrt_half_bits = 0x3f3504f3U, one_bits = 0x3f800000U;
    static constexpr float log1p_lo = -0x1.2bec34p-2F, log1p_hi = 0x1.a8279ap-2F;  // sqrt(1/2)-1, sqrt(2)-1
    // 1/m ~ rcp_a - rcp_b m on [sqrt(1/2), sqrt(2)] (relative error 0.059), then Newton.
    static constexpr float rcp_a = 0x1.ff1d0ap+0F, rcp_b = 0x1.e1e1e2p-1F;
    // exp:  e^r - 1 - r - r^2/2 ~ r^3 P(r), |r| <= ln2/2 (+ rounding slack).
    static constexpr float exp_poly[] = {0x1.555554p-3F, 0x1.5554e8p-5F, 0x1.11130ep-7F, 0x1.6d4cbap-10F,
                                         0x1.9dfbap-13F};
    // log:  log1p(f) - f + f^2/2 ~ f^3 P(f), f in [sqrt(1/2) - 1, sqrt(2) - 1].
    static constexpr float log_poly[] = {0x1.555548p-2F,  -0x1.000006p-2F, 0x1.99a478p-3F,
                                         -0x1.555c4ep-3F, 0x1.233b78p-3F,  -0x1.fc26acp-4F,
                                         0x1.e6c03ep-4F,  -0x1.de1004p-4F, 0x1.1484e8p-4F};
};

template <>
struct consts<double> {
    static constexpr int mant_bits = 52;
    static constexpr std::uint64_t bias = 1023;
    static constexpr std::uint64_t abs_mask = 0x7fffffffffffffffU, quiet = 0x0008000000000000U,
                                   mant_mask = 0x000fffffffffffffU;
    static constexpr std::uint64_t qnan = 0x7ff8000000000000U;
    static constexpr std::uint64_t low_mask = 0xfffffffff8000000U;  // keeps 26 significant bits
    static constexpr double inf = __builtin_huge_val();
    static constexpr double shift = 0x1.8p52;
    static constexpr std::uint64_t shift_bits = 0x4338000000000000U;
    static constexpr std::uint64_t two_mant_bits = 0x4330000000000000U;
    static constexpr double two_mant = 0x1p52;
    static constexpr double log2e = 0x1.71547652b82fep+0;
    // ln2_hi has 42 significant bits: k * ln2_hi is exact for |k| < 2048.
    static constexpr double ln2_hi = 0x1.62e42fefa38p-1;
    static constexpr double ln2_lo = 0x1.ef35793c7673p-45;
    static constexpr double exp_max = 710.0, exp_min = -746.0;
    static constexpr double expm1_min = -40.0;
    static constexpr double tiny = 0x1p-54;
    static constexpr double sub_scale = 0x1p54, sub_exp = -54.0;
    static constexpr double min_normal = 0x1p-1022;
    static constexpr std::uint64_t sqrt_half_bits = 0x3fe6a09e667f3bcdU, one_bits = 0x3ff0000000000000U;
    static constexpr double log1p_lo = -0x1.2bec333018867p-2, log1p_hi = 0x1.a827999fcef32p-2;
    static constexpr double rcp_a = 0x1.ff1d090b39fb7p+0, rcp_b = 0x1.e1e1e1e1e1e1ep-1;
    static constexpr double exp_poly[] = {
        0x1.5555555555555p-3,  0x1.5555555555555p-5,  0x1.11111111112cep-7,  0x1.6c16c16c16888p-10,
        0x1.a01a019f4e741p-13, 0x1.a01a01a5168acp-16, 0x1.71de3cff2c09ap-19, 0x1.27e4def9161e4p-22,
        0x1.ae5bf0f50b738p-26, 0x1.1f6dd3170419ep-29, 0x1.6b7c1866171aap-33,
    };
    static constexpr double log_poly[] = {
        0x1.555555555556bp-2, -0x1.ffffffffffe7dp-3, 0x1.9999999994d55p-3, -0x1.555555556affdp-3,
        0x1.249249275fcd1p-3, -0x1.fffffff3bdc32p-4, 0x1.c71c702d3eba7p-4, -0x1.99999a9bf0d31p-4,
        0x1.745d58e64177bp-4, -0x1.55557745a0167p-4, 0x1.3b0d77c70becfp-4, -0x1.2489425784381p-4,
        0x1.116a026bb0d62p-4, -0x1.00d006d9eda48p-4, 0x1.dc986dfa5947p-5,  -0x1.b45a965d79573p-5,
        0x1.bba5814e8b90ep-5, -0x1.010991ddc1019p-4, 0x1.d2c80dd8cbc4bp-5, -0x1.8dddd433e22d4p-6,
    };
};

// ---- helpers -----------------------------------------------------------------------------
// Horner's rule, highest power first: c[0] + t (c[1] + t (c[2] + ...)).
template <class V, class S, std::size_t N>
NGCRT_MATH_INLINE V horner(V t, const S (&c)[N]) noexcept {
    V y = V(c[N - 1]);
    for (std::size_t i = N - 1; i-- > 0;) y = y * t + V(c[i]);
    return y;
}

// NaN in, the same NaN out, quiet.
template <class V>
NGCRT_MATH_INLINE V quieted(V x) noexcept {
    using O = ops<V>;
    using K = consts<typename O::scalar>;
    return O::from_bits(O::as_bits(x) | O::ib(K::quiet));
}

// |x| < c (c > 0), on |x| made by clearing the sign bit.
template <class V>
NGCRT_MATH_INLINE auto abs_less(V x, V c) noexcept {
    using O = ops<V>;
    return O::from_bits(O::as_bits(x) & O::ib(consts<typename O::scalar>::abs_mask)) < c;
}

// 2^n from a biased exponent field n (1 <= n <= 2 bias), exactly.
template <class V>
NGCRT_MATH_INLINE V pow2_field(typename ops<V>::bits n) noexcept {
    using O = ops<V>;
    return O::from_bits(O::template shl<consts<typename O::scalar>::mant_bits>(n));
}

// k = round(x log2 e) as a float, x - k ln2 = r_hi - c (r_hi exact), and the bits of the
// rounding sum t, whose low mantissa bits hold k. |x log2 e| < 2^22 (x is clamped).
template <class V>
struct reduced_exp {
    V kf, r_hi, c, r, p;  // p = P(r)
    typename ops<V>::bits tbits;
};

template <class V>
NGCRT_MATH_INLINE reduced_exp<V> reduce_exp(V x) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    const V t = x * V(K::log2e) + V(K::shift);  // round to nearest integer (ties to even)
    const V kf = t - V(K::shift);
    // Cody-Waite: kf * ln2_hi is exact and close to x (Sterbenz), so r_hi is exact.
    const V r_hi = x - kf * V(K::ln2_hi);
    const V c = kf * V(K::ln2_lo);
    const V r = r_hi - c;
    // e^r - 1 - r = r^2/2 + r^3 P(r)
    return {kf, r_hi, c, r, horner(r, K::exp_poly), O::as_bits(t)};
}

// ---- exp ---------------------------------------------------------------------------------
template <class V>
NGCRT_MATH_INLINE V exp_core(V x) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    const V one(S(1));
    // Below exp_min every result rounds to +0, and for |x| < tiny to 1: those lanes
    // compute e^0 = 1 (the first are replaced at the end). Arithmetic on them would
    // underflow (r^2, the final product), which costs a microcode assist per operation
    // on x86: this keeps the time per element independent of the data outside the
    // range of subnormal results.
    const auto zero = x < V(K::exp_min);
    V xc = O::select(x > V(K::exp_max), V(K::exp_max), x);
    xc = O::select(zero | abs_less(x, V(K::tiny)), V(S(0)), xc);
    const reduced_exp<V> d = reduce_exp(xc);
    // e^r = 1 + r_hi - c + q, q = r^2 (1/2 + r P(r)); 1 + r_hi = h + l exactly
    // (Fast2Sum, |1| >= |r_hi|), then one rounding of the sum.
    const V q = (d.r * d.r) * (V(S(0.5)) + d.r * d.p);
    const V h = one + d.r_hi;
    const V l = (one - h) + d.r_hi;
    const V p = h + ((l - d.c) + q);
    // 2^k = 2^k1 * 2^k2, k1 = floor(k/2), k2 = k - k1, each factor normal for k in
    // [-150, 128] (double: [-1076, 1024]); here k >= -150 (-1076). With n = k + 2 bias >= 0 (logical shifts):
    // field(2^k1) = n >> 1, field(2^k2) = n - (n >> 1). p * 2^k1 is exact; the last
    // multiply rounds once (to +inf, a subnormal or +0 as IEEE says).
    V y{};
    if constexpr (O::has_scalef) {
        y = O::scalef(p, d.kf);  // the same single rounding in one instruction (AVX-512)
    } else {
        using B = typename O::bits;
        const B n = d.tbits - O::ib(K::shift_bits - 2 * K::bias);
        const B n1 = O::template shr<1>(n);
        y = (p * pow2_field<V>(n1)) * pow2_field<V>(n - n1);
    }
    y = O::select(zero, V(S(0)), y);
    return O::select(O::isnan(x), quieted(x), y);
}

// ---- expm1 -------------------------------------------------------------------------------
template <class V>
NGCRT_MATH_INLINE V expm1_core(V x) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    // |x| < tiny: expm1(x) rounds to x (selected at the end: keeps -0 and subnormals
    // exact); those lanes compute with 0 meanwhile, which never underflows.
    const auto tiny = abs_less(x, V(K::tiny));
    V xc = O::select(x > V(K::exp_max), V(K::exp_max), x);
    xc = O::select(xc < V(K::expm1_min), V(K::expm1_min), xc);
    xc = O::select(tiny, V(S(0)), xc);
    const reduced_exp<V> d = reduce_exp(xc);
    // Everything at half scale, so that 2^(k-1) stays normal up to k = 128 (1024):
    // expm1(x) = 2 (s (1 + r_hi + hq + lq - c) - 1/2), s = 2^(k-1).
    const V s = pow2_field<V>(d.tbits - O::ib(K::shift_bits - K::bias + 1));
    const V half(S(0.5));
    // a + ea = s - 1/2 exactly (TwoSum: either may be larger).
    const V a = s - half;
    const V bb = a - s;
    const V ea = (s - (a - bb)) + (-half - bb);
    // b = s r_hi is exact; |a| >= |b| for k != 0 and a = 0 for k = 0: Fast2Sum.
    const V b = s * d.r_hi;
    const V hi = a + b;
    const V e = (a - hi) + b;
    // e^r - 1 - r = r^2/2 + r^3 P(r) = hq + lq: with rh = r cut to half the significant
    // bits and rl = r - rh, r^2/2 = rh^2/2 (exact) + rl (r + rh)/2. Carrying the large
    // term hq exactly keeps its rounding out of the result: near x = ln2/2, where k = 1,
    // the result is only about four times hq.
    const V rh = O::from_bits(O::as_bits(d.r) & O::ib(K::low_mask));
    const V rl = d.r - rh;
    const V hq = (rh * rh) * half;
    const V lq = (rl * (d.r + rh)) * half + ((d.r * d.r) * d.r) * d.p;
    // + s hq (exact), Fast2Sum again: |hi| > s hq for every k (|hi| >= 2|s hq| at k = 0).
    const V qh = s * hq;
    const V hi2 = hi + qh;
    const V e2 = (hi - hi2) + qh;
    const V lo = (e + e2) + (ea + s * (lq - d.c));
    V y = (hi2 + lo) * V(S(2));
    y = O::select(tiny, x, y);
    return O::select(O::isnan(x), quieted(x), y);
}

// ---- log and log1p -----------------------------------------------------------------------
// log(2^e (1 + f)) + corr, for f in [sqrt(1/2) - 1, sqrt(2) - 1] and a small correction
// corr, as S2 + lo with S2 = e ln2_hi + f - fh^2/2 computed exactly (two Fast2Sums) and
// lo collecting the small terms:
//   log1p(f) = f - f^2/2 + f^3 P(f),   f^2/2 = fh^2/2 + fl (f + fh)/2,
// where fh is f cut to half the significant bits (fh^2 exact) and fl = f - fh.
template <class V>
NGCRT_MATH_INLINE V log_from(V ef, V f, V corr) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    const V half(S(0.5));
    const V fh = O::from_bits(O::as_bits(f) & O::ib(K::low_mask));
    const V fl = f - fh;
    const V hh = (fh * fh) * half;        // exact
    const V hl = (fl * (f + fh)) * half;  // the rest of f^2/2
    const V t1 = ef * V(K::ln2_hi);       // exact
    const V s1 = t1 + f;                  // Fast2Sum: |t1| >= ln2_hi > |f|, or t1 = 0
    const V e1 = (t1 - s1) + f;
    const V s2 = s1 - hh;  // Fast2Sum: |s1| > hh
    const V e2 = (s1 - s2) - hh;
    const V f3 = (f * f) * f;
    const V lo = ((e1 + e2) + ((ef * V(K::ln2_lo) + corr) - hl)) + f3 * horner(f, K::log_poly);
    return s2 + lo;
}

// Splits a positive normal x into 2^e m, m in [sqrt(1/2), sqrt(2)): returns m and the
// biased exponent field e + bias (adding 1 - sqrt(1/2) to the bits carries into the
// exponent exactly when the significand is >= sqrt(2)).
template <class V>
NGCRT_MATH_INLINE V split_log(V x, typename ops<V>::bits& ebias) noexcept {
    using O = ops<V>;
    using K = consts<typename O::scalar>;
    const auto ix = O::as_bits(x) + O::ib(K::one_bits - K::sqrt_half_bits);
    ebias = O::template shr<K::mant_bits>(ix);
    return O::from_bits((ix & O::ib(K::mant_mask)) + O::ib(K::sqrt_half_bits));
}

// A small non-negative integer field n (< 2^mant) as a value, exactly.
template <class V>
NGCRT_MATH_INLINE V field_value(typename ops<V>::bits n) noexcept {
    using O = ops<V>;
    using K = consts<typename O::scalar>;
    return O::from_bits(n | O::ib(K::two_mant_bits)) - V(K::two_mant);
}

template <class V>
NGCRT_MATH_INLINE V log_core(V x) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    // Subnormals: scale by 2^25 (2^54) exactly, take it off the exponent.
    const auto sub = x < V(K::min_normal);
    const V xs = O::select(sub, x * V(K::sub_scale), x);
    typename O::bits eb;
    const V m = split_log(xs, eb);
    const V ef = (field_value<V>(eb) - V(S(K::bias))) + O::select(sub, V(K::sub_exp), V(S(0)));
    V y = log_from(ef, m - V(S(1)), V(S(0)));
    y = O::select(x < V(S(0)), O::from_bits(O::ib(K::qnan)), y);
    y = O::select(x == V(S(0)), V(-K::inf), y);
    y = O::select(x == V(K::inf), x, y);
    return O::select(O::isnan(x), quieted(x), y);
}

template <class V>
NGCRT_MATH_INLINE V log1p_core(V x) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    using B = typename O::bits;
    const V one(S(1));
    // |x| < tiny: log1p(x) rounds to x (selected at the end); those lanes compute with 0.
    const auto tiny = abs_less(x, V(K::tiny));
    const V xw = O::select(tiny, V(S(0)), x);
    // Inside [sqrt(1/2) - 1, sqrt(2) - 1) the argument is x itself (exact): log1p(x) = log_from(0, x).
    // Elsewhere u + c = 1 + x exactly (TwoSum), u = 2^e m, and
    //   log1p(x) = e ln2 + log(m) + log(1 + c/u) ~ e ln2 + log1p(m - 1) + c 2^-e / m,
    // where c/u < 2^-23 relative, so 1/m needs only a few correct bits: a linear seed
    // and two Newton steps (relative error ~1e-5), no division.
    const V u = one + xw;
    const V bb = u - xw;
    const V c = (xw - (u - bb)) + (one - bb);
    B eb;
    const V m = split_log(u, eb);
    V r = V(K::rcp_a) - V(K::rcp_b) * m;
    r = r * (V(S(2)) - m * r);
    r = r * (V(S(2)) - m * r);
    // 2^(2-e), normal for every e here (u <= max finite), then the 1/4 folded into 1/m.
    const V p2 = pow2_field<V>(O::ib(2 * K::bias + 2) - eb);
    const V corr_u = (c * p2) * (r * V(S(0.25)));
    const V ef_u = field_value<V>(eb) - V(S(K::bias));
    const auto inner = detail::both(xw >= V(K::log1p_lo), xw < V(K::log1p_hi));
    const V f = O::select(inner, xw, m - one);
    const V ef = O::select(inner, V(S(0)), ef_u);
    const V corr = O::select(inner, V(S(0)), corr_u);
    V y = log_from(ef, f, corr);
    y = O::select(tiny, x, y);
    y = O::select(x < V(S(-1)), O::from_bits(O::ib(K::qnan)), y);
    y = O::select(x == V(S(-1)), V(-K::inf), y);
    y = O::select(x == V(K::inf), x, y);
    return O::select(O::isnan(x), quieted(x), y);
}

// ---- the entry points: the core, plus the ARMv7 NEON redo ------------------------------
// ARMv7 NEON flushes subnormal inputs and results to zero. Lanes where that can change a
// result are recomputed by the scalar form (IEEE VFP); the conditions are decided on the
// bit patterns, since a float comparison would itself flush:
//   exp:   x <= -87 (bits above 0xc2ae0000 as unsigned): the result is below 2^-126
//          (from x < -87.34) or close to it; every other lane's operands and
//          intermediates are normal or exact zeros.
//   log:   exponent field 0 (zero or subnormal input): the input itself flushes.
//   expm1, log1p: none. Their subnormal inputs (and every |x| < 2^-25) are answered by
//          a bitwise select of x, and every other lane's intermediates are above 2^-110.
template <class V>
NGCRT_MATH_INLINE V exp(V x) noexcept {
    V y = exp_core(x);
    if constexpr (ops<V>::flushes_subnormals) {
        using O = ops<V>;
        y = O::redo(O::as_bits(x) > O::ib(0xc2ae0000U), x, y,
                    [](typename O::scalar v) { return exp_core(v); });
    }
    return y;
}

template <class V>
NGCRT_MATH_INLINE V expm1(V x) noexcept {
    return expm1_core(x);
}

template <class V>
NGCRT_MATH_INLINE V log(V x) noexcept {
    V y = log_core(x);
    if constexpr (ops<V>::flushes_subnormals) {
        using O = ops<V>;
        y = O::redo((O::as_bits(x) & O::ib(0x7f800000U)) == O::ib(0), x, y,
                    [](typename O::scalar v) { return log_core(v); });
    }
    return y;
}

template <class V>
NGCRT_MATH_INLINE V log1p(V x) noexcept {
    return log1p_core(x);
}

}  // namespace ngcrt::detail::math
