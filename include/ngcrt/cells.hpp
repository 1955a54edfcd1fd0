// ngcrt/cells.hpp - the error cells ngcrt has: each one's header, and the list the
// library compiles every kernel, dispatch entry and C function for. Adding a cell: its
// header, one line each below (docs/architecture.md).
#pragma once

#include <cstddef>

#include "ngcrt/bernoulli_error_cell.hpp"
#include "ngcrt/gaussian_error_cell.hpp"
#include "ngcrt/laplacian_error_cell.hpp"
#include "ngcrt/leaky_gaussian_error_cell.hpp"

namespace ngcrt::detail {

template <class... Cells>
struct type_list {};

using cell_list = type_list<cells::gaussian, cells::laplacian, cells::bernoulli, cells::leaky_gaussian>;

// The position of Cell in cell_list (the dispatch table's index).
template <class Cell, class... Cells>
constexpr std::size_t index_of(type_list<Cells...> /*cells*/) noexcept {
    constexpr bool same[] = {std::is_same_v<Cell, Cells>..., false};
    std::size_t i = 0;
    while (i < sizeof...(Cells) && !same[i]) ++i;
    return i;
}
template <class Cell>
inline constexpr std::size_t cell_index = index_of<Cell>(cell_list{});
inline constexpr std::size_t cell_count = [](auto l) { return index_of<void>(l); }(cell_list{});

}  // namespace ngcrt::detail
