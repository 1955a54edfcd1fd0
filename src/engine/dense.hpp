// src/engine/dense.hpp - the dense pre-stage of a step whose parameter is a full covariance
// over a row's units (the Gaussian cells' SigmaShape::full; docs/linalg.md): per batch row,
// the row's error, two triangular solves and the quadratic form, before the streaming pass
// (src/engine/traverse.hpp) gates what it leaves in dprediction. A cell opts in with
// kernel::prestaged and supplies error(), elem_pre() and column_term().
#pragma once

#include <cstddef>
#include <type_traits>

#include "engine/scalar_pack.hpp"
#include "ngcrt/engine/step.hpp"

namespace ngcrt::detail {

// The dense pre-stage's triangular solves on a pack P (src/kernels/kernel_entry.hpp, from
// src/linalg/cholesky.hpp): run(ws, N, r) makes r = A^-1 r in place and returns r^T A r.
template <class P>
struct dense_solve;

// E: the element step (src/engine/element.hpp) of the cell's pre-staged variant.
template <class E>
struct dense_stage {
    using P = typename E::P_type;
    using M = typename E::M;
    using T = typename E::T;
    using reg = typename E::reg;
    static constexpr std::size_t W = E::W;
    static constexpr bool has_state = E::has_state;

    // For each batch row b, in increasing b: e_b (the cell's error(): target - prediction,
    // or a state's integration, stored) into dprediction's row, r_b = A^-1 e_b in place and
    // q_b = e_b^T A^-1 e_b (dense_solve), S = S + q_b (in T, from +0). With a derivative:
    // M_ij = sum_b r_bi r_bj (increasing b, in T, from +0) into dparameter. Returns S.
    static T rows(const typename E::args& a, const typename E::ctx& x) noexcept {
        const std::size_t N = a.units, batch = a.batch();
        T S = T(0);
        for (std::size_t b = 0; b < batch; ++b) {
            const T* const prediction = a.prediction + b * N;
            const T* const target = a.target + b * N;
            T* const r = a.dprediction + b * N;
            T* const state = has_state ? a.state + b * N : nullptr;
            std::size_t i = 0;
            for (; i + W <= N; i += W)
                P::store(r + i,
                         error<M>(x.v, prediction + i, target + i, state == nullptr ? state : state + i));
            for (; i < N; ++i)
                r[i] = error<typename E::exact::M>(x.s, prediction + i, target + i,
                                                   state == nullptr ? state : state + i);
            S = S + dense_solve<P>::run(a.workspace, N, r);
        }
        if constexpr (M::computes_dparameter) {
            T* const m = a.dparameter;
            for (std::size_t k = 0; k < N * N; ++k) m[k] = T(0);
            for (std::size_t b = 0; b < batch; ++b) {
                const T* const r = a.dprediction + b * N;
                for (std::size_t i = 0; i < N; ++i) {
                    T* const mi = m + i * N;
                    const reg ri = P::splat(r[i]);
                    std::size_t j = 0;
                    for (; j + W <= N; j += W) P::store(mi + j, P::load(mi + j) + ri * P::load(r + j));
                    for (; j < N; ++j) mi[j] = mi[j] + r[i] * r[j];
                }
            }
        }
        return S;
    }

    // The error of one register (KM: this pack's kernel or the scalar one), the state stored.
    template <class KM, class K, class V = typename KM::reg>
    static V error(const K& k, const T* prediction, const T* target, T* state) noexcept {
        using KP = std::conditional_t<std::is_same_v<KM, M>, P, scalar_pack<T>>;
        if constexpr (has_state) {
            const V e = KM::error(k, KP::load(prediction), KP::load(target), KP::load(state));
            KP::store(state, e);
            return e;
        } else {
            (void)state;
            return KM::error(k, KP::load(prediction), KP::load(target));
        }
    }
};

}  // namespace ngcrt::detail
