// ngcrt/engine/contract.hpp - the contract an error cell's description (struct
// cells::<name>) and its kernel (Cell::kernel<P, C, F>) meet, written once and checked at
// compile time: satisfies_cell_contract<Cell>() static_asserts each member, and a missing or
// ill-typed one fails with a message naming it. docs/architecture.md's table ("The cell
// contract") lists the same members as the line below; the CTest docs.contract_table checks
// that the two agree and that each member has its message here.
// contract-members: form_type valid has_parameter text NGCRT_CELL_NAMES step_constants factors kernel_defaults prepare result elem bad fpu_factor dparameter elem_pre L_offset
#pragma once

#include <cstddef>
#include <iterator>
#include <type_traits>
#include <utility>

#include "ngcrt/convention.hpp"
#include "ngcrt/engine/cell.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/help.hpp"

namespace ngcrt::detail {

// A pack to check kernels with (never run: its functions are declared, not defined).
template <class T>
struct contract_pack {
    using value_type = T;
    using reg = T;
    static constexpr std::size_t width = 1;
    static constexpr bool flushes_subnormals = false;
    static reg load(const T* p) noexcept;
    static reg splat(T v) noexcept;
    static reg div(reg a, reg b) noexcept;
    static reg select(bool m, reg a, reg b) noexcept;
    static reg flip_sign(reg v) noexcept;
    static reg abs(reg v) noexcept;
    static reg with_sign_of(reg mag, reg sgn) noexcept;
    static reg exp(reg v) noexcept;
    static reg log(reg v) noexcept;
    static bool subnormal(reg v) noexcept;
    static bool flushed(reg result, reg a, reg b) noexcept;
    static bool any(bool m) noexcept;
};

// The detection idiom: contract_member<Check, X...>::value is whether Check<X...> is a type.
template <class, template <class...> class Check, class... X>
struct detect : std::false_type {};
template <template <class...> class Check, class... X>
struct detect<std::void_t<Check<X...>>, Check, X...> : std::true_type {};
template <template <class...> class Check, class... X>
inline constexpr bool has = detect<void, Check, X...>::value;

// ---- the description's members ----------------------------------------------------------
template <class C>
using form_type_of = typename C::form_type;
template <class C>
using conventions_of = decltype(C::conventions[0] == Convention::exact);
template <class C>
using forms_of = decltype(typename C::form_type(C::forms[0]));
template <class C>
using valid_of = std::enable_if_t<std::is_same_v<decltype(C::valid(Convention::exact, C::forms[0])), bool>>;
template <class C>
using flags_of = std::enable_if_t<std::is_same_v<decltype(C::has_parameter && C::has_state), bool>>;
template <class C>
using text_of = std::enable_if_t<std::is_convertible_v<decltype(C::text), cell_text>>;
template <class C>
using names_of = decltype(typename C::template buffers<float>{}.roles());
template <class C>
using constants_of = typename C::template step_constants<float>;
template <class C>
using factors_of = std::enable_if_t<
    std::is_same_v<decltype(C::factors(static_cast<const float*>(nullptr), std::declval<args_of<C, float>&>(),
                                       static_cast<float*>(nullptr))),
                   bool>>;
template <class C>
using state_constants_of = decltype(std::declval<constants_of<C>&>().integration = 1.F,
                                    std::declval<constants_of<C>&>().state_is_input = true);

// ---- the kernel's, on one variant (K: Cell::kernel<contract_pack<float>, C, F>; A: the
// cell's step arguments) ---------------------------------------------------------------------
template <class K>
using flags_k = decltype(K::negated_dtarget && K::flush_checked && K::fpu_asm && K::negated_sum &&
                         K::computes_dparameter && K::offset_L && K::prestaged);
template <class K, class A>
using prepare_k =
    std::enable_if_t<std::is_same_v<decltype(K::prepare(std::declval<const A&>())), typename K::constants>>;
template <class K>
using result_k = decltype(std::declval<typename K::result>().g + std::declval<typename K::result>().t);
template <class K>
using h_k = decltype(std::declval<typename K::result>().h);
template <class K>
using state_k = decltype(std::declval<typename K::result>().state);
template <class K>
using elem_k = std::enable_if_t<std::is_same_v<decltype(K::elem(std::declval<const typename K::constants&>(),
                                                                1.F, 1.F, unit_factors<float>{})),
                                               typename K::result>>;
template <class K>
using elem_state_k =
    std::enable_if_t<std::is_same_v<decltype(K::elem(std::declval<const typename K::constants&>(), 1.F, 1.F,
                                                     unit_factors<float>{}, 1.F)),
                                    typename K::result>>;
template <class K>
using bad_k = decltype(K::bad(std::declval<const typename K::constants&>(), 1.F, 1.F, unit_factors<float>{},
                              std::declval<const typename K::result&>()) ||
                       K::bad_constants(std::declval<const typename K::constants&>()));
template <class K>
using fpu_k = std::enable_if_t<
    std::is_same_v<decltype(K::fpu_factor(std::declval<const typename K::constants&>())), float>>;
template <class K, class A>
using dparameter_k =
    decltype(K::dparameter(std::declval<const typename K::constants&>(), std::declval<const A&>(), 1.F));
template <class K>
using column_term_k = decltype(K::column_term(1.F) + 1.F);
template <class K>
using prestage_k = decltype(K::elem_pre(std::declval<const typename K::constants&>(), 1.F));
template <class K>
using L_factor_k = decltype(std::declval<typename K::constants>().L_factor + 1.F);
template <class K>
using L_offset_k = decltype(std::declval<typename K::constants>().L_offset + 1.F);

template <class Cell, Convention C, auto F>
constexpr bool kernel_meets_contract() noexcept {
    using K = typename Cell::template kernel<contract_pack<float>, C, F>;
    using A = args_of<Cell, float>;
    static_assert(has<flags_k, K>,
                  "ngcrt cell contract: the kernel lacks a flag: derive it from "
                  "detail::kernel_defaults (negated_dtarget, flush_checked, fpu_asm, negated_sum, "
                  "computes_dparameter, offset_L, prestaged)");
    static_assert(has<prepare_k, K, A>,
                  "ngcrt cell contract: the kernel lacks `template <class A> static "
                  "constants prepare(const A& args)` or `struct constants`");
    static_assert(has<result_k, K>,
                  "ngcrt cell contract: the kernel lacks `struct result` with registers `g` "
                  "(dprediction before gating) and `t` (the sum's term)");
    if constexpr (has<flags_k, K> && has<result_k, K>) {
        static_assert(K::negated_dtarget || has<h_k, K>,
                      "ngcrt cell contract: negated_dtarget is false, but the "
                      "kernel's result lacks `h` (dtarget before gating)");
        static_assert(!Cell::has_state || has<state_k, K>,
                      "ngcrt cell contract: a cell with a state: the kernel's "
                      "result lacks `state` (the new state)");
        static_assert(
            Cell::has_state ? has<elem_state_k, K> : has<elem_k, K>,
            "ngcrt cell contract: the kernel lacks `static result elem(const constants&, reg prediction, "
            "reg target, const unit_factors<reg>&[, reg state])`");
        static_assert(
            !K::flush_checked || has<bad_k, K>,
            "ngcrt cell contract: flush_checked is true, but the kernel lacks `bad(constants, x, y, "
            "unit_factors, result)` or `bad_constants(constants)` (or set flush_checked = false)");
        static_assert(!K::fpu_asm || has<fpu_k, K>,
                      "ngcrt cell contract: fpu_asm is true, but the kernel lacks "
                      "`static T fpu_factor(const constants&)`");
        static_assert(
            !K::computes_dparameter || has<dparameter_k, K, A>,
            "ngcrt cell contract: computes_dparameter is true, but the kernel lacks `template <class A> "
            "static void dparameter(const constants&, const A& args, T S)`");
        static_assert(!(K::computes_dparameter && Cell::per_unit(F)) || has<column_term_k, K>,
                      "ngcrt cell contract: a per-unit derivative needs `static reg column_term(reg e)`");
        static_assert(!K::prestaged || has<prestage_k, K>,
                      "ngcrt cell contract: prestaged is true, but the kernel "
                      "lacks `elem_pre(const constants&, reg r)` and `error(...)`");
        static_assert(!K::offset_L || has<L_offset_k, K>,
                      "ngcrt cell contract: offset_L is true, but the "
                      "kernel's constants lack `T L_offset`");
        static_assert(
            !(K::negated_sum && Cell::has_parameter && !Cell::per_unit(F)) || has<L_factor_k, K>,
            "ngcrt cell contract: L = (-S) * L_factor for a scalar parameter, but the kernel's constants "
            "lack `T L_factor`");
    }
    return true;
}

// Every valid variant's kernel.
template <class Cell, std::size_t... P>
constexpr bool kernels_meet_contract(std::index_sequence<P...> /*pairs*/) noexcept {
    constexpr std::size_t nf = std::size(Cell::forms);
    return ((!Cell::valid(Cell::conventions[P / nf], Cell::forms[P % nf]) ||
             kernel_meets_contract<Cell, Cell::conventions[P / nf], Cell::forms[P % nf]>()) &&
            ...);
}

template <class Cell>
constexpr bool satisfies_cell_contract() noexcept {
    static_assert(
        has<form_type_of, Cell> && has<forms_of, Cell> && has<conventions_of, Cell>,
        "ngcrt cell contract: the description lacks `form_type`, `forms[]` or `conventions[]`: derive it "
        "from detail::cell_variants<Conventions, Forms[, State]>");
    static_assert(has<valid_of, Cell>,
                  "ngcrt cell contract: the description lacks `static constexpr bool "
                  "valid(Convention, form_type)` (detail::cell_variants gives it)");
    static_assert(has<flags_of, Cell>,
                  "ngcrt cell contract: the description lacks `has_parameter` or "
                  "`has_state` (detail::cell_variants gives them)");
    static_assert(has<text_of, Cell>,
                  "ngcrt cell contract: the description lacks `static constexpr cell_text "
                  "text` (its help() text and C name)");
    static_assert(has<names_of, Cell>,
                  "ngcrt cell contract: the description lacks its names: "
                  "NGCRT_CELL_NAMES(prediction[, parameter[, state]])");
    static_assert(has<constants_of, Cell>,
                  "ngcrt cell contract: the description lacks `template <class T> struct "
                  "step_constants` (what a step reads besides its streams; may be empty)");
    if constexpr (has<flags_of, Cell> && has<forms_of, Cell> && has<conventions_of, Cell> &&
                  has<valid_of, Cell> && has<constants_of, Cell>) {
        static_assert(!Cell::has_state || has<state_constants_of, Cell>,
                      "ngcrt cell contract: a cell with a state: its step_constants lack `T integration` and "
                      "`bool state_is_input` (engine/state.hpp sets them per dt)");
        static_assert(!Cell::has_parameter || has<factors_of, Cell>,
                      "ngcrt cell contract: a cell with a parameter lacks `template <class T> static bool "
                      "factors(const T* parameter, A& args, T* workspace)` (it sets args.constants)");
        constexpr std::size_t pairs = (std::size(Cell::conventions)) * (std::size(Cell::forms));
        return kernels_meet_contract<Cell>(std::make_index_sequence<pairs>{});
    }
    return false;
}

}  // namespace ngcrt::detail
