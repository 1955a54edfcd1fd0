// src/engine/summation.hpp - the fixed order a step sums its terms in (docs/determinism.md),
// the same for every vector width, so every kernel and target gives the same bits:
//
//   blocks of 1024 consecutive elements; inside a block, 32 lanes, lane l accumulating
//   t_i for i = l (mod 32) in increasing i from +0; the lanes are folded by halving
//   (lane[l] += lane[l+h] for l < h, h = 16, 8, 4, 2, 1); each block's sum is converted
//   to double (block_total) and added, in block order, to a double accumulator; S = that
//   total. A partial last row leaves its unused lanes alone, which is what padding with
//   t = +0 would do (adding +0 to a lane changes nothing unless the lane is -0, which no
//   lane starting at +0 becomes by adding terms, whatever their signs).
//
// A pack of width W holds the 32 lanes in R = 32 / W registers, lane l in register l / W.
#pragma once

#include <cstddef>

namespace ngcrt::detail {

inline constexpr std::size_t sum_lanes = 32;
inline constexpr std::size_t sum_block = 1024;  // a multiple of sum_lanes

// The type a step adds its blocks' sums in: double (src/engine/flushing.hpp gives its
// flushing<double>'s own).
template <class T>
struct block_total {
    using type = double;
};

// lane[l] += lane[l + h] for l < h, then h/2, ... 1. A template per level, so each level is
// straight-line code (the compiler may do one level's h adds as one vector add: the same
// additions, the same bits).
template <std::size_t H, class T>
[[gnu::always_inline]] inline void halve(T* lane) noexcept {
    if constexpr (H >= 1) {
        for (std::size_t l = 0; l < H; ++l) lane[l] = lane[l] + lane[l + H];
        halve<H / 2>(lane);
    }
}

// The halving fold of the 32 lanes held in R registers: across registers first, then inside
// the last one (a pack that flushes subnormals folds the spilled lanes in IEEE scalar
// arithmetic, the same tree).
//
// (Always inlined, as everything a step's loop calls: called, it takes the sums through
// memory, and the loop then keeps them there.)
template <class P, std::size_t R>
[[gnu::always_inline]] inline typename P::value_type fold(typename P::reg (&acc)[R]) noexcept {
    using T = typename P::value_type;
    constexpr std::size_t W = P::width;
    static_assert(R * W == sum_lanes, "32 lanes");
    if constexpr (P::flushes_subnormals) {
        T lane[sum_lanes];
        for (std::size_t r = 0; r < R; ++r) P::spill(lane + r * W, acc[r]);
        halve<sum_lanes / 2>(lane);
        return lane[0];
    } else {
        for (std::size_t h = R / 2; h >= 1; h /= 2)
            for (std::size_t r = 0; r < h; ++r) acc[r] = acc[r] + acc[r + h];
        if constexpr (P::native_fold) {
            return P::fold(acc[0]);
        } else {
            T lane[W];
            P::spill(lane, acc[0]);
            halve<W / 2>(lane);
            return lane[0];
        }
    }
}

// acc's lane l += t[l] for l < m (the lanes beyond add +0, which changes nothing: a lane that
// starts at +0 is never -0); in IEEE scalar arithmetic for a pack that flushes.
template <class P, std::size_t R>
[[gnu::always_inline]] inline void add_lanes(typename P::reg (&acc)[R], const typename P::value_type* t,
                                             std::size_t m) noexcept {
    using T = typename P::value_type;
    constexpr std::size_t W = P::width;
    if constexpr (P::flushes_subnormals) {
        T lane[sum_lanes];
        for (std::size_t r = 0; r < R; ++r) P::spill(lane + r * W, acc[r]);
        for (std::size_t l = 0; l < m; ++l) lane[l] = lane[l] + t[l];
        for (std::size_t r = 0; r < R; ++r) acc[r] = P::load(lane + r * W);
    } else {
        for (std::size_t r = 0; r < R; ++r) acc[r] = acc[r] + P::load(t + r * W);
    }
}

}  // namespace ngcrt::detail
