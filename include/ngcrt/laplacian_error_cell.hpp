// ngcrt/laplacian_error_cell.hpp - ngclearn's LaplacianErrorCell (identical in ngclearn
// 3.1.0 and 3.2.0): a prediction `shift` scored against a `target` with a Laplacian density
// of scale `Scale`. Its description for the engine and its public names; the engine
// (include/ngcrt/engine/) gives it the Gaussian cell's three ownership forms, rules and API.
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

namespace cells {

// LaplacianErrorCell: e = target - shift, dshift = sign(e) / Scale, dtarget = -dshift, both
// gated; L = (-C) * (1/Scale), C the number of non-zero errors (mask and modulator aside).
struct laplacian
    : detail::cell_variants<detail::one_kernel_for_both_conventions, detail::scalar_or_per_unit_parameter> {
    NGCRT_CELL_NAMES(shift, Scale)
    static constexpr cell_text text{"laplacian_error", "LaplacianErrorCell",
                                    "LaplacianErrorCell - computes mismatch/error signals at each time step t (between "
                                    "a `target` and a prediction `shift`)",
                                    "Laplacian(x=target; shift, scale)", "shift", "Laplacian shift/mean",
                                    "External input shift/mean value(s)", "Laplacian data/target variable",
                                    "External input target signal value(s)", "Laplacian Log likelihood",
                                    "Local loss / free-energy value embodied by this error-cell", "dshift",
                                    "first derivative of loss w.r.t. shift value(s)",
                                    "first derivative of loss w.r.t. target value(s)", "Scale", "Laplacian scale",
                                    "External scale value(s)", "dScale", "first derivative of loss w.r.t. scale value(s)",
                                    {"scale", "External input scale value (currently fixed and not learnable)"}};

    // A scalar Scale b: factor[0] = 1/b (dshift = sign(e) / b = sign(e) * (1/b) exactly,
    // since sign(e) is +-1, +-0 or NaN).
    template <class T>
    static void factors(const T* scale, detail::step_args<T>& a) noexcept {
        a.factor[0] = T(1) / scale[0];
    }

    // With e = target - shift and r = 1/Scale_j:
    //   s = sign(e) (+1, -1, or e itself for +-0 and NaN);  dshift's ungated value g = s * r,
    //     computed as r with e's sign where |e| > 0, else e (the same IEEE values)
    //   t = 0 if e == 0, else 1 (scalar Scale: S counts, exactly, and L = (-S) * r)
    //                    else r (per-unit Scale: S = sum_j C_j * r_j in the fixed order, L = -S)
    template <class P, Convention C, SigmaShape F>
    struct kernel : detail::kernel_defaults {
        using T = typename P::value_type;
        using reg = typename P::reg;
        static constexpr bool per_unit = F == SigmaShape::per_unit;

        struct constants {
            reg r;  // 1/Scale, scalar Scale
            T L_factor;  // the same: L = (-count) * (1/Scale)
        };
        static constants prepare(const detail::step_args<T>& a) noexcept { return {P::splat(a.factor[0]), a.factor[0]}; }
        struct result {
            reg g, t;
            reg e, r;
        };
        static result elem(const constants& k, reg shift, reg tg, reg s) noexcept {
            const reg zero = P::splat(T(0));
            result o{};
            o.e = tg - shift;
            if constexpr (per_unit) {
                o.r = P::div(P::splat(T(1)), s);
            } else {
                o.r = k.r;
            }
            // sign(e) * r: +-r where e is non-zero (and not NaN), else e itself (+-0 * r is
            // +-0, NaN * r is NaN).
            o.g = P::select(P::abs(o.e) > zero, P::with_sign_of(o.r, o.e), o.e);
            o.t = P::select(o.e == zero, zero, per_unit ? o.r : P::splat(T(1)));
            return o;
        }
        static auto bad(const constants&, reg shift, reg tg, reg s, const result& o) noexcept {
            auto b = (o.e == P::splat(T(0))) & (tg != shift);  // a subnormal e flushed to 0
            if constexpr (per_unit) b = b | P::subnormal(s) | P::subnormal(o.r);
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
template <class T, class UnitShape, std::size_t B = 1, Convention C = Convention::ngclearn_3_1, SigmaShape S = SigmaShape::scalar>
struct LaplacianErrorCell : fixed_error_cell<cells::laplacian, T, UnitShape, B, C, S> {
    using fixed_error_cell<cells::laplacian, T, UnitShape, B, C, S>::fixed_error_cell;
};

}  // namespace ngcrt
