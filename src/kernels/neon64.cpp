// neon64 kernel (AArch64 Advanced SIMD): IEEE arithmetic, 4 floats or 2 doubles a register.
#include <arm_neon.h>

#include "kernel_entry.hpp"
#include "engine/traverse.hpp"
#include "engine/xsimd_pack.hpp"

namespace ngcrt::detail {

// xsimd 8.1 divides neon64 floats with a reciprocal estimate and two Newton steps, which
// is not correctly rounded (3.0f / 0.3f gives 0x1.3ffffep+3, not 0x1.4p+3): use FDIV.
template <class T>
struct neon64_pack : xsimd_pack<T, xsimd::neon64> {
    using reg = typename xsimd_pack<T, xsimd::neon64>::reg;
    static reg div(reg a, reg b) noexcept {
        if constexpr (sizeof(T) == 4) {
            return vdivq_f32(a, b);
        } else {
            return vdivq_f64(a, b);
        }
    }
    static reg sqrt(reg v) noexcept {
        if constexpr (sizeof(T) == 4) {
            return vsqrtq_f32(v);
        } else {
            return vsqrtq_f64(v);
        }
    }
};

}  // namespace ngcrt::detail

NGCRT_DEFINE_KERNEL(neon64, ngcrt::detail::neon64_pack)
