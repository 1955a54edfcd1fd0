// ngcrt/units.hpp - compile-time unit shapes: Units<N> (dense) and Units<H, W, C> (feature map).
#pragma once

#include <cstddef>
#include <type_traits>

namespace ngcrt {

// Run-time description of a unit shape, used by the capacity-erased view.
struct shape {
    std::size_t rank = 1;  // 1: (N), 3: (H, W, C)
    std::size_t dims[3] = {0, 0, 0};

    constexpr std::size_t size() const noexcept {
        std::size_t n = 1;
        for (std::size_t i = 0; i < rank && i < 3; ++i) n *= dims[i];
        return n;
    }
    // Rank 1 or 3, every dimension positive, and the product representable.
    constexpr bool valid() const noexcept {
        if (rank != 1 && rank != 3) return false;
        std::size_t n = 1;
        for (std::size_t i = 0; i < rank; ++i) {
            if (dims[i] == 0 || dims[i] > std::size_t(-1) / n) return false;
            n *= dims[i];
        }
        return true;
    }
    static constexpr shape dense(std::size_t n) noexcept { return shape{1, {n, 0, 0}}; }
    static constexpr shape feature_map(std::size_t h, std::size_t w, std::size_t c) noexcept {
        return shape{3, {h, w, c}};
    }
};

// The shape of one sample: the unit-shaped compartments hold batch x Units values.
template <std::size_t... Dims>
struct Units {
    static_assert(
        sizeof...(Dims) == 1 || sizeof...(Dims) == 3,
        "ngcrt::Units takes one dimension (N) for a dense layer or three (H, W, C) for a feature map");
    static_assert(((Dims > 0) && ...), "ngcrt::Units: every dimension must be positive");

    static constexpr std::size_t rank = sizeof...(Dims);
    static constexpr std::size_t size = (Dims * ...);
    static constexpr shape value{rank, {Dims...}};
};

template <class U>
struct is_units : std::false_type {};
template <std::size_t... Dims>
struct is_units<Units<Dims...>> : std::true_type {};

}  // namespace ngcrt
