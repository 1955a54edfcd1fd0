// src/kernels/rate_cell_kernel.hpp - RateCell's step on a pack (kind_kernels<rate_kind, P>,
// src/kernels/kinds.hpp): one pass over memory, reading j, j_td, z and writing z, zF and j.
//
// Per element (docs/spec/rate-cell.md, every operation one rounding in this order):
//   stateful   d = dfx(z); jm = (j * d) * resist_scale; drive = jm + j_td
//              f(x) = (((-leak(x)) * gamma) + drive) * rate           rate = 1 / tau_m
//              z' = Euler / RK2 midpoint / RK4 of f; soft threshold; z = z'
//              zF = fx(z) * output_scale; j = jm (unwired j only)
//   stateless  z = (j + j_td) + 0; zF = fx(z) * output_scale
// Written once on the register type, so a SIMD register and the scalar tail compute the same
// operations; ngcrt's own exp, log1p, tanh, sin, cos (docs/math.md). softmax and bkwta work on
// a row: the scalar row pass below. A pack that flushes subnormals (ARMv7 NEON) runs the
// scalar pack (IEEE VFP), as the leaky cell does.
#pragma once

#include <cstddef>
#include <limits>

#include "engine/scalar_pack.hpp"
#include "math/elementary.hpp"
#include "math/sincos.hpp"
#include "math/tanh.hpp"
#include "ngcrt/engine/mask.hpp"
#include "ngcrt/rate_cell.hpp"

namespace ngcrt::detail {

template <class Kind, class P>
struct kind_kernels;

// fx, dfx, the leaks and the integrators on a pack's register.
template <class P>
struct rate_math {
    using V = typename P::reg;
    using T = typename P::value_type;
    using O = math::ops<V>;

    static V c(T v) noexcept { return V(v); }
    static V neg(V x) noexcept { return P::flip_sign(x); }
    template <class M>
    static V one_if(const M& m) noexcept {
        return O::select(m, c(T(1)), c(T(0)));
    }
    // NumPy's maximum(x, 0) and minimum(x, b): a NaN passes through; maximum(-0, +0) is +0.
    static V max0(V x) noexcept { return O::select(either(x > c(T(0)), O::isnan(x)), x, c(T(0))); }
    static V min_c(V x, T b) noexcept { return O::select(either(x <= c(b), O::isnan(x)), x, c(b)); }
    static V sigmoid(V x) noexcept { return P::div(c(T(1)), c(T(1)) + P::exp(neg(x))); }
    static V tanh(V x) noexcept { return math::tanh(x); }

    // ngclearn 3.1's swish derivative (exp(-x) even for gelu's b), or 3.2's (also the exact
    // convention's: the true derivative of x s(b x)).
    static V swish_dfx(V x, T b, bool v31) noexcept {
        if (v31) {
            const V e = P::exp(neg(x));
            const V e1 = e + c(T(1));
            return (P::div(c(T(1)), e1) + P::div(e * x, e1 * e1)) * c(b);
        }
        const V s = sigmoid(x * c(b));
        return s + ((c(b) * x) * (s * (c(T(1)) - s)));
    }

    template <Activation A>
    static V fx(V x, [[maybe_unused]] bool exact) noexcept {
        [[maybe_unused]] const T c001 = T(0.01), c1702 = T(1.702), c30 = T(30);
        if constexpr (A == Activation::identity) {
            return x + c(T(0));
        } else if constexpr (A == Activation::sigmoid) {
            return sigmoid(x);
        } else if constexpr (A == Activation::tanh) {
            return tanh(x);
        } else if constexpr (A == Activation::relu) {
            return max0(x);
        } else if constexpr (A == Activation::lrelu) {
            return O::select(x >= c(T(0)), x, c(c001) * x);
        } else if constexpr (A == Activation::relu6) {
            return min_c(max0(x), T(6));
        } else if constexpr (A == Activation::softplus) {
            return max0(x) + math::log1p(P::exp(neg(P::abs(x))));
        } else if constexpr (A == Activation::elu) {
            if (exact) return O::select(x >= c(T(0)), x, P::exp(x) - c(T(1)));
            const V m = one_if(x >= c(T(0)));
            return (x * m) + (((P::exp(x) - c(T(1))) * c(T(1))) * (c(T(1)) - m));
        } else if constexpr (A == Activation::silu) {
            return x * sigmoid(x * c(T(1)));
        } else if constexpr (A == Activation::gelu) {
            return x * sigmoid(x * c(c1702));
        } else if constexpr (A == Activation::telu) {
            return x * tanh(P::exp(x));
        } else if constexpr (A == Activation::sine) {
            return math::sin(c(c30) * x);
        } else if constexpr (A == Activation::unit_threshold) {
            return one_if(x >= c(T(1)));
        } else {
            static_assert(A == Activation::heaviside, "softmax and bkwta are row operations");
            return one_if(x >= c(T(0)));
        }
    }

    // The derivative a step uses: ngclearn's (conv 3.1 / 3.2) or the exact convention's.
    template <Activation A>
    static V dfx(V x, Convention conv) noexcept {
        [[maybe_unused]] const bool exact = conv == Convention::exact;
        [[maybe_unused]] const T c001 = T(0.01), c1702 = T(1.702), c30 = T(30);
        [[maybe_unused]] const V one = c(T(1));
        if constexpr (A == Activation::sigmoid || A == Activation::softplus) {
            const V s = sigmoid(x);
            if constexpr (A == Activation::softplus) return s;
            return s * (one - s);
        } else if constexpr (A == Activation::tanh) {
            const V t = tanh(x);
            return neg(t * t) + one;
        } else if constexpr (A == Activation::relu) {
            return one_if(x >= c(T(0)));
        } else if constexpr (A == Activation::lrelu) {
            const V m = one_if(x >= c(T(0)));
            return m + ((one - m) * c(c001));
        } else if constexpr (A == Activation::relu6) {
            return one_if(x >= c(T(0))) * one_if(x <= c(T(6)));
        } else if constexpr (A == Activation::elu) {
            if (exact) return O::select(x >= c(T(0)), one, P::exp(x));
            const V m = one_if(x >= c(T(0)));
            return m + ((one - m) * (P::exp(x) * one));
        } else if constexpr (A == Activation::silu) {
            return swish_dfx(x, T(1), conv == Convention::ngclearn_3_1);
        } else if constexpr (A == Activation::gelu) {
            return swish_dfx(x, c1702, conv == Convention::ngclearn_3_1);
        } else if constexpr (A == Activation::telu) {
            const V e = P::exp(x);
            const V te = tanh(e);
            return te + ((x * e) * (one - (te * te)));
        } else if constexpr (A == Activation::sine) {
            return c(c30) * math::cos(c(c30) * x);
        } else {
            // identity, unit_threshold, heaviside, softmax: (x * 0) + 1 in ngclearn (NaN at
            // +-inf and NaN); the exact convention's is 1 (the straight-through estimator).
            if (exact) return one;
            return (x * c(T(0))) + one;
        }
    }

    static V leak(Prior p, V x) noexcept {
        switch (p) {
            case Prior::laplacian:
                return O::select(x > c(T(0)), c(T(1)), O::select(x < c(T(0)), c(T(-1)), x));
            case Prior::cauchy: return P::div(x * c(T(2)), c(T(1)) + (x * x));
            case Prior::exp: return (P::exp(neg(x * x)) * x) * c(T(2));
            case Prior::gaussian:
            default: return x;
        }
    }

    struct constants {
        V gamma, rate, dt, half_dt, lambda, resist_scale, output_scale;
    };
    static constants prepare(const cells::rate_kind::args<T>& a) noexcept {
        return {c(a.gamma),  c(a.rate),         c(a.dt),          c(a.half_dt),
                c(a.lambda), c(a.resist_scale), c(a.output_scale)};
    }

    static V drift(const cells::rate_kind::args<T>& a, const constants& k, V x, V drive) noexcept {
        return ((neg(leak(a.prior, x)) * k.gamma) + drive) * k.rate;
    }

    // z' from z and the step's drive (jm + j_td), then the soft threshold.
    static V integrate(const cells::rate_kind::args<T>& a, const constants& k, V z, V drive) noexcept {
        V zn;
        if (a.method == RateIntegration::midpoint) {
            const V k1 = drift(a, k, z, drive);
            const V k2 = drift(a, k, z + (k1 * k.half_dt), drive);
            zn = z + (k2 * k.dt);
        } else if (a.method == RateIntegration::rk4) {
            const V k1 = drift(a, k, z, drive);
            const V k2 = drift(a, k, z + (k1 * k.half_dt), drive);
            const V k3 = drift(a, k, z + (k2 * k.half_dt), drive);
            const V k4 = drift(a, k, z + (k3 * k.dt), drive);
            const V s = (((c(T(0)) + k1) + (c(T(2)) * k2)) + (c(T(2)) * k3)) + k4;
            zn = z + ((s * c(T(1.0 / 6.0))) * k.dt);
        } else {
            zn = z + (drift(a, k, z, drive) * k.dt);
        }
        if (a.soft_threshold) zn = max0(zn - k.lambda) - max0(neg(zn) - k.lambda);
        return zn;
    }

    // One register of elements at index i.
    template <Activation A>
    static void elements(const cells::rate_kind::args<T>& a, const constants& k, std::size_t i) noexcept {
        const bool exact = a.convention == Convention::exact;
        const V j = P::load(a.j + i);
        const V jt = P::load(a.j_td + i);
        if (a.stateless) {
            const V zn = (j + jt) + c(T(0));  // + 0: a -0 sum becomes +0
            P::store(a.z + i, zn);
            P::store(a.zF + i, fx<A>(zn, exact) * k.output_scale);
            return;
        }
        const V z = P::load(a.z + i);
        const V jm = (j * dfx<A>(z, a.convention)) * k.resist_scale;
        const V zn = integrate(a, k, z, jm + jt);
        P::store(a.z + i, zn);
        P::store(a.zF + i, fx<A>(zn, exact) * k.output_scale);
        if (a.j_out != nullptr) P::store(a.j_out + i, jm);
    }
};

template <class T>
struct rate_rows {
    using P = scalar_pack<T>;
    using M = rate_math<P>;
    static bool nan(T v) noexcept { return math::ops<T>::isnan(v); }

    // The row's 5th largest value, NaNs skipped (a duplicate counts again); NaN if the row
    // has fewer than 5 numbers (then bkwta selects nothing).
    static T fifth_largest(const T* x, std::size_t n) noexcept {
        T top[5] = {};
        std::size_t count = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const T v = x[i];
            if (nan(v)) continue;
            if (count == 5 && !(v > top[4])) continue;
            std::size_t p = count < 5 ? count++ : 4;
            while (p > 0 && v > top[p - 1]) {
                top[p] = top[p - 1];
                --p;
            }
            top[p] = v;
        }
        if (count < 5) return std::numeric_limits<T>::quiet_NaN();
        return top[4];
    }

    // softmax and bkwta: the elementwise step row by row (dfx: softmax's stand-in, or bkwta
    // of the old z), then fx on the row. softmax: m = the row's maximum (NaN if any is),
    // e = exp(z - m), s = +0 + e[0] + e[1] + ... in increasing unit order, zF = (e / s) *
    // output_scale. bkwta: zF = (z >= the row's 5th largest) * output_scale.
    static void run(const cells::rate_kind::args<T>& a) noexcept {
        const bool softmax = a.act_fx == Activation::softmax;
        const bool exact = a.convention == Convention::exact;
        const typename M::constants k = M::prepare(a);
        for (std::size_t r = 0; r < a.rows; ++r) {
            const std::size_t base = r * a.units;
            const T kth_old = softmax || a.stateless ? T(0) : fifth_largest(a.z + base, a.units);
            for (std::size_t u = 0; u < a.units; ++u) {
                const std::size_t i = base + u;
                const T j = a.j[i], jt = a.j_td[i];
                if (a.stateless) {
                    a.z[i] = (j + jt) + T(0);
                    continue;
                }
                const T z = a.z[i];
                T d;
                if (softmax) {
                    d = exact ? T(1) : (z * T(0)) + T(1);
                } else {
                    d = z >= kth_old ? T(1) : T(0);
                }
                const T jm = (j * d) * a.resist_scale;
                a.z[i] = M::integrate(a, k, z, jm + jt);
                if (a.j_out != nullptr) a.j_out[i] = jm;
            }
            const T* z = a.z + base;
            T* zF = a.zF + base;
            if (softmax) {
                T m = z[0];
                for (std::size_t u = 1; u < a.units; ++u)
                    if (!nan(m) && (nan(z[u]) || z[u] > m)) m = z[u];
                T s = T(0);
                for (std::size_t u = 0; u < a.units; ++u) {
                    zF[u] = P::exp(z[u] - m);
                    s = s + zF[u];
                }
                for (std::size_t u = 0; u < a.units; ++u) zF[u] = (zF[u] / s) * a.output_scale;
            } else {
                const T kth = fifth_largest(z, a.units);
                for (std::size_t u = 0; u < a.units; ++u)
                    zF[u] = (z[u] >= kth ? T(1) : T(0)) * a.output_scale;
            }
        }
    }
};

template <class P>
struct kind_kernels<cells::rate_kind, P> {
    using T = typename P::value_type;
    using args = cells::rate_kind::args<T>;

    template <Activation A>
    static void elementwise(const args& a) noexcept {
        const std::size_t n = a.units * a.rows;
        std::size_t i = 0;
        if constexpr (P::width > 1) {
            const typename rate_math<P>::constants k = rate_math<P>::prepare(a);
            for (; i + P::width <= n; i += P::width) rate_math<P>::template elements<A>(a, k, i);
        }
        using S = rate_math<scalar_pack<T>>;
        const typename S::constants ks = S::prepare(a);
        for (; i < n; ++i) S::template elements<A>(a, ks, i);
    }

    static void run(args& a) noexcept {
        if constexpr (P::flushes_subnormals) {
            kind_kernels<cells::rate_kind, scalar_pack<T>>::run(a);
        } else {
            switch (a.act_fx) {
                case Activation::identity: return elementwise<Activation::identity>(a);
                case Activation::sigmoid: return elementwise<Activation::sigmoid>(a);
                case Activation::tanh: return elementwise<Activation::tanh>(a);
                case Activation::relu: return elementwise<Activation::relu>(a);
                case Activation::lrelu: return elementwise<Activation::lrelu>(a);
                case Activation::relu6: return elementwise<Activation::relu6>(a);
                case Activation::softplus: return elementwise<Activation::softplus>(a);
                case Activation::elu: return elementwise<Activation::elu>(a);
                case Activation::silu: return elementwise<Activation::silu>(a);
                case Activation::gelu: return elementwise<Activation::gelu>(a);
                case Activation::telu: return elementwise<Activation::telu>(a);
                case Activation::sine: return elementwise<Activation::sine>(a);
                case Activation::unit_threshold: return elementwise<Activation::unit_threshold>(a);
                case Activation::heaviside: return elementwise<Activation::heaviside>(a);
                case Activation::softmax:
                case Activation::bkwta: return rate_rows<T>::run(a);
            }
        }
    }
};

}  // namespace ngcrt::detail
