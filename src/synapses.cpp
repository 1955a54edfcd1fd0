// src/synapses.cpp - the synapses' library entries (include/ngcrt/engine/synapse.hpp): the
// products and the Hebbian update on the active kernel, the order of evolve()'s stages,
// Adam's step counter and bias corrections (pow(beta, t) by ngcrt's method), and the checks
// of the settings. Compiled here, with the library's floating-point flags, like everything
// that decides bits.
#include <cstddef>
#include <cstdint>
#include <limits>

#include "math/ieee_sqrt.hpp"
#include "ngcrt/engine/kind.hpp"
#include "ngcrt/engine/synapse.hpp"

namespace ngcrt::detail {

template <class T>
void synapse_product(kinds::synapse_product::args<T>& a) noexcept {
    run_kind<kinds::synapse_product, T>(a);
}

namespace {

// ---- pow(beta, t): double-double exponentiation by squaring, then one rounding ---------------
// A double-double is hi + lo with |lo| <= ulp(hi) / 2. Products are Dekker's (Veltkamp's
// split, no fused multiply-add), each within about 2^-104 of the exact product; squaring
// and multiplying for t < 2^24 takes at most 48 of them, so the result is within 2^-98
// (relative) of beta^t, then rounded once to T (nearest-even, the double-double's tie
// settled by lo). For t <= 4 the double-double holds beta^t exactly (at most 4 x 24 = 96
// significant bits from a float beta), hence the correctly rounded value; beyond, it is the
// correctly rounded value unless beta^t lies within 2^-98 of a rounding boundary, which the
// tests check does not happen for t up to 20000 with ngclearn's betas (tests/test_synapses.cpp,
// from the exact rationals of tests/rate/rate_reference.py). Double T: the same, rounded to
// double.
struct double_double {
    double hi, lo;
};
double_double two_product(double a, double b) noexcept {
    const double p = a * b;
    constexpr double split = 134217729.0;  // 2^27 + 1
    double t = split * a;
    const double ah = t - (t - a), al = a - ah;
    t = split * b;
    const double bh = t - (t - b), bl = b - bh;
    const double err = (((ah * bh) - p) + (ah * bl) + (al * bh)) + (al * bl);
    return {p, err};
}
double_double normalised(double a, double b) noexcept {
    const double s = a + b;
    return {s, b - (s - a)};
}
double_double multiply(double_double x, double_double y) noexcept {
    double_double p = two_product(x.hi, y.hi);
    p.lo = p.lo + ((x.hi * y.lo) + (x.lo * y.hi));
    return normalised(p.hi, p.lo);
}

// hi + lo (> 0) rounded to float: hi's rounding, unless hi is exactly halfway between two
// floats and lo points past it.
float round_to_float(double_double v) noexcept {
    float r = static_cast<float>(v.hi);
    const double d = v.hi - static_cast<double>(r);  // exact
    if (d != 0.0 && v.lo != 0.0) {
        std::uint32_t bits = 0;
        __builtin_memcpy(&bits, &r, sizeof bits);
        bits = d > 0.0 ? bits + 1U : bits - 1U;  // the neighbour on hi's side (r > 0)
        float other = 0.F;
        __builtin_memcpy(&other, &bits, sizeof other);
        const double middle = (static_cast<double>(r) + static_cast<double>(other)) * 0.5;  // exact
        if (v.hi == middle && (v.lo > 0.0) == (d > 0.0)) r = other;
    }
    return r;
}
double round_to(double_double v, double /*type*/) noexcept { return v.hi; }
float round_to(double_double v, float /*type*/) noexcept { return round_to_float(v); }

template <class T>
T power(T beta, std::uint64_t t) noexcept {
    double_double result{1.0, 0.0};
    double_double base{static_cast<double>(beta), 0.0};
    while (t != 0) {
        if ((t & 1U) != 0) result = multiply(result, base);
        t >>= 1;
        if (t == 0) break;
        if (base.hi < 0x1p-500) return T(0);  // the rest only makes it smaller: below any T's relevance
        base = multiply(base, base);
    }
    return round_to(result, T(0));
}

// Adam's constants (docs/spec/synapses.md's table: Python numbers rounded once to T).
template <class T>
constexpr T beta1 = T(0.9);
template <class T>
constexpr T beta2 = T(0.999);

template <class T>
kinds::hebbian_update::args<T> update_args(const hebbian_rule<T>& rule, const evolve_args<T>& a) noexcept {
    kinds::hebbian_update::args<T> u;
    u.pre = a.pre;
    u.post = a.post;
    u.weights = a.weights;
    u.batch = a.batch;
    u.in = a.in;
    u.out = a.out;
    // A factor of 1 is skipped: x * 1 is x, bit for bit.
    u.pre_wght = rule.pre_wght;
    u.weighted_pre = !(rule.pre_wght == T(1));
    u.post_wght = rule.post_wght;
    u.weighted_post = !(rule.post_wght == T(1));
    u.bounded = rule.w_bound > T(0);
    u.w_bound = rule.w_bound;
    u.prior = rule.prior;
    u.lambda = rule.lambda;
    u.l1_ratio = static_cast<T>(rule.l1_ratio);
    u.k = static_cast<T>(1.0 - rule.l1_ratio);  // subtracted in double, rounded once
    u.signed_update = !(rule.sign_value == T(1));
    u.sign_value = rule.sign_value;
    return u;
}

// db into a.dbiases (out values).
template <class T>
void bias_update(kinds::hebbian_update::args<T> u, const evolve_args<T>& a) noexcept {
    u.biases = true;
    u.o_begin = 0;
    u.o_end = a.out;
    u.dst = a.dbiases;
    run_kind<kinds::hebbian_update, T>(u);
}

// evolve() works through W in segments of at most this many elements (one row's columns):
// dW of the segment (into dWeights, or a scratch array on the stack when the synapse keeps
// no dW), then the optimizer, the clip and the mask on it.
constexpr std::size_t evolve_segment = 256;

}  // namespace

template <class T>
T adam_power(T beta, T t) noexcept {
    return power(beta, static_cast<std::uint64_t>(t));
}

template <class T>
void adam_corrections(T t, T& corr1, T& corr2) noexcept {
    corr1 = T(1) - adam_power(beta1<T>, t);
    corr2 = T(1) - adam_power(beta2<T>, t);
}

template <class T>
T ieee_sqrt(T x) noexcept {
    return ieee_sqrt_of(x);
}

template <class T>
void hebbian_calc_update(const hebbian_rule<T>& rule, const evolve_args<T>& a) noexcept {
    kinds::hebbian_update::args<T> u = update_args(rule, a);
    if (a.dweights != nullptr) {
        u.o_begin = 0;
        u.o_end = a.out;
        for (std::size_t i = 0; i < a.in; ++i) {
            u.row = i;
            u.dst = a.dweights + i * a.out;
            run_kind<kinds::hebbian_update, T>(u);
        }
    }
    bias_update(u, a);
}

template <class T>
void hebbian_evolve(const hebbian_rule<T>& rule, const evolve_args<T>& a) noexcept {
    kinds::hebbian_update::args<T> u = update_args(rule, a);
    // db first (it reads no weights), into dBiases.
    bias_update(u, a);
    // The optimizer: one step counter for the synapse (ngclearn's), the weights first,
    // then the biases.
    *a.t = *a.t + T(1);
    kinds::synapse_optimizer::args<T> o;
    o.optimizer = rule.optimizer;
    o.eta = rule.eta;
    if (rule.optimizer == Optimizer::adam) adam_corrections(*a.t, o.corr1, o.corr2);
    // The clip (w_bound > 0), then the mask, on the weights only.
    o.clip = rule.w_bound > T(0);
    o.hi = rule.w_bound;
    o.lo = rule.is_nonnegative ? T(0) : -rule.w_bound;
    // Segment by segment: dW[i][o] depends on W[i][o] alone, so updating a segment before
    // the next one's dW is computed gives the bits of the whole dW first (the spec's order).
    T scratch[evolve_segment] = {};
    for (std::size_t i = 0; i < a.in; ++i) {
        u.row = i;
        for (std::size_t c = 0; c < a.out; c += evolve_segment) {
            const std::size_t n = a.out - c < evolve_segment ? a.out - c : evolve_segment;
            const std::size_t at = i * a.out + c;
            u.o_begin = c;
            u.o_end = c + n;
            u.dst = a.dweights != nullptr ? a.dweights + at : scratch;
            run_kind<kinds::hebbian_update, T>(u);
            o.theta = a.weights + at;
            o.update = u.dst;
            o.n = n;
            o.m = a.m != nullptr ? a.m + at : nullptr;
            o.v = a.v != nullptr ? a.v + at : nullptr;
            o.mask = a.mask != nullptr ? a.mask + at : nullptr;
            run_kind<kinds::synapse_optimizer, T>(o);
        }
    }
    if (a.biases != nullptr) {
        o.theta = a.biases;
        o.update = a.dbiases;
        o.n = a.out;
        if (a.m != nullptr) {
            o.m = a.m + a.in * a.out;
            o.v = a.v + a.in * a.out;
        }
        o.clip = false;  // biases are never clipped nor masked
        o.mask = nullptr;
        run_kind<kinds::synapse_optimizer, T>(o);
    }
}

template <class T>
bool finite(T x) noexcept {
    return x >= -std::numeric_limits<T>::max() && x <= std::numeric_limits<T>::max();  // false for NaN
}
template <class T>
bool nonnegative_finite(T x) noexcept {
    return x >= T(0) && x <= std::numeric_limits<T>::max();
}

template void synapse_product<float>(kinds::synapse_product::args<float>&) noexcept;
template void synapse_product<double>(kinds::synapse_product::args<double>&) noexcept;
template void hebbian_evolve<float>(const hebbian_rule<float>&, const evolve_args<float>&) noexcept;
template void hebbian_evolve<double>(const hebbian_rule<double>&, const evolve_args<double>&) noexcept;
template void hebbian_calc_update<float>(const hebbian_rule<float>&, const evolve_args<float>&) noexcept;
template void hebbian_calc_update<double>(const hebbian_rule<double>&, const evolve_args<double>&) noexcept;
template void adam_corrections<float>(float, float&, float&) noexcept;
template void adam_corrections<double>(double, double&, double&) noexcept;
template float adam_power<float>(float, float) noexcept;
template double adam_power<double>(double, double) noexcept;
template float ieee_sqrt<float>(float) noexcept;
template double ieee_sqrt<double>(double) noexcept;
template bool finite<float>(float) noexcept;
template bool finite<double>(double) noexcept;
template bool nonnegative_finite<float>(float) noexcept;
template bool nonnegative_finite<double>(double) noexcept;

}  // namespace ngcrt::detail
