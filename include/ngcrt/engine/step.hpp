// ngcrt/engine/step.hpp - the boundary between the header-only cell logic (the view) and
// the compiled kernels. All floating-point arithmetic that decides output bits happens
// behind these functions, inside the library, compiled with the library's own flags
// (-ffp-contract=off, no -ffast-math) whatever the consumer's flags are.
#pragma once

#include <cstddef>

#include "ngcrt/convention.hpp"

namespace ngcrt::detail {

// One step of an error cell over n = batch * units elements (n >= 1): the streams and the
// cell's constants its kernel reads. Every cell has the same roles (docs/architecture.md): a
// prediction and a target in, modulator and mask gating the two derivatives out, optionally
// a parameter with one value or one per unit, optionally a state.
// Constants: what the cell computes when its parameter is accepted (and, for a cell with a
// state, per dt), not at every step: Cell::step_constants<T> (args_of below).
template <class T, class Constants>
struct step_args {
    using value_type = T;
    const T* prediction = nullptr;  // the cell's prediction input
    const T* target = nullptr;
    const T* modulator = nullptr;  // nullptr: known to hold ones, not read
    const T* mask = nullptr;       // nullptr: known to hold ones, not read
    T* mask_eat = nullptr;         // non-null (== mask): write ones after reading
    const T* parameter = nullptr;  // 1 or `units` values, validated; nullptr without one
    T* dprediction = nullptr;      // its derivative
    T* dtarget = nullptr;
    T* dparameter = nullptr;  // written by the step only when the convention computes it
    // A per-unit parameter's factors (two arrays of `units`, workspace[j] and
    // workspace[units + j]), computed when the parameter is accepted; nullptr for a scalar.
    const T* workspace = nullptr;
    T* state = nullptr;  // a cell with a state (a leaky cell's error): read and written by the step
    std::size_t units = 0;
    std::size_t n = 0;
    Convention convention = Convention::ngclearn_3_1;
    unsigned char form = 0;  // the cell's form (SigmaShape, BernoulliInput, ...) as its value
    Constants constants{};
    // The batch rows this step covers (n is a whole number of rows of `units`).
    std::size_t batch() const noexcept { return n / units; }
};

// Cell's step arguments for element type T.
template <class Cell, class T>
using args_of = step_args<T, typename Cell::template step_constants<T>>;

template <class Cell, class T>
using step_fn = T (*)(const args_of<Cell, T>&) noexcept;

// The step of Cell for any convention and form, chosen at run time from a (the kernel the
// dispatch selected). Returns L.
template <class Cell, class T>
T step(const args_of<Cell, T>& a) noexcept;

// The same in Subnormals::flush (include/ngcrt/subnormals.hpp): x86's MXCSR flush mode
// around the step, else the software form (src/engine/flushing.hpp).
template <class Cell, class T>
T step_flush(const args_of<Cell, T>& a) noexcept;

// The same for one convention and form known at compile time (a fixed-type cell): a
// firmware build, which compiles one kernel and no dispatch, then links only that
// variant's loops.
template <class Cell, class T, Convention C, auto Form>
struct fixed_step {
    static T run(const args_of<Cell, T>& a) noexcept;
    static T run_flush(const args_of<Cell, T>& a) noexcept;
};

// For the tests: on x86, whose MXCSR gives Subnormals::flush's bits, run the software form
// instead (on). Elsewhere the software form always runs. Not meant to be called while
// another thread is stepping a cell.
void use_software_flush(bool on) noexcept;

// A leaky state's integration factor for this step: a = -expm1(-dt / tau) (exponential)
// or dt / tau (Euler); tau = 0 gives a = 1. Assumes valid dt and tau (the view checks).
template <class T>
T integration_factor(T dt, T tau, unsigned char integrator) noexcept;

// A time constant tau: >= 0 and finite.
template <class T>
bool valid_tau(T tau) noexcept;

// True if all n values are > 0 and finite (compiled in the library, so a consumer's
// -ffinite-math-only cannot remove the NaN check).
template <class T>
bool positive_finite(const T* v, std::size_t n) noexcept;

// Checks a parameter (param: its parameter_count values) and, if it is valid, sets a.constants
// and the cell's workspace from it (a per-unit parameter's factors; a full covariance's
// Cholesky factor, inverse and log-determinant), with the library's floating-point flags.
// false: invalid (a value <= 0, NaN or infinite; a full covariance not positive definite),
// and nothing is written.
template <class Cell, class T>
bool parameter_factors(const T* param, args_of<Cell, T>& a, T* workspace) noexcept;
// The same check without setting anything (a full covariance is factored into `workspace`,
// which a failure leaves as it was).
template <class Cell, class T>
bool parameter_valid(const T* param, const args_of<Cell, T>& a, T* workspace) noexcept;

// A full covariance (an N x N symmetric positive definite matrix over a row's units): its
// factor's workspace (src/linalg/cholesky.hpp: the Cholesky factor, its transpose and the
// inverse, N x dense_stride(N) values each; the library checks this layout), and the factor
// itself, with log det into `logdet` (false, nothing written: not positive definite, or a
// value of the lower triangle NaN or infinite).
constexpr std::size_t dense_stride(std::size_t N) noexcept { return (N + 15) / 16 * 16; }
constexpr std::size_t dense_workspace_count(std::size_t N) noexcept { return 3 * N * dense_stride(N); }
constexpr std::size_t dense_inverse_offset(std::size_t N) noexcept { return 2 * N * dense_stride(N); }
template <class T>
bool dense_factor(const T* A, std::size_t N, T* ws, T& logdet) noexcept;

}  // namespace ngcrt::detail
