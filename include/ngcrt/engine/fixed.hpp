// ngcrt/engine/fixed.hpp - a cell with fixed capacity: every compartment an aligned array
// inside the object, no heap. The same view (engine/view.hpp) over its own arrays.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "ngcrt/config.hpp"
#include "ngcrt/engine/view.hpp"
#include "ngcrt/units.hpp"

namespace ngcrt {
namespace detail {

template <class T, std::size_t N>
struct aligned_array {
    alignas(simd_alignment) T v[N];
};

// The arrays of a fixed-capacity cell: six unit-shaped ones of N values; for a cell with a
// parameter, two of NP (the parameter and its derivative); NW of workspace when the
// form needs one; and one more of N for a cell with a state. A base class, so the arrays exist before the view.
template <class T, std::size_t N>
struct unit_storage {
    aligned_array<T, N>
        unit_[6];  // the engine's order: prediction, target, modulator, mask, dprediction, dtarget
};
template <class T, std::size_t NP>
struct parameter_storage {
    aligned_array<T, NP> param_[2];
    span<T> param(int i) noexcept { return {param_[i].v, NP}; }
};
template <class T>
struct parameter_storage<T, 0> {
    span<T> param(int /*i*/) noexcept { return {}; }
};
template <class T, std::size_t NW>
struct workspace_storage {
    aligned_array<T, NW> workspace_;
    span<T> workspace() noexcept { return {workspace_.v, NW}; }
};
template <class T>
struct workspace_storage<T, 0> {
    span<T> workspace() noexcept { return {}; }
};
// A cell with a state (a leaky cell): one more unit-shaped array.
template <class T, std::size_t N, bool HasState>
struct state_storage {
    aligned_array<T, N> state_;
    span<T> state() noexcept { return {state_.v, N}; }
};
template <class T, std::size_t N>
struct state_storage<T, N, false> {
    span<T> state() noexcept { return {}; }
};
template <class T, std::size_t N, std::size_t NP, std::size_t NW, bool HasState>
struct cell_storage : unit_storage<T, N>,
                      parameter_storage<T, NP>,
                      workspace_storage<T, NW>,
                      state_storage<T, N, HasState> {
    role_spans<T> spans() noexcept {
        auto& u = this->unit_;
        return {{{u[0].v, N},
                 {u[1].v, N},
                 {u[2].v, N},
                 {u[3].v, N},
                 {u[4].v, N},
                 {u[5].v, N},
                 this->param(0),
                 this->param(1),
                 this->workspace(),
                 this->state()}};
    }
};

}  // namespace detail

// A cell with fixed capacity: MaxBatch x UnitShape values per compartment, stored inline.
// The active batch size (1..MaxBatch) is chosen at run time with batched_reset(); it
// starts at MaxBatch. Each cell names it (GaussianErrorCell<T, Units<...>, MaxBatch, ...>).
template <class Cell, class T, class UnitShape, std::size_t MaxBatch, Convention Semantics, auto Form>
class fixed_error_cell
    : private detail::cell_storage<T, UnitShape::size * MaxBatch,
                                   Cell::parameter_count(Form, UnitShape::size),
                                   Cell::workspace_count(Form, UnitShape::size), Cell::has_state>,
      public named_view<Cell, T> {
    static_assert(is_units<UnitShape>::value, "UnitShape must be ngcrt::Units<N> or ngcrt::Units<H, W, C>");
    static_assert(MaxBatch > 0, "a cell needs a batch capacity of at least 1");
    static_assert(UnitShape::size <= std::size_t(-1) / MaxBatch, "capacity overflows size_t");
    static_assert(Cell::valid(Semantics, Form),
                  "this cell has no such convention and form (a full covariance needs Convention::exact)");
    static_assert(!Cell::dense(Form) || UnitShape::value.rank == 1,
                  "a full covariance is over dense units: Units<N>, not a feature map");

    using storage =
        detail::cell_storage<T, UnitShape::size * MaxBatch, Cell::parameter_count(Form, UnitShape::size),
                             Cell::workspace_count(Form, UnitShape::size), Cell::has_state>;
    using view = named_view<Cell, T>;
    using core = error_cell_view<Cell, T>;
    // This type's own convention and form: firmware links only that variant's loops.
    using steps = detail::fixed_step<Cell, T, Cell::canonical(Semantics), Form>;
    static constexpr detail::step_fn<Cell, T> step = &steps::run;
    static constexpr detail::step_fn<Cell, T> flush_step = &steps::run_flush;

public:
    using unit_shape_type = UnitShape;
    static constexpr std::size_t n_units = UnitShape::size;
    static constexpr std::size_t capacity = MaxBatch;
    static constexpr Convention convention_value = Semantics;
    static constexpr auto form_value = Form;
    static constexpr std::size_t parameter_size = Cell::parameter_count(Form, UnitShape::size);

    static constexpr typename core::config config() noexcept {
        return {UnitShape::value, MaxBatch, Form, Semantics};
    }

    // A cell with a parameter: `parameter` fills it (every unit, if per unit). It is checked
    // like any write to it: a value <= 0, NaN or infinite makes advance_state() return
    // invalid_sigma until fixed.
    template <class C = Cell, std::enable_if_t<C::has_parameter, int> = 0>
    // cppcheck-suppress uninitDerivedMemberVar ; init_with() writes all of the storage
    explicit fixed_error_cell(T parameter = T(1)) noexcept {
        // Cannot fail: sizes are static.
        (void)core::init_with(config(), core::buffers::from_roles(storage::spans()), T(1),
                              {step, flush_step});
        core::fill_parameter(view::parameter().data(), parameter);  // (a full covariance: parameter I)
    }
    // A per-unit parameter from one value per unit.
    template <class C = Cell, std::enable_if_t<C::has_parameter && C::per_unit(Form), int> = 0>
    // cppcheck-suppress uninitDerivedMemberVar ; init_with() writes all of the storage
    explicit fixed_error_cell(const std::array<T, n_units>& parameter) noexcept {
        (void)core::init_with(config(), core::buffers::from_roles(storage::spans()), T(1),
                              {step, flush_step});
        span<T> s = view::parameter();
        for (std::size_t i = 0; i < s.size(); ++i) s[i] = parameter[i];
    }
    // A cell without a parameter.
    template <class C = Cell, std::enable_if_t<!C::has_parameter, int> = 0>
    // cppcheck-suppress uninitDerivedMemberVar ; init_with() writes all of the storage
    fixed_error_cell() noexcept {
        (void)core::init_with(config(), core::buffers::from_roles(storage::spans()), T(1),
                              {step, flush_step});
    }

    // Copies are independent cells (same values, same wiring, own storage). A move is a
    // copy: the storage is inline, there is nothing to take over.
    // cppcheck-suppress uninitDerivedMemberVar ; storage(other) copies all of the storage
    fixed_error_cell(const fixed_error_cell& other) noexcept : storage(other), view() {
        core::copy_state(other, core::buffers::from_roles(storage::spans()));
    }
    fixed_error_cell& operator=(const fixed_error_cell& other) noexcept {
        if (this != &other) {
            static_cast<storage&>(*this) = static_cast<const storage&>(other);
            core::copy_state(other, core::buffers::from_roles(storage::spans()));
        }
        return *this;
    }
    ~fixed_error_cell() = default;
};

}  // namespace ngcrt
