// src/kernels/synapse_kernels.hpp - the synapses' kinds on a pack (kind_kernels<Kind, P>,
// src/kernels/kinds.hpp): every kernel of NGCRT_KERNEL_LIST compiles them with its own pack
// and flags. A pack whose arithmetic flushes subnormals (ARMv7 NEON) runs the scalar pack
// (IEEE VFP) instead, so the bits are every other target's.
#pragma once

#include <type_traits>

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
        for (std::size_t i = 0; i < n; ++i) {
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
