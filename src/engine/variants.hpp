// src/engine/variants.hpp - a cell's variants (convention x form) as compile-time values:
// choosing one from run-time values, and emitting every variant's compiled entry.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ngcrt/cells.hpp"
#include "ngcrt/engine/step.hpp"

namespace ngcrt::detail {

// The variants of Cell: the valid pairs of Cell::conventions x Cell::forms (Cell::valid()),
// variant K the K-th in that order. (count_of rather than std::size: <iterator> pulls
// <wchar.h>, which a bare-metal C library may not have.)
template <class E, std::size_t N>
constexpr std::size_t count_of(const E (&/*values*/)[N]) noexcept {
    return N;
}
template <class Cell>
inline constexpr std::size_t n_forms = count_of(Cell::forms);
template <class Cell>
inline constexpr std::size_t n_pairs = count_of(Cell::conventions) * n_forms<Cell>;
// Whether pair p (convention p / n_forms, form p % n_forms) is a variant of Cell.
template <class Cell>
constexpr bool valid_pair(std::size_t p) noexcept {
    const std::size_t nf = n_forms<Cell>;
    return Cell::valid(Cell::conventions[p / nf], Cell::forms[p % nf]);
}
// The pair index of the variant-th variant (n_pairs when there is none).
template <class Cell>
constexpr std::size_t pair_of(std::size_t variant) noexcept {
    std::size_t p = 0;
    for (; p < n_pairs<Cell>; ++p) {
        if (!valid_pair<Cell>(p)) continue;
        if (variant == 0) break;
        --variant;
    }
    return p;
}
template <class Cell>
inline constexpr std::size_t n_variants = [] {
    std::size_t k = 0;
    for (std::size_t p = 0; p < n_pairs<Cell>; ++p)
        if (valid_pair<Cell>(p)) ++k;
    return k;
}();
template <class Cell, std::size_t K>
using convention_tag =
    std::integral_constant<Convention, Cell::conventions[pair_of<Cell>(K) / n_forms<Cell>]>;
template <class Cell, std::size_t K>
using form_tag =
    std::integral_constant<typename Cell::form_type, Cell::forms[pair_of<Cell>(K) % n_forms<Cell>]>;

template <class Cell, class R, class Fn, std::size_t... K>
R visit_variant(Convention c, unsigned char f, Fn&& fn, std::index_sequence<K...> /*pairs*/) noexcept {
    R r{};
    const bool found =
        ((c == convention_tag<Cell, K>::value && f == static_cast<unsigned char>(form_tag<Cell, K>::value)
              ? (r = fn(convention_tag<Cell, K>{}, form_tag<Cell, K>{}), true)
              : false) ||
         ...);
    (void)found;  // always: the view accepts only Cell::valid() variants
    return r;
}
// fn(convention_tag, form_tag) for the variant (c, f) of Cell; its result.
template <class Cell, class R, class Fn>
R visit_variant(Convention c, unsigned char f, Fn&& fn) noexcept {
    return visit_variant<Cell, R>(c, f, fn, std::make_index_sequence<n_variants<Cell>>{});
}

// Emits the compiled entries Maker names for every cell and element type: an explicit
// instantiation `template struct emit<Maker>;` defines `table`, whose initialiser takes
// each entry's address, so each is instantiated and emitted (a firmware link then drops
// the ones nothing calls).
template <class Maker, class List = cell_list>
struct emit;
template <class Maker, class... Cells>
struct emit<Maker, type_list<Cells...>> {
    using type = std::tuple<decltype(Maker::template entries<Cells, float>())...,
                            decltype(Maker::template entries<Cells, double>())...>;
    static const type table;
};
template <class Maker, class... Cells>
const typename emit<Maker, type_list<Cells...>>::type emit<Maker, type_list<Cells...>>::table{
    Maker::template entries<Cells, float>()..., Maker::template entries<Cells, double>()...};

// Every variant's entry of Cell for T, as Entry<Cell, T, C, F>::value (a function pointer).
template <template <class, class, Convention, auto> class Entry, class Cell, class T, std::size_t... K>
constexpr auto variant_entries(std::index_sequence<K...> /*pairs*/) noexcept {
    return std::array<step_fn<Cell, T>, sizeof...(K)>{
        Entry<Cell, T, convention_tag<Cell, K>::value, form_tag<Cell, K>::value>::value...};
}
template <template <class, class, Convention, auto> class Entry, class Cell, class T>
constexpr auto variant_entries() noexcept {
    return variant_entries<Entry, Cell, T>(std::make_index_sequence<n_variants<Cell>>{});
}

}  // namespace ngcrt::detail
