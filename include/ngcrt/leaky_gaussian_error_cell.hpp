// ngcrt/leaky_gaussian_error_cell.hpp - LeakyGaussianErrorCell (ngclearn's open TODO: a
// GaussianErrorCell that "moves according to an ODE"): the error e integrates target - mu
// with a time constant tau, and every output is the Gaussian cell's with e in the place of
// target - mu. Its description for the engine and its public names; the engine gives it the
// Gaussian cell's ownership forms, rules and API, plus the state. Semantics: docs/semantics.md.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "ngcrt/convention.hpp"
#include "ngcrt/engine/cell.hpp"
#include "ngcrt/engine/fixed.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/engine/view.hpp"
#include "ngcrt/gaussian_error_cell.hpp"
#include "ngcrt/help.hpp"

namespace ngcrt {

namespace cells {

// LeakyGaussianErrorCell: x = target - mu; e = e + a * (x - e) (a = -expm1(-dt/tau) or
// dt/tau, computed by the view once per dt; tau = 0: e = x); then GaussianErrorCell's math
// on e: dmu = (e * k * modulator) * mask, dtarget = -dmu, L from e * e.
struct leaky_gaussian
    : detail::cell_variants<detail::one_kernel_per_convention, detail::scalar_per_unit_or_full_parameter,
                            detail::leaky_state> {
    NGCRT_CELL_NAMES(mu, Sigma, e)
    static constexpr cell_text text{
        "leaky_gaussian_error",
        "LeakyGaussianErrorCell",
        "LeakyGaussianErrorCell - an error cell whose error e moves by an ODE: tau de/dt = (target - mu) - e",
        "e += a (target - mu - e), a = 1 - exp(-dt/tau) or dt/tau; Gaussian(x=mu + e; mu, sigma)",
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
        {"sigma", "External input variance value (currently fixed and not learnable)"},
        "e",
        "Leaky error state (target - mu integrated with time constant tau); reset to zeros",
        {{"tau", "Integration time constant, in the unit of dt (0: no smoothing, e = target - mu)"},
         {"integrator",
          "exponential (default: exact for a held input, any dt > 0) or euler (dt / tau <= 2)"}}};

    // Sigma's constants are the Gaussian cell's; the state's are set per dt by the view
    // (engine/state.hpp): the integration factor a (-expm1(-dt/tau) or dt/tau, computed in the
    // library) and whether the state is the input itself (tau = 0).
    template <class T>
    struct step_constants : gaussian::step_constants<T> {
        T integration = T(0);
        bool state_is_input = true;
    };
    template <class T, class A>
    static bool factors(const T* sigma, A& a, T* ws) noexcept {
        return gaussian::factors(sigma, a, ws);
    }

    // The Gaussian kernel, given e instead of target - mu. No flush checks (a pack that
    // flushes subnormals runs this cell in IEEE scalar arithmetic) and no FPU assembly.
    template <class P, Convention C, SigmaShape F>
    struct kernel : gaussian::kernel<P, C, F> {
        using base = gaussian::kernel<P, C, F>;
        using T = typename P::value_type;
        using reg = typename P::reg;
        static constexpr bool flush_checked = false;
        static constexpr bool fpu_asm = false;

        struct constants : base::constants {
            reg a;      // the integration factor of this step
            bool tau0;  // tau = 0: e = x
        };
        template <class A>
        static constants prepare(const A& a) noexcept {
            return {base::prepare(a), P::splat(a.constants.integration), a.constants.state_is_input};
        }
        struct result : base::result {
            reg state;  // the new e
        };
        // e = e + a * (x - e), two roundings, no fused multiply-add (the library's flags).
        static reg error(const constants& k, reg mu, reg tg, reg e) noexcept {
            if (k.tau0) return tg - mu;
            return e + k.a * ((tg - mu) - e);
        }
        // (error() twice, computed once: one aggregate of expressions, docs/architecture.md,
        // "Cell descriptions".)
        static result elem(const constants& k, reg mu, reg tg, const detail::unit_factors<reg>& u,
                           reg e) noexcept {
            return {base::elem_e(k, error(k, mu, tg, e), u), error(k, mu, tg, e)};
        }
        // A full covariance: the dense pre-stage integrates (error() above, storing the
        // state) and solves; the pass gates r.
        static result elem_pre(const constants& k, reg r) noexcept { return {base::elem_pre(k, r), r}; }
    };
};

}  // namespace cells

template <class T>
using LeakyGaussianErrorCellView = named_view<cells::leaky_gaussian, T>;

// A leaky Gaussian error cell with fixed capacity, its integrator a template choice.
//   ngcrt: ngcrt::LeakyGaussianErrorCell<float, ngcrt::Units<64>, 4> e{2.f, 0.05f};  // sigma, tau
// A tau < 0, NaN or infinite makes every advance_state() return invalid_time_step until
// set_tau() replaces it.
template <class T, class UnitShape, std::size_t MaxBatch = 1, Convention Semantics = Convention::ngclearn_3_1,
          SigmaShape Shape = SigmaShape::scalar, Integrator Integ = Integrator::exponential>
class LeakyGaussianErrorCell
    : public fixed_error_cell<cells::leaky_gaussian, T, UnitShape, MaxBatch, Semantics, Shape> {
    using base = fixed_error_cell<cells::leaky_gaussian, T, UnitShape, MaxBatch, Semantics, Shape>;
    static_assert(Integ == Integrator::exponential || Integ == Integrator::euler, "unknown integrator");

public:
    static constexpr SigmaShape sigma_shape_value = Shape;
    static constexpr std::size_t sigma_size = base::parameter_size;
    static constexpr Integrator integrator_value = Integ;

    explicit LeakyGaussianErrorCell(T sigma = T(1), T tau = T(0)) noexcept : base(sigma) { start(tau); }
    // A per-unit Sigma from one value per unit.
    template <SigmaShape S = Shape, std::enable_if_t<S == SigmaShape::per_unit, int> = 0>
    LeakyGaussianErrorCell(const std::array<T, base::n_units>& sigma, T tau) noexcept : base(sigma) {
        start(tau);
    }

private:
    void start(T tau) noexcept {
        this->take_tau(tau);
        this->take_integrator(Integ);
    }
};

}  // namespace ngcrt
