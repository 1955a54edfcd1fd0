// src/kernels/synapse_kernels.hpp - the synapses' kinds on a pack (kind_kernels<Kind, P>,
// src/kernels/kinds.hpp): every kernel of NGCRT_KERNEL_LIST compiles them with its own pack
// and flags. A pack whose arithmetic flushes subnormals (ARMv7 NEON) runs the scalar pack
// (IEEE VFP) instead, so the bits are every other target's.
#pragma once

#include <type_traits>
#include <utility>

#include "engine/hebbian.hpp"
#include "engine/scalar_pack.hpp"
#include "engine/synapse_product.hpp"
#include "math/ieee_sqrt.hpp"
#include "ngcrt/engine/synapse.hpp"

namespace ngcrt::detail {

template <class Kind, class P>
struct kind_kernels;

namespace synapse {
// P, or the scalar pack where P flushes subnormals.
template <class P>
using ieee_pack = std::conditional_t<P::flushes_subnormals, scalar_pack<typename P::value_type>, P>;

// Whether a pack has an IEEE square root (P::sqrt): then Adam's step runs on it.
template <class P, class = void>
struct has_sqrt : std::false_type {};
template <class P>
struct has_sqrt<P, std::void_t<decltype(P::sqrt(std::declval<typename P::reg>()))>> : std::true_type {};

template <class P>
void optimizer_step<P>::run(const args& a) noexcept {
    const std::size_t n = a.n;
    T* theta = a.theta;
    const T* u = a.update;
    const T eta = a.eta;
    if (a.optimizer == Optimizer::adam) {
        // beta1, beta2, 1 - beta1 and 1 - beta2 (subtracted in double, rounded once), eps
        // (docs/spec/synapses.md's table; double: the Python numbers themselves).
        const T b1 = T(0.9), b2 = T(0.999), c1 = T(1.0 - 0.9), c2 = T(1.0 - 0.999), eps = T(1e-8);
        T* m = a.m;
        T* v = a.v;
        std::size_t i = 0;
        // Each lane the scalar loop's operations in its order (every one IEEE-rounded: the
        // pack's division and square root are the correctly rounded instructions), so the
        // same bits; the tail below.
        using Q = ieee_pack<P>;
        if constexpr (has_sqrt<Q>::value && Q::width > 1) {
            using reg = typename Q::reg;
            const reg vb1 = Q::splat(b1), vb2 = Q::splat(b2), vc1 = Q::splat(c1), vc2 = Q::splat(c2);
            const reg veps = Q::splat(eps), veta = Q::splat(eta), k1 = Q::splat(a.corr1),
                      k2 = Q::splat(a.corr2);
            for (; i + Q::width <= n; i += Q::width) {
                const reg ui = Q::load(u + i);
                const reg mi = (vb1 * Q::load(m + i)) + (vc1 * ui);
                const reg vi = (vb2 * Q::load(v + i)) + (vc2 * (ui * ui));
                Q::store(m + i, mi);
                Q::store(v + i, vi);
                const reg mhat = Q::div(mi, k1);
                const reg vhat = Q::div(vi, k2);
                Q::store(theta + i, Q::load(theta + i) - Q::div(veta * mhat, Q::sqrt(vhat) + veps));
            }
        }
        for (; i < n; ++i) {
            const T ui = u[i];
            const T mi = (b1 * m[i]) + (c1 * ui);
            const T vi = (b2 * v[i]) + (c2 * (ui * ui));
            m[i] = mi;
            v[i] = vi;
            const T mhat = mi / a.corr1;
            const T vhat = vi / a.corr2;
            theta[i] = theta[i] - ((eta * mhat) / (ieee_sqrt_of(vhat) + eps));
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) theta[i] = theta[i] - (u[i] * eta);
    }
    if (a.clip)
        for (std::size_t i = 0; i < n; ++i) theta[i] = clip(theta[i], a.lo, a.hi);
    if (a.mask != nullptr)
        for (std::size_t i = 0; i < n; ++i) theta[i] = theta[i] * a.mask[i];
}
}  // namespace synapse

template <class P>
struct kind_kernels<kinds::synapse_product, P> {
    template <class T>
    static void run(kinds::synapse_product::args<T>& a) noexcept {
        synapse::product<synapse::ieee_pack<P>>::run(a);
    }
};

template <class P>
struct kind_kernels<kinds::hebbian_update, P> {
    template <class T>
    static void run(kinds::hebbian_update::args<T>& a) noexcept {
        synapse::hebbian<synapse::ieee_pack<P>>::run(a);
    }
};

template <class P>
struct kind_kernels<kinds::synapse_optimizer, P> {
    template <class T>
    static void run(kinds::synapse_optimizer::args<T>& a) noexcept {
        synapse::optimizer_step<P>::run(a);
    }
};

}  // namespace ngcrt::detail
