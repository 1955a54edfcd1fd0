// ngcrt/bernoulli_error_cell.hpp - ngclearn's BernoulliErrorCell (identical in ngclearn
// 3.1.0 and 3.2.0): a predicted probability `p` (or a logit) scored against a `target` with
// a Bernoulli log-likelihood. Its description for the engine and its public names; the
// engine (include/ngcrt/engine/) gives it the three ownership forms, rules and API.
// Semantics: docs/semantics.md.
#pragma once

#include <cstddef>

#include "ngcrt/convention.hpp"
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

// (ngclearn's own help() for this cell is a copy of the Gaussian one; this one describes it.)
inline constexpr compartment_info bernoulli_error_cell_compartments[] = {
    {"p", compartment_role::input, true, "Bernoulli probability", "", "External input probability (or logit) value(s)", slot::prediction},
    {"target", compartment_role::input, true, "Bernoulli data/target variable", "", "External input target signal value(s)", slot::target},
    {"modulator", compartment_role::input, true, "", "", "External input modulatory/scaling signal(s)", slot::modulator},
    {"mask", compartment_role::input, true, "", "", "External binary/gating mask to apply to signals", slot::mask},
    {"L", compartment_role::output, false, "Bernoulli Log likelihood", "nats", "Local log likelihood (one value, batch included)", slot::L},
    {"dp", compartment_role::output, true, "", "", "first derivative of L w.r.t. p (through the input's link)", slot::dprediction},
    {"dtarget", compartment_role::output, true, "", "", "first derivative of L w.r.t. target", slot::dtarget},
};
inline constexpr hyperparameter_info bernoulli_error_cell_hyperparameters[] = {
    {"n_units", "Number of neuronal cells to model in this layer"},
    {"batch_size", "Batch size dimension of this component"},
    {"input_logits", "Is p a logit (True) or a probability (False)?"},
};
inline constexpr help_info bernoulli_error_cell_help{
    "BernoulliErrorCell",
    "BernoulliErrorCell - computes mismatch/error signals at each time step t (between a `target` and a predicted probability `p`)",
    bernoulli_error_cell_compartments, "Bernoulli(x=target; p)", bernoulli_error_cell_hyperparameters};

namespace cells {

// BernoulliErrorCell, with x = target and q = p clipped to [1e-4, 1 - 1e-4] (the sigmoid of
// p first, for logits): L = sum(log(q) x + log(1 - q) (1 - x)),
// dp = (x - q) (logits) or (x/q - (1-x)/(1-q)) * sigmoid'(p) (probability: ngclearn's factor),
// dtarget = log(q) - log(1 - q), both gated.
struct bernoulli {
    using form_type = BernoulliInput;
    static constexpr bool has_parameter = false;
    static constexpr const help_info& help = bernoulli_error_cell_help;
    static constexpr const char* c_name = "bernoulli_error";
    // ngclearn 3.1 and 3.2 compute the same: one kernel for both.
    static constexpr Convention conventions[] = {Convention::ngclearn_3_1};
    static constexpr BernoulliInput forms[] = {BernoulliInput::probability, BernoulliInput::logits};
    static constexpr bool valid(Convention c, BernoulliInput f) noexcept {
        return (c == Convention::ngclearn_3_1 || c == Convention::ngclearn_3_2) &&
               (f == BernoulliInput::probability || f == BernoulliInput::logits);
    }
    static constexpr Convention canonical(Convention) noexcept { return Convention::ngclearn_3_1; }
    static constexpr bool per_unit(BernoulliInput) noexcept { return false; }
    static constexpr std::size_t parameter_count(BernoulliInput, std::size_t) noexcept { return 0; }

    NGCRT_CELL_BUFFERS_NO_PARAMETER(p)
    template <class Base>
    struct names : Base {
        NGCRT_PREDICTION_NAMES(p)
        BernoulliInput input() const noexcept { return this->form(); }
    };

    // Elementwise, in this order, with one = 1, eps = 1e-4 and hi = 1 - 1e-4 rounded once to T:
    //   q = sigmoid(p) (logits) or p;  q = min(hi, max(eps, q)), a NaN staying NaN
    //   omq = 1 - q; omx = 1 - x; lq = log(q); lomq = log(omq)
    //   t = (lq * x) + (lomq * omx)                              L = S, the fixed-order sum
    //   g = x - q (logits) or ((x / q) - (omx / omq)) * (s * (1 - s)), s = sigmoid(p)
    //   h = lq - lomq
    // sigmoid(v) = 1 / (1 + exp(-v)); exp and log are ngcrt's (docs/math.md).
    template <class P, Convention C, BernoulliInput F>
    struct kernel {
        using T = typename P::value_type;
        using reg = typename P::reg;
        static constexpr bool per_unit = false;
        static constexpr bool negated_dtarget = false;
        // exp and log make many more places for a subnormal than the engine checks: a pack
        // that flushes them runs the scalar (IEEE) pack for this cell.
        static constexpr bool flush_checked = false;
        static constexpr bool fpu_asm = false;

        struct constants {};
        static constants prepare(const detail::step_args<T>&) noexcept { return {}; }
        struct result {
            reg g, h, t;
        };
        static reg sigmoid(reg v, reg one) noexcept { return P::div(one, one + P::exp(P::flip_sign(v))); }
        static result elem(const constants&, reg p, reg x, reg) noexcept {
            const reg one = P::splat(T(1)), eps = P::splat(T(1e-4)), hi = P::splat(T(0.9999));
            reg q = F == BernoulliInput::logits ? sigmoid(p, one) : p;
            q = P::select(q < eps, eps, q);  // comparisons are false for NaN: it stays
            q = P::select(q > hi, hi, q);
            const reg omq = one - q, omx = one - x;
            const reg lq = P::log(q), lomq = P::log(omq);
            result o;
            o.t = (lq * x) + (lomq * omx);
            if constexpr (F == BernoulliInput::logits) {
                o.g = x - q;
            } else {
                const reg s = sigmoid(p, one);
                o.g = (P::div(x, q) - P::div(omx, omq)) * (s * (one - s));
            }
            o.h = lq - lomq;
            return o;
        }
        template <class U>
        static T finish(const constants&, U S) noexcept {
            return static_cast<T>(S);
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
template <class T, class UnitShape, std::size_t MaxBatch = 1, Convention Conv = Convention::ngclearn_3_1,
          BernoulliInput Input = BernoulliInput::probability>
class BernoulliErrorCell : public fixed_error_cell<cells::bernoulli, T, UnitShape, MaxBatch, Conv, Input> {
public:
    using fixed_error_cell<cells::bernoulli, T, UnitShape, MaxBatch, Conv, Input>::fixed_error_cell;
};

}  // namespace ngcrt
