// src/engine/traverse.hpp - the step of every error cell for every vector width: which
// traversal a step takes and the vector traversal itself (blocks of whole rows, two rows a
// pass, the scalar tail of a partial row, per-unit parameter rows). Each ISA's translation
// unit (src/kernels/) instantiates run_step<P, Cell> with its own pack and flags.
//
// The parts, one job a file (docs/architecture.md):
//   element.hpp      one register: streams, the cell's math, gating, stores, mask eating
//   summation.hpp    the fixed summation order: 32 lanes, blocks of 1024, the fold
//   redo.hpp         packs that flush subnormals (ARMv7 NEON): the register redone in IEEE
//   lane_groups.hpp  the scalar pack's traversals (small cores; the Cortex-M FPU assembly)
//   dense.hpp        a full covariance's pre-stage (solves per batch row)
//   finish.hpp       L from the sum, and the parameter's derivative
#pragma once

#include <cstddef>

#include "engine/dense.hpp"
#include "engine/element.hpp"
#include "engine/finish.hpp"
#include "engine/lane_groups.hpp"
#include "engine/summation.hpp"
#include "engine/variants.hpp"

namespace ngcrt::detail {

template <class P, class Cell, Convention C, auto F, bool Mod, bool Mask, bool Eat, bool Dyn = false>
struct step_kernel : element_step<P, Cell, C, F, Mod, Mask, Eat, Dyn> {
    using E = element_step<P, Cell, C, F, Mod, Mask, Eat, Dyn>;
    using E::R;
    using E::W;
    using typename E::args;
    using typename E::ctx;
    using typename E::M;
    using typename E::reg;
    using typename E::row_ptrs;
    using typename E::T;
    using total_type = typename block_total<T>::type;  // what the blocks' sums are added in

    template <class U>
    static T finish(const args& a, const ctx& x, U S) noexcept {
        return finish_stage<E>::L(a, x, S);
    }

    static T run(const args& a) noexcept {
        const std::size_t n = a.n;
        const ctx x = E::context(a);
        if constexpr (P::flushes_subnormals) {  // e.g. a subnormal 1/parameter: all in IEEE
            if (M::bad_constants(x.v)) return step_kernel<scalar_pack<T>, Cell, C, F, Mod, Mask, Eat>::run(a);
        }
        if constexpr (Dyn && W == 1) {  // the compact form on the scalar pack: small code
            if constexpr (M::prestaged) {
                const T S = dense_stage<E>::rows(a, x);
                (void)lane_group_stage<E>::compact(a, x);
                return finish(a, x, S);
            } else {
                return finish(a, x, lane_group_stage<E>::compact(a, x));
            }
        } else if constexpr (M::prestaged) {
            static_assert(!P::flushes_subnormals,
                          "a pre-staged cell runs in IEEE arithmetic (flush_checked = false)");
            const T S = dense_stage<E>::rows(a, x);
            // then gating, mask eating; the pass's sum is +0
            for (std::size_t b = 0; b < n; b += sum_block)
                (void)vector_block(a, b, n - b < sum_block ? n - b : sum_block, x);
            return finish(a, x, S);
        } else if constexpr (W == 1 && !E::PerUnit) {
            return finish(a, x, lane_group_stage<E>::blocks(a, x));
        } else if constexpr (!E::PerUnit) {
            // The real-time case, one block of whole rows (n <= 1024, a multiple of 32): a
            // leaf, everything in registers, no frame. Its folded sum is S exactly (T to
            // double and back is exact), so no double accumulator. Any other n is out of line
            // (a partial row calls tail(), and a call makes the compiler keep the running sums
            // in memory).
            if (n <= sum_block && n % sum_lanes == 0) return finish(a, x, vector_block<true>(a, 0, n, x));
            return run_blocks(a);
        } else {
            return run_per_unit(a, x);
        }
    }

    // Any n without a per-unit parameter: block by block, each block's sum added in double
    // (one block's sum is unchanged by the round trip).
    [[gnu::noinline]] static T run_blocks(const args& a) noexcept {
        const std::size_t n = a.n;
        const ctx x = E::context(a);
        total_type total = total_type(0);
        for (std::size_t b = 0; b < n; b += sum_block)
            total += static_cast<total_type>(vector_block(a, b, n - b < sum_block ? n - b : sum_block, x));
        return finish(a, x, total);
    }

    // A per-unit parameter: row by row, each row's 32 factors from factor_rows.
    [[gnu::always_inline]] static inline T run_per_unit(const args& a, const ctx& x) noexcept {
        const std::size_t n = a.n;
        const row_ptrs s = E::streams(a);
        const T* const ws = a.workspace;
        const std::size_t units = a.units;
        T tparam[2 * sum_lanes];
        total_type total = total_type(0);
        std::size_t i = 0, j = 0;  // j = i mod units
        while (i < n) {
            reg acc[R];
            for (std::size_t r = 0; r < R; ++r) acc[r] = P::splat(T(0));
            const std::size_t block_end = n - i > sum_block ? i + sum_block : n;
            for (; i + sum_lanes <= block_end; i += sum_lanes) {
                E::row(E::at(s, i), acc, factor_rows(ws, units, j, tparam), x);
                j += sum_lanes;
                while (j >= units) j -= units;
            }
            if (i < block_end) {
                T t[sum_lanes];
                tail(a, i, block_end - i, factor_rows(ws, units, j, tparam), t);
                add_lanes<P>(acc, t, block_end - i);
            }
            i = block_end;
            total += static_cast<total_type>(fold<P>(acc));
        }
        return finish(a, x, total);
    }

    // (prow, where used, points at the row's first element's factors: elem loads prow + o.)
    // The factors of 32 elements starting at unit j, wrapping around at `units` (copied to
    // tmp, 2 x 32 values, when they do).
    static inline unit_rows<T> factor_rows(const T* ws, std::size_t units, std::size_t j, T* tmp) noexcept {
        if (j + sum_lanes <= units) return {ws + j, ws + units + j};
        for (std::size_t l = 0; l < sum_lanes; ++l) {
            tmp[l] = ws[j];
            tmp[sum_lanes + l] = ws[units + j];
            if (++j == units) j = 0;
        }
        return {tmp, tmp + sum_lanes};
    }

    // The last m < 32 elements, one at a time in IEEE scalar arithmetic (the same
    // operations, so the same bits): t[l] = t_l for l < m, and +0 for the lanes beyond,
    // which is what padding with t = +0 would give; the m elements start at element i of
    // a's streams. Not inlined, and given neither the running sums nor the caller's
    // constants (it prepares its own from a), so those can stay in registers.
    [[gnu::noinline]] static void tail(const args& a, std::size_t i, std::size_t m, unit_rows<T> prow,
                                       T* t) noexcept {
        using X = typename E::exact;
        const typename X::ctx xs = X::context(a);
        const row_ptrs q = E::at(E::streams(a), i);
        for (std::size_t l = 0; l < sum_lanes; ++l) t[l] = T(0);
        for (std::size_t l = 0; l < m; ++l) X::elem(q, l, t[l], prow, xs);
    }

    // One block of len <= 1024 elements from element b of a's streams, no per-unit
    // parameter: elementwise outputs, and the block's 32 lane sums folded. Two rows a pass,
    // each stream's pointer advanced: loads and stores then address [pointer + constant],
    // which x86 fuses with the arithmetic that uses them; keep() stops the compiler from
    // turning the pointers back into one index (which measured slower). Always inlined:
    // called, it takes its row pointers through memory, which measured far slower on AVX-512.
    // Whole: len is a multiple of 32 (no partial row, so no call: the step is a leaf).
    template <bool Whole = false>
    [[gnu::always_inline]] static inline T vector_block(const args& a, std::size_t b, std::size_t len,
                                                        const ctx& x) noexcept {
        row_ptrs p = E::at(E::streams(a), b);
        reg acc[R];
        for (std::size_t r = 0; r < R; ++r) acc[r] = P::splat(T(0));
        // An odd row first, so the loop ends the whole rows (a row after the loop would make
        // the compiler keep the sums in memory across the join).
        std::size_t rows = len / sum_lanes;
        if (rows % 2 != 0) {
            E::row(p, acc, {}, x);
            p = E::at(p, sum_lanes);
        }
        for (rows /= 2; rows != 0; --rows) {
            E::row(p, acc, {}, x);
            E::row(E::at(p, sum_lanes), acc, {}, x);
            p = E::at(p, 2 * sum_lanes);
            E::keep(p);
        }
        if constexpr (!Whole) {
            const std::size_t m = len % sum_lanes;
            if (m != 0) {
                T t[sum_lanes];
                tail(a, b + (len - m), m, {}, t);
                add_lanes<P>(acc, t, m);
            }
        }
        return fold<P>(acc);
    }
};

// Picks the instantiation for the run-time flags. A cell whose math the flush checks do not
// cover runs the scalar pack (IEEE) on a pack that flushes.
#ifndef NGCRT_COMPACT_KERNELS
#define NGCRT_COMPACT_KERNELS 0
#endif
template <class P, class Cell, Convention C, auto F>
typename P::value_type run_flags(const args_of<Cell, typename P::value_type>& a) noexcept {
    using T = typename P::value_type;
    if constexpr (P::flushes_subnormals && !Cell::template kernel<P, C, F>::flush_checked) {
        return run_flags<scalar_pack<T>, Cell, C, F>(a);
    } else if constexpr (NGCRT_COMPACT_KERNELS && !P::flushes_subnormals &&
                         !Cell::template kernel<P, C, F>::fpu_asm) {
        return step_kernel<P, Cell, C, F, false, false, false, true>::run(a);
    } else {
        const bool mod = a.modulator != nullptr, mask = a.mask != nullptr, eat = a.mask_eat != nullptr;
        if (!mod && !mask) return step_kernel<P, Cell, C, F, false, false, false>::run(a);
        if (mod && !mask) return step_kernel<P, Cell, C, F, true, false, false>::run(a);
        if (!mod)
            return eat ? step_kernel<P, Cell, C, F, false, true, true>::run(a)
                       : step_kernel<P, Cell, C, F, false, true, false>::run(a);
        return eat ? step_kernel<P, Cell, C, F, true, true, true>::run(a)
                   : step_kernel<P, Cell, C, F, true, true, false>::run(a);
    }
}

// Any convention and form of Cell, chosen from a's run-time values.
template <class P, class Cell>
typename P::value_type run_step(const args_of<Cell, typename P::value_type>& a) noexcept {
    return visit_variant<Cell, typename P::value_type>(a.convention, a.form, [&](auto c, auto f) {
        return run_flags<P, Cell, decltype(c)::value, decltype(f)::value>(a);
    });
}

}  // namespace ngcrt::detail
