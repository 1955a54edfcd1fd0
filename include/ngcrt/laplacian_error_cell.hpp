// ngcrt/laplacian_error_cell.hpp - ngclearn's LaplacianErrorCell (identical in ngclearn
// 3.1.0 and 3.2.0): a prediction `shift` scored against a `target` with a Laplacian density
// of scale `Scale`. Its description for the engine and its public names; the engine
// (include/ngcrt/engine/) gives it the Gaussian cell's three ownership forms, rules and API.
// Semantics: docs/semantics.md.
#pragma once

#include <cstddef>

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

// LaplacianErrorCell: e = target - shift, dshift = sign(e) / Scale, dtarget = -dshift, both
// gated; L = (-C) * (1/Scale), C the number of non-zero errors (mask and modulator aside).
struct laplacian
    : detail::cell_variants<detail::one_kernel_for_both_conventions, detail::scalar_or_per_unit_parameter> {
    NGCRT_CELL_NAMES(shift, Scale)
    static constexpr cell_text text{
        "laplacian_error",
        "LaplacianErrorCell",
        "LaplacianErrorCell - computes mismatch/error signals at each time step t (between "
        "a `target` and a prediction `shift`)",
        "Laplacian(x=target; shift, scale)",
        "shift",
        "Laplacian shift/mean",
        "External input shift/mean value(s)",
        "Laplacian data/target variable",
        "External input target signal value(s)",
        "Laplacian Log likelihood",
        "Local loss / free-energy value embodied by this error-cell",
        "dshift",
        "first derivative of loss w.r.t. shift value(s)",
        "first derivative of loss w.r.t. target value(s)",
        "Scale",
        "Laplacian scale",
        "External scale value(s)",
        "dScale",
        "first derivative of loss w.r.t. scale value(s)",
        {"scale", "External input scale value (currently fixed and not learnable)"}};

    // The constants a step reads, computed when Scale b is accepted (every convention:
    // r = 1/b; dshift = sign(e) / b = sign(e) * r exactly, since sign(e) is +-1, +-0 or NaN):
    //   scalar     r; exact: log_term = log(2 b) = ln 2 + log(b)
    //   per unit   the workspace's a_j = r_j, b_j = r_j * r_j; exact: log_term =
    //              sum_j (ln 2 + log(b_j)) (j increasing)
    // (Always accepted: the engine has checked every value > 0 and finite.)
    template <class T>
    struct step_constants {
        T r = T(0), log_term = T(0);
    };
    template <class T, class A>
    static bool factors(const T* scale, A& a, T* ws) noexcept {
        const T ln2 = T(0.693147180559945309417232121458176568075500134360255254120680);
        const bool exact = a.convention == Convention::exact;
        if (a.form == static_cast<unsigned char>(SigmaShape::per_unit)) {
            const std::size_t u = a.units;
            T log_sum = T(0);
            for (std::size_t j = 0; j < u; ++j) {
                ws[j] = T(1) / scale[j];
                ws[u + j] = ws[j] * ws[j];
                if (exact) log_sum = log_sum + (ln2 + ngcrt::math::log(scale[j]));
            }
            a.constants.log_term = log_sum;
            return true;
        }
        a.constants.r = T(1) / scale[0];
        if (exact) a.constants.log_term = ln2 + ngcrt::math::log(scale[0]);
        return true;
    }

    // With e = target - shift and r = 1/Scale_j:
    //   s = sign(e) (+1, -1, or e itself for +-0 and NaN);  dshift's ungated value g = s * r,
    //     computed as r with e's sign where |e| > 0, else e (the same IEEE values)
    //   ngclearn: t = 0 if e == 0, else 1 (scalar Scale: S counts, exactly; L = (-S) * r)
    //                               else r (per-unit Scale: S = sum_j C_j * r_j, L = -S)
    //   exact:    t = |e| (scalar: L = (-S) * r - n log(2 b)), or |e| * r_j (per unit:
    //             L = -S - B log_term); after the pass dScale = S (r * r) - n r (scalar), or
    //             (sum_b |e_bj|) r_j^2 - B r_j per unit
    template <class P, Convention C, SigmaShape F>
    struct kernel : detail::kernel_defaults {
        static constexpr bool per_unit = F == SigmaShape::per_unit, exact = C == Convention::exact;
        static constexpr bool offset_L = exact, computes_dparameter = exact;
        using T = typename P::value_type;
        using reg = typename P::reg;

        struct constants {
            reg r;       // 1/Scale, scalar Scale
            T L_factor;  // the same: L = (-S) * (1/Scale)
            T L_offset;  // exact: n log(2 b), or B sum_j log(2 b_j)
        };
        template <class A>
        static constants prepare(const A& a) noexcept {
            const T rows = per_unit ? T(a.batch()) : T(a.n);
            return {P::splat(a.constants.r), a.constants.r, exact ? rows * a.constants.log_term : T(0)};
        }
        struct result {
            reg g, t;
            reg e, r;
        };
        static result elem(const constants& k, reg shift, reg tg,
                           const detail::unit_factors<reg>& u) noexcept {
            const reg e = tg - shift;
            const reg& r = per_unit ? u.a : k.r;
            // (One aggregate of expressions: docs/architecture.md, "Cell descriptions".)
            if constexpr (exact) {
                return {sign_times(e, r), per_unit ? P::abs(e) * r : P::abs(e), e, r};
            } else {
                const reg zero = P::splat(T(0));
                return {sign_times(e, r), P::select(e == zero, zero, per_unit ? r : P::splat(T(1))), e, r};
            }
        }
        // sign(e) * r: +-r where e is non-zero (and not NaN), else e itself (+-0 * r is +-0,
        // NaN * r is NaN).
        static reg sign_times(reg e, reg r) noexcept {
            return P::select(P::abs(e) > P::splat(T(0)), P::with_sign_of(r, e), e);
        }
        static reg column_term(reg e) noexcept { return P::abs(e); }
        template <class A>
        static void dparameter(const constants& k, const A& a, T S) noexcept {
            if constexpr (per_unit) {
                const T rows = T(a.batch());
                const T* const r = a.workspace;
                const T* const rr = a.workspace + a.units;
                for (std::size_t j = 0; j < a.units; ++j)
                    a.dparameter[j] = (a.dparameter[j] * rr[j]) - (rows * r[j]);
            } else {
                a.dparameter[0] = (S * (k.L_factor * k.L_factor)) - (T(a.n) * k.L_factor);
            }
        }
        static auto bad(const constants& /*k*/, reg shift, reg tg, const detail::unit_factors<reg>& u,
                        const result& o) noexcept {
            auto b = detail::both(o.e == P::splat(T(0)), tg != shift);  // a subnormal e flushed to 0
            if constexpr (per_unit) b = detail::either(b, P::subnormal(u.a));
            if constexpr (exact && per_unit) b = detail::either(b, P::flushed(o.t, o.e, o.r));
            return b;
        }
        static bool bad_constants(const constants& k) noexcept {
            if constexpr (!per_unit) return P::any(P::subnormal(k.r));  // Scale > 2^126 in float
            return false;
        }
    };
};

}  // namespace cells

template <class T>
using LaplacianErrorCellView = named_view<cells::laplacian, T>;

// ngclearn's LaplacianErrorCell with fixed capacity.
//   ngclearn: LaplacianErrorCell("e", n_units=64, batch_size=4, scale=2.)
//   ngcrt:    ngcrt::LaplacianErrorCell<float, ngcrt::Units<64>, 4> e{2.f};
template <class T, class UnitShape, std::size_t B = 1, Convention C = Convention::ngclearn_3_1,
          SigmaShape S = SigmaShape::scalar>
struct LaplacianErrorCell : fixed_error_cell<cells::laplacian, T, UnitShape, B, C, S> {
    using fixed_error_cell<cells::laplacian, T, UnitShape, B, C, S>::fixed_error_cell;
};

}  // namespace ngcrt
