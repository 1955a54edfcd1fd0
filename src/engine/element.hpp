// src/engine/element.hpp - one register of a step, for every cell and pack: the streams,
// the cell's elementwise math (Cell::kernel<P, C, F>), the gating by modulator and mask,
// the stores, mask eating, and the term added to the register's summation lanes.
//
// Per element i < n = batch * units, unit j = i mod units, the cell gives
//   g_i (dprediction before gating), h_i (dtarget before gating, or -g_i), t_i (the sum's
//   term), and the engine computes
//   dprediction_i = (g_i * modulator_i) * mask_i   (a factor known to be 1 is skipped: x*1 == x)
//   dtarget_i     = dprediction_i with its sign bit flipped (== ((-g_i)*modulator_i)*mask_i,
//                   bitwise) when the cell's h is -g, else (h_i * modulator_i) * mask_i
//   mask_i        = 1 (eaten), when the step owns the mask
// and adds t_i to its lane (src/engine/summation.hpp).
#pragma once

#include <cstddef>

#include "engine/redo.hpp"
#include "engine/scalar_pack.hpp"
#include "engine/summation.hpp"
#include "ngcrt/convention.hpp"
#include "ngcrt/engine/cell.hpp"
#include "ngcrt/engine/step.hpp"

namespace ngcrt::detail {

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

// The rows of a per-unit parameter's two factors (the workspace's halves) for 32 elements,
// or none.
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
struct element_step {
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
    using P_type = P;
    static constexpr bool modulator_on = Mod, mask_on = Mask, eat_on = Eat;
    static constexpr bool has_state = Cell::has_state, has_parameter = Cell::has_parameter;
    template <class Q>
    using kernel_on = typename Cell::template kernel<Q, C, F>;  // the cell's math on another pack
    using exact = element_step<scalar_pack<T>, Cell, C, F, Mod, Mask, Eat, Dyn>;  // IEEE fallback
    using row_ptrs = detail::row_ptrs<T>;
    using args = args_of<Cell, T>;  // the step's arguments: streams, sizes, the cell's constants

    // The cell's per-step constants, for this pack and for the scalar one (redo, tails).
    struct ctx {
        typename M::constants v;
        typename exact::M::constants s;
    };
    static ctx context(const args& a) noexcept { return {M::prepare(a), exact::M::prepare(a)}; }
    static typename exact::ctx scalar_context(const ctx& x) noexcept { return {x.s, x.s}; }

    // The step's streams, copied out of `a` once: the kernel's stores could alias `a` as far
    // as the compiler knows, which would make it reload every pointer on every row.
    static row_ptrs streams(const args& a) noexcept {
        return {a.prediction, a.target, a.modulator, a.mask, a.mask_eat, a.dprediction, a.dtarget, a.state};
    }
    // The streams i elements on; only those this instantiation uses are offset (the others
    // may be null, and stay null).
    static row_ptrs at(const row_ptrs& s, std::size_t i) noexcept {
        return {s.prediction + i,
                s.target + i,
                advanced<Mod>(s.modulator, i),
                advanced<Mask>(s.mask, i),
                advanced<Eat>(s.mask_eat, i),
                s.dprediction + i,
                s.dtarget + i,
                Cell::has_state ? s.state + i : nullptr};
    }
    // An optional stream i elements on: used (On), unused (null), or, compact, as it is.
    template <bool On, class Q>
    static Q* advanced(Q* q, std::size_t i) noexcept {
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
        // d: dprediction's value, h: dtarget's (a cell that negates d has none), each through
        // the modulator and the mask; the values after the modulator are kept for the redo check.
        reg d = r.g, h{}, modulator{}, mask{}, d_modulated{}, h_modulated{};
        if constexpr (!M::negated_dtarget) h = r.h;
        if (use_mod(p)) {
            modulator = P::load(p.modulator + o);
            d = d * modulator;
            if constexpr (!M::negated_dtarget) h = h * modulator;
        }
        d_modulated = d;
        h_modulated = h;
        if (use_mask(p)) {
            // A mask that is eaten is read through mask_eat (the same address): one stream
            // pointer fewer to advance and keep in a register.
            mask = P::load(use_eat(p) ? p.mask_eat + o : p.mask + o);
            d = d * mask;
            if constexpr (!M::negated_dtarget) h = h * mask;
        }
        if constexpr (P::flushes_subnormals) {
            using check = redo<element_step>;
            if (check::needed(x.v, xp, y, s, r, acc, {modulator, mask, d_modulated, d, h_modulated, h})) {
                check::exactly(p, o, acc, prow, x);
                return;
            }
        }
        if constexpr (Cell::has_state && !M::prestaged) P::store(p.state + o, r.state);
        P::store(p.dprediction + o, d);
        if constexpr (M::negated_dtarget) {
            P::store(p.dtarget + o, P::flip_sign(d));
        } else {
            P::store(p.dtarget + o, h);
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

    // One row of 32 elements.
    static inline void row(const row_ptrs& p, reg (&acc)[R], unit_rows<T> prow, const ctx& x) noexcept {
        for (std::size_t r = 0; r < R; ++r) elem(p, r * W, acc[r], prow, x);
    }

    // An empty asm that may change the pointers: the compiler must keep each advanced
    // stream pointer as it is (src/engine/traverse.hpp, vector_block, says why).
    static inline void keep(row_ptrs& p) noexcept {
        asm("" : "+r"(p.prediction), "+r"(p.target), "+r"(p.dprediction), "+r"(p.dtarget));
        if constexpr (Mod || Dyn) asm("" : "+r"(p.modulator));
        if constexpr ((Mask && !Eat) || Dyn) asm("" : "+r"(p.mask));
        if constexpr (Eat || Dyn) asm("" : "+r"(p.mask_eat));
        if constexpr (Cell::has_state) asm("" : "+r"(p.state));
    }
};

}  // namespace ngcrt::detail
