// src/engine/traverse.hpp - the step of every error cell, written once for every cell and
// every vector width: block traversal, the fixed summation order, tails, gating by
// modulator and mask, mask eating, and the redo rule for packs that flush subnormals.
// The cell supplies only its elementwise math (Cell::kernel<P, C, F>, in its header).
//
// A "pack" P supplies a register type of P::width lanes (1 for the scalar pack) with
// load/store/splat/div/select/flip_sign; arithmetic uses the register's operators. Each
// ISA's translation unit (src/kernels/) instantiates run_step<P, Cell> with its own pack
// and compiler flags.
//
// Per element i < n = batch * units, unit j = i mod units, the cell gives
//   g_i (dprediction before gating), h_i (dtarget before gating, or -g_i), t_i (L's term),
// and the engine computes
//   dprediction_i = (g_i * modulator_i) * mask_i   (a factor known to be 1 is skipped: x*1 == x)
//   dtarget_i     = dprediction_i with its sign bit flipped (== ((-g_i)*modulator_i)*mask_i,
//                   bitwise) when the cell's h is -g, else (h_i * modulator_i) * mask_i
//   mask_i        = 1 (eaten), when the step owns the mask
//   S             = sum of t_i in the fixed order below; L = Cell's finish(S)
//
// Fixed summation order (identical for every width, so identical bits everywhere):
//   blocks of 1024 consecutive elements; inside a block, 32 lanes, lane l accumulating
//   t_i for i = l (mod 32) in increasing i from +0; the lanes are folded by halving
//   (lane[l] += lane[l+h] for l < h, h = 16, 8, 4, 2, 1); each block's sum is converted
//   to double and added, in block order, to a double accumulator; S = that total.
//   A partial last row leaves its unused lanes alone, which is what padding with t = +0
//   would do (adding +0 to a lane changes nothing unless the lane is -0, which no lane
//   starting at +0 becomes by adding terms, whatever their signs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "engine/variants.hpp"
#include "ngcrt/convention.hpp"
#include "ngcrt/engine/step.hpp"
#include "ngcrt/math.hpp"

namespace ngcrt::detail {

// llvm-mca region markers around the work of one 8-element lane group of a row in the
// scalar kernel, for tools/mcu_estimate.py (which compiles tools/mcu/probe.cpp with
// NGCRT_MCA_REGIONS); nothing in a normal build.
#ifdef NGCRT_MCA_REGIONS
#define NGCRT_MCA_MARK(text) asm volatile(text)
#else
#define NGCRT_MCA_MARK(text) ((void)0)
#endif

// Cortex-M with a single-precision FPU, compiled by GCC: the scalar kernel's common cases
// of a cell whose math is the FPU assembly's (Cell::kernel::fpu_asm) use the VLDM/VSTM
// assembly in src/kernels/cortex_m_fpu.hpp (same operations, same bits).
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FP) && (__ARM_FP & 4) && \
    defined(__GNUC__) && !defined(__clang__) && !defined(NGCRT_NO_ASM)
#define NGCRT_CORTEX_M_FPU_ASM 1
#else
#define NGCRT_CORTEX_M_FPU_ASM 0
#endif
}  // namespace ngcrt::detail
#if NGCRT_CORTEX_M_FPU_ASM
#include "kernels/cortex_m_fpu.hpp"
#endif
namespace ngcrt::detail {

inline constexpr std::size_t sum_lanes = 32;
inline constexpr std::size_t sum_block = 1024;  // a multiple of sum_lanes

// The dense pre-stage's triangular solves on a pack P (src/kernels/kernel_entry.hpp, from
// src/linalg/cholesky.hpp): run(ws, N, r) makes r = A^-1 r in place and returns r^T A r.
template <class P>
struct dense_solve;

// Plain C++ pack: one lane per register. Compiles for every target.
//
// A pack also says how it divides (div: must be IEEE correctly rounded, which some
// xsimd releases do not give on Arm), gives ngcrt's deterministic exp and log
// (src/math/elementary.hpp, docs/math.md; never libm's) and whether its arithmetic flushes subnormal
// inputs and results to zero (flushes_subnormals: ARMv7 NEON always does). A flushing
// pack must also supply subnormal(v), flushed(result, a, b) and any(m); the engine then
// redoes any register whose values touch the subnormal range with the scalar pack, so
// the bits stay those of IEEE arithmetic.
// The scalar pack's exp, log and select for T: ngcrt's own out-of-line exp and log and a
// plain select for float and double (src/engine/flushing.hpp gives its flushing<T>'s).
template <class T>
struct scalar_math {
    static T exp(T v) noexcept { return ngcrt::math::exp(v); }
    static T log(T v) noexcept { return ngcrt::math::log(v); }
    static T select(bool m, T a, T b) noexcept { return m ? a : b; }
};
// The type a step adds its blocks' sums in (the fixed order's double accumulator).
template <class T>
struct block_total {
    using type = double;
};

template <class T>
struct scalar_pack {
    using value_type = T;
    using reg = T;
    static constexpr std::size_t width = 1;
    static constexpr bool flushes_subnormals = false;
    static constexpr bool native_fold = false;  // (a pack that sets it supplies fold(reg))
    static reg load(const T* p) noexcept { return *p; }
    static void store(T* p, reg v) noexcept { *p = v; }
    static reg splat(T v) noexcept { return v; }
    static reg div(reg a, reg b) noexcept { return a / b; }
    static reg select(bool m, reg a, reg b) noexcept { return scalar_math<T>::select(m, a, b); }
    static reg flip_sign(reg v) noexcept { return -v; }  // IEEE negate: flips the sign bit only
    // |v| and mag (>= +0) with sgn's sign: sign-bit operations, as on every pack.
    static reg abs(reg v) noexcept { return from_bits(bits(v) & ~sign_bit); }
    static reg with_sign_of(reg mag, reg sgn) noexcept {
        return from_bits(bits(mag) | (bits(sgn) & sign_bit));
    }
    using uint = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    static constexpr uint sign_bit = uint(1) << (8 * sizeof(T) - 1);
    static uint bits(T v) noexcept {
        uint u;
        __builtin_memcpy(&u, &v, sizeof u);
        return u;
    }
    static T from_bits(uint u) noexcept {
        T v;
        __builtin_memcpy(&v, &u, sizeof v);
        return v;
    }
    // ngcrt's own exp and log, the library's out-of-line scalar form (src/math/scalar.cpp):
    // the same bits as every pack's, and one copy of the code however many kernels call it
    // (it matters on a microcontroller's flash).
    static reg exp(reg v) noexcept { return scalar_math<T>::exp(v); }
    static reg log(reg v) noexcept { return scalar_math<T>::log(v); }
    static void spill(T* p, reg v) noexcept { *p = v; }
};

// The streams of a step, element 0 of a row (the same type for every pack, so a vector
// kernel can hand a row to the scalar one). Those an instantiation does not use are null.
template <class T>
struct row_ptrs {
    const T* prediction;
    const T* target;
    const T* modulator;
    const T* mask;
    T* mask_eat;
    T* dprediction;
    T* dtarget;
    T* state;  // a cell with a state (a leaky cell's e): read, then written
};

// The rows of a per-unit parameter's two factors (the workspace's halves) for 32
// elements, or none.
template <class T>
struct unit_rows {
    const T* a = nullptr;
    const T* b = nullptr;
};

// Mod, Mask, Eat: which of modulator, mask and mask eating this instantiation does (the
// run-time case, chosen by run_flags); or Dyn: one instantiation that reads the three from
// the streams at run time (a null stream is skipped), the compact form firmware builds use
// for every variant but the Cortex-M assembly's (NGCRT_COMPACT_KERNELS: a fifth of the
// code, a few predictable branches per element more). Same operations, same bits.
template <class P, class Cell, Convention C, auto F, bool Mod, bool Mask, bool Eat, bool Dyn = false>
struct step_kernel {
    using T = typename P::value_type;
    using reg = typename P::reg;
    using M = typename Cell::template kernel<P, C, F>;  // the cell's elementwise math
    static constexpr std::size_t W = P::width;
    static constexpr std::size_t R = sum_lanes / W;  // registers per 32-lane row
    static constexpr bool PerUnit = Cell::per_unit(F);
    static_assert(sum_lanes % W == 0, "vector width must divide 32");
    static_assert(!P::flushes_subnormals || M::flush_checked,
                  "a flushing pack needs the cell's flush checks");
    static_assert(!Dyn || (!P::flushes_subnormals && !Mod && !Mask && !Eat),
                  "the compact form: IEEE packs, flags at run time");
    using exact = step_kernel<scalar_pack<T>, Cell, C, F, Mod, Mask, Eat, Dyn>;  // IEEE fallback
    using total_type = typename block_total<T>::type;  // what the blocks' sums are added in

    using row_ptrs = detail::row_ptrs<T>;

    // The cell's per-step constants, for this pack and for the scalar one (redo, tails).
    struct ctx {
        typename M::constants v;
        typename exact::M::constants s;
    };
    static ctx context(const step_args<T>& a) noexcept { return {M::prepare(a), exact::M::prepare(a)}; }
    static typename exact::ctx scalar_context(const ctx& x) noexcept { return {x.s, x.s}; }

    // The step's streams, copied out of `a` once: the kernel's stores could alias `a` as
    // far as the compiler knows, which would make it reload every pointer on every row.
    static row_ptrs streams(const step_args<T>& a) noexcept {
        return {a.prediction, a.target, a.modulator, a.mask, a.mask_eat, a.dprediction, a.dtarget, a.state};
    }
    // The streams i elements on; only those this instantiation uses are offset (the
    // others may be null, and stay null).
    static row_ptrs at(const row_ptrs& s, std::size_t i) noexcept {
        return {s.prediction + i,
                s.target + i,
                shift<Mod>(s.modulator, i),
                shift<Mask>(s.mask, i),
                shift<Eat>(s.mask_eat, i),
                s.dprediction + i,
                s.dtarget + i,
                Cell::has_state ? s.state + i : nullptr};
    }
    // An optional stream i elements on: used (On), unused (null), or, compact, as it is.
    template <bool On, class Q>
    static Q* shift(Q* q, std::size_t i) noexcept {
        if constexpr (On) {
            return q + i;
        } else if constexpr (Dyn) {
            return q != nullptr ? q + i : nullptr;
        } else {
            (void)q;
            (void)i;
            return nullptr;
        }
    }
    // Whether the modulator, the mask and mask eating apply (constants but in the compact form).
    static bool use_mod(const row_ptrs& p) noexcept { return Mod || (Dyn && p.modulator != nullptr); }
    static bool use_mask(const row_ptrs& p) noexcept { return Mask || (Dyn && p.mask != nullptr); }
    static bool use_eat(const row_ptrs& p) noexcept { return Eat || (Dyn && p.mask_eat != nullptr); }

    // W elements at offset o of a row: elementwise outputs, and t added to acc's lanes.
    // prow holds the row's per-unit factors (PerUnit) or is unused.
    static inline void elem(const row_ptrs& p, std::size_t o, reg& acc, unit_rows<T> prow,
                            const ctx& x) noexcept {
        const reg y = P::load(p.target + o), xp = P::load(p.prediction + o);
        unit_factors<reg> s{};
        if constexpr (PerUnit) {
            s.a = P::load(prow.a + o);
            s.b = P::load(prow.b + o);
        }
        const typename M::result r = cell_elem(p, o, xp, y, s, x);
        reg out = r.g, hout{}, mod{}, msk{}, dm{}, hm{};
        if constexpr (!M::negated_dtarget) hout = r.h;
        if (use_mod(p)) {
            mod = P::load(p.modulator + o);
            out = out * mod;
            if constexpr (!M::negated_dtarget) hout = hout * mod;
        }
        dm = out;
        hm = hout;
        if (use_mask(p)) {
            // A mask that is eaten is read through mask_eat (the same address): one
            // stream pointer fewer to advance and keep in a register.
            msk = P::load(use_eat(p) ? p.mask_eat + o : p.mask + o);
            out = out * msk;
            if constexpr (!M::negated_dtarget) hout = hout * msk;
        }
        if constexpr (P::flushes_subnormals) {
            // Any subnormal input to, or flushed result of, the vector arithmetic above?
            auto bad = M::bad(x.v, xp, y, s, r) | P::subnormal(y) | P::subnormal(xp) | P::subnormal(acc);
            if constexpr (Mod) bad = bad | P::subnormal(mod) | P::flushed(dm, r.g, mod);
            if constexpr (Mask) bad = bad | P::subnormal(msk) | P::flushed(out, dm, msk);
            if constexpr (!M::negated_dtarget) {
                if constexpr (Mod) bad = bad | P::flushed(hm, r.h, mod);
                if constexpr (Mask) bad = bad | P::flushed(hout, hm, msk);
            }
            if (P::any(bad)) {
                redo_exact(p, o, acc, prow, x);
                return;
            }
        }
        if constexpr (Cell::has_state && !M::prestaged) P::store(p.state + o, r.state);
        P::store(p.dprediction + o, out);
        if constexpr (M::negated_dtarget) {
            P::store(p.dtarget + o, P::flip_sign(out));
        } else {
            P::store(p.dtarget + o, hout);
        }
        if (use_eat(p)) P::store(p.mask_eat + o, P::splat(T(1)));
        acc = acc + r.t;
    }

    // The cell's math for W elements (a cell with a state also gets its current value; a
    // pre-staged one, the g the pre-stage left in dprediction).
    static inline typename M::result cell_elem(const row_ptrs& p, std::size_t o, reg xp, reg y,
                                               const unit_factors<reg>& s, const ctx& x) noexcept {
        if constexpr (M::prestaged) {
            (void)xp;
            (void)y;
            (void)s;
            return M::elem_pre(x.v, P::load(p.dprediction + o));
        } else if constexpr (Cell::has_state) {
            return M::elem(x.v, xp, y, s, P::load(p.state + o));
        } else {
            (void)p;
            (void)o;
            return M::elem(x.v, xp, y, s);
        }
    }

    // The W elements at offset o again, one at a time in IEEE scalar arithmetic, each
    // added to its own lane: the same operations in the same order, so the same bits.
    static void redo_exact(const row_ptrs& p, std::size_t o, reg& acc, unit_rows<T> prow,
                           const ctx& x) noexcept {
        T lane[W];
        const typename exact::ctx xs = scalar_context(x);
        P::spill(lane, acc);
        for (std::size_t l = 0; l < W; ++l) exact::elem(p, o + l, lane[l], prow, xs);
        acc = P::load(lane);
    }

    // (An empty asm that may change the pointers: see vector_block.)
    static inline void keep(row_ptrs& p) noexcept {
        asm("" : "+r"(p.prediction), "+r"(p.target), "+r"(p.dprediction), "+r"(p.dtarget));
        if constexpr (Mod || Dyn) asm("" : "+r"(p.modulator));
        if constexpr ((Mask && !Eat) || Dyn) asm("" : "+r"(p.mask));
        if constexpr (Eat || Dyn) asm("" : "+r"(p.mask_eat));
        if constexpr (Cell::has_state) asm("" : "+r"(p.state));
    }
    // One row of 32 elements.
    static inline void row(const row_ptrs& p, reg (&acc)[R], unit_rows<T> prow, const ctx& x) noexcept {
        for (std::size_t r = 0; r < R; ++r) elem(p, r * W, acc[r], prow, x);
    }

    // The halving fold of the 32 lanes: across registers first, then inside the last one.
    static inline T fold(reg (&acc)[R]) noexcept {
        if constexpr (P::flushes_subnormals) {
            // The same tree on the 32 spilled lanes, in IEEE scalar arithmetic.
            T lane[sum_lanes];
            for (std::size_t r = 0; r < R; ++r) P::spill(lane + r * W, acc[r]);
            halve<sum_lanes / 2>(lane);
            return lane[0];
        }
        for (std::size_t h = R / 2; h >= 1; h /= 2)
            for (std::size_t r = 0; r < h; ++r) acc[r] = acc[r] + acc[r + h];
        if constexpr (P::native_fold) return P::fold(acc[0]);
        T lane[W];
        P::spill(lane, acc[0]);
        halve<W / 2>(lane);
        return lane[0];
    }

    // lane[l] += lane[l + h] for l < h, then h/2, ... 1. A template per level, so each
    // level is straight-line code (the compiler may do one level's h adds as one vector add:
    // the same additions, the same bits).
    template <std::size_t H>
    static inline void halve(T* lane) noexcept {
        if constexpr (H >= 1) {
            for (std::size_t l = 0; l < H; ++l) lane[l] = lane[l] + lane[l + H];
            halve<H / 2>(lane);
        }
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

    // The two cases tools/mcu_estimate.py times: all inputs live, and the default case.
    static constexpr bool mca_live = M::fpu_asm && Mod && Mask && Eat;
    static constexpr bool mca_default = M::fpu_asm && !Mod && !Mask && !Eat;
    static inline void mca_begin() noexcept {
        if constexpr (mca_live) NGCRT_MCA_MARK("@ LLVM-MCA-BEGIN live");
        if constexpr (mca_default) NGCRT_MCA_MARK("@ LLVM-MCA-BEGIN default");
    }
    static inline void mca_end() noexcept {
        if constexpr (mca_live) NGCRT_MCA_MARK("@ LLVM-MCA-END live");
        if constexpr (mca_default) NGCRT_MCA_MARK("@ LLVM-MCA-END default");
    }

    static T run(const step_args<T>& a) noexcept {
        const std::size_t n = a.n;
        const ctx x = context(a);
        if constexpr (P::flushes_subnormals) {
            if (M::bad_constants(x.v)) return exact::run(a);  // e.g. 1/Sigma subnormal: all in IEEE
        }
        if constexpr (Dyn && W == 1) {  // the compact form on the scalar pack: small code
            if constexpr (M::prestaged) {
                const T S = dense_rows(a, x);
                (void)compact_pass(a, x);
                return finish(a, x, S);
            } else {
                return finish(a, x, compact_pass(a, x));
            }
        } else if constexpr (M::prestaged) {
            static_assert(!P::flushes_subnormals,
                          "a pre-staged cell runs in IEEE arithmetic (flush_checked = false)");
            const T S = dense_rows(a, x);
            // then gating, mask eating; the pass's sum is +0
            for (std::size_t b = 0; b < n; b += sum_block)
                (void)vector_block(a, b, n - b < sum_block ? n - b : sum_block, x);
            return finish(a, x, S);
        } else if constexpr (W == 1 && !PerUnit) {
            return run_lane_groups(a, x);
        } else if constexpr (!PerUnit) {
            // The real-time case, one block of whole rows (n <= 1024, a multiple of 32):
            // a leaf, everything in registers, no frame. Its folded sum is S exactly (T to
            // double and back is exact), so no double accumulator. Any other n is out of
            // line (a partial row calls tail(), and a call makes the compiler keep the
            // running sums in memory).
            if (n <= sum_block && n % sum_lanes == 0) return finish(a, x, vector_block<true>(a, 0, n, x));
            return run_blocks(a);
        } else {
            // Per-unit parameter: row by row, each row's 32 factors from factor_rows.
            const row_ptrs s = streams(a);
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
                    row(at(s, i), acc, factor_rows(ws, units, j, tparam), x);
                    j += sum_lanes;
                    while (j >= units) j -= units;
                }
                if (i < block_end) {
                    T t[sum_lanes];
                    tail(a, i, block_end - i, factor_rows(ws, units, j, tparam), t);
                    add_lanes(acc, t, block_end - i);
                }
                i = block_end;
                total += static_cast<total_type>(fold(acc));
            }
            return finish(a, x, total);
        }
    }

    // Any n without a per-unit parameter: block by block, each block's sum added in
    // double (one block's sum is unchanged by the round trip).
    [[gnu::noinline]] static T run_blocks(const step_args<T>& a) noexcept {
        const std::size_t n = a.n;
        const ctx x = context(a);
        total_type total = total_type(0);
        for (std::size_t b = 0; b < n; b += sum_block)
            total += static_cast<total_type>(vector_block(a, b, n - b < sum_block ? n - b : sum_block, x));
        return finish(a, x, total);
    }

    // The scalar pack (one lane per register) without a per-unit parameter: the 32 lane
    // sums do not fit a small core's registers together with everything else, so a block
    // is walked 8 lanes at a time, down the rows (lane l still adds its t_i in increasing
    // i, then the partial last row's: the fixed order, see docs/determinism.md), with those
    // 8 sums in registers. Elementwise work is elem(), as everywhere.
    static constexpr std::size_t lane_group = 8;
    static T run_lane_groups(const step_args<T>& a, const ctx& x) noexcept {
        const std::size_t n = a.n;
        const row_ptrs s = streams(a);
        total_type total = total_type(0);
        for (std::size_t b = 0; b < n; b += sum_block)
            total += static_cast<total_type>(block_sum(at(s, b), n - b < sum_block ? n - b : sum_block, x));
        return finish(a, x, total);
    }

    // The compact form's pass (scalar pack): one element at a time, element i adding its t
    // to lane i mod 32 of its block (the fixed order), one copy of elem() in the code.
    static total_type compact_pass(const step_args<T>& a, const ctx& x) noexcept {
        const row_ptrs s = streams(a);
        const std::size_t n = a.n, units = a.units;
        total_type total = total_type(0);
        std::size_t j = 0;  // the unit of element i
        for (std::size_t b0 = 0; b0 < n; b0 += sum_block) {
            T lane[sum_lanes] = {};
            const std::size_t len = n - b0 < sum_block ? n - b0 : sum_block;
            // cppcheck-suppress knownConditionTrueFalse ; false positive: len >= 1 while b0 < n
            for (std::size_t l = 0; l < len; ++l) {
                unit_rows<T> prow{};
                if constexpr (PerUnit) prow = {a.workspace + j, a.workspace + units + j};
                elem(at(s, b0 + l), 0, lane[l % sum_lanes], prow, x);
                if (++j == units) j = 0;
            }
            halve<sum_lanes / 2>(lane);
            total += static_cast<total_type>(lane[0]);
        }
        return total;
    }

    // The dense pre-stage (a full covariance over a row's N = units units): for each batch
    // row b, in increasing b: e_b (the cell's error(): target - prediction, or a state's
    // integration, stored) into dprediction's row, r_b = A^-1 e_b in place and q_b =
    // e_b^T A^-1 e_b (dense_solve, docs/linalg.md), S = S + q_b (in T, from +0). With a
    // derivative: M_ij = sum_b r_bi r_bj (increasing b, in T, from +0) into dparameter.
    static T dense_rows(const step_args<T>& a, const ctx& x) noexcept {
        const std::size_t N = a.units, rows = a.batch();
        T S = T(0);
        for (std::size_t b = 0; b < rows; ++b) {
            const T* const mu = a.prediction + b * N;
            const T* const tg = a.target + b * N;
            T* const r = a.dprediction + b * N;
            T* const st = Cell::has_state ? a.state + b * N : nullptr;
            std::size_t i = 0;
            for (; i + W <= N; i += W)
                P::store(r + i, dense_error<M>(x.v, mu + i, tg + i, st == nullptr ? st : st + i));
            for (; i < N; ++i)
                r[i] = dense_error<typename exact::M>(x.s, mu + i, tg + i, st == nullptr ? st : st + i);
            S = S + dense_solve<P>::run(a.workspace, N, r);
        }
        if constexpr (M::computes_dparameter) {
            T* const m = a.dparameter;
            for (std::size_t k = 0; k < N * N; ++k) m[k] = T(0);
            for (std::size_t b = 0; b < rows; ++b) {
                const T* const r = a.dprediction + b * N;
                for (std::size_t i = 0; i < N; ++i) {
                    T* const mi = m + i * N;
                    const reg ri = P::splat(r[i]);
                    std::size_t j = 0;
                    for (; j + W <= N; j += W) P::store(mi + j, P::load(mi + j) + ri * P::load(r + j));
                    for (; j < N; ++j) mi[j] = mi[j] + r[i] * r[j];
                }
            }
        }
        return S;
    }
    // The error of one register (KM: this pack's kernel or the scalar one), the state stored.
    template <class KM, class K, class V = typename KM::reg>
    static V dense_error(const K& k, const T* mu, const T* tg, T* st) noexcept {
        using KP = std::conditional_t<std::is_same_v<KM, M>, P, scalar_pack<T>>;
        if constexpr (Cell::has_state) {
            const V e = KM::error(k, KP::load(mu), KP::load(tg), KP::load(st));
            KP::store(st, e);
            return e;
        } else {
            (void)st;
            return KM::error(k, KP::load(mu), KP::load(tg));
        }
    }

    // L from S, the fixed-order sum (a block's T sum, or the double total): S, or -S times
    // the constants' L_factor for a scalar parameter (per unit, the factor is in each t),
    // minus the constants' L_offset for a log-density's constant term. Then, for a
    // convention that computes the parameter's derivative, that (dparameter()).
    template <class U>
    static T finish(const step_args<T>& a, const ctx& x, U S) noexcept {
        T L;
        if constexpr (!M::negated_sum) {
            L = static_cast<T>(S);
        } else if constexpr (PerUnit || !Cell::has_parameter) {
            L = -static_cast<T>(S);
        } else {
            L = (-static_cast<T>(S)) * x.v.L_factor;
        }
        if constexpr (M::offset_L) L = L - x.v.L_offset;
        if constexpr (M::computes_dparameter) {
            if constexpr (PerUnit) column_sums(a);
            M::dparameter(x.v, a, static_cast<T>(S));
        }
        return L;
    }

    // a.dparameter[j] = sum over the batch rows b (in increasing b, in T) of the cell's
    // column_term(e_bj), e = target - prediction (a cell with a state: the state the pass
    // wrote): the same e as the pass's. Rows are
    // contiguous units, so each lane is one column: every width gives the same bits (a pack
    // that flushes subnormals does it in the scalar pack).
    static void column_sums(const step_args<T>& a) noexcept {
        using CP = std::conditional_t<P::flushes_subnormals, scalar_pack<T>, P>;
        using CM = typename Cell::template kernel<CP, C, F>;
        constexpr std::size_t w = CP::width;
        const std::size_t units = a.units, batch = a.batch();
        T* const out = a.dparameter;
        for (std::size_t j = 0; j < units; ++j) out[j] = T(0);
        for (std::size_t b = 0; b < batch; ++b) {
            const T* const tg = a.target + b * units;
            const T* const pr = a.prediction + b * units;
            const T* const st = Cell::has_state ? a.state + b * units : nullptr;
            std::size_t j = 0;
            for (; j + w <= units; j += w) {
                const auto e = Cell::has_state ? CP::load(st + j) : CP::load(tg + j) - CP::load(pr + j);
                CP::store(out + j, CP::load(out + j) + CM::column_term(e));
            }
            for (; j < units; ++j)
                out[j] = out[j] + scalar_kernel_column_term(Cell::has_state ? st[j] : tg[j] - pr[j]);
        }
    }
    static T scalar_kernel_column_term(T e) noexcept {
        return Cell::template kernel<scalar_pack<T>, C, F>::column_term(e);
    }

    // One block of len <= 1024 elements starting at s: its elementwise outputs, and its
    // 32 lane sums folded (the helium kernel's exact redo of a block calls this too).
    // (s by value: with a reference GCC reloads a stream pointer from the stack on every
    // row on Cortex-M4.)
    static T block_sum(const row_ptrs s, std::size_t len, const ctx& x) noexcept {
        const std::size_t rows = len / sum_lanes, m = len % sum_lanes;
        T lane[sum_lanes];
        for (std::size_t g = 0; g < sum_lanes; g += lane_group) {
            T acc[lane_group] = {};  // +0
            std::size_t i = g;
#if NGCRT_CORTEX_M_FPU_ASM
            constexpr bool asm_case =
                std::is_same_v<T, float> && M::fpu_asm && ((Mod && Mask && Eat) || (!Mod && !Mask && !Eat));
            if constexpr (asm_case) {
                const row_ptrs p = at(s, i);
                cortex_m::group_rows<Mod>(p.prediction, p.target, p.modulator, p.mask_eat, p.dprediction,
                                          p.dtarget, rows, M::fpu_factor(x.v), acc);
                i += rows * sum_lanes;
            } else
#endif
                for (std::size_t r = 0; r < rows; ++r, i += sum_lanes) {
                    const row_ptrs p = at(s, i);
                    mca_begin();
                    for (std::size_t q = 0; q < lane_group; ++q) elem(p, q, acc[q], {}, x);
                    mca_end();
                }
            if (g < m) {  // this group's part of the partial last row
                const row_ptrs p = at(s, i);
                for (std::size_t q = 0; q < lane_group && g + q < m; ++q) elem(p, q, acc[q], {}, x);
            }
            for (std::size_t q = 0; q < lane_group; ++q) lane[g + q] = acc[q];
        }
        halve<sum_lanes / 2>(lane);
        return lane[0];
    }

    // The last m < 32 elements, one at a time in IEEE scalar arithmetic (the same
    // operations, so the same bits): t[l] = t_l for l < m, and +0 for the lanes beyond,
    // which is what padding with t = +0 would give; the m elements start at element i of
    // a's streams. Not inlined, and given neither the running sums nor the caller's
    // constants (it prepares its own from a), so those can stay in registers.
    [[gnu::noinline]] static void tail(const step_args<T>& a, std::size_t i, std::size_t m, unit_rows<T> prow,
                                       T* t) noexcept {
        const typename exact::ctx xs = exact::context(a);
        const row_ptrs q = at(streams(a), i);
        for (std::size_t l = 0; l < sum_lanes; ++l) t[l] = T(0);
        for (std::size_t l = 0; l < m; ++l) exact::elem(q, l, t[l], prow, xs);
    }

    // One block of len <= 1024 elements from element b of a's streams, no per-unit
    // parameter: elementwise outputs, and the block's 32 lane sums folded. Two rows a
    // pass, each stream's pointer advanced: loads and stores then address [pointer +
    // constant], which x86 fuses with the arithmetic that uses them; keep() stops the
    // compiler from turning the pointers back into one index (which measured slower).
    // Always inlined: called, it takes its row pointers through memory, which measured far
    // slower on AVX-512.
    // Whole: len is a multiple of 32 (no partial row, so no call: the step is a leaf).
    template <bool Whole = false>
    [[gnu::always_inline]] static inline T vector_block(const step_args<T>& a, std::size_t b, std::size_t len,
                                                        const ctx& x) noexcept {
        row_ptrs p = at(streams(a), b);
        reg acc[R];
        for (std::size_t r = 0; r < R; ++r) acc[r] = P::splat(T(0));
        // An odd row first, so the loop ends the whole rows (a row after the loop would
        // make the compiler keep the sums in memory across the join).
        std::size_t rows = len / sum_lanes;
        if (rows % 2 != 0) {
            row(p, acc, {}, x);
            p = at(p, sum_lanes);
        }
        for (rows /= 2; rows != 0; --rows) {
            row(p, acc, {}, x);
            row(at(p, sum_lanes), acc, {}, x);
            p = at(p, 2 * sum_lanes);
            keep(p);
        }
        if constexpr (!Whole) {
            const std::size_t m = len % sum_lanes;
            if (m != 0) {
                T t[sum_lanes];
                tail(a, b + (len - m), m, {}, t);
                add_lanes(acc, t, m);
            }
        }
        return fold(acc);
    }
    // acc lane l += t[l] for l < m (the lanes beyond add +0, which changes nothing: a lane
    // that starts at +0 is never -0).
    static inline void add_lanes(reg (&acc)[R], const T* t, std::size_t m) noexcept {
        if constexpr (P::flushes_subnormals) {  // in IEEE scalar arithmetic
            T lane[sum_lanes];
            for (std::size_t r = 0; r < R; ++r) P::spill(lane + r * W, acc[r]);
            for (std::size_t l = 0; l < m; ++l) lane[l] = lane[l] + t[l];
            for (std::size_t r = 0; r < R; ++r) acc[r] = P::load(lane + r * W);
        } else {
            for (std::size_t r = 0; r < R; ++r) acc[r] = acc[r] + P::load(t + r * W);
        }
    }
};

// Picks the instantiation for the run-time flags. A cell whose math the flush checks do
// not cover runs the scalar pack (IEEE) on a pack that flushes.
#ifndef NGCRT_COMPACT_KERNELS
#define NGCRT_COMPACT_KERNELS 0
#endif
template <class P, class Cell, Convention C, auto F>
typename P::value_type run_flags(const step_args<typename P::value_type>& a) noexcept {
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
typename P::value_type run_step(const step_args<typename P::value_type>& a) noexcept {
    return visit_variant<Cell, typename P::value_type>(a.convention, a.form, [&](auto c, auto f) {
        return run_flags<P, Cell, decltype(c)::value, decltype(f)::value>(a);
    });
}

}  // namespace ngcrt::detail
