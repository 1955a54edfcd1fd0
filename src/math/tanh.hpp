// src/math/tanh.hpp - ngcrt's deterministic tanh, written once for every value type (float,
// double, xsimd batches), in elementary.hpp's style and on its adapters (ops_scalar.hpp,
// ops_xsimd.hpp): IEEE + - * only (no division: a reciprocal by Newton's iteration), selects
// and exact integer operations on the bit pattern, in a fixed order. Method and measured
// accuracy: docs/math.md ("tanh").
//
//   |x| < tiny              x (keeps -0 and subnormals)
//   |x| < 0.55              x + x^3 P(x^2)                       (no cancellation, no division)
//   otherwise               1 - 2 / (expm1(2|x|) + 2), |x| clamped where tanh rounds to 1
// with the sign of x; NaN in, the same NaN out (quiet).
#pragma once

#include <cstdint>

#include "math/elementary.hpp"

namespace ngcrt::detail::math {

template <class S>
struct tanh_consts;

template <>
struct tanh_consts<float> {
    static constexpr float tiny = 0x1p-12F;   // tanh(x) rounds to x below (x^2/3 < 2^-24)
    static constexpr float poly_max = 0.55F;  // P below, 1 - 2/(e + 2) above (ln(3)/2 rounded up)
    static constexpr float clamp = 9.5F;      // tanh rounds to 1 above 13 ln2 = 9.01
    // tanh(x) = x + x^3 P(x^2) on |x| <= 0.55 (tools/math/fit_coefficients.py, "tanh").
    static constexpr float poly[] = {-0x1.555554p-2F, 0x1.111082p-3F,  -0x1.b9f38ep-5F,
                                     0x1.63b7bcp-6F,  -0x1.0c7e82p-7F, 0x1.1918ep-9F};
    static constexpr int newton_steps = 2;  // 1/17 -> 3.5e-3 -> 1.2e-5, then the residual step
};

template <>
struct tanh_consts<double> {
    static constexpr double tiny = 0x1p-27;
    static constexpr double poly_max = 0.55;
    static constexpr double clamp = 19.5;  // 27.5 ln2 = 19.06
    static constexpr double poly[] = {-0x1.5555555555555p-2,  0x1.111111111108p-3,    -0x1.ba1ba1ba10e24p-5,
                                      0x1.664f487f8e688p-6,   -0x1.226e34cf732aep-7,  0x1.d6d3b1029e363p-9,
                                      -0x1.7da103d2f736dp-10, 0x1.3539028b03012p-11,  -0x1.f349d11959fb1p-13,
                                      0x1.88d7ce857046cp-14,  -0x1.1132c4e0b2799p-15, 0x1.e4b707d3d0868p-18};
    static constexpr int newton_steps = 3;  // ... -> 1.5e-10, then the residual step
};

// 1 - 2/d for d = dh + dl (dh a positive normal whose 2^-e is normal too, dl below its
// rounding), without a division: dh = 2^e m with m in [1, 2) (from the bits); r ~ 1/m from a
// linear seed 24/17 - (8/17) m (relative error at most 1/17 on [1, 2]) and Newton's
// r = r (2 - m r); then the residual eps = 1 - d r 2^-e computed to well below the rounding
// (m and r cut in halves whose high parts multiply exactly, as log's f^2 in elementary.hpp),
// and 1 - 2 r 2^-e (1 + eps) with one final rounding (Fast2Sum on 1 - y).
template <class V>
NGCRT_MATH_INLINE V one_minus_two_over(V dh, V dl) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    const V one(S(1));
    const auto db = O::as_bits(dh);
    const V m = O::from_bits((db & O::ib(K::mant_mask)) | O::ib(K::one_bits));
    // 2^-e: biased exponent field 2 bias - field(dh).
    const V scale = pow2_field<V>(O::ib(2 * K::bias) - O::template shr<K::mant_bits>(db));
    V r = V(S(24) / S(17)) - V(S(8) / S(17)) * m;
    for (int i = 0; i < tanh_consts<S>::newton_steps; ++i) r = r * (V(S(2)) - m * r);
    const V mh = O::from_bits(O::as_bits(m) & O::ib(K::low_mask));
    const V rh = O::from_bits(O::as_bits(r) & O::ib(K::low_mask));
    const V ml = m - mh, rl = r - rh;
    const V eps_m = ((one - mh * rh) - (mh * rl + ml * rh)) - ml * rl;  // 1 - m r; 1 - mh rh exact
    const V rs = r * scale;                                             // ~ 1/dh, exact scaling
    const V eps = eps_m - dl * rs;                                      // 1 - (dh + dl) rs
    const V y = rs * V(S(2));
    const V t1 = one - y;  // Fast2Sum: 1 >= y
    const V te = (one - t1) - y;
    return t1 + (te - y * eps);
}

template <class V>
NGCRT_MATH_INLINE V tanh_core(V x) noexcept {
    using O = ops<V>;
    using S = typename O::scalar;
    using K = consts<S>;
    using C = tanh_consts<S>;
    const V a = O::from_bits(O::as_bits(x) & O::ib(K::abs_mask));
    const V one(S(1));
    // |x| < 0.55: x + x^3 P(x^2) (computed on 0 for the tiny lanes: nothing underflows).
    const auto tiny = a < V(C::tiny);
    const V ap = O::select(tiny, V(S(0)), a);
    const V u = ap * ap;
    const V p = ap + (ap * u) * horner(u, C::poly);
    // Otherwise 1 - 2/(e + 2), e = expm1(2|x|) >= 2.004, clamped where tanh rounds to 1 (so e
    // stays finite); the small lanes compute it on 1.
    const auto small = a < V(C::poly_max);
    V ab = O::select(a > V(C::clamp), V(C::clamp), a);
    ab = O::select(small, one, ab);
    const V e = math::expm1_core(ab + ab);
    const V dh = e + V(S(2));  // Fast2Sum: e >= 2
    const V t = math::one_minus_two_over(dh, (e - dh) + V(S(2)));
    V y = O::select(small, p, t);
    y = O::from_bits(O::as_bits(y) | (O::as_bits(x) & O::ib(~K::abs_mask)));  // x's sign
    y = O::select(tiny, x, y);
    return O::select(O::isnan(x), quieted(x), y);
}

// tanh with no redo on ARMv7 NEON: the tiny lanes (subnormal inputs among them) are answered by
// a bitwise select of x, and every other lane's operands and intermediates stay above 2^-40.
template <class V>
NGCRT_MATH_INLINE V tanh(V x) noexcept {
    return tanh_core(x);
}

}  // namespace ngcrt::detail::math
