// ngcrt/engine/state.hpp - what a view adds for a cell with a state (Cell::has_state: the
// leaky cells' e, integrated with a time constant tau over each step's dt): tau, the
// integrator, the check of dt and the integration factor a step uses. A cell without a state
// gets the same member functions answering invalid_argument, so code written for any cell
// compiles for every cell.
#pragma once

#include "ngcrt/engine/cell.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/status.hpp"

namespace ngcrt::detail {

// Base: the view's data (engine/view_core.hpp: initialized()); T: the element type.
template <class T, class Base, bool HasState>
class state_part;

template <class T, class Base>
class state_part<T, Base, false> : public Base {
public:
    status set_tau(T /*tau*/) noexcept { return refuse("set_tau"); }
    status set_integrator(Integrator /*i*/) noexcept { return refuse("set_integrator"); }
    T tau() const noexcept { return T(0); }
    Integrator integrator() const noexcept { return Integrator::exponential; }

protected:
    void start_state() noexcept {}
    static status check_time_step(T /*dt*/) noexcept { return status::ok; }
    template <class A>
    void integrate(A& /*a*/, T /*dt*/) noexcept {}

private:
    status refuse(const char* where) const noexcept {
        return fail(this->initialized() ? status::invalid_argument : status::not_initialized, where);
    }
};

template <class T, class Base>
class state_part<T, Base, true> : public Base {
public:
    // tau >= 0 and finite (0: no smoothing, the state is the input), else
    // invalid_time_step. Nothing changes on error; the state is kept.
    status set_tau(T tau) noexcept {
        if (!this->initialized()) return fail(status::not_initialized, "set_tau");
        if (!valid_tau(tau)) return fail(status::invalid_time_step, "set_tau");
        take_tau(tau);
        return status::ok;
    }
    status set_integrator(Integrator i) noexcept {
        if (!this->initialized()) return fail(status::not_initialized, "set_integrator");
        if (i != Integrator::exponential && i != Integrator::euler)
            return fail(status::invalid_argument, "set_integrator");
        take_integrator(i);
        return status::ok;
    }
    T tau() const noexcept { return tau_; }
    Integrator integrator() const noexcept { return integrator_; }

protected:
    // A fixed cell's constructor: its tau and integrator, taken as given (a bad tau is
    // reported by every advance_state() until set_tau() replaces it).
    void take_tau(T tau) noexcept {
        tau_ = tau;
        integrated_dt_ = T(-1);  // recompute a at the next step
    }
    void take_integrator(Integrator i) noexcept {
        integrator_ = i;
        integrated_dt_ = T(-1);
    }
    void start_state() noexcept {
        take_tau(T(0));
        take_integrator(Integrator::exponential);
    }
    // dt > 0 and finite, tau valid (a fixed cell constructed with a bad tau keeps it), and for
    // Euler dt / tau <= 2 (beyond, the state oscillates and grows; tau = 0 makes the state the
    // input, any dt).
    status check_time_step(T dt) const noexcept {
        if (!positive_finite(&dt, 1) || !valid_tau(tau_)) return status::invalid_time_step;
        if (integrator_ == Integrator::euler && tau_ > T(0) && dt / tau_ > T(2))
            return status::invalid_time_step;
        return status::ok;
    }
    // The step's integration factor (computed in the library once per dt: integration_factor)
    // and whether the state is the input itself (tau = 0): the cell's step_constants'
    // `integration` and `state_is_input` (the contract of a cell with a state).
    template <class A>
    void integrate(A& a, T dt) noexcept {
        a.constants.state_is_input = tau_ == T(0);
        if (!(dt == integrated_dt_)) {
            a.constants.integration = integration_factor(dt, tau_, static_cast<unsigned char>(integrator_));
            integrated_dt_ = dt;
        }
    }

private:
    T tau_ = T(0);
    Integrator integrator_ = Integrator::exponential;
    T integrated_dt_ = T(-1);  // the dt the integration factor was computed for (-1: none)
};

}  // namespace ngcrt::detail
