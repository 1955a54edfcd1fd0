// src/kernels/cortex_m_synapse.hpp - the forward product's single-row inner loop in assembly
// for Cortex-M cores with a single-precision FPU (GCC; included by
// src/engine/synapse_product.hpp). The same operations as the C++ block, in the same order:
// for each output column c of a block of 12, acc_c = +0, then for k = 0, 1, ..., K - 1:
// acc_c = acc_c + (x_k * W(k, c)) (VMUL then VADD, each rounded; never VMLA/VFMA), then the
// scaling and the biases in C++: the same bits as every other kernel.
//
// Why assembly: GCC loads the 12 weights of a row with 12 VLDRs (2 cycles each on the M4);
// one VLDM of 12 registers takes 13. Per two values of k the loop issues one VLDM of two x
// values (3 cycles), two VLDMs of 12 weights (26), two ADDs (2), 24 VMULs and 24 VADDs (48),
// SUBS and the taken BNE (5): 84 cycles for 24 multiply-adds, 3.5 per multiply-add against
// the single-issue floor of 3 (a weight word loaded, a VMUL, a VADD; tools/m4_synapse_cycles.py
// counts it from the image).
#pragma once

#include <cstddef>

#include "ngcrt/engine/synapse.hpp"

namespace ngcrt::detail::synapse::cortex_m {

constexpr std::size_t block_columns = 12;

// acc[0..12) <- acc + sum over k of x[k] * w[k * stride + 0..12), k upwards (acc holds +0).
inline void forward_block12(const float* x, const float* w, std::size_t K, std::size_t stride_bytes,
                            float* acc) noexcept {
    std::size_t pairs = K / 2;
    if (pairs != 0) {
        __asm__ volatile(
            "vldmia %[acc], {s0-s11}\n\t"
            "1:\n\t"
            "vldmia %[x]!, {s28-s29}\n\t"
            "vldmia %[w], {s16-s27}\n\t"
            "add %[w], %[w], %[stride]\n\t"
            "vmul.f32 s16, s16, s28\n\t"
            "vmul.f32 s17, s17, s28\n\t"
            "vmul.f32 s18, s18, s28\n\t"
            "vmul.f32 s19, s19, s28\n\t"
            "vmul.f32 s20, s20, s28\n\t"
            "vmul.f32 s21, s21, s28\n\t"
            "vmul.f32 s22, s22, s28\n\t"
            "vmul.f32 s23, s23, s28\n\t"
            "vmul.f32 s24, s24, s28\n\t"
            "vmul.f32 s25, s25, s28\n\t"
            "vmul.f32 s26, s26, s28\n\t"
            "vmul.f32 s27, s27, s28\n\t"
            "vadd.f32 s0, s0, s16\n\t"
            "vadd.f32 s1, s1, s17\n\t"
            "vadd.f32 s2, s2, s18\n\t"
            "vadd.f32 s3, s3, s19\n\t"
            "vadd.f32 s4, s4, s20\n\t"
            "vadd.f32 s5, s5, s21\n\t"
            "vadd.f32 s6, s6, s22\n\t"
            "vadd.f32 s7, s7, s23\n\t"
            "vadd.f32 s8, s8, s24\n\t"
            "vadd.f32 s9, s9, s25\n\t"
            "vadd.f32 s10, s10, s26\n\t"
            "vadd.f32 s11, s11, s27\n\t"
            "vldmia %[w], {s16-s27}\n\t"
            "add %[w], %[w], %[stride]\n\t"
            "vmul.f32 s16, s16, s29\n\t"
            "vmul.f32 s17, s17, s29\n\t"
            "vmul.f32 s18, s18, s29\n\t"
            "vmul.f32 s19, s19, s29\n\t"
            "vmul.f32 s20, s20, s29\n\t"
            "vmul.f32 s21, s21, s29\n\t"
            "vmul.f32 s22, s22, s29\n\t"
            "vmul.f32 s23, s23, s29\n\t"
            "vmul.f32 s24, s24, s29\n\t"
            "vmul.f32 s25, s25, s29\n\t"
            "vmul.f32 s26, s26, s29\n\t"
            "vmul.f32 s27, s27, s29\n\t"
            "vadd.f32 s0, s0, s16\n\t"
            "vadd.f32 s1, s1, s17\n\t"
            "vadd.f32 s2, s2, s18\n\t"
            "vadd.f32 s3, s3, s19\n\t"
            "vadd.f32 s4, s4, s20\n\t"
            "vadd.f32 s5, s5, s21\n\t"
            "vadd.f32 s6, s6, s22\n\t"
            "vadd.f32 s7, s7, s23\n\t"
            "vadd.f32 s8, s8, s24\n\t"
            "vadd.f32 s9, s9, s25\n\t"
            "vadd.f32 s10, s10, s26\n\t"
            "vadd.f32 s11, s11, s27\n\t"
            "subs %[n], %[n], #1\n\t"
            "bne 1b\n\t"
            "vstmia %[acc], {s0-s11}"
            : [x] "+r"(x), [w] "+r"(w), [n] "+r"(pairs)
            : [acc] "r"(acc), [stride] "r"(stride_bytes)
            : "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s16", "s17", "s18",
              "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28", "s29", "cc", "memory");
    }
    if (K % 2 != 0) {  // the last k, in C++ (the same two operations)
        const float xk = *x;
        for (std::size_t c = 0; c < block_columns; ++c) acc[c] = acc[c] + xk * w[c];
    }
}

// Columns [0, C rounded down to 12) of every row of a forward, unmasked float product;
// returns the first column not computed.
inline std::size_t forward_rows(const kinds::synapse_product::args<float>& a) noexcept {
    const std::size_t C = a.n_columns, K = a.sum_length;
    std::size_t c = 0;
    for (; c + block_columns <= C; c += block_columns)
        for (std::size_t b = 0; b < a.batch; ++b) {
            float acc[block_columns] = {};
            forward_block12(a.inputs + b * K, a.weights + c, K, C * sizeof(float), acc);
            float* y = a.outputs + b * C + c;
            for (std::size_t j = 0; j < block_columns; ++j) {
                float v = acc[j];
                if (a.scaled) v = v * a.resist_scale;
                if (a.biases != nullptr) {
                    v = v + a.biases[c + j];
                } else if (a.add_zero) {
                    v = v + 0.f;
                }
                y[j] = v;
            }
        }
    return c;
}

}  // namespace ngcrt::detail::synapse::cortex_m
