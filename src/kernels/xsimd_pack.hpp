// src/kernels/xsimd_pack.hpp - the xsimd register type as a pack for step_impl.hpp.
#pragma once

#include <cstddef>

#include <xsimd/xsimd.hpp>

namespace ngcrt::detail {

template <class T, class Arch>
struct xsimd_pack {
    using value_type = T;
    using reg = xsimd::batch<T, Arch>;
    static constexpr std::size_t width = reg::size;
    static constexpr bool flushes_subnormals = false;
    // Unaligned loads and stores: wired and caller buffers need only T's alignment, and
    // on every supported core an unaligned access to aligned data costs the same.
    static reg load(const T* p) noexcept { return reg::load_unaligned(p); }
    static void store(T* p, reg v) noexcept { v.store_unaligned(p); }
    static reg splat(T v) noexcept { return reg(v); }
    // xsimd's division is IEEE on x86; Arm packs override it (see neon*.cpp).
    static reg div(reg a, reg b) noexcept { return a / b; }
    // XOR with -0.0 rather than unary minus: xsimd (8.1 through at least 14.3) negates
    // AVX-512 floats as 0 - x, which turns -(+0) into +0, not -0.
    static reg flip_sign(reg v) noexcept { return v ^ reg(T(-0.0)); }
    static void spill(T* p, reg v) noexcept { v.store_unaligned(p); }
};

}  // namespace ngcrt::detail
