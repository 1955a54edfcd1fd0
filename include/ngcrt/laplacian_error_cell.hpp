// ngcrt/laplacian_error_cell.hpp - ngclearn's LaplacianErrorCell (identical in ngclearn
// 3.1.0 and 3.2.0): a prediction `shift` scored against a `target` with a Laplacian density
// of scale `Scale`. Its description for the engine and its public names; the engine
// (include/ngcrt/engine/) gives it the Gaussian cell's three ownership forms, rules and API.
// Semantics: docs/semantics.md.
#pragma once

#include <cstddef>

#include "ngcrt/convention.hpp"
#include "ngcrt/engine/fixed.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/engine/view.hpp"
#include "ngcrt/help.hpp"

namespace ngcrt {

inline constexpr compartment_info laplacian_error_cell_compartments[] = {
    {"shift", compartment_role::input, true, "Laplacian shift/mean", "", "External input shift/mean value(s)", slot::prediction},
    {"Scale", compartment_role::input, false, "Laplacian scale", "", "External scale value(s)", slot::parameter},
    {"target", compartment_role::input, true, "Laplacian data/target variable", "", "External input target signal value(s)", slot::target},
    {"modulator", compartment_role::input, true, "", "", "External input modulatory/scaling signal(s)", slot::modulator},
    {"mask", compartment_role::input, true, "", "", "External binary/gating mask to apply to signals", slot::mask},
    {"L", compartment_role::output, false, "Laplacian Log likelihood", "nats", "Local loss / free-energy value embodied by this error-cell", slot::L},
    {"dshift", compartment_role::output, true, "", "", "first derivative of loss w.r.t. shift value(s)", slot::dprediction},
    {"dScale", compartment_role::output, false, "", "", "first derivative of loss w.r.t. scale value(s)", slot::dparameter},
    {"dtarget", compartment_role::output, true, "", "", "first derivative of loss w.r.t. target value(s)", slot::dtarget},
};
inline constexpr hyperparameter_info laplacian_error_cell_hyperparameters[] = {
    {"n_units", "Number of neuronal cells to model in this layer"},
    {"batch_size", "Batch size dimension of this component"},
    {"scale", "External input scale value (currently fixed and not learnable)"},
};
inline constexpr help_info laplacian_error_cell_help{
    "LaplacianErrorCell",
    "LaplacianErrorCell - computes mismatch/error signals at each time step t (between a `target` and a prediction `shift`)",
    laplacian_error_cell_compartments, "Laplacian(x=target; shift, scale)", laplacian_error_cell_hyperparameters};

namespace cells {

// LaplacianErrorCell: e = target - shift, dshift = sign(e) / Scale, dtarget = -dshift, both
// gated; L = (-C) * (1/Scale), C the number of non-zero errors (mask and modulator aside).
struct laplacian {
    using form_type = SigmaShape;
    static constexpr bool has_parameter = true;
    static constexpr const help_info& help = laplacian_error_cell_help;
    static constexpr const char* c_name = "laplacian_error";
    // ngclearn 3.1 and 3.2 compute the same: one kernel for both.
    static constexpr Convention conventions[] = {Convention::ngclearn_3_1};
    static constexpr SigmaShape forms[] = {SigmaShape::scalar, SigmaShape::per_unit};
    static constexpr bool valid(Convention c, SigmaShape f) noexcept {
        return (c == Convention::ngclearn_3_1 || c == Convention::ngclearn_3_2) &&
               (f == SigmaShape::scalar || f == SigmaShape::per_unit);
    }
    static constexpr Convention canonical(Convention) noexcept { return Convention::ngclearn_3_1; }
    static constexpr bool per_unit(SigmaShape f) noexcept { return f == SigmaShape::per_unit; }
    static constexpr std::size_t parameter_count(SigmaShape f, std::size_t units) noexcept {
        return per_unit(f) ? units : 1;
    }

    NGCRT_CELL_BUFFERS(shift, Scale)
    template <class Base>
    struct names : Base {
        NGCRT_PREDICTION_NAMES(shift)
        NGCRT_PARAMETER_NAMES(Scale)
    };

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
    struct kernel {
        using T = typename P::value_type;
        using reg = typename P::reg;
        static constexpr bool per_unit = F == SigmaShape::per_unit;
        static constexpr bool negated_dtarget = true;
        static constexpr bool flush_checked = true;
        static constexpr bool fpu_asm = false;

        struct constants {
            reg r;  // 1/Scale, scalar Scale
            T rs;
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
        template <class U>
        static T finish(const constants& k, U S) noexcept {
            if constexpr (per_unit) return -static_cast<T>(S);
            return (-static_cast<T>(S)) * k.rs;
        }
    };
};

}  // namespace cells

template <class T>
using LaplacianErrorCellView = named_view<cells::laplacian, T>;

// ngclearn's LaplacianErrorCell with fixed capacity.
//   ngclearn: LaplacianErrorCell("e", n_units=64, batch_size=4, scale=2.)
//   ngcrt:    ngcrt::LaplacianErrorCell<float, ngcrt::Units<64>, 4> e{2.f};
template <class T, class UnitShape, std::size_t MaxBatch = 1, Convention Conv = Convention::ngclearn_3_1,
          SigmaShape Shape = SigmaShape::scalar>
class LaplacianErrorCell : public fixed_error_cell<cells::laplacian, T, UnitShape, MaxBatch, Conv, Shape> {
public:
    using fixed_error_cell<cells::laplacian, T, UnitShape, MaxBatch, Conv, Shape>::fixed_error_cell;
};

}  // namespace ngcrt
