// src/kernels/cortex_m_fpu.hpp - one 8-lane group of a row, in Thumb-2 VFP assembly, for
// Cortex-M cores with a single-precision FPU (M4F, M7, M33, M55...): the scalar kernel's
// two common cases (ngclearn 3.1, scalar Sigma; all inputs live, or modulator and mask
// untouched), with VLDM/VSTM moving 8 floats per instruction, which GCC never emits from C.
//
// The arithmetic is elem()'s, operation for operation (step_impl.hpp):
//   e = target - mu;  ee = e * e;  acc += ee;  d = e * k;  [d = d * modulator; d = d * mask;]
//   dmu = d;  dtarget = -d;  [mask = 1]
// in IEEE single precision (VFP scalar instructions, FPSCR's round-to-nearest, no flush),
// so the bits are the C kernel's; the conformance test checks them on M4F, M7 and M55.
// Included by step_impl.hpp only when compiling for such a core (NGCRT_CORTEX_M_FPU_ASM).
#pragma once

#include <cstddef>

// The instructions both cases share, as string literals the asm statements concatenate:
// e = target - mu, ee = e * e, acc += ee, d = e * k (8 lanes: s8-s15 hold e, then d) ...
#define NGCRT_CM_ERROR_AND_SUM \
    "vldmia %[mu], {s0-s7}\n\t" \
    "vldmia %[tg], {s8-s15}\n\t" \
    "vsub.f32 s8, s8, s0\n\t" \
    "vsub.f32 s9, s9, s1\n\t" \
    "vsub.f32 s10, s10, s2\n\t" \
    "vsub.f32 s11, s11, s3\n\t" \
    "vsub.f32 s12, s12, s4\n\t" \
    "vsub.f32 s13, s13, s5\n\t" \
    "vsub.f32 s14, s14, s6\n\t" \
    "vsub.f32 s15, s15, s7\n\t" \
    "vmul.f32 s0, s8, s8\n\t" \
    "vmul.f32 s1, s9, s9\n\t" \
    "vmul.f32 s2, s10, s10\n\t" \
    "vmul.f32 s3, s11, s11\n\t" \
    "vmul.f32 s4, s12, s12\n\t" \
    "vmul.f32 s5, s13, s13\n\t" \
    "vmul.f32 s6, s14, s14\n\t" \
    "vmul.f32 s7, s15, s15\n\t" \
    "vadd.f32 %[a0], %[a0], s0\n\t" \
    "vadd.f32 %[a1], %[a1], s1\n\t" \
    "vadd.f32 %[a2], %[a2], s2\n\t" \
    "vadd.f32 %[a3], %[a3], s3\n\t" \
    "vadd.f32 %[a4], %[a4], s4\n\t" \
    "vadd.f32 %[a5], %[a5], s5\n\t" \
    "vadd.f32 %[a6], %[a6], s6\n\t" \
    "vadd.f32 %[a7], %[a7], s7\n\t" \
    "vmul.f32 s8, s8, %[k]\n\t" \
    "vmul.f32 s9, s9, %[k]\n\t" \
    "vmul.f32 s10, s10, %[k]\n\t" \
    "vmul.f32 s11, s11, %[k]\n\t" \
    "vmul.f32 s12, s12, %[k]\n\t" \
    "vmul.f32 s13, s13, %[k]\n\t" \
    "vmul.f32 s14, s14, %[k]\n\t" \
    "vmul.f32 s15, s15, %[k]\n\t"

// ... and dmu = d, dtarget = -d (the sign flip), stored 8 floats at a time.
#define NGCRT_CM_STORE_DMU_DTARGET \
    "vstmia %[dmu], {s8-s15}\n\t" \
    "vneg.f32 s0, s8\n\t" \
    "vneg.f32 s1, s9\n\t" \
    "vneg.f32 s2, s10\n\t" \
    "vneg.f32 s3, s11\n\t" \
    "vneg.f32 s4, s12\n\t" \
    "vneg.f32 s5, s13\n\t" \
    "vneg.f32 s6, s14\n\t" \
    "vneg.f32 s7, s15\n\t" \
    "vstmia %[dt], {s0-s7}\n\t"
// d *= 8 floats loaded from the operand named `op` (the live case's modulator, then mask).
#define NGCRT_CM_MUL_BY(op)         \
    "vldmia %[" op "], {s0-s7}\n\t" \
    "vmul.f32 s8, s8, s0\n\t"       \
    "vmul.f32 s9, s9, s1\n\t"       \
    "vmul.f32 s10, s10, s2\n\t"     \
    "vmul.f32 s11, s11, s3\n\t"     \
    "vmul.f32 s12, s12, s4\n\t"     \
    "vmul.f32 s13, s13, s5\n\t"     \
    "vmul.f32 s14, s14, s6\n\t"     \
    "vmul.f32 s15, s15, s7\n\t"
// Both use s0-s15 as scratch and write memory.
#define NGCRT_CM_CLOBBERS \
    "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15", "memory"

namespace ngcrt::detail::cortex_m {

// `rows` rows of one lane group: the pointers address the group's first element, rows
// are 32 floats apart, acc holds the group's 8 running sums. Live: modulator and mask are
// read and mask is then set to 1; otherwise they are not touched (mod, mask unused).
template <bool Live>
inline void group_rows(const float* mu, const float* tg, const float* mod, float* mask, float* dmu, float* dt,
                       std::size_t rows, float ks, float (&acc)[8]) noexcept {
    // Explicit register variables (a GNU extension): where the asm below expects them.
    register float a0 asm("s24") = acc[0];
    register float a1 asm("s25") = acc[1];
    register float a2 asm("s26") = acc[2];
    register float a3 asm("s27") = acc[3];
    register float a4 asm("s28") = acc[4];
    register float a5 asm("s29") = acc[5];
    register float a6 asm("s30") = acc[6];
    register float a7 asm("s31") = acc[7];
    register float k asm("s20") = ks;
    register float o0 asm("s16") = 1.0f;  // the ones a live step writes to the mask
    register float o1 asm("s17") = 1.0f;
    register float o2 asm("s18") = 1.0f;
    register float o3 asm("s19") = 1.0f;
    for (std::size_t r = 0; r < rows; ++r) {
        if constexpr (Live) {
            NGCRT_MCA_MARK("@ LLVM-MCA-BEGIN live");
            asm volatile(
            NGCRT_CM_ERROR_AND_SUM
            NGCRT_CM_MUL_BY("mod")
            NGCRT_CM_MUL_BY("mask")
            NGCRT_CM_STORE_DMU_DTARGET
            "vstmia %[mask], {s16-s19}\n\t"
            "vstmia %[mask4], {s16-s19}\n\t"
            : [a0] "+t"(a0), [a1] "+t"(a1), [a2] "+t"(a2), [a3] "+t"(a3), [a4] "+t"(a4), [a5] "+t"(a5),
              [a6] "+t"(a6), [a7] "+t"(a7)
            : [mu] "r"(mu), [tg] "r"(tg), [mod] "r"(mod), [mask] "r"(mask), [mask4] "r"(mask + 4),
              [dmu] "r"(dmu), [dt] "r"(dt), [k] "t"(k), "t"(o0), "t"(o1), "t"(o2), "t"(o3)
            : NGCRT_CM_CLOBBERS);
            NGCRT_MCA_MARK("@ LLVM-MCA-END live");
            mod += 32;
            mask += 32;
        } else {
            NGCRT_MCA_MARK("@ LLVM-MCA-BEGIN default");
            asm volatile(
            NGCRT_CM_ERROR_AND_SUM
            NGCRT_CM_STORE_DMU_DTARGET
            : [a0] "+t"(a0), [a1] "+t"(a1), [a2] "+t"(a2), [a3] "+t"(a3), [a4] "+t"(a4), [a5] "+t"(a5),
              [a6] "+t"(a6), [a7] "+t"(a7)
            : [mu] "r"(mu), [tg] "r"(tg), [dmu] "r"(dmu), [dt] "r"(dt), [k] "t"(k)
            : NGCRT_CM_CLOBBERS);
            NGCRT_MCA_MARK("@ LLVM-MCA-END default");
        }
        mu += 32;
        tg += 32;
        dmu += 32;
        dt += 32;
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
    acc[4] = a4;
    acc[5] = a5;
    acc[6] = a6;
    acc[7] = a7;
}

}  // namespace ngcrt::detail::cortex_m

#undef NGCRT_CM_ERROR_AND_SUM
#undef NGCRT_CM_STORE_DMU_DTARGET
#undef NGCRT_CM_CLOBBERS
