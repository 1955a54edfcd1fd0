// ngcrt/engine/view.hpp - the capacity-erased view every error cell is: all of a cell's
// rules, written once for every cell (docs/architecture.md).
//
// A cell (a description struct, e.g. ngcrt::cells::gaussian) says what differs: its
// compartments' names, whether it has a parameter and how that is checked, its forms,
// its help text and its elementwise math (compiled in the library). This view does the
// rest: validation of caller buffers, reset / batched_reset, wiring, mask eating, the
// "known ones" flags that let a step skip modulator and mask, the parameter check before a
// step writes anything, and the call into the compiled step.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "ngcrt/config.hpp"
#include "ngcrt/convention.hpp"
#include "ngcrt/engine/cell.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/help.hpp"
#include "ngcrt/span.hpp"
#include "ngcrt/status.hpp"
#include "ngcrt/subnormals.hpp"
#include "ngcrt/units.hpp"

namespace ngcrt {

// The input compartments that can be wired to an external buffer, by slot. Each cell's
// names are aliases of its slots: a cell without a parameter answers invalid_argument
// for input::Sigma / input::Scale.
enum class input : unsigned char {
    prediction = 0,
    mu = 0,     // GaussianErrorCell
    shift = 0,  // LaplacianErrorCell
    p = 0,      // BernoulliErrorCell
    target = 1,
    parameter = 2,
    Sigma = 2,  // GaussianErrorCell
    Scale = 2,  // LaplacianErrorCell
    modulator = 3,
    mask = 4,
};

// What a view needs to know besides its buffers. Form is the cell's own variant choice
// (SigmaShape for Gaussian and Laplacian, BernoulliInput for Bernoulli).
template <class Form>
struct basic_cell_config {
    shape unit_shape = shape::dense(1);
    std::size_t max_batch = 1;  // capacity: the largest batch_size() allowed
    Form form = Form{};
    Convention convention = Convention::ngclearn_3_1;
};

// The caller buffers of every cell, in the engine's order (unit-shaped first; the
// workspace last: the cell's own scratch, Cell::workspace_count values, e.g. a per-unit
// parameter's factors).
template <class T>
using role_spans = std::array<span<T>, 10>;
namespace detail {
enum : int {
    r_prediction,
    r_target,
    r_modulator,
    r_mask,
    r_dprediction,
    r_dtarget,
    r_parameter,
    r_dparameter,
    r_workspace,
    r_state
};
}  // namespace detail

// A cell's names: its buffers (below) and its view's accessors (further below), from its
// prediction's and parameter's names: NGCRT_CELL_NAMES(mu, Sigma), NGCRT_CELL_NAMES(p).
#define NGCRT_CELL_NAMES_2(pred, param) \
    NGCRT_CELL_BUFFERS(pred, param)     \
    template <class Base>               \
    struct names : Base {               \
        NGCRT_PREDICTION_NAMES(pred)    \
        NGCRT_PARAMETER_NAMES(param)    \
    };
#define NGCRT_CELL_NAMES_1(pred)          \
    NGCRT_CELL_BUFFERS_NO_PARAMETER(pred) \
    template <class Base>                 \
    struct names : Base {                 \
        NGCRT_PREDICTION_NAMES(pred)      \
    };
#define NGCRT_CELL_NAMES_3(pred, param, st)                                                 \
    NGCRT_CELL_BUFFERS_WITH_STATE(pred, param, st)                                          \
    template <class Base>                                                                   \
    struct names : Base {                                                                   \
        NGCRT_PREDICTION_NAMES(pred)                                                        \
        NGCRT_PARAMETER_NAMES(param)                                                        \
        span<const typename Base::value_type> st() const noexcept { return this->state(); } \
    };
#define NGCRT_CELL_NAMES_PICK(_1, _2, _3, name, ...) name
#define NGCRT_CELL_NAMES(...)                                                                              \
    NGCRT_CELL_NAMES_PICK(__VA_ARGS__, NGCRT_CELL_NAMES_3, NGCRT_CELL_NAMES_2, NGCRT_CELL_NAMES_1, unused) \
    (__VA_ARGS__)

// A cell's caller-provided storage with ngclearn's names (ngcrt::cell_buffers<T> for the
// Gaussian cell: mu, target, modulator, mask, Sigma, dSigma, dmu, dtarget, workspace).
// Unit-shaped buffers hold at least max_batch * units values; the parameter and its
// derivative exactly the parameter's count; the workspace the cell's workspace_count
// (none for a scalar parameter: leave it empty). Buffers must be distinct, non-null and
// aligned for T; SIMD alignment is welcome but not required.
// NOLINTBEGIN(bugprone-macro-parentheses): the arguments are member names, not expressions
#define NGCRT_CELL_BUFFERS(pred, param)                                                           \
    template <class T>                                                                            \
    struct buffers {                                                                              \
        span<T> pred, target, modulator, mask, param, d##param, d##pred, dtarget, workspace;      \
        role_spans<T> roles() const noexcept {                                                    \
            return {pred, target, modulator, mask, d##pred, dtarget, param, d##param, workspace}; \
        }                                                                                         \
        static buffers from_roles(const role_spans<T>& r) noexcept {                              \
            return {r[0], r[1], r[2], r[3], r[6], r[7], r[4], r[5], r[8]};                        \
        }                                                                                         \
    };
// The same for a cell with a state (mu, target, modulator, mask, Sigma, dSigma, dmu,
// dtarget, workspace, e).
#define NGCRT_CELL_BUFFERS_WITH_STATE(pred, param, st)                                                \
    template <class T>                                                                                \
    struct buffers {                                                                                  \
        span<T> pred, target, modulator, mask, param, d##param, d##pred, dtarget, workspace, st;      \
        role_spans<T> roles() const noexcept {                                                        \
            return {pred, target, modulator, mask, d##pred, dtarget, param, d##param, workspace, st}; \
        }                                                                                             \
        static buffers from_roles(const role_spans<T>& r) noexcept {                                  \
            return {r[0], r[1], r[2], r[3], r[6], r[7], r[4], r[5], r[8], r[9]};                      \
        }                                                                                             \
    };
// The same for a cell without a parameter (p, target, modulator, mask, dp, dtarget).
#define NGCRT_CELL_BUFFERS_NO_PARAMETER(pred)                                         \
    template <class T>                                                                \
    struct buffers {                                                                  \
        span<T> pred, target, modulator, mask, d##pred, dtarget;                      \
        role_spans<T> roles() const noexcept {                                        \
            return {pred, target, modulator, mask, d##pred, dtarget, {}, {}, {}, {}}; \
        }                                                                             \
        static buffers from_roles(const role_spans<T>& r) noexcept {                  \
            return {r[0], r[1], r[2], r[3], r[4], r[5]};                              \
        }                                                                             \
    };
// NOLINTEND(bugprone-macro-parentheses)

// ngclearn's names for the slots, as accessors of a cell's view (see each cell's header).
#define NGCRT_PREDICTION_NAMES(pred)                                                           \
    span<typename Base::value_type> pred() noexcept { return this->prediction(); }             \
    span<const typename Base::value_type> pred() const noexcept { return this->prediction(); } \
    span<const typename Base::value_type> d##pred() const noexcept { return this->dprediction(); }
#define NGCRT_PARAMETER_NAMES(param)                                                               \
    span<typename Base::value_type> param() noexcept { return this->parameter(); }                 \
    span<const typename Base::value_type> param() const noexcept { return this->parameter(); }     \
    span<const typename Base::value_type> d##param() const noexcept { return this->dparameter(); } \
    status set_##param(typename Base::value_type v) noexcept { return this->set_parameter(v); }    \
    status set_##param(span<const typename Base::value_type> v) noexcept { return this->set_parameter(v); }

template <class Cell, class T>
class error_cell_view {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                  "ngcrt cells are implemented for float and double");

public:
    using value_type = T;
    using cell_type = Cell;
    using form_type = typename Cell::form_type;
    using config = basic_cell_config<form_type>;
    using buffers = typename Cell::template buffers<T>;
    static constexpr bool has_parameter = Cell::has_parameter;

    // An empty view: every operation returns status::not_initialized until init() succeeds.
    error_cell_view() noexcept = default;
    error_cell_view(const error_cell_view&) = delete;             // would alias buffers
    error_cell_view& operator=(const error_cell_view&) = delete;  // and split flags
    ~error_cell_view() = default;                                 // the buffers belong to the caller

    // Binds the view to caller buffers and puts the cell in its initial state (all of
    // the capacity: inputs zeros, modulator and mask ones, outputs zeros, the parameter =
    // `parameter` (ignored by a cell without one), batch_size() = max_batch).
    // On error nothing changes.
    status init(const config& cfg, const buffers& buf, T parameter = T(1)) noexcept {
        // Any convention and form, chosen at run time: the generic step.
        return init_with(cfg, buf, parameter, &detail::step<Cell, T>, &detail::step_flush<Cell, T>);
    }

protected:
    // init() with the step functions to call, in IEEE arithmetic and in Subnormals::flush:
    // the generic ones (init), or a fixed-type cell's own convention and form (so firmware
    // links only that variant's loops).
    status init_with(const config& cfg, const buffers& buf, T parameter, detail::step_fn<T> step,
                     detail::step_fn<T> flush_step) noexcept {
        if (!cfg.unit_shape.valid()) return detail::fail(status::invalid_shape, "init");
        if (cfg.max_batch == 0) return detail::fail(status::invalid_batch_size, "init");
        if (!Cell::valid(cfg.convention, cfg.form)) return detail::fail(status::invalid_argument, "init");
        // A full covariance is over the units of a dense row.
        if (Cell::dense(cfg.form) && cfg.unit_shape.rank != 1)
            return detail::fail(status::invalid_shape, "init");
        const std::size_t unit_count = cfg.unit_shape.size();
        const std::size_t n = unit_count * cfg.max_batch;
        if (n / cfg.max_batch != unit_count) return detail::fail(status::size_mismatch, "init");  // overflow
        // No buffer can hold more bytes than a pointer difference can count (and the
        // overlap checks below compute n * sizeof(T)).
        if (n > std::size_t(PTRDIFF_MAX) / sizeof(T)) return detail::fail(status::size_mismatch, "init");
        const std::size_t np = Cell::parameter_count(cfg.form, unit_count);
        const std::size_t nw = Cell::workspace_count(cfg.form, unit_count);
        const role_spans<T> all = buf.roles();
        // The buffers this configuration uses: the parameter's two only with a parameter,
        // the workspace only when the form needs one.
        auto used = [&](int i) {
            if (i < 6) return true;
            if (i < 8) return bool(has_parameter);
            if (i == 8) return nw > 0;
            return bool(Cell::has_state);
        };
        auto size = [&](int i) { return i < 6 || i == 9 ? n : i < 8 ? np : nw; };
        for (int i = 0; i < 10; ++i) {
            if (!used(i)) continue;
            const span<T>& b = all[i];
            if (b.data() == nullptr) return detail::fail(status::null_buffer, "init");
            if (reinterpret_cast<std::uintptr_t>(b.data()) % alignof(T) != 0)
                return detail::fail(status::misaligned_buffer, "init");
            if (i < 6 || i == 9 ? b.size() < n : i < 8 ? b.size() != np : b.size() < nw)
                return detail::fail(status::size_mismatch, "init");
        }
        for (int i = 0; i < 10; ++i)
            for (int j = i + 1; j < 10; ++j)
                if (used(i) && used(j) && overlaps(all[i].data(), size(i), all[j].data(), size(j)))
                    return detail::fail(status::overlapping_buffers, "init");
        if (has_parameter && !detail::positive_finite(&parameter, 1))
            return detail::fail(status::invalid_sigma, "init");

        shape_ = cfg.unit_shape;
        args_.units = unit_count;
        max_batch_ = cfg.max_batch;
        args_.form = static_cast<unsigned char>(cfg.form);
        args_.convention = Cell::canonical(cfg.convention);
        convention_ = cfg.convention;
        param_count_ = np;
        adopt(all);
        for (auto& b : bound_) b = nullptr;
        for (auto& b : bound_size_) b = 0;
        if constexpr (has_parameter) {
            fill_parameter(own_[slot_of(input::parameter)], parameter);
            (void)accept_parameter(own_[slot_of(input::parameter)]);  // cannot fail: v I, v > 0 and finite
            fill(dparameter_, np, T(0));
        }
        // The whole capacity gets defined values once, so nothing is ever read uninitialised.
        fill(own_[slot_of(input::prediction)], n, T(0));
        fill(own_[slot_of(input::target)], n, T(0));
        fill(args_.dprediction, n, T(0));
        fill(args_.dtarget, n, T(0));
        fill(own_[slot_of(input::modulator)], n, T(1));
        fill(own_[slot_of(input::mask)], n, T(1));
        if constexpr (Cell::has_state) {
            fill(args_.state, n, T(0));
            take_tau(T(0));
            take_integrator(Integrator::exponential);
        }
        dparameter_ones_ = false;
        batch_ = max_batch_;
        L_ = T(0);
        modulator_ones_ = mask_ones_ = true;
        step_ = ieee_step_ = step;
        flush_step_ = flush_step;
        subnormals_ = Subnormals::ieee;
        refresh_args();
        return status::ok;
    }

public:
    bool initialized() const noexcept { return batch_ != 0; }

    // ---- ngclearn's methods ------------------------------------------------------------

    // One step. See docs/semantics.md. dt is accepted and unused (as in ngclearn), except by
    // a cell with a state, which integrates over dt with its time constant tau.
    // invalid_sigma (state unchanged) if the parameter holds a value <= 0, NaN or infinite;
    // invalid_time_step for a cell with a state: dt <= 0, NaN or infinite, or Euler with
    // dt / tau > 2 (nothing changes).
    status advance_state(T dt = T(0)) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "advance_state");
        if constexpr (Cell::has_state) {
            // (a fixed cell constructed with a bad tau keeps it, and steps fail until set_tau)
            if (!detail::positive_finite(&dt, 1) || !detail::valid_tau(tau_))
                return detail::fail(status::invalid_time_step, "advance_state");
            // Euler is unstable past dt / tau = 2 (tau = 0 makes the state the input, any dt).
            if (integrator_ == Integrator::euler && tau_ > T(0) && dt / tau_ > T(2))
                return detail::fail(status::invalid_time_step, "advance_state");
        } else {
            (void)dt;
        }
        if constexpr (has_parameter) {
            // Written since it was last checked (or wired, so read from elsewhere): check it
            // now, before anything is written, so a rejected step changes nothing.
            if (!parameter_checked_) {
                if (!accept_parameter(args_.parameter))
                    return detail::fail(status::invalid_sigma, "advance_state");
                parameter_checked_ = !targeted(input::parameter);  // a wired one is checked at every step
            }
        }
        if constexpr (Cell::has_state) {
            if (!(dt == integrated_dt_)) {  // a per step (or per change of dt)
                args_.factor[4] =
                    detail::integration_factor(dt, tau_, static_cast<unsigned char>(integrator_));
                integrated_dt_ = dt;
            }
        }
        L_ = step_(args_);
        if constexpr (has_parameter) {
            // ngclearn computes no derivative for its parameter (always 1); the exact
            // convention's step wrote the true one.
            if (!dparameter_ones_ && Cell::placeholder_dparameter(args_.convention)) {
                fill(dparameter_, param_count_, T(1));
                dparameter_ones_ = true;
            }
        }
        if (args_.mask_eat != nullptr) {  // the own mask was eaten: it holds ones again
            mask_ones_ = true;
            args_.mask = args_.mask_eat = nullptr;
        }
        return status::ok;
    }

    // batched_reset(batch_size()).
    status reset() noexcept { return batched_reset(batch_); }

    // Sets the active batch size to b and resets: derivatives, L <- 0; modulator, mask <- 1;
    // prediction, target <- 0; wired compartments and the parameter untouched.
    // invalid_batch_size if b == 0 or b > max_batch(); size_mismatch if a wired buffer
    // does not hold b * units() values. On error nothing changes.
    status batched_reset(std::size_t b) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "batched_reset");
        if (b == 0 || b > max_batch_) return detail::fail(status::invalid_batch_size, "batched_reset");
        const std::size_t n = b * args_.units;
        for (input in : {input::prediction, input::target, input::modulator, input::mask})
            if (bound_[slot_of(in)] != nullptr && bound_size_[slot_of(in)] != n)
                return detail::fail(status::size_mismatch, "batched_reset");
        batch_ = b;
        fill(args_.dprediction, n, T(0));
        fill(args_.dtarget, n, T(0));
        if constexpr (has_parameter) fill(dparameter_, param_count_, T(0));
        dparameter_ones_ = false;
        L_ = T(0);
        if (!targeted(input::prediction)) fill(own_[slot_of(input::prediction)], n, T(0));
        if (!targeted(input::target)) fill(own_[slot_of(input::target)], n, T(0));
        if (!targeted(input::modulator)) fill(own_[slot_of(input::modulator)], n, T(1));
        if (!targeted(input::mask)) fill(own_[slot_of(input::mask)], n, T(1));
        if constexpr (Cell::has_state) fill(args_.state, n, T(0));
        modulator_ones_ = !targeted(input::modulator);
        mask_ones_ = !targeted(input::mask);
        refresh_args();
        return status::ok;
    }

    // ngclearn's help(), at compile time; see write_help_json().
    static constexpr const help_info& help() noexcept { return detail::cell_help<Cell>; }

    // ---- compartments, by slot (each cell adds ngclearn's names: mu(), Sigma(), ...) ------
    // Unit-shaped compartments expose batch_size() * units() values, row-major, batch
    // outermost. Mutable access to an input is write access: taking it tells the cell the
    // values may change, so the next step reads them. Write access lasts until the next
    // reset() (and, for mask, the next step, which "eats" it); retake it afterwards, or
    // wire the compartment to your own buffer with bind() if you keep a pointer.
    // A wired input has no writable storage: its mutable accessor returns an empty span.

    span<T> prediction() noexcept { return writable(input::prediction); }
    span<T> target() noexcept { return writable(input::target); }
    // (A wired input's flag is already false, and an unwired one whose flag is false is
    // already what the step reads and eats: only the first access after a step or reset
    // writes anything, which keeps a loop's per-step write access cheap.)
    span<T> modulator() noexcept {
        if (targeted(input::modulator)) return {};
        T* const own = own_[slot_of(input::modulator)];
        if (modulator_ones_) {
            modulator_ones_ = false;
            args_.modulator = own;
        }
        return {own, args_.n};
    }
    span<T> mask() noexcept {
        if (targeted(input::mask)) return {};
        T* const own = own_[slot_of(input::mask)];
        if (mask_ones_) {
            mask_ones_ = false;
            args_.mask = args_.mask_eat = own;
        }
        return {own, args_.n};
    }
    // The parameter: 1 value (scalar) or units() values; empty for a cell without one.
    // Checked at the next step; set_parameter() checks at once.
    span<T> parameter() noexcept {
        if (!has_parameter || targeted(input::parameter)) return {};
        parameter_checked_ = false;
        return {own_[slot_of(input::parameter)], param_count_};
    }

    span<const T> prediction() const noexcept { return readable(input::prediction); }
    span<const T> target() const noexcept { return readable(input::target); }
    span<const T> modulator() const noexcept { return readable(input::modulator); }
    span<const T> mask() const noexcept { return readable(input::mask); }
    span<const T> parameter() const noexcept { return readable(input::parameter); }

    span<const T> dprediction() const noexcept { return {args_.dprediction, batch_ * args_.units}; }
    span<const T> dtarget() const noexcept { return {args_.dtarget, batch_ * args_.units}; }
    span<const T> dparameter() const noexcept { return {dparameter_, param_count_}; }
    T L() const noexcept { return L_; }
    // A cell's state (a leaky cell's e): read-only; reset zeros it; never wired. Empty
    // for a cell without one.
    span<const T> state() const noexcept { return {args_.state, Cell::has_state ? batch_ * args_.units : 0}; }

    // ---- subnormal numbers (include/ngcrt/subnormals.hpp) ---------------------------------
    // Subnormals::ieee (init's choice: ngclearn's IEEE arithmetic) or Subnormals::flush
    // (subnormal inputs read as zeros, tiny results written as zeros: the same bits on every
    // target, and a step's time independent of the data). Kept by reset() and bind();
    // invalid_argument for another value, nothing changed.
    status set_subnormals(Subnormals mode) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "set_subnormals");
        if (mode != Subnormals::ieee && mode != Subnormals::flush)
            return detail::fail(status::invalid_argument, "set_subnormals");
        subnormals_ = mode;
        step_ = mode == Subnormals::flush ? flush_step_ : ieee_step_;
        return status::ok;
    }
    Subnormals subnormals() const noexcept { return subnormals_; }

    // ---- a cell with a state: its time constant and integrator ----------------------------
    // tau >= 0 and finite (0: no smoothing, the state is the input), else invalid_time_step;
    // invalid_argument for a cell without a state. Nothing changes on error.
    status set_tau(T tau) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "set_tau");
        if (!Cell::has_state) return detail::fail(status::invalid_argument, "set_tau");
        if (!detail::valid_tau(tau)) return detail::fail(status::invalid_time_step, "set_tau");
        take_tau(tau);
        return status::ok;
    }
    status set_integrator(Integrator i) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "set_integrator");
        if (!Cell::has_state || (i != Integrator::exponential && i != Integrator::euler))
            return detail::fail(status::invalid_argument, "set_integrator");
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
        args_.factor[5] = tau == T(0) ? T(1) : T(0);
        integrated_dt_ = T(-1);  // recompute a at the next step
    }
    // The parameter filled from one value v: v everywhere, or v I for a full covariance.
    void fill_parameter(T* p, T v) const noexcept {
        if (!Cell::dense(static_cast<typename Cell::form_type>(args_.form))) return fill(p, param_count_, v);
        for (std::size_t i = 0; i < param_count_; ++i) p[i] = i % (args_.units + 1) == 0 ? v : T(0);
    }
    void take_integrator(Integrator i) noexcept {
        integrator_ = i;
        integrated_dt_ = T(-1);
    }

public:
    // Sets every parameter value to v (a full covariance: v I). invalid_sigma (nothing
    // changes) unless v > 0 and finite; not_initialized; invalid_argument if the parameter is
    // wired or the cell has none.
    status set_parameter(T v) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "set_parameter");
        if (!has_parameter || targeted(input::parameter))
            return detail::fail(status::invalid_argument, "set_parameter");
        if (!detail::positive_finite(&v, 1)) return detail::fail(status::invalid_sigma, "set_parameter");
        fill_parameter(own_[slot_of(input::parameter)], v);
        (void)accept_parameter(own_[slot_of(input::parameter)]);  // cannot fail (v checked)
        return status::ok;
    }
    // Copies values (the parameter's count of them: 1, units(), or units()^2 for a full
    // covariance; else size_mismatch) into the parameter, all checked first (a full
    // covariance: factored; not positive definite is invalid_sigma).
    status set_parameter(span<const T> values) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "set_parameter");
        if (!has_parameter || targeted(input::parameter))
            return detail::fail(status::invalid_argument, "set_parameter");
        if (values.size() != param_count_) return detail::fail(status::size_mismatch, "set_parameter");
        if (values.data() == nullptr) return detail::fail(status::null_buffer, "set_parameter");
        // Checked and factored from the values themselves: nothing is written unless they pass.
        if (!accept_parameter(values.data())) return detail::fail(status::invalid_sigma, "set_parameter");
        T* s = own_[slot_of(input::parameter)];
        for (std::size_t i = 0; i < param_count_; ++i) s[i] = values[i];
        return status::ok;
    }

    // Checks what the next step would check (the parameter), without stepping. (A full
    // covariance not yet checked is factored into the cell's workspace to find out; the
    // next step factors it again.)
    status validate() const noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "validate");
        if (!has_parameter || parameter_checked_) return status::ok;
        return detail::parameter_valid<Cell>(read_ptr(input::parameter), args_, workspace_)
                   ? status::ok
                   : status::invalid_sigma;
    }

    // ---- wiring (ngclearn's `source >> cell.mu`) -----------------------------------------
    // Zero-copy: the cell reads src in place at every step, never writes through it and
    // never resets it; a wired mask is not eaten. src must hold batch_size() * units()
    // values (the parameter: its count), be aligned for T, and not overlap this cell's
    // outputs. invalid_argument for an input the cell does not have.
    status bind(input in, span<const T> src) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "bind");
        if (!has_input(in)) return detail::fail(status::invalid_argument, "bind");
        if (src.data() == nullptr) return detail::fail(status::null_buffer, "bind");
        if (reinterpret_cast<std::uintptr_t>(src.data()) % alignof(T) != 0)
            return detail::fail(status::misaligned_buffer, "bind");
        const std::size_t need = count(in);
        if (src.size() != need) return detail::fail(status::size_mismatch, "bind");
        const std::size_t n = max_batch_ * args_.units;
        if (overlaps(src.data(), need, args_.dprediction, n) ||
            overlaps(src.data(), need, args_.dtarget, n) ||
            overlaps(src.data(), need, dparameter_, param_count_))
            return detail::fail(status::overlapping_buffers, "bind");
        bound_[slot_of(in)] = src.data();
        bound_size_[slot_of(in)] = need;
        forget(in);
        return status::ok;
    }
    // Back to the cell's own storage, which holds what it held before binding.
    void unbind(input in) noexcept {
        if (!initialized() || !has_input(in) || bound_[slot_of(in)] == nullptr) return;
        bound_[slot_of(in)] = nullptr;
        bound_size_[slot_of(in)] = 0;
        forget(in);
    }
    // ngclearn's Compartment.targeted.
    bool targeted(input in) const noexcept { return has_input(in) && bound_[slot_of(in)] != nullptr; }

    // ---- sizes ---------------------------------------------------------------------------
    std::size_t batch_size() const noexcept { return batch_; }
    std::size_t max_batch() const noexcept { return max_batch_; }
    std::size_t units() const noexcept { return args_.units; }
    const shape& unit_shape() const noexcept { return shape_; }
    form_type form() const noexcept { return static_cast<form_type>(args_.form); }
    // The parameter's shape (a cell whose form is one: Gaussian Sigma, Laplacian Scale).
    template <class F = form_type, std::enable_if_t<std::is_same_v<F, SigmaShape>, int> = 0>
    SigmaShape sigma_shape() const noexcept {
        return form();
    }
    Convention convention() const noexcept { return convention_; }

protected:
    // Copies the state of `other` into this view, whose own buffers are `own` (same
    // capacity): for copying a fixed-capacity cell, whose pointers must not follow.
    void copy_state(const error_cell_view& other, const buffers& own) noexcept {
        shape_ = other.shape_;
        max_batch_ = other.max_batch_;
        param_count_ = other.param_count_;
        convention_ = other.convention_;
        step_ = other.step_;
        ieee_step_ = other.ieee_step_;
        flush_step_ = other.flush_step_;
        subnormals_ = other.subnormals_;
        // Sizes, form, convention and the parameter's factors; adopt() and refresh_args()
        // then point its streams at this cell's own storage and wiring.
        args_ = other.args_;
        adopt(own.roles());
        for (int i = 0; i < 5; ++i) {
            bound_[i] = other.bound_[i];
            bound_size_[i] = other.bound_size_[i];
        }
        batch_ = other.batch_;
        L_ = other.L_;
        modulator_ones_ = other.modulator_ones_;
        mask_ones_ = other.mask_ones_;
        parameter_checked_ = other.parameter_checked_;
        dparameter_ones_ = other.dparameter_ones_;
        tau_ = other.tau_;
        integrator_ = other.integrator_;
        integrated_dt_ = other.integrated_dt_;
        refresh_args();
    }

private:
    static constexpr int slot_of(input in) noexcept { return static_cast<int>(in); }
    static constexpr bool has_input(input in) noexcept {
        return static_cast<int>(in) < 5 && (has_parameter || in != input::parameter);
    }
    // A wired or unwired input: its contents are unknown now.
    void forget(input in) noexcept {
        if (in == input::modulator) modulator_ones_ = false;
        if (in == input::mask) mask_ones_ = false;
        if (in == input::parameter) parameter_checked_ = false;  // checked at every step while wired
        refresh_args();
    }
    // The parameter (valid) is what the next step uses: remember it is checked, and
    // precompute its factors once rather than at every step.
    // Checks param and takes its factors (false, nothing changed: invalid).
    bool accept_parameter(const T* param) noexcept {
        if (!detail::parameter_factors<Cell>(param, args_, workspace_)) return false;
        parameter_checked_ = true;
        return true;
    }
    // The next step's arguments, from the state. Called by every operation that changes
    // the wiring, the batch size or the known-ones flags, so advance_state() passes
    // args_ as it is. (The parameter's factors are set by parameter_accepted().)
    void refresh_args() noexcept {
        args_.prediction = read_ptr(input::prediction);
        args_.target = read_ptr(input::target);
        args_.parameter = has_parameter ? read_ptr(input::parameter) : nullptr;
        args_.n = batch_ * args_.units;
        refresh_ones();
    }
    // A stream known to hold ones is passed as null: the step neither reads it nor, for
    // the mask, rewrites it. Only the own mask is eaten (set to ones after the step).
    void refresh_ones() noexcept {
        args_.modulator = modulator_ones_ ? nullptr : read_ptr(input::modulator);
        args_.mask = mask_ones_ ? nullptr : read_ptr(input::mask);
        args_.mask_eat = (mask_ones_ || targeted(input::mask)) ? nullptr : own_[slot_of(input::mask)];
    }
    // Points the view at its own storage.
    void adopt(const role_spans<T>& own) noexcept {
        own_[slot_of(input::prediction)] = own[detail::r_prediction].data();
        own_[slot_of(input::target)] = own[detail::r_target].data();
        own_[slot_of(input::parameter)] = own[detail::r_parameter].data();
        own_[slot_of(input::modulator)] = own[detail::r_modulator].data();
        own_[slot_of(input::mask)] = own[detail::r_mask].data();
        args_.dprediction = own[detail::r_dprediction].data();
        args_.dtarget = own[detail::r_dtarget].data();
        dparameter_ = own[detail::r_dparameter].data();
        args_.dparameter = dparameter_;
        workspace_ = own[detail::r_workspace].data();
        args_.workspace = workspace_;
        args_.state = own[detail::r_state].data();
    }
    static void fill(T* p, std::size_t n, T v) noexcept {
        for (std::size_t i = 0; i < n; ++i) p[i] = v;
    }
    static bool overlaps(const T* a, std::size_t na, const T* b, std::size_t nb) noexcept {
        const auto pa = reinterpret_cast<std::uintptr_t>(a), pb = reinterpret_cast<std::uintptr_t>(b);
        return pa < pb + nb * sizeof(T) && pb < pa + na * sizeof(T);
    }
    std::size_t count(input in) const noexcept {
        if (!has_input(in)) return 0;
        return in == input::parameter ? param_count_ : batch_ * args_.units;
    }
    const T* read_ptr(input in) const noexcept {
        if (!has_input(in)) return nullptr;
        return bound_[slot_of(in)] != nullptr ? bound_[slot_of(in)] : own_[slot_of(in)];
    }
    span<T> writable(input in) noexcept {
        if (!has_input(in) || targeted(in)) return {};
        return {own_[slot_of(in)], count(in)};
    }
    span<const T> readable(input in) const noexcept { return {read_ptr(in), count(in)}; }

    T* own_[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};  // indexed by input
    const T* bound_[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};
    std::size_t bound_size_[5] = {0, 0, 0, 0, 0};
    T* dparameter_ = nullptr;
    T* workspace_ = nullptr;  // the cell's own scratch (Cell::workspace_count values), or nullptr
    shape shape_{};
    std::size_t max_batch_ = 0;
    std::size_t batch_ = 0;  // 0 <=> not initialised
    std::size_t param_count_ = 0;
    T L_ = T(0);
    bool modulator_ones_ = true;     // own modulator known to hold ones: the step skips it
    bool mask_ones_ = true;          // own mask known to hold ones: the step skips it
    bool parameter_checked_ = true;  // checked since write access was last given (never while wired)
    bool dparameter_ones_ = false;   // dparameter already holds the step's ones: don't rewrite it
    Convention convention_ = Convention::ngclearn_3_1;  // as configured (args_ holds the canonical one)
    T tau_ = T(0);                                      // a cell with a state: its time constant
    Integrator integrator_ = Integrator::exponential;
    T integrated_dt_ = T(-1);                  // the dt args_.factor[4] was computed for (-1: none)
    detail::step_fn<T> step_ = nullptr;        // the kernel entry advance_state() calls: one of
    detail::step_fn<T> ieee_step_ = nullptr;   // the IEEE step and
    detail::step_fn<T> flush_step_ = nullptr;  // the Subnormals::flush step
    Subnormals subnormals_ = Subnormals::ieee;
    // The next step's arguments (streams, sizes, the parameter's factors), kept current by
    // refresh_args(): the step's only copy of them.
    detail::step_args<T> args_{};
};

// A cell's view with ngclearn's names (GaussianErrorCellView<T>, ...).
template <class Cell, class T>
using named_view = typename Cell::template names<error_cell_view<Cell, T>>;

}  // namespace ngcrt
