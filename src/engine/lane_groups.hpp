// src/engine/lane_groups.hpp - the scalar pack's traversals (one lane per register: every
// Cortex-M, RISC-V and ARMv7 without NEON), in the fixed summation order
// (src/engine/summation.hpp):
//   - lane groups: the 32 lane sums do not fit a small core's registers together with
//     everything else, so a block is walked 8 lanes at a time, down the rows (lane l still
//     adds its t_i in increasing i, then the partial last row's), with those 8 sums in
//     registers; on a Cortex-M FPU, the cell whose math is the FPU assembly's
//     (kernel::fpu_asm) runs src/kernels/cortex_m_fpu.hpp's loop for whole rows;
//   - the compact pass: one element at a time, element i adding its t to lane i mod 32 of
//     its block, one copy of the elementwise code (the compact form firmware builds use).
#pragma once

#include <cstddef>
#include <type_traits>

#include "engine/element.hpp"
#include "engine/summation.hpp"
#include "ngcrt/engine/step.hpp"

// Cortex-M with a single-precision FPU, compiled by GCC: the VLDM/VSTM assembly (same
// operations, same bits).
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FP) && (__ARM_FP & 4) && \
    defined(__GNUC__) && !defined(__clang__) && !defined(NGCRT_NO_ASM)
#define NGCRT_CORTEX_M_FPU_ASM 1
#include "kernels/cortex_m_fpu.hpp"
#else
#define NGCRT_CORTEX_M_FPU_ASM 0
#endif

namespace ngcrt::detail {

// A hook around the work of one 8-element lane group of a row, for a measuring tool
// (tools/mcu/probe.cpp specialises it with llvm-mca region markers); nothing by default.
template <class E>
struct lane_group_marks {
    static void begin() noexcept {}
    static void end() noexcept {}
};

// E: the element step (src/engine/element.hpp) on the scalar pack.
template <class E>
struct lane_group_stage {
    using T = typename E::T;
    using M = typename E::M;
    using row_ptrs = typename E::row_ptrs;
    using total_type = typename block_total<T>::type;
    static constexpr std::size_t lane_group = 8;
    static_assert(E::W == 1, "lane groups walk the scalar pack");

    // Every block of the step; the fixed-order total.
    static total_type blocks(const typename E::args& a, const typename E::ctx& x) noexcept {
        const std::size_t n = a.n;
        const row_ptrs s = E::streams(a);
        total_type total = total_type(0);
        for (std::size_t b = 0; b < n; b += sum_block)
            total +=
                static_cast<total_type>(block_sum(E::at(s, b), n - b < sum_block ? n - b : sum_block, x));
        return total;
    }

    // One block of len <= 1024 elements starting at s: its elementwise outputs, and its 32
    // lane sums folded (the helium kernel's exact redo of a block calls this too). (s by
    // value: with a reference GCC reloads a stream pointer from the stack on every row on
    // Cortex-M4.)
    static T block_sum(const row_ptrs s, std::size_t len, const typename E::ctx& x) noexcept {
        const std::size_t rows = len / sum_lanes, m = len % sum_lanes;
        T lane[sum_lanes];
        for (std::size_t g = 0; g < sum_lanes; g += lane_group) {
            T acc[lane_group] = {};  // +0
            std::size_t i = g;
#if NGCRT_CORTEX_M_FPU_ASM
            constexpr bool all = E::modulator_on && E::mask_on && E::eat_on;
            constexpr bool none = !E::modulator_on && !E::mask_on && !E::eat_on;
            if constexpr (std::is_same_v<T, float> && M::fpu_asm && (all || none)) {
                const row_ptrs p = E::at(s, i);
                cortex_m::group_rows<E::modulator_on>(p.prediction, p.target, p.modulator, p.mask_eat,
                                                      p.dprediction, p.dtarget, rows, M::fpu_factor(x.v),
                                                      acc);
                i += rows * sum_lanes;
            } else
#endif
                for (std::size_t r = 0; r < rows; ++r, i += sum_lanes) {
                    const row_ptrs p = E::at(s, i);
                    lane_group_marks<E>::begin();
                    for (std::size_t q = 0; q < lane_group; ++q) E::elem(p, q, acc[q], {}, x);
                    lane_group_marks<E>::end();
                }
            if (g < m) {  // this group's part of the partial last row
                const row_ptrs p = E::at(s, i);
                for (std::size_t q = 0; q < lane_group && g + q < m; ++q) E::elem(p, q, acc[q], {}, x);
            }
            for (std::size_t q = 0; q < lane_group; ++q) lane[g + q] = acc[q];
        }
        halve<sum_lanes / 2>(lane);
        return lane[0];
    }

    // The compact form's pass: element i adds its t to lane i mod 32 of its block.
    static total_type compact(const typename E::args& a, const typename E::ctx& x) noexcept {
        const row_ptrs s = E::streams(a);
        const std::size_t n = a.n, units = a.units;
        total_type total = total_type(0);
        std::size_t j = 0;  // the unit of element i
        for (std::size_t b0 = 0; b0 < n; b0 += sum_block) {
            T lane[sum_lanes] = {};
            const std::size_t len = n - b0 < sum_block ? n - b0 : sum_block;
            // cppcheck-suppress knownConditionTrueFalse ; false positive: len >= 1 while b0 < n
            for (std::size_t l = 0; l < len; ++l) {
                unit_rows<T> prow{};
                if constexpr (E::PerUnit) prow = {a.workspace + j, a.workspace + units + j};
                E::elem(E::at(s, b0 + l), 0, lane[l % sum_lanes], prow, x);
                if (++j == units) j = 0;
            }
            halve<sum_lanes / 2>(lane);
            total += static_cast<total_type>(lane[0]);
        }
        return total;
    }
};

}  // namespace ngcrt::detail
