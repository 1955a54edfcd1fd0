// ngcrt/bernoulli_error_cell.hpp - ngclearn's BernoulliErrorCell (identical in ngclearn
// 3.1.0 and 3.2.0): a predicted probability `p` (or a logit) scored against a `target` with
// a Bernoulli log-likelihood. Its description for the engine and its public names; the
// engine (include/ngcrt/engine/) gives it the three ownership forms, rules and API.
// Semantics: docs/semantics.md.
#pragma once

#include <cstddef>

#include "ngcrt/convention.hpp"
#include "ngcrt/engine/cell.hpp"
#include "ngcrt/engine/fixed.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/engine/view.hpp"
#include "ngcrt/help.hpp"

namespace ngcrt {

// What p holds: a probability (ngclearn's default) or a logit (input_logits=True).
enum class BernoulliInput : unsigned char { probability = 0, logits = 1 };

constexpr const char* to_string(BernoulliInput b) noexcept {
    return b == BernoulliInput::probability ? "probability" : "logits";
}

namespace cells {

// BernoulliErrorCell, with x = target and q = p clipped to [1e-4, 1 - 1e-4] (the sigmoid of
// p first, for logits): L = sum(log(q) x + log(1 - q) (1 - x)),
// dp = (x - q) (logits) or (x/q - (1-x)/(1-q)) * sigmoid'(p) (probability: ngclearn's factor),
// dtarget = log(q) - log(1 - q), both gated.
struct bernoulli
    : detail::cell_variants<
          detail::one_kernel_for_both_conventions,
          detail::no_parameter<BernoulliInput, BernoulliInput::probability, BernoulliInput::logits>> {
    NGCRT_CELL_NAMES(p)
    // (ngclearn's own help() for this cell is a copy of the Gaussian one; this one describes it.)
    static constexpr cell_text text{
        "bernoulli_error",
        "BernoulliErrorCell",
        "BernoulliErrorCell - computes mismatch/error signals at each time step t "
        "(between a `target` and a predicted probability `p`)",
        "Bernoulli(x=target; p)",
        "p",
        "Bernoulli probability",
        "External input probability (or logit) value(s)",
        "Bernoulli data/target variable",
        "External input target signal value(s)",
        "Bernoulli Log likelihood",
        "Local log likelihood (one value, batch included)",
        "dp",
        "first derivative of L w.r.t. p (through the input's link)",
        "first derivative of L w.r.t. target",
        "",
        "",
        "",
        "",
        "",
        {"input_logits", "Is p a logit (True) or a probability (False)?"}};

    // Elementwise, in this order, with one = 1, eps = 1e-4 and hi = 1 - 1e-4 rounded once to T:
    //   q = sigmoid(p) (logits) or p;  q = min(hi, max(eps, q)), a NaN staying NaN
    //   omq = 1 - q; omx = 1 - x; lq = log(q); lomq = log(omq)
    //   t = (lq * x) + (lomq * omx)                              L = S, the fixed-order sum
    //   g = x - q (logits) or ((x / q) - (omx / omq)) * (s * (1 - s)), s = sigmoid(p)
    //     (exact convention, probability input: (x / q) - (omx / omq), the true derivative)
    //   h = lq - lomq
    // sigmoid(v) = 1 / (1 + exp(-v)); exp and log are ngcrt's (docs/math.md).
    // (No parameter: a step reads no constants.)
    template <class T>
    struct step_constants {};

    template <class P, Convention C, BernoulliInput F>
    struct kernel : detail::kernel_defaults {
        using T = typename P::value_type;
        using reg = typename P::reg;
        static constexpr bool negated_dtarget = false;  // dtarget = h, gated
        static constexpr bool negated_sum = false;      // L = S
        // exp and log make many more places for a subnormal than the engine checks: a pack
        // that flushes them runs the scalar (IEEE) pack for this cell.
        static constexpr bool flush_checked = false;

        struct constants {};
        template <class A>
        static constants prepare(const A& /*a*/) noexcept {
            return {};
        }
        struct result {
            reg g, h, t;
        };
        static reg sigmoid(reg v, reg one) noexcept { return P::div(one, one + P::exp(P::flip_sign(v))); }
        static result elem(const constants& /*k*/, reg p, reg x,
                           const detail::unit_factors<reg>& /*u*/) noexcept {
            const reg one = P::splat(T(1)), eps = P::splat(T(1e-4)), hi = P::splat(T(0.9999));
            reg q = F == BernoulliInput::logits ? sigmoid(p, one) : p;
            q = P::select(q < eps, eps, q);  // comparisons are false for NaN: it stays
            q = P::select(q > hi, hi, q);
            const reg omq = one - q, omx = one - x;
            const reg lq = P::log(q), lomq = P::log(omq);
            result o{};
            o.t = (lq * x) + (lomq * omx);
            if constexpr (F == BernoulliInput::logits) {
                o.g = x - q;
            } else if constexpr (C == Convention::exact) {
                o.g = P::div(x, q) - P::div(omx, omq);  // the true dL/dp: no sigmoid'(p) factor
            } else {
                const reg s = sigmoid(p, one);
                o.g = (P::div(x, q) - P::div(omx, omq)) * (s * (one - s));
            }
            o.h = lq - lomq;
            return o;
        }
    };
};

}  // namespace cells

template <class T>
using BernoulliErrorCellView = named_view<cells::bernoulli, T>;
using bernoulli_config = basic_cell_config<BernoulliInput>;

// ngclearn's BernoulliErrorCell with fixed capacity.
//   ngclearn: BernoulliErrorCell("e", n_units=64, batch_size=4, input_logits=True)
//   ngcrt:    ngcrt::BernoulliErrorCell<float, ngcrt::Units<64>, 4, ngcrt::Convention::ngclearn_3_1,
//                                       ngcrt::BernoulliInput::logits> e;
template <class T, class UnitShape, std::size_t B = 1, Convention C = Convention::ngclearn_3_1,
          BernoulliInput Input = BernoulliInput::probability>
struct BernoulliErrorCell : fixed_error_cell<cells::bernoulli, T, UnitShape, B, C, Input> {
    using fixed_error_cell<cells::bernoulli, T, UnitShape, B, C, Input>::fixed_error_cell;
};

}  // namespace ngcrt
