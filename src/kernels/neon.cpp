// neon kernel (ARMv7-A Advanced SIMD, 4 floats a register).
//
// ARMv7 NEON is not IEEE-754: it always flushes subnormal inputs and results to zero
// (whatever FPSCR says) and has no divide instruction (xsimd divides with a reciprocal
// estimate). This pack therefore divides lane by lane in VFP, which is IEEE, and tells
// the kernel that it flushes: registers whose values touch the subnormal range are redone
// in VFP scalar arithmetic (src/engine/redo.hpp), so the bits match every other target.
// double has no NEON arithmetic on ARMv7: it runs the scalar pack (VFP).
#include <arm_neon.h>

#include <type_traits>

#include "kernel_entry.hpp"
#include "engine/traverse.hpp"
#include "engine/xsimd_pack.hpp"

namespace ngcrt::detail {

struct neon32_float_pack : xsimd_pack<float, xsimd::neon> {
    using base = xsimd_pack<float, xsimd::neon>;
    using reg = base::reg;
    using mask = xsimd::batch_bool<float, xsimd::neon>;
    static constexpr bool flushes_subnormals = true;

    static reg div(reg a, reg b) noexcept {
        alignas(16) float x[4], y[4];
        a.store_aligned(x);
        b.store_aligned(y);
        for (int l = 0; l < 4; ++l) x[l] = x[l] / y[l];  // VFP VDIV.F32: correctly rounded
        return reg::load_aligned(x);
    }
    // 0 < |v| < FLT_MIN, decided on the bits (exponent field 0, mantissa not): a float
    // comparison would itself flush the subnormal to zero.
    static mask subnormal(reg v) noexcept {
        const uint32x4_t mag = vandq_u32(vreinterpretq_u32_f32(v), vdupq_n_u32(0x7fffffffu));
        const uint32x4_t nonzero = vtstq_u32(mag, mag);
        const uint32x4_t tiny = vcltq_u32(mag, vdupq_n_u32(0x00800000u));
        return mask(vandq_u32(nonzero, tiny));
    }
    // A product that NEON flushed: a zero result from two non-zero factors. (A product
    // that IEEE also rounds to zero is flagged too: the redo gives the same zero.)
    static mask flushed(reg result, reg a, reg b) noexcept {
        const reg zero(0.f);
        return (result == zero) & (a != zero) & (b != zero);
    }
    static bool any(mask m) noexcept { return xsimd::any(m); }
};

template <class T>
using neon_pack = std::conditional_t<std::is_same_v<T, float>, neon32_float_pack, scalar_pack<double>>;

}  // namespace ngcrt::detail

NGCRT_DEFINE_KERNEL(neon, ngcrt::detail::neon_pack)
