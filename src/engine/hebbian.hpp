// src/engine/hebbian.hpp - a HebbianSynapse's update and optimizer step on a pack P
// (include/ngcrt/engine/synapse.hpp: kinds::hebbian_update, kinds::synapse_optimizer; the
// operation lists are docs/spec/synapses.md's).
//
// The update runs one row i of dW at a time, lanes along o (a row of W and dW is
// contiguous): dW[i][o] = sum over batch rows r of a[r][i] * c[r][o], r ascending from +0,
// then the soft bound, the prior and sign_value on the finished sum, elementwise. db is the
// same sum with a = 1. The last W - 1 columns take the scalar pack (the same operations).
//
// The optimizer is elementwise on plain T (its division and square root are scalar IEEE
// operations on every target: ieee_sqrt, never a SIMD estimate).
#pragma once

#include <cstddef>

#include "engine/scalar_pack.hpp"
#include "ngcrt/engine/synapse.hpp"

namespace ngcrt::detail::synapse {

template <class P>
struct hebbian {
    using T = typename P::value_type;
    using reg = typename P::reg;
    using args = kinds::hebbian_update::args<T>;
    static constexpr std::size_t W = P::width;

    // sign(w): +1, -1, or w itself for +0, -0 and NaN (XLA's sign).
    [[gnu::always_inline]] static reg sign(reg w) noexcept {
        return P::select(w > P::splat(T(0)), P::splat(T(1)), P::select(w < P::splat(T(0)), P::splat(T(-1)), w));
    }

    // The prior's term R at w (docs/spec/synapses.md): L2 (-w) * lambda; L1 (-sign(w)) * lambda;
    // the elastic net (((-sign(w)) * l1_ratio) - ((w * k) * 0.5)) * scale; none: 0.
    [[gnu::always_inline]] static reg prior_term(const args& a, reg w) noexcept {
        switch (a.prior) {
            case Prior::l2: return P::flip_sign(w) * P::splat(a.lambda);
            case Prior::l1: return P::flip_sign(sign(w)) * P::splat(a.lambda);
            case Prior::elastic_net:
                return ((P::flip_sign(sign(w)) * P::splat(a.l1_ratio)) - ((w * P::splat(a.k)) * P::splat(T(0.5)))) *
                       P::splat(a.lambda);
            case Prior::none: break;
        }
        return P::splat(T(0));
    }

    // dW[i][o..o+W) from its finished sum s.
    [[gnu::always_inline]] static reg finish(const args& a, reg s, reg w) noexcept {
        if (a.bounded) s = s * (P::splat(a.w_bound) - P::abs(w));
        s = s + prior_term(a, w);  // + 0 for no prior: a -0 becomes +0, as in ngclearn
        if (a.signed_update) s = s * P::splat(a.sign_value);
        return s;
    }

    // c[r][o..o+W) = post[r][o..] * post_wght
    [[gnu::always_inline]] static reg post_at(const args& a, std::size_t r, std::size_t o) noexcept {
        const reg c = P::load(a.post + r * a.out + o);
        return a.weighted_post ? c * P::splat(a.post_wght) : c;
    }

    // Row i of dW, columns [o, o + NR * W).
    template <std::size_t NR>
    [[gnu::always_inline]] static void row_block(const args& a, std::size_t i, std::size_t o) noexcept {
        reg acc[NR];
        for (std::size_t r = 0; r < NR; ++r) acc[r] = P::splat(T(0));
        for (std::size_t row = 0; row < a.batch; ++row) {
            T pre = a.pre[row * a.in + i];
            if (a.weighted_pre) pre = pre * a.pre_wght;
            const reg ar = P::splat(pre);
            for (std::size_t r = 0; r < NR; ++r) acc[r] = acc[r] + ar * post_at(a, row, o + r * W);
        }
        const T* w = a.weights + i * a.out + o;
        T* d = a.dweights + i * a.out + o;
        for (std::size_t r = 0; r < NR; ++r) P::store(d + r * W, finish(a, acc[r], P::load(w + r * W)));
    }

    // db[o..o+W)
    static void bias_block(const args& a, std::size_t o) noexcept {
        reg acc = P::splat(T(0));
        for (std::size_t row = 0; row < a.batch; ++row) acc = acc + post_at(a, row, o);
        if (a.signed_update) acc = acc * P::splat(a.sign_value);
        P::store(a.dbiases + o, acc);
    }

    // Columns [o, out) of every row, in registers of NR, then fewer; returns the first
    // column left (fewer than W remain).
    static std::size_t run_columns(const args& a) noexcept {
        constexpr std::size_t NR = W >= 8 ? 4 : 8;
        std::size_t o = 0;
        for (; o + NR * W <= a.out; o += NR * W)
            for (std::size_t i = 0; i < a.in; ++i) row_block<NR>(a, i, o);
        for (; o + W <= a.out; o += W)
            for (std::size_t i = 0; i < a.in; ++i) row_block<1>(a, i, o);
        return o;
    }

    static void run(const args& a) noexcept {
        std::size_t o = run_columns(a);
        std::size_t ob = 0;
        for (; ob + W <= a.out; ob += W) bias_block(a, ob);
        if constexpr (W > 1) {
            using S = hebbian<scalar_pack<T>>;
            for (; o < a.out; ++o)
                for (std::size_t i = 0; i < a.in; ++i) S::template row_block<1>(a, i, o);
            for (; ob < a.out; ++ob) S::bias_block(a, ob);
        }
    }
};

// The optimizer's step on one tensor, then the weights' clip and mask (kinds::synapse_optimizer).
template <class T>
struct optimizer_step {
    using args = kinds::synapse_optimizer::args<T>;

    // min(hi, max(lo, x)) as NumPy computes it (a NaN passes; max(+0, -0) is +0).
    static T clip(T x, T lo, T hi) noexcept {
        x = lo >= x ? lo : x;
        return hi <= x ? hi : x;
    }

    static void run(const args& a) noexcept;
};

}  // namespace ngcrt::detail::synapse
