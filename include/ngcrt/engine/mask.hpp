// ngcrt/engine/mask.hpp - lane masks combined the same way for a SIMD register's mask and
// a scalar's bool (the scalar and contract packs' masks are bools).
#pragma once

#include <type_traits>

namespace ngcrt::detail {

// Both / either of two masks: a register mask takes the bitwise operators, a bool the
// logical ones (bitwise operators on bools are a lint finding; the values are the same).
template <class M>
constexpr M both(M a, M b) noexcept {
    if constexpr (std::is_same_v<M, bool>) {
        return a && b;
    } else {
        return a & b;
    }
}
template <class M>
constexpr M either(M a, M b) noexcept {
    if constexpr (std::is_same_v<M, bool>) {
        return a || b;
    } else {
        return a | b;
    }
}

}  // namespace ngcrt::detail
