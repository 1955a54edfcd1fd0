// src/kernels/cortex_m_fpu.hpp - the rows of one 8-lane group, in Thumb-2 VFP assembly, for
// Cortex-M cores with a single-precision FPU (M4F, M7, M33, M55...): the scalar kernel's
// two common cases (ngclearn 3.1, scalar Sigma; all inputs live, or modulator and mask
// untouched), with VLDM/VSTM moving 8 floats per instruction, which GCC never emits from C.
//
// The arithmetic is elem()'s, operation for operation (src/engine/traverse.hpp):
//   e = target - mu;  ee = e * e;  acc += ee;  d = e * k;  [d = d * modulator; d = d * mask;]
//   dmu = d;  dtarget = -d;  [mask = 1]
// in IEEE single precision (VFP scalar instructions, FPSCR's round-to-nearest, no flush),
// so the bits are the C kernel's; the conformance test checks them on M4F, M7 and M55.
// Included by src/engine/traverse.hpp only when compiling for such a core with GCC
// (NGCRT_CORTEX_M_FPU_ASM).
#pragma once

#include <cstddef>

// How a row is laid out for the Cortex-M4's timing (ARM DDI 0439B; tools/m4_cycles.py counts
// it, docs/targets.md lists it instruction by instruction): VLDM/VSTM of N registers take
// 1 + N cycles and the VFP operations 1 each, so a row of 8 elements costs its loads and
// stores (1 + 8 each) and arithmetic, plus one pointer add per stream: VLDM has no offset
// form and rows are 128 bytes apart. No add is followed directly by a load or store through
// the pointer it wrote (that stalls a cycle: the manual's section 3.3.2).
// The rows run two a pass (the loop's compare and branch once per 16 elements); an odd
// row count enters the first pass at its second row.
//
// The registers: s0-s15 scratch (two loaded streams of 8), s16-s19 the ones a live step
// writes to the mask, s20 the factor k, s24-s31 the 8 running sums. The mask's ones are two
// 4-register stores: an 8-register one (a cycle less) would need 8 registers of ones, and
// with two full streams in flight, k and the sums there are none left.

// e = target - mu, ee = e * e, acc += ee, d = e * k (8 lanes: s8-s15 hold e, then d); mu and
// target advance a row.
#define NGCRT_CM_ERROR_AND_SUM      \
    "vldmia %[mu], {s0-s7}\n\t"     \
    "vldmia %[tg], {s8-s15}\n\t"    \
    "adds %[mu], #128\n\t"          \
    "adds %[tg], #128\n\t"          \
    "vsub.f32 s8, s8, s0\n\t"       \
    "vsub.f32 s9, s9, s1\n\t"       \
    "vsub.f32 s10, s10, s2\n\t"     \
    "vsub.f32 s11, s11, s3\n\t"     \
    "vsub.f32 s12, s12, s4\n\t"     \
    "vsub.f32 s13, s13, s5\n\t"     \
    "vsub.f32 s14, s14, s6\n\t"     \
    "vsub.f32 s15, s15, s7\n\t"     \
    "vmul.f32 s0, s8, s8\n\t"       \
    "vmul.f32 s1, s9, s9\n\t"       \
    "vmul.f32 s2, s10, s10\n\t"     \
    "vmul.f32 s3, s11, s11\n\t"     \
    "vmul.f32 s4, s12, s12\n\t"     \
    "vmul.f32 s5, s13, s13\n\t"     \
    "vmul.f32 s6, s14, s14\n\t"     \
    "vmul.f32 s7, s15, s15\n\t"     \
    "vadd.f32 %[a0], %[a0], s0\n\t" \
    "vadd.f32 %[a1], %[a1], s1\n\t" \
    "vadd.f32 %[a2], %[a2], s2\n\t" \
    "vadd.f32 %[a3], %[a3], s3\n\t" \
    "vadd.f32 %[a4], %[a4], s4\n\t" \
    "vadd.f32 %[a5], %[a5], s5\n\t" \
    "vadd.f32 %[a6], %[a6], s6\n\t" \
    "vadd.f32 %[a7], %[a7], s7\n\t" \
    "vmul.f32 s8, s8, %[k]\n\t"     \
    "vmul.f32 s9, s9, %[k]\n\t"     \
    "vmul.f32 s10, s10, %[k]\n\t"   \
    "vmul.f32 s11, s11, %[k]\n\t"   \
    "vmul.f32 s12, s12, %[k]\n\t"   \
    "vmul.f32 s13, s13, %[k]\n\t"   \
    "vmul.f32 s14, s14, %[k]\n\t"   \
    "vmul.f32 s15, s15, %[k]\n\t"

// d *= 8 floats loaded from the operand named `op` (the live case's modulator, then mask).
// `adv` follows the load (the modulator's pointer advancing a row).
#define NGCRT_CM_MUL_BY(op, adv)        \
    "vldmia %[" op "], {s0-s7}\n\t" adv \
    "vmul.f32 s8, s8, s0\n\t"           \
    "vmul.f32 s9, s9, s1\n\t"           \
    "vmul.f32 s10, s10, s2\n\t"         \
    "vmul.f32 s11, s11, s3\n\t"         \
    "vmul.f32 s12, s12, s4\n\t"         \
    "vmul.f32 s13, s13, s5\n\t"         \
    "vmul.f32 s14, s14, s6\n\t"         \
    "vmul.f32 s15, s15, s7\n\t"

// dtarget = -d (the sign flip), then dmu = d and dtarget stored 8 floats at a time (the
// negations first: a core with FP result latency, such as the M7, would otherwise wait for
// the last multiply before the first store); dmu advances a row (dtarget's pointer advances
// in the row's last lines).
#define NGCRT_CM_STORE_DMU_DTARGET \
    "vneg.f32 s0, s8\n\t"          \
    "vneg.f32 s1, s9\n\t"          \
    "vneg.f32 s2, s10\n\t"         \
    "vneg.f32 s3, s11\n\t"         \
    "vneg.f32 s4, s12\n\t"         \
    "vneg.f32 s5, s13\n\t"         \
    "vneg.f32 s6, s14\n\t"         \
    "vneg.f32 s7, s15\n\t"         \
    "vstmia %[dmu], {s8-s15}\n\t"  \
    "adds %[dmu], #128\n\t"        \
    "vstmia %[dt], {s0-s7}\n\t"

// One row of 8 elements, all inputs live: mask then holds ones (two 4-register stores, the
// pointer written back after each: 32 bytes, then the rest of the row).
#define NGCRT_CM_ROW_LIVE                           \
    NGCRT_CM_ERROR_AND_SUM                          \
    NGCRT_CM_MUL_BY("mod", "adds %[mod], #128\n\t") \
    NGCRT_CM_MUL_BY("mask", "")                     \
    NGCRT_CM_STORE_DMU_DTARGET                      \
    "vstmia %[mask]!, {s16-s19}\n\t"                \
    "vstmia %[mask]!, {s16-s19}\n\t"                \
    "adds %[dt], #128\n\t"                          \
    "adds %[mask], #96\n\t"
// One row of 8 elements, modulator and mask untouched.
#define NGCRT_CM_ROW_DEFAULT   \
    NGCRT_CM_ERROR_AND_SUM     \
    NGCRT_CM_STORE_DMU_DTARGET \
    "adds %[dt], #128\n\t"

// The rows, two a pass, until mu reaches ip = mu + rows * 128 bytes: an odd count enters the
// first pass at its second row (label 2); nothing runs for no rows. llvm-mca region markers
// (comments in a normal build's assembly) around one pass, for tools/mcu_estimate.py.
#ifdef NGCRT_MCA_REGIONS
#define NGCRT_CM_MCA(text) text "\n\t"
#else
#define NGCRT_CM_MCA(text) ""
#endif
#define NGCRT_CM_ROWS(row, name)                                                   \
    "add ip, %[mu], %[rows], lsl #7\n\t"                                           \
    "tst %[rows], #1\n\t"                                                          \
    "bne 2f\n\t"                                                                   \
    "cmp %[mu], ip\n\t"                                                            \
    "beq 3f\n\t" NGCRT_CM_MCA("@ LLVM-MCA-BEGIN " name) "1:\n\t" row "2:\n\t" row  \
                                                        "cmp %[mu], ip\n\t"        \
                                                        "bne 1b\n\t" NGCRT_CM_MCA( \
                                                            "@ LLVM-MCA-END " name) "3:\n\t"

// Both use s0-s15 and ip as scratch, write memory and the flags (and, live, s16-s19).
#define NGCRT_CM_CLOBBERS                                                                                 \
    "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15", \
        "ip", "memory", "cc"

namespace ngcrt::detail::cortex_m {

// `rows` rows of one lane group: the pointers address the group's first element, rows
// are 32 floats apart, acc holds the group's 8 running sums. Live: modulator and mask are
// read and mask is then set to 1; otherwise they are not touched (mod, mask unused).
// (GCC allows 30 asm operands, an in-out one counting twice: rows is an input, and the
// ones are set inside the asm, as GCC would set them before it.)
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
    if constexpr (Live) {
        asm volatile(
            "vmov.f32 s16, #1.0\n\t"
            "vmov.f32 s17, #1.0\n\t"
            "vmov.f32 s18, #1.0\n\t"
            "vmov.f32 s19, #1.0\n\t" NGCRT_CM_ROWS(NGCRT_CM_ROW_LIVE, "live")
            : [a0] "+t"(a0), [a1] "+t"(a1), [a2] "+t"(a2), [a3] "+t"(a3), [a4] "+t"(a4), [a5] "+t"(a5),
              [a6] "+t"(a6), [a7] "+t"(a7), [mu] "+r"(mu), [tg] "+r"(tg), [mod] "+r"(mod), [mask] "+r"(mask),
              [dmu] "+r"(dmu), [dt] "+r"(dt)
            : [k] "t"(k), [rows] "r"(rows)
            : NGCRT_CM_CLOBBERS, "s16", "s17", "s18", "s19");
    } else {
        (void)mod;
        (void)mask;
        asm volatile(
            NGCRT_CM_ROWS(NGCRT_CM_ROW_DEFAULT, "default")
            : [a0] "+t"(a0), [a1] "+t"(a1), [a2] "+t"(a2), [a3] "+t"(a3), [a4] "+t"(a4), [a5] "+t"(a5),
              [a6] "+t"(a6), [a7] "+t"(a7), [mu] "+r"(mu), [tg] "+r"(tg), [dmu] "+r"(dmu), [dt] "+r"(dt)
            : [k] "t"(k), [rows] "r"(rows)
            : NGCRT_CM_CLOBBERS);
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
#undef NGCRT_CM_MUL_BY
#undef NGCRT_CM_STORE_DMU_DTARGET
#undef NGCRT_CM_ROW_LIVE
#undef NGCRT_CM_ROW_DEFAULT
#undef NGCRT_CM_MCA
#undef NGCRT_CM_ROWS
#undef NGCRT_CM_CLOBBERS
