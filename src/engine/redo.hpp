// src/engine/redo.hpp - the rule that keeps a pack whose arithmetic flushes subnormals (ARMv7
// NEON) to IEEE bits: a register whose inputs, intermediate values or results touched the
// subnormal range is redone, element by element, in IEEE scalar arithmetic (the same
// operations in the same order, so the same bits). The cell says which of its own
// operations could have flushed (Cell::kernel::bad, bad_constants); this file adds the
// engine's: the inputs, the running sum and the gating.
#pragma once

#include <cstddef>

namespace ngcrt::detail {

// The gating's values of one register (src/engine/element.hpp): the modulator and mask read,
// dprediction after each factor, and dtarget's likewise when the cell computes its own.
template <class Reg>
struct gating {
    Reg modulator, mask, after_modulator, after_mask, h_after_modulator, h_after_mask;
};

// E: the element step (element_step<P, Cell, C, F, Mod, Mask, Eat>) of a flushing pack.
template <class E>
struct redo {
    using P = typename E::P_type;
    using M = typename E::M;
    using T = typename E::T;
    using reg = typename E::reg;

    // Any subnormal input to, or flushed result of, the vector arithmetic of one register?
    template <class K, class U, class Result>
    static bool needed(const K& k, reg xp, reg y, const U& s, const Result& r, reg acc,
                       const gating<reg>& g) noexcept {
        auto bad = M::bad(k, xp, y, s, r) | P::subnormal(y) | P::subnormal(xp) | P::subnormal(acc);
        if constexpr (E::modulator_on)
            bad = bad | P::subnormal(g.modulator) | P::flushed(g.after_modulator, r.g, g.modulator);
        if constexpr (E::mask_on)
            bad = bad | P::subnormal(g.mask) | P::flushed(g.after_mask, g.after_modulator, g.mask);
        if constexpr (!M::negated_dtarget) {
            if constexpr (E::modulator_on) bad = bad | P::flushed(g.h_after_modulator, r.h, g.modulator);
            if constexpr (E::mask_on) bad = bad | P::flushed(g.h_after_mask, g.h_after_modulator, g.mask);
        }
        return P::any(bad);
    }

    // The W elements at offset o again, one at a time in IEEE scalar arithmetic, each added
    // to its own lane.
    template <class Rows, class Units, class Ctx>
    static void exactly(const Rows& p, std::size_t o, reg& acc, Units prow, const Ctx& x) noexcept {
        T lane[E::W];
        const typename E::exact::ctx xs = E::scalar_context(x);
        P::spill(lane, acc);
        for (std::size_t l = 0; l < E::W; ++l) E::exact::elem(p, o + l, lane[l], prow, xs);
        acc = P::load(lane);
    }
};

}  // namespace ngcrt::detail
