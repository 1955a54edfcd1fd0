// ngcrt/engine/synapse.hpp - the synapses' kinds of component (include/ngcrt/engine/kind.hpp):
// what each compiled call is given, and the library's entries the synapse views call. All
// arithmetic that decides bits runs behind these, inside the library, with its own flags
// (docs/spec/synapses.md states the math and the order; docs/determinism.md, the order).
#pragma once

#include <cstddef>

namespace ngcrt {

// Where a synapse's weights are stored, element (i, o) of the (in, out) matrix:
//   normal      weights[i * out + o]: ngclearn's (in, out) row-major array;
//   transposed  weights[o * in + i]: the buffer holds W^T, an (out, in) matrix, for instance
//               the weights of the synapse going the other way (a feedback synapse reads
//               its forward synapse's weights in place: the same bits as a copy of W^T).
enum class WeightLayout : unsigned char { normal = 0, transposed = 1 };

// A synapse's biases: none (ngclearn without bias_init: the scalar 0) or one row of `out`
// values broadcast over the batch (ngclearn's (1, out) biases).
enum class Biases : unsigned char { none = 0, row = 1 };

// HebbianSynapse's optimizer (ngclearn's optim_type "sgd" and "adam"; "nag" is refused).
enum class Optimizer : unsigned char { sgd = 0, adam = 1 };

// HebbianSynapse's prior on the weights (ngclearn's prior names: docs/spec/synapses.md;
// weight_prior_from_name). RateCell's prior on the activity is ngcrt::Prior.
enum class WeightPrior : unsigned char { none = 0, l2 = 1, l1 = 2, elastic_net = 3 };

namespace kinds {

// outputs[b][c] = ((sum over k of inputs[b][k] * (W(k, c) * mask(k, c))) * resist_scale) + biases[c]
// for b < batch, c < C: each element one running sum from +0 over k = 0, 1, ..., K - 1, each
// multiplication and addition rounded, never fused. W(k, c) = weights[k * C + c] (normal) or
// weights[c * K + k] (transposed); a forward product sums over the input index (K = in,
// C = out, normal), a feedback product e @ W^T over W's column index (K = out, C = in,
// transposed). mask (like weights), the scaling and the biases are optional.
struct synapse_product {
    template <class T>
    struct args {
        const T* inputs = nullptr;                             // batch x K
        T* outputs = nullptr;                                  // batch x C
        const T* weights = nullptr;                            // K x C values in the layout
        const T* mask = nullptr;                               // nullptr: ones (not read)
        const T* biases = nullptr;                             // C values; nullptr: none
        std::size_t batch = 0, sum_length = 0, n_columns = 0;  // K and C below
        bool transposed = false;                               // the layout
        bool scaled = false;                                   // multiply by resist_scale (false: it is 1)
        bool add_zero = false;  // no biases: + 0 after the scaling (ngclearn's scalar bias)
        T resist_scale = T(1);
    };
};

// The Hebbian update of docs/spec/synapses.md ("The update") on one segment, columns
// [o_begin, o_end) of dW's row `row` (or of db), written to dst[0 .. o_end - o_begin):
//   a = pre * pre_wght; c = post * post_wght
//   dW[i][o] = sum over r of a[r][i] * c[r][o]  (r ascending from +0); db[o] = sum over r of c[r][o]
//   bounded: dW = dW * (w_bound - |W|); dW = dW + R (the prior, 0 for none); dW, db * sign_value
// Each element depends only on its own W[i][o]: evolve() can update a segment of W right after
// computing its dW, so a synapse need not keep dW (the same bits).
struct hebbian_update {
    template <class T>
    struct args {
        const T* pre = nullptr;      // batch x in
        const T* post = nullptr;     // batch x out
        const T* weights = nullptr;  // in x out
        T* dst = nullptr;            // o_end - o_begin values
        std::size_t batch = 0, in = 0, out = 0;
        std::size_t row = 0;                 // i (ignored for db)
        std::size_t o_begin = 0, o_end = 0;  // the columns
        bool biases = false;                 // db instead of dW's row
        T pre_wght = T(1), post_wght = T(1);
        bool weighted_pre = false, weighted_post = false;  // false: the factor is 1 (skipped)
        bool bounded = false;
        T w_bound = T(0);
        WeightPrior prior = WeightPrior::none;
        T lambda = T(0);             // L2, L1: lambda; elastic net: its scale
        T l1_ratio = T(0);           // elastic net
        T k = T(0);                  // elastic net: 1 - l1_ratio computed in double, rounded once
        bool signed_update = false;  // multiply by sign_value (false: it is 1)
        T sign_value = T(1);
    };
};

// One optimizer step on one tensor, elementwise (docs/spec/synapses.md, "SGD", "Adam"), then,
// for the weights, the clip to [lo, hi] and the mask:
//   SGD   theta = theta - (u * eta)
//   Adam  m = (beta1 * m) + (c1 * u); v = (beta2 * v) + (c2 * (u * u));
//         theta = theta - ((eta * (m / corr1)) / (sqrt(v / corr2) + eps))
//   clip  theta = min(hi, max(lo, theta)) (NaN passes); mask: theta = theta * mask
struct synapse_optimizer {
    template <class T>
    struct args {
        T* theta = nullptr;
        const T* update = nullptr;
        std::size_t n = 0;
        Optimizer optimizer = Optimizer::sgd;
        T eta = T(0);
        T* m = nullptr;  // Adam's moments (n values each)
        T* v = nullptr;
        T corr1 = T(1), corr2 = T(1);  // 1 - pow(beta1, t), 1 - pow(beta2, t)
        bool clip = false;
        T lo = T(0), hi = T(0);
        const T* mask = nullptr;  // nullptr: no mask
    };
};

}  // namespace kinds

namespace detail {

// The library's entries (src/synapses.cpp), for float and double.
// A product on the active kernel.
template <class T>
void synapse_product(kinds::synapse_product::args<T>& a) noexcept;

// A HebbianSynapse's settings as its update and optimizer use them.
template <class T>
struct hebbian_rule {
    T eta = T(0);
    T w_bound = T(1);
    bool is_nonnegative = false;
    WeightPrior prior = WeightPrior::none;
    T lambda = T(0);        // L2, L1: lambda; elastic net: its scale
    double l1_ratio = 0.0;  // elastic net (a Python number: k = 1 - l1_ratio is taken in double)
    T sign_value = T(1);
    T pre_wght = T(1), post_wght = T(1);
    Optimizer optimizer = Optimizer::sgd;
};

// What evolve() reads and writes (src/synapses.cpp): the update into dweights and dbiases,
// then the optimizer on the weights (and the biases when there are some), the clip and
// the mask; Adam's moments in m and v (in x out for the weights, then out for the biases)
// and its step counter t (a T, as ngclearn's).
template <class T>
struct evolve_args {
    const T* pre = nullptr;
    const T* post = nullptr;
    T* weights = nullptr;
    T* biases = nullptr;  // nullptr: no biases (not learned)
    const T* mask = nullptr;
    T* dweights = nullptr;
    T* dbiases = nullptr;
    T* m = nullptr;
    T* v = nullptr;
    T* t = nullptr;  // the optimizer's step counter
    std::size_t batch = 0, in = 0, out = 0;
};
template <class T>
void hebbian_evolve(const hebbian_rule<T>& rule, const evolve_args<T>& a) noexcept;
// The update alone (ngclearn's calc_update): dweights and dbiases.
template <class T>
void hebbian_calc_update(const hebbian_rule<T>& rule, const evolve_args<T>& a) noexcept;

// Adam's bias corrections for step t: corr1 = 1 - pow(beta1, t), corr2 = 1 - pow(beta2, t)
// in T, pow by ngcrt's method (docs/spec/synapses.md, "pow(beta, t) in ngcrt").
template <class T>
void adam_corrections(T t, T& corr1, T& corr2) noexcept;
// pow(beta, t) for a T beta and a whole t >= 0, by the same method (exposed for the tests).
template <class T>
T adam_power(T beta, T t) noexcept;
// The IEEE square root, correctly rounded, without libm (the instruction where the target
// has one, an exact integer method elsewhere).
template <class T>
T ieee_sqrt(T x) noexcept;

// A settings value is finite (not NaN, not infinite); >= 0 and finite.
template <class T>
bool finite(T x) noexcept;
template <class T>
bool nonnegative_finite(T x) noexcept;

}  // namespace detail
}  // namespace ngcrt
