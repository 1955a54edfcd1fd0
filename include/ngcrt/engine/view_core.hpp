// ngcrt/engine/view_core.hpp - the data of an error cell's view and the bookkeeping every
// part of it shares (engine/view.hpp, parameter.hpp, state.hpp): where each input is read
// from (its own storage or a wired buffer), which streams are known to hold ones, and the
// next step's arguments kept current.
#pragma once

#include <cstddef>

#include "ngcrt/convention.hpp"
#include "ngcrt/engine/names.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/help.hpp"
#include "ngcrt/span.hpp"
#include "ngcrt/subnormals.hpp"
#include "ngcrt/units.hpp"

namespace ngcrt::detail {

template <class Cell, class T>
class view_core {
public:
    bool initialized() const noexcept { return s_.batch != 0; }
    // ngclearn's Compartment.targeted: the input is wired to a caller's buffer.
    bool targeted(slot in) const noexcept { return has_input(in) && s_.bound[index(in)] != nullptr; }

protected:
    static constexpr bool has_parameter = Cell::has_parameter;
    // The two step entries: IEEE arithmetic and Subnormals::flush.
    struct step_entries {
        step_fn<Cell, T> ieee, flush;
    };
    // Everything a copy of the cell copies as it is (the pointers into its own storage are
    // set again for the copy; the wiring is the same).
    struct settings {
        const T* bound[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};  // indexed by slot
        std::size_t bound_size[5] = {0, 0, 0, 0, 0};
        shape unit_shape{};
        std::size_t max_batch = 0;
        std::size_t batch = 0;  // 0 <=> not initialised
        std::size_t param_count = 0;
        T L = T(0);
        bool modulator_ones = true;     // own modulator known to hold ones: the step skips it
        bool mask_ones = true;          // own mask known to hold ones: the step skips it
        bool parameter_checked = true;  // checked since write access was last given (never while wired)
        bool dparameter_ones = false;   // dparameter already holds the step's ones: don't rewrite it
        Convention convention = Convention::ngclearn_3_1;  // as configured (args_ holds the canonical one)
        Subnormals subnormals = Subnormals::ieee;
        step_entries steps{};             // the two kernel entries
        step_fn<Cell, T> step = nullptr;  // the one advance_state() calls
    };

    static constexpr std::size_t index(slot in) noexcept { return static_cast<std::size_t>(in); }
    static constexpr bool has_input(slot in) noexcept {
        return index(in) < 5 && (has_parameter || in != slot::parameter);
    }
    static void fill(T* p, std::size_t n, T v) noexcept {
        for (std::size_t i = 0; i < n; ++i) p[i] = v;
    }
    std::size_t count(slot in) const noexcept {
        if (!has_input(in)) return 0;
        return in == slot::parameter ? s_.param_count : s_.batch * args_.units;
    }
    const T* read_ptr(slot in) const noexcept {
        if (!has_input(in)) return nullptr;
        return s_.bound[index(in)] != nullptr ? s_.bound[index(in)] : own_[index(in)];
    }
    span<T> writable(slot in) noexcept {
        if (!has_input(in) || targeted(in)) return {};
        return {own_[index(in)], count(in)};
    }
    span<const T> readable(slot in) const noexcept { return {read_ptr(in), count(in)}; }

    // A wired or unwired input: its contents are unknown now.
    void forget(slot in) noexcept {
        if (in == slot::modulator) s_.modulator_ones = false;
        if (in == slot::mask) s_.mask_ones = false;
        if (in == slot::parameter) s_.parameter_checked = false;  // checked at every step while wired
        refresh_args();
    }
    // The next step's arguments, from the state. Called by every operation that changes the
    // wiring, the batch size or the known-ones flags, so advance_state() passes args_ as it
    // is. (The parameter's factors are set when it is accepted: engine/parameter.hpp.)
    void refresh_args() noexcept {
        args_.prediction = read_ptr(slot::prediction);
        args_.target = read_ptr(slot::target);
        args_.parameter = has_parameter ? read_ptr(slot::parameter) : nullptr;
        args_.n = s_.batch * args_.units;
        // A stream known to hold ones is passed as null: the step neither reads it nor, for
        // the mask, rewrites it. Only the own mask is eaten (set to ones after the step).
        args_.modulator = s_.modulator_ones ? nullptr : read_ptr(slot::modulator);
        args_.mask = s_.mask_ones ? nullptr : read_ptr(slot::mask);
        args_.mask_eat = (s_.mask_ones || targeted(slot::mask)) ? nullptr : own_[index(slot::mask)];
    }
    // Points the view at its own storage.
    void adopt(const role_spans<T>& own) noexcept {
        own_[index(slot::prediction)] = own[r_prediction].data();
        own_[index(slot::target)] = own[r_target].data();
        own_[index(slot::parameter)] = own[r_parameter].data();
        own_[index(slot::modulator)] = own[r_modulator].data();
        own_[index(slot::mask)] = own[r_mask].data();
        args_.dprediction = own[r_dprediction].data();
        args_.dtarget = own[r_dtarget].data();
        dparameter_ = own[r_dparameter].data();
        args_.dparameter = dparameter_;
        workspace_ = own[r_workspace].data();
        args_.workspace = workspace_;
        args_.state = own[r_state].data();
    }

    // The view's data, protected: view.hpp, parameter.hpp and state.hpp are parts of one
    // class split by job (they derive from this), not clients of it.
    // NOLINTBEGIN(cppcoreguidelines-non-private-member-variables-in-classes,misc-non-private-member-variables-in-classes)
    settings s_{};
    T* own_[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};  // the own storage, indexed by slot
    T* dparameter_ = nullptr;
    T* workspace_ = nullptr;  // the cell's own scratch (Cell::workspace_count values), or nullptr
    // The next step's arguments (streams, sizes, the parameter's factors), kept current by
    // refresh_args(): the step's only copy of them.
    args_of<Cell, T> args_{};
    // NOLINTEND(cppcoreguidelines-non-private-member-variables-in-classes,misc-non-private-member-variables-in-classes)
};

}  // namespace ngcrt::detail
