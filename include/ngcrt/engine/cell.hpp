// ngcrt/engine/cell.hpp - what a cell's description (struct cells::<name>) is built from:
// its conventions and its forms, written once (docs/architecture.md).
#pragma once

#include <cstddef>

#include "ngcrt/convention.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/help.hpp"

namespace ngcrt::detail {

// ngclearn's conventions (3.1 and 3.2) are two computations: one kernel each (Gaussian) ...
// (and Convention::exact, the true log-density, is a third, in every cell).
struct one_kernel_per_convention {
    static constexpr Convention conventions[] = {Convention::ngclearn_3_1, Convention::ngclearn_3_2,
                                                 Convention::exact};
    static constexpr Convention canonical(Convention c) noexcept { return c; }
};
// ... or one (Laplacian, Bernoulli: ngclearn's file is the same in 3.1 and 3.2).
struct one_kernel_for_both_conventions {
    static constexpr Convention conventions[] = {Convention::ngclearn_3_1, Convention::exact};
    static constexpr Convention canonical(Convention c) noexcept {
        return c == Convention::exact ? c : Convention::ngclearn_3_1;
    }
};

// The cell's form is its parameter's shape: one value, or one per unit ...
// A per-unit parameter keeps two factors per unit, computed when it is accepted (not at
// every element), in a workspace of 2 units values.
struct scalar_or_per_unit_parameter {
    using form_type = SigmaShape;
    static constexpr SigmaShape forms[] = {SigmaShape::scalar, SigmaShape::per_unit};
    static constexpr bool has_parameter = true;
    static constexpr bool valid_form(Convention /*c*/, SigmaShape /*f*/) noexcept { return true; }
    static constexpr bool dense(SigmaShape /*f*/) noexcept { return false; }
    static constexpr bool per_unit(SigmaShape f) noexcept { return f == SigmaShape::per_unit; }
    static constexpr std::size_t parameter_count(SigmaShape f, std::size_t units) noexcept {
        return per_unit(f) ? units : 1;
    }
    static constexpr std::size_t workspace_count(SigmaShape f, std::size_t units) noexcept {
        return per_unit(f) ? 2 * units : 0;
    }
};
// ... or also a full covariance over a row's units (the Gaussian cells), in the exact
// convention only: N x N values, factored when accepted (its workspace: the factor, its
// transpose and the inverse), the step a dense pre-stage (src/engine/traverse.hpp).
struct scalar_per_unit_or_full_parameter : scalar_or_per_unit_parameter {
    static constexpr SigmaShape forms[] = {SigmaShape::scalar, SigmaShape::per_unit, SigmaShape::full};
    static constexpr bool valid_form(Convention c, SigmaShape f) noexcept {
        return f != SigmaShape::full || c == Convention::exact;
    }
    static constexpr bool dense(SigmaShape f) noexcept { return f == SigmaShape::full; }
    static constexpr std::size_t parameter_count(SigmaShape f, std::size_t units) noexcept {
        return dense(f) ? units * units : per_unit(f) ? units : 1;
    }
    static constexpr std::size_t workspace_count(SigmaShape f, std::size_t units) noexcept {
        return dense(f) ? dense_workspace_count(units) : per_unit(f) ? 2 * units : 0;
    }
};
// ... or the cell has no parameter, and its form is another choice (Bernoulli's input).
template <class Form, Form... Values>
struct no_parameter {
    using form_type = Form;
    static constexpr Form forms[] = {Values...};
    static constexpr bool has_parameter = false;
    static constexpr bool valid_form(Convention /*c*/, Form /*f*/) noexcept { return true; }
    static constexpr bool dense(Form /*f*/) noexcept { return false; }
    static constexpr bool per_unit(Form /*f*/) noexcept { return false; }
    static constexpr std::size_t parameter_count(Form /*f*/, std::size_t /*units*/) noexcept { return 0; }
    static constexpr std::size_t workspace_count(Form /*f*/, std::size_t /*units*/) noexcept { return 0; }
};

}  // namespace ngcrt::detail
namespace ngcrt {

// How a cell with a state (a leaky error) integrates its input over a step of dt:
// exponential: s += (-expm1(-dt/tau)) (x - s), exact for x held over the step, stable for
// every dt; euler: s += (dt/tau) (x - s), ngclearn's integrator style, stable for dt/tau <= 2.
enum class Integrator : unsigned char { exponential = 0, euler = 1 };

constexpr const char* to_string(Integrator i) noexcept {
    return i == Integrator::exponential ? "exponential" : "euler";
}

}  // namespace ngcrt
namespace ngcrt::detail {

// A cell without a state (the default) ...
struct no_state {
    static constexpr bool has_state = false;
};
// ... or with one: a unit-shaped compartment the step integrates the error into with a time
// constant tau (the leaky cells), reset to zeros, never wired.
struct leaky_state {
    static constexpr bool has_state = true;
};

// A cell's variants: its conventions x its forms. valid() accepts only the named values
// (a view or C config can hold any bits).
template <class Conventions, class Forms, class State = no_state>
struct cell_variants : Conventions, Forms, State {
    static constexpr bool valid(Convention c, typename Forms::form_type f) noexcept {
        bool form_ok = false;
        for (auto v : Forms::forms) form_ok = form_ok || v == f;
        return (c == Convention::ngclearn_3_1 || c == Convention::ngclearn_3_2 || c == Convention::exact) &&
               form_ok && Forms::valid_form(c, f);
    }
    // ngclearn computes no derivative for its parameter: a placeholder of
    // ones; the exact convention computes it at every step.
    static constexpr bool placeholder_dparameter(Convention c) noexcept { return c != Convention::exact; }
};

// A cell's help(), made from its text (Cell::text) once for every cell.
template <class Cell>
inline constexpr auto cell_compartments = compartments_of<Cell::has_parameter, Cell::has_state>(Cell::text);
template <class Cell>
inline constexpr auto cell_hyperparameters = hyperparameters_of<Cell::has_state>(Cell::text);
template <class Cell>
inline constexpr help_info cell_help = help_of(Cell::text, cell_compartments<Cell>,
                                               cell_hyperparameters<Cell>);

// A per-unit parameter's two factors for the elements of one register (loaded by the engine
// from the workspace: a from its first `units` values, b from the second).
template <class Reg>
struct unit_factors {
    Reg a, b;
};

// What a cell's kernel<P, C, F> (its elementwise math, src/engine/traverse.hpp) says unless
// it says otherwise.
struct kernel_defaults {
    static constexpr bool negated_dtarget = true;  // dtarget = -dprediction, bitwise
    static constexpr bool flush_checked = true;    // bad() covers every operation (flushing packs)
    static constexpr bool fpu_asm = false;         // the Cortex-M FPU assembly is this math
    static constexpr bool negated_sum = true;  // L = -S, times the constants' L_factor for a scalar parameter
    static constexpr bool computes_dparameter = false;  // dparameter() after the pass (exact convention)
    static constexpr bool offset_L = false;             // L -= constants' L_offset (a log-density's constant)
    static constexpr bool prestaged = false;            // the dense pre-stage computes g (a full covariance)
};

}  // namespace ngcrt::detail
