// ngcrt/engine/view.hpp - the capacity-erased view every error cell is: all of a cell's
// rules, written once for every cell (docs/architecture.md).
//
// A cell (a description struct, e.g. ngcrt::cells::gaussian) says what differs: its
// compartments' names, whether it has a parameter and how that is checked, its forms, its
// help text and its elementwise math (compiled in the library). This view does the rest:
// reset / batched_reset, wiring, mask eating, the "known ones" flags that let a step skip
// modulator and mask, the parameter check before a step writes anything, the Subnormals
// mode, and the call into the compiled step. Its parts: engine/view_core.hpp (the data and
// its bookkeeping), parameter.hpp (a cell's parameter), state.hpp (a cell's state),
// buffers.hpp (the checks of caller buffers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "ngcrt/engine/buffers.hpp"
#include "ngcrt/engine/cell.hpp"
#include "ngcrt/engine/contract.hpp"
#include "ngcrt/engine/names.hpp"
#include "ngcrt/engine/parameter.hpp"
#include "ngcrt/engine/state.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/engine/view_core.hpp"
#include "ngcrt/help.hpp"
#include "ngcrt/span.hpp"
#include "ngcrt/status.hpp"
#include "ngcrt/subnormals.hpp"

namespace ngcrt {

namespace detail {
template <class Cell, class T>
using view_parts = parameter_part<Cell, T, state_part<T, view_core<Cell, T>, Cell::has_state>>;
}  // namespace detail

template <class Cell, class T>
class error_cell_view : public detail::view_parts<Cell, T> {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                  "ngcrt cells are implemented for float and double");
    static_assert(detail::satisfies_cell_contract<Cell>(), "see the message above: the cell's description");
    using parts = detail::view_parts<Cell, T>;
    using state_part = detail::state_part<T, detail::view_core<Cell, T>, Cell::has_state>;
    using parts::adopt;
    using parts::args_;
    using parts::count;
    using parts::dparameter_;
    using parts::fill;
    using parts::forget;
    using parts::has_input;
    using parts::index;
    using parts::own_;
    using parts::read_ptr;
    using parts::readable;
    using parts::refresh_args;
    using parts::s_;
    using parts::writable;
    using typename parts::settings;
    using typename parts::step_entries;

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

    // Binds the view to caller buffers and puts the cell in its initial state (all of the
    // capacity: inputs zeros, modulator and mask ones, outputs zeros, the parameter =
    // `parameter` (ignored by a cell without one), batch_size() = max_batch, IEEE
    // arithmetic). On error nothing changes.
    status init(const config& cfg, const buffers& buf, T initial_parameter = T(1)) noexcept {
        // Any convention and form, chosen at run time: the generic steps.
        return init_with(cfg, buf, initial_parameter, {&detail::step<Cell, T>, &detail::step_flush<Cell, T>});
    }

    using parts::initialized;
    using parts::targeted;

    // ---- ngclearn's methods ------------------------------------------------------------
    // One step (docs/spec/). dt is accepted and unused (as in ngclearn), except by a cell
    // with a state, which integrates over dt with its time constant tau: invalid_time_step
    // (nothing changes) for dt <= 0, NaN or infinite, or Euler with dt / tau > 2.
    // invalid_sigma (nothing changes) if the parameter holds a value <= 0, NaN or infinite.
    status advance_state(T dt = T(0)) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "advance_state");
        if (const status s = state_part::check_time_step(dt); s != status::ok)
            return detail::fail(s, "advance_state");
        if (!parts::parameter_ready()) return detail::fail(status::invalid_sigma, "advance_state");
        state_part::integrate(args_, dt);
        s_.L = s_.step(args_);
        parts::placeholder_dparameter();
        if (args_.mask_eat != nullptr) {  // the own mask was eaten: it holds ones again
            s_.mask_ones = true;
            args_.mask = args_.mask_eat = nullptr;
        }
        return status::ok;
    }

    // batched_reset(batch_size()).
    status reset() noexcept { return batched_reset(s_.batch); }

    // Sets the active batch size to b and resets: derivatives, L <- 0; modulator, mask <- 1;
    // prediction, target, the state <- 0; wired compartments and the parameter untouched.
    // invalid_batch_size if b == 0 or b > max_batch(); size_mismatch if a wired buffer does
    // not hold b * units() values. On error nothing changes.
    status batched_reset(std::size_t b) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "batched_reset");
        if (b == 0 || b > s_.max_batch) return detail::fail(status::invalid_batch_size, "batched_reset");
        const std::size_t n = b * args_.units;
        for (slot in : {slot::prediction, slot::target, slot::modulator, slot::mask})
            if (s_.bound[index(in)] != nullptr && s_.bound_size[index(in)] != n)
                return detail::fail(status::size_mismatch, "batched_reset");
        s_.batch = b;
        fill(args_.dprediction, n, T(0));
        fill(args_.dtarget, n, T(0));
        if constexpr (has_parameter) fill(dparameter_, s_.param_count, T(0));
        s_.dparameter_ones = false;
        s_.L = T(0);
        if (!targeted(slot::prediction)) fill(own_[index(slot::prediction)], n, T(0));
        if (!targeted(slot::target)) fill(own_[index(slot::target)], n, T(0));
        if (!targeted(slot::modulator)) fill(own_[index(slot::modulator)], n, T(1));
        if (!targeted(slot::mask)) fill(own_[index(slot::mask)], n, T(1));
        if constexpr (Cell::has_state) fill(args_.state, n, T(0));
        s_.modulator_ones = !targeted(slot::modulator);
        s_.mask_ones = !targeted(slot::mask);
        refresh_args();
        return status::ok;
    }

    // ngclearn's help(), at compile time; see write_help_json().
    static constexpr const help_info& help() noexcept { return detail::cell_help<Cell>; }

    // ---- compartments, by slot (each cell adds ngclearn's names for them) --------------
    // Unit-shaped compartments expose batch_size() * units() values, row-major, batch
    // outermost. Mutable access to an input is write access: taking it tells the cell the
    // values may change, so the next step reads them. Write access lasts until the next
    // reset() (and, for mask, the next step, which "eats" it); retake it afterwards, or wire
    // the compartment to your own buffer with bind() if you keep a pointer. A wired input
    // has no writable storage: its mutable accessor returns an empty span.
    span<T> prediction() noexcept { return writable(slot::prediction); }
    span<T> target() noexcept { return writable(slot::target); }
    // (A wired input's flag is already false, and an unwired one whose flag is false is
    // already what the step reads and eats: only the first access after a step or reset
    // writes anything, which keeps a loop's per-step write access cheap.)
    span<T> modulator() noexcept {
        if (targeted(slot::modulator)) return {};
        T* const own = own_[index(slot::modulator)];
        if (s_.modulator_ones) {
            s_.modulator_ones = false;
            args_.modulator = own;
        }
        return {own, args_.n};
    }
    span<T> mask() noexcept {
        if (targeted(slot::mask)) return {};
        T* const own = own_[index(slot::mask)];
        if (s_.mask_ones) {
            s_.mask_ones = false;
            args_.mask = args_.mask_eat = own;
        }
        return {own, args_.n};
    }

    span<const T> prediction() const noexcept { return readable(slot::prediction); }
    span<const T> target() const noexcept { return readable(slot::target); }
    span<const T> modulator() const noexcept { return readable(slot::modulator); }
    span<const T> mask() const noexcept { return readable(slot::mask); }
    using parts::parameter;

    span<const T> dprediction() const noexcept { return {args_.dprediction, s_.batch * args_.units}; }
    span<const T> dtarget() const noexcept { return {args_.dtarget, s_.batch * args_.units}; }
    using parts::dparameter;
    T L() const noexcept { return s_.L; }
    // A cell's state (a leaky cell's error): read-only; reset zeros it; never wired. Empty for a
    // cell without one.
    span<const T> state() const noexcept {
        return {args_.state, Cell::has_state ? s_.batch * args_.units : 0};
    }

    // ---- subnormal numbers (include/ngcrt/subnormals.hpp) ---------------------------------
    // Subnormals::ieee (init's choice: ngclearn's IEEE arithmetic) or Subnormals::flush
    // (subnormal inputs read as zeros, tiny results written as zeros: the same bits on every
    // target, and a step's time independent of the data). Kept by reset() and bind();
    // invalid_argument for another value, nothing changed.
    status set_subnormals(Subnormals mode) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "set_subnormals");
        if (mode != Subnormals::ieee && mode != Subnormals::flush)
            return detail::fail(status::invalid_argument, "set_subnormals");
        s_.subnormals = mode;
        s_.step = mode == Subnormals::flush ? s_.steps.flush : s_.steps.ieee;
        return status::ok;
    }
    Subnormals subnormals() const noexcept { return s_.subnormals; }

    // The parameter's set_parameter() and validate(): engine/parameter.hpp; a state's
    // set_tau(), set_integrator(), tau() and integrator(): engine/state.hpp.

    // ---- wiring (ngclearn's `source >> cell.<input>`; each cell names it: bind_<input>) -
    // Zero-copy: the cell reads src in place at every step, never writes through it and never
    // resets it; a wired mask is not eaten. src must hold batch_size() * units() values (the
    // parameter: its count), be aligned for T, and not overlap this cell's outputs.
    // invalid_argument for a slot that is not an input of this cell.
    status bind(slot in, span<const T> src) noexcept {
        if (!initialized()) return detail::fail(status::not_initialized, "bind");
        if (!has_input(in)) return detail::fail(status::invalid_argument, "bind");
        if (src.data() == nullptr) return detail::fail(status::null_buffer, "bind");
        if (reinterpret_cast<std::uintptr_t>(src.data()) % alignof(T) != 0)
            return detail::fail(status::misaligned_buffer, "bind");
        const std::size_t need = count(in);
        if (src.size() != need) return detail::fail(status::size_mismatch, "bind");
        const std::size_t n = s_.max_batch * args_.units;
        if (detail::overlaps(src.data(), need, args_.dprediction, n) ||
            detail::overlaps(src.data(), need, args_.dtarget, n) ||
            detail::overlaps(src.data(), need, dparameter_, s_.param_count))
            return detail::fail(status::overlapping_buffers, "bind");
        s_.bound[index(in)] = src.data();
        s_.bound_size[index(in)] = need;
        forget(in);
        return status::ok;
    }
    // Back to the cell's own storage, which holds what it held before binding.
    void unbind(slot in) noexcept {
        if (!initialized() || !has_input(in) || s_.bound[index(in)] == nullptr) return;
        s_.bound[index(in)] = nullptr;
        s_.bound_size[index(in)] = 0;
        forget(in);
    }
    // The inputs every error cell has, by their shared names.
    status bind_target(span<const T> source) noexcept { return bind(slot::target, source); }
    status bind_modulator(span<const T> source) noexcept { return bind(slot::modulator, source); }
    status bind_mask(span<const T> source) noexcept { return bind(slot::mask, source); }
    void unbind_target() noexcept { unbind(slot::target); }
    void unbind_modulator() noexcept { unbind(slot::modulator); }
    void unbind_mask() noexcept { unbind(slot::mask); }
    bool target_targeted() const noexcept { return targeted(slot::target); }
    bool modulator_targeted() const noexcept { return targeted(slot::modulator); }
    bool mask_targeted() const noexcept { return targeted(slot::mask); }

    // ---- sizes ---------------------------------------------------------------------------
    std::size_t batch_size() const noexcept { return s_.batch; }
    std::size_t max_batch() const noexcept { return s_.max_batch; }
    std::size_t units() const noexcept { return args_.units; }
    const shape& unit_shape() const noexcept { return s_.unit_shape; }
    form_type form() const noexcept { return static_cast<form_type>(args_.form); }
    // The parameter's shape (a cell whose form is one: a per-unit or full parameter).
    template <class F = form_type, std::enable_if_t<std::is_same_v<F, SigmaShape>, int> = 0>
    SigmaShape sigma_shape() const noexcept {
        return form();
    }
    Convention convention() const noexcept { return s_.convention; }

protected:
    // init() with the step entries to call: the generic ones (init), or a fixed-type cell's
    // own convention and form (so firmware links only that variant's loops).
    status init_with(const config& cfg, const buffers& buf, T initial_parameter,
                     step_entries steps) noexcept {
        const role_spans<T> all = buf.roles();
        detail::buffer_sizes z{};
        if (const status s = detail::check_buffers<Cell, T>(cfg, all, z); s != status::ok)
            return detail::fail(s, "init");
        if (has_parameter && !detail::positive_finite(&initial_parameter, 1))
            return detail::fail(status::invalid_sigma, "init");
        s_ = settings{};
        s_.unit_shape = cfg.unit_shape;
        s_.max_batch = cfg.max_batch;
        s_.convention = cfg.convention;
        s_.param_count = z.np;
        s_.steps = steps;
        s_.step = steps.ieee;
        args_ = detail::args_of<Cell, T>{};
        args_.units = z.units;
        args_.form = static_cast<unsigned char>(cfg.form);
        args_.convention = Cell::canonical(cfg.convention);
        adopt(all);
        if constexpr (has_parameter) {
            parts::fill_parameter(own_[index(slot::parameter)], initial_parameter);
            (void)parts::accept_parameter(
                own_[index(slot::parameter)]);  // cannot fail: v I, v > 0 and finite
            fill(dparameter_, z.np, T(0));
        }
        // The whole capacity gets defined values once, so nothing is ever read uninitialised.
        fill(own_[index(slot::prediction)], z.n, T(0));
        fill(own_[index(slot::target)], z.n, T(0));
        fill(args_.dprediction, z.n, T(0));
        fill(args_.dtarget, z.n, T(0));
        fill(own_[index(slot::modulator)], z.n, T(1));
        fill(own_[index(slot::mask)], z.n, T(1));
        if constexpr (Cell::has_state) fill(args_.state, z.n, T(0));
        state_part::start_state();
        s_.batch = s_.max_batch;
        refresh_args();
        return status::ok;
    }

    // Copies the state of `other` into this view, whose own buffers are `own` (same capacity):
    // for copying a fixed-capacity cell, whose pointers must not follow.
    void copy_state(const error_cell_view& other, const buffers& own) noexcept {
        // The settings, the step's arguments (sizes, form, convention, the parameter's
        // factors) and a state's tau; then this cell's own storage (and wiring).
        static_cast<parts&>(*this) = static_cast<const parts&>(other);
        adopt(own.roles());
        refresh_args();
    }
    using parts::fill_parameter;
};

// A cell's view with ngclearn's names (GaussianErrorCellView<T>, ...).
template <class Cell, class T>
using named_view = typename Cell::template names<error_cell_view<Cell, T>>;

}  // namespace ngcrt
