// ngcrt/gaussian_error_cell.hpp - ngclearn's GaussianErrorCell: its description for the
// engine (compartments, forms, help, elementwise math) and its public names.
//
// Three ways to own the memory, one implementation (include/ngcrt/engine/):
//   GaussianErrorCell<T, Units<...>, MaxBatch, Convention, SigmaShape>
//       fixed capacity: every compartment is an aligned array inside the object;
//   GaussianErrorCellView<T>
//       the capacity-erased view every GaussianErrorCell is; functions take it by reference;
//   GaussianErrorCellView<T>::init(config, buffers)
//       the same view over caller-provided buffers (host tools, the C API).
// Semantics: docs/semantics.md; the math below is stated in docs/determinism.md.
#pragma once

#include <cstddef>
#include <type_traits>

#include "ngcrt/convention.hpp"
#include "ngcrt/engine/cell.hpp"
#include "ngcrt/engine/mask.hpp"
#include "ngcrt/engine/fixed.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/engine/view.hpp"
#include "ngcrt/help.hpp"
#include "ngcrt/math.hpp"

namespace ngcrt {

namespace cells {

// GaussianErrorCell: e = target - mu, d = e * (1/Sigma) (3.1) or e / Sigma (3.2);
// dmu = (d * modulator) * mask, dtarget = -dmu; L = -sum(e*e) * c (docs/determinism.md).
struct gaussian
    : detail::cell_variants<detail::one_kernel_per_convention, detail::scalar_per_unit_or_full_parameter> {
    NGCRT_CELL_NAMES(mu, Sigma)
    static constexpr cell_text text{
        "gaussian_error",
        "GaussianErrorCell",
        "GaussianErrorCell - computes mismatch/error signals at each time step t (between a `target` and a "
        "prediction `mu`)",
        "Gaussian(x=target; mu, sigma)",
        "mu",
        "Gaussian mean",
        "External input prediction value(s)",
        "Gaussian data/target variable",
        "External input target signal value(s)",
        "Gaussian Log likelihood",
        "Local loss / free-energy value embodied by this error-cell",
        "dmu",
        "first derivative of loss w.r.t. prediction value(s)",
        "first derivative of loss w.r.t. target value(s)",
        "Sigma",
        "Gaussian variance/covariance",
        "External variance/covariance prediction value(s)",
        "dSigma",
        "first derivative of loss w.r.t. variance/covariance value(s)",
        {"sigma", "External input variance value (currently fixed and not learnable)"}};

    // The constants a step reads, computed when Sigma is accepted (the math of each
    // convention: docs/spec/gaussian-error-cell.md, exact-likelihood.md):
    //   scalar s   3.1: k = 1/s, L_factor = 1/((s*s)*2)    3.2: k = s, L_factor = 0.5/s
    //              exact: k = p = 1/s, L_factor = 0.5*p, log_term = 0.5*(log(s) + log(2 pi)),
    //              dSigma_factor = 0.5*(p*p)
    //   per unit   the workspace's a_j, b_j:  3.1: 1/s_j, 1/((s_j*s_j)*2)   3.2: s_j, 0.5/s_j
    //              exact: p_j = 1/s_j, 0.5*p_j, and log_term = 0.5*(sum_j log(s_j) + N log(2 pi))
    //              (j increasing)
    //   full       (exact only) the workspace: Sigma = C C^T, C, C^T and Sigma^-1
    //              (detail::dense_factor, docs/linalg.md); L_factor = 0.5,
    //              log_term = 0.5*(log det Sigma + N log(2 pi)); false if not positive definite
    template <class T>
    struct step_constants {
        T k = T(0), L_factor = T(0), log_term = T(0), dSigma_factor = T(0);
    };
    template <class T, class A>
    static bool factors(const T* sigma, A& a, T* ws) noexcept {
        auto& c = a.constants;
        const std::size_t u = a.units;
        const T log_2pi = T(1.837877066409345483560659472811235279722794947275566825634);
        const bool exact = a.convention == Convention::exact;
        if (a.form == static_cast<unsigned char>(SigmaShape::full)) {
            T logdet{};
            if (!detail::dense_factor(sigma, u, ws, logdet)) return false;
            c.L_factor = T(0.5);
            c.log_term = T(0.5) * (logdet + T(u) * log_2pi);
            return true;
        }
        if (a.form == static_cast<unsigned char>(SigmaShape::per_unit)) {
            T log_sum = T(0);
            for (std::size_t j = 0; j < u; ++j) {
                const T s = sigma[j];
                if (a.convention == Convention::ngclearn_3_1) {
                    ws[j] = T(1) / s;
                    ws[u + j] = T(1) / ((s * s) * T(2));
                } else if (a.convention == Convention::ngclearn_3_2) {
                    ws[j] = s;
                    ws[u + j] = T(0.5) / s;
                } else {
                    ws[j] = T(1) / s;
                    ws[u + j] = T(0.5) * ws[j];
                    log_sum = log_sum + ngcrt::math::log(s);
                }
            }
            if (exact) c.log_term = T(0.5) * (log_sum + T(u) * log_2pi);
            return true;
        }
        const T s = sigma[0];
        if (a.convention == Convention::ngclearn_3_1) {
            c.k = T(1) / s;
            c.L_factor = T(1) / ((s * s) * T(2));
        } else if (a.convention == Convention::ngclearn_3_2) {
            c.k = s;
            c.L_factor = T(0.5) / s;
        } else {
            const T p = T(1) / s;
            c.k = p;
            c.L_factor = T(0.5) * p;
            c.log_term = T(0.5) * (ngcrt::math::log(s) + log_2pi);
            c.dSigma_factor = T(0.5) * (p * p);
        }
        return true;
    }

    // The elementwise math on a pack P of registers (src/engine/traverse.hpp), for one
    // convention and Sigma form. With e = target - mu, j the unit:
    //   d = e * k, k = 1/Sigma (3.1, exact) or e / Sigma (3.2); dmu's ungated value g = d
    //     (per unit: e * a_j, or e / a_j for 3.2: the factors above)
    //   t = e * e            scalar Sigma: L = (-S) * L_factor [- n log_term, exact]
    //     = (e * e) * b_j    per unit:     L = -S [- B log_term, exact]
    // exact, after the pass: dSigma = S dSigma_factor - n L_factor (scalar), or per unit
    // (sum_b e_bj^2) (b_j a_j) - B b_j.
    // Full covariance (exact): a dense pre-stage (the engine's) computes per batch row
    // r_b = Sigma^-1 e_b (two triangular solves) into dmu, q_b = e_b^T Sigma^-1 e_b and
    // S = sum_b q_b (increasing b, in T), and M = sum_b r_b r_b^T into dSigma; the pass gates
    // g = r; L = (-S) * 0.5 - B log_term; dSigma_ij = 0.5 * (M_ij - B * Sigma^-1_ij).
    template <class P, Convention C, SigmaShape F>
    struct kernel : detail::kernel_defaults {
        static constexpr bool per_unit = F == SigmaShape::per_unit, exact = C == Convention::exact;
        static constexpr bool prestaged = F == SigmaShape::full;  // the dense pre-stage computes g
        static constexpr bool offset_L = exact, computes_dparameter = exact;
        using T = typename P::value_type;
        using reg = typename P::reg;
        static constexpr bool flush_checked = !prestaged;
        // The Cortex-M FPU assembly (src/kernels/cortex_m_fpu.hpp) is this math: e*e summed,
        // e * k gated.
        static constexpr bool fpu_asm =
            std::is_same_v<T, float> && (C == Convention::ngclearn_3_1 || exact) && !per_unit && !prestaged;

        struct constants {
            reg k;  // 1/Sigma (3.1, exact) or Sigma (3.2), scalar Sigma
            T ks, L_factor, L_offset, dS;
        };
        template <class A>
        static constants prepare(const A& a) noexcept {
            // the log-density's constant per row (per unit, full) or element (scalar)
            const T rows = per_unit || prestaged ? T(a.batch()) : T(a.n);
            const auto& c = a.constants;
            return {P::splat(c.k), c.k, c.L_factor, exact ? rows * c.log_term : T(0), c.dSigma_factor};
        }
        struct result {
            reg g, t;   // dmu before gating; the term of L's sum
            reg e, ee;  // intermediates, for bad()
        };
        static result elem(const constants& k, reg mu, reg tg, const detail::unit_factors<reg>& u) noexcept {
            return elem_e(k, tg - mu, u);
        }
        // The same from the error e itself (a leaky cell's integrated one).
        static result elem_e(const constants& k, reg e, const detail::unit_factors<reg>& u) noexcept {
            // (e * e twice, computed once: one aggregate of expressions, docs/architecture.md,
            // "Cell descriptions".)
            if constexpr (per_unit) {
                return {C == Convention::ngclearn_3_2 ? P::div(e, u.a) : e * u.a, (e * e) * u.b, e, e * e};
            } else {
                return {C == Convention::ngclearn_3_2 ? P::div(e, k.k) : e * k.k, e * e, e, e * e};
            }
        }
        // A full covariance: the pass only gates the pre-stage's r (t = +0: S is the pre-stage's).
        static reg error(const constants& /*k*/, reg mu, reg tg) noexcept { return tg - mu; }
        static result elem_pre(const constants& /*k*/, reg r) noexcept { return {r, P::splat(T(0)), r, r}; }
        static reg column_term(reg e) noexcept { return e * e; }
        template <class A>
        static void dparameter(const constants& k, const A& a, T S) noexcept {
            if constexpr (prestaged) {
                (void)k;
                (void)S;
                const std::size_t N = a.units, NN = N * N;
                const T B = T(a.batch());
                const T* const inv = a.workspace + detail::dense_inverse_offset(N);
                for (std::size_t i = 0; i < NN; ++i)
                    a.dparameter[i] = T(0.5) * (a.dparameter[i] - B * inv[i]);
            } else if constexpr (per_unit) {
                const T rows = T(a.batch());
                const T* const pa = a.workspace;
                const T* const pb = a.workspace + a.units;
                for (std::size_t j = 0; j < a.units; ++j)
                    a.dparameter[j] = (a.dparameter[j] * (pb[j] * pa[j])) - (rows * pb[j]);
            } else {
                a.dparameter[0] = (S * k.dS) - (T(a.n) * k.L_factor);
            }
        }
        // A pack that flushes subnormals: lanes whose arithmetic above met the subnormal
        // range (the engine adds the inputs, the sum and the gating). Divisions are IEEE in
        // every pack; their results may be subnormal.
        static auto bad(const constants& k, reg mu, reg tg, const detail::unit_factors<reg>& u,
                        const result& o) noexcept {
            auto b = detail::either(detail::both(o.e == P::splat(T(0)), tg != mu),
                                    detail::either(P::flushed(o.ee, o.e, o.e), P::subnormal(o.g)));
            if constexpr (per_unit) {
                b = detail::either(b, detail::either(P::subnormal(u.a), P::subnormal(u.b)));
                b = detail::either(b, P::flushed(o.t, o.ee, u.b));
                if constexpr (C != Convention::ngclearn_3_2) b = detail::either(b, P::flushed(o.g, o.e, u.a));
            } else if constexpr (C != Convention::ngclearn_3_2) {
                b = detail::either(b, P::flushed(o.g, o.e, k.k));  // k itself is checked by bad_constants
            }
            return b;
        }
        // 1/Sigma subnormal (Sigma > 2^126 in float): the whole step in IEEE arithmetic.
        static bool bad_constants(const constants& k) noexcept {
            if constexpr (C != Convention::ngclearn_3_2 && !per_unit) return P::any(P::subnormal(k.k));
            return false;
        }
        static T fpu_factor(const constants& k) noexcept { return k.ks; }
    };
};

}  // namespace cells

// What a Gaussian view needs besides its buffers, and its buffers (named as ngclearn's).
using cell_config = basic_cell_config<SigmaShape>;
template <class T>
using cell_buffers = cells::gaussian::buffers<T>;

// The capacity-erased view every GaussianErrorCell is.
template <class T>
using GaussianErrorCellView = named_view<cells::gaussian, T>;

// ngclearn's GaussianErrorCell with fixed capacity.
//   ngclearn: GaussianErrorCell("e", n_units=64, batch_size=4, sigma=2.)
//   ngcrt:    ngcrt::GaussianErrorCell<float, ngcrt::Units<64>, 4> e{2.f};
template <class T, class UnitShape, std::size_t MaxBatch = 1, Convention Semantics = Convention::ngclearn_3_1,
          SigmaShape Shape = SigmaShape::scalar>
class GaussianErrorCell : public fixed_error_cell<cells::gaussian, T, UnitShape, MaxBatch, Semantics, Shape> {
    using base = fixed_error_cell<cells::gaussian, T, UnitShape, MaxBatch, Semantics, Shape>;

public:
    using base::base;
    static constexpr SigmaShape sigma_shape_value = Shape;
    static constexpr std::size_t sigma_size = base::parameter_size;
};

}  // namespace ngcrt
