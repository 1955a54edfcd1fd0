// src/engine/hebbian.hpp - a HebbianSynapse's update and optimizer step on a pack P
// (include/ngcrt/engine/synapse.hpp: kinds::hebbian_update, kinds::synapse_optimizer; the
// operation lists are docs/spec/synapses.md's).
//
// The update runs one segment of a row i of dW at a time, lanes along o (a row of W and dW
// is contiguous): dW[i][o] = sum over batch rows r of a[r][i] * c[r][o], r ascending from
// +0, then the soft bound, the prior and sign_value on the finished sum, elementwise. db is
// the same sum of c alone. The last W - 1 columns take the scalar pack (the same operations).
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
        return P::select(w > P::splat(T(0)), P::splat(T(1)),
                         P::select(w < P::splat(T(0)), P::splat(T(-1)), w));
    }

    // The prior's term R at w (docs/spec/synapses.md): L2 (-w) * lambda; L1 (-sign(w)) * lambda;
    // the elastic net (((-sign(w)) * l1_ratio) - ((w * k) * 0.5)) * scale; none: 0.
    [[gnu::always_inline]] static reg prior_term(const args& a, reg w) noexcept {
        switch (a.prior) {
            case WeightPrior::l2: return P::flip_sign(w) * P::splat(a.lambda);
            case WeightPrior::l1: return P::flip_sign(sign(w)) * P::splat(a.lambda);
            case WeightPrior::elastic_net:
                return ((P::flip_sign(sign(w)) * P::splat(a.l1_ratio)) -
                        ((w * P::splat(a.k)) * P::splat(T(0.5)))) *
                       P::splat(a.lambda);
            case WeightPrior::none: break;
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

    // dW[row][o .. o + NR * W) into d.
    template <std::size_t NR>
    [[gnu::always_inline]] static void row_block(const args& a, std::size_t o, T* d) noexcept {
        reg acc[NR];
        for (std::size_t r = 0; r < NR; ++r) acc[r] = P::splat(T(0));
        for (std::size_t row = 0; row < a.batch; ++row) {
            T pre = a.pre[row * a.in + a.row];
            if (a.weighted_pre) pre = pre * a.pre_wght;
            const reg ar = P::splat(pre);
            for (std::size_t r = 0; r < NR; ++r) acc[r] = acc[r] + ar * post_at(a, row, o + r * W);
        }
        const T* w = a.weights + a.row * a.out + o;
        for (std::size_t r = 0; r < NR; ++r) P::store(d + r * W, finish(a, acc[r], P::load(w + r * W)));
    }

    // db[o .. o + W) into d.
    [[gnu::always_inline]] static void bias_block(const args& a, std::size_t o, T* d) noexcept {
        reg acc = P::splat(T(0));
        for (std::size_t row = 0; row < a.batch; ++row) acc = acc + post_at(a, row, o);
        if (a.signed_update) acc = acc * P::splat(a.sign_value);
        P::store(d, acc);
    }

    // Columns [o_begin, o_end): NR registers at a time, then one, then (fewer than W left)
    // the scalar pack.
    static void run(const args& a) noexcept {
        constexpr std::size_t NR = W >= 8 ? 4 : 8;
        std::size_t o = a.o_begin;
        T* d = a.dst;
        if (a.biases) {
            for (; o + W <= a.o_end; o += W, d += W) bias_block(a, o, d);
        } else {
            for (; o + NR * W <= a.o_end; o += NR * W, d += NR * W) row_block<NR>(a, o, d);
            for (; o + W <= a.o_end; o += W, d += W) row_block<1>(a, o, d);
        }
        if constexpr (W > 1) {
            using S = hebbian<scalar_pack<T>>;
            for (; o < a.o_end; ++o, ++d) {
                if (a.biases) {
                    S::bias_block(a, o, d);
                } else {
                    S::template row_block<1>(a, o, d);
                }
            }
        }
    }
};

// The optimizer's step on one tensor, then the weights' clip and mask (kinds::synapse_optimizer):
// elementwise on plain T. Templated on the kernel's pack P only so that each kernel's
// translation unit (its own ISA flags) has its own symbol.
template <class P>
struct optimizer_step {
    using T = typename P::value_type;
    using args = kinds::synapse_optimizer::args<T>;

    // min(hi, max(lo, x)) as NumPy computes it (a NaN passes; max(+0, -0) is +0).
    static T clip(T x, T lo, T hi) noexcept {
        x = lo >= x ? lo : x;
        return hi <= x ? hi : x;
    }

    static void run(const args& a) noexcept;
};

}  // namespace ngcrt::detail::synapse
