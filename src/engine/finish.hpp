// src/engine/finish.hpp - what a step does after its pass: L from the fixed-order sum S, and
// for a convention that computes the parameter's derivative, that derivative (the cell's
// dparameter(), with the per-unit column sums it needs).
#pragma once

#include <cstddef>
#include <type_traits>

#include "engine/scalar_pack.hpp"
#include "ngcrt/engine/step.hpp"

namespace ngcrt::detail {

// E: the element step (src/engine/element.hpp).
template <class E>
struct finish_stage {
    using P = typename E::P_type;
    using M = typename E::M;
    using T = typename E::T;

    // L from S (a block's T sum, or the double total): S, or -S times the constants' L_factor
    // for a scalar parameter (per unit, the factor is in each t), minus the constants'
    // L_offset for a log-density's constant term.
    template <class U>
    static T L(const typename E::args& a, const typename E::ctx& x, U S) noexcept {
        T L;
        if constexpr (!M::negated_sum) {
            L = static_cast<T>(S);
        } else if constexpr (E::PerUnit || !E::has_parameter) {
            L = -static_cast<T>(S);
        } else {
            L = (-static_cast<T>(S)) * x.v.L_factor;
        }
        if constexpr (M::offset_L) L = L - x.v.L_offset;
        if constexpr (M::computes_dparameter) {
            if constexpr (E::PerUnit) column_sums(a);
            M::dparameter(x.v, a, static_cast<T>(S));
        }
        return L;
    }

    // a.dparameter[j] = sum over the batch rows b (in increasing b, in T) of the cell's
    // column_term(e_bj), e = target - prediction (a cell with a state: the state the pass
    // wrote): the same e as the pass's. Rows are contiguous units, so each lane is one
    // column: every width gives the same bits (a pack that flushes subnormals does it in the
    // scalar pack).
    static void column_sums(const typename E::args& a) noexcept {
        using CP = std::conditional_t<P::flushes_subnormals, scalar_pack<T>, P>;
        using CM = typename E::template kernel_on<CP>;
        using SM = typename E::template kernel_on<scalar_pack<T>>;
        constexpr std::size_t w = CP::width;
        const std::size_t units = a.units, batch = a.batch();
        T* const out = a.dparameter;
        for (std::size_t j = 0; j < units; ++j) out[j] = T(0);
        for (std::size_t b = 0; b < batch; ++b) {
            const T* const tg = a.target + b * units;
            const T* const pr = a.prediction + b * units;
            const T* const st = E::has_state ? a.state + b * units : nullptr;
            std::size_t j = 0;
            for (; j + w <= units; j += w) {
                const auto e = E::has_state ? CP::load(st + j) : CP::load(tg + j) - CP::load(pr + j);
                CP::store(out + j, CP::load(out + j) + CM::column_term(e));
            }
            for (; j < units; ++j) out[j] = out[j] + SM::column_term(E::has_state ? st[j] : tg[j] - pr[j]);
        }
    }
};

}  // namespace ngcrt::detail
