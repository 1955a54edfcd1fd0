// src/engine/synapse_product.hpp - a synapse's product on a pack P (include/ngcrt/engine/synapse.hpp,
// kinds::synapse_product):
//   outputs[b][c] = ((sum over k of inputs[b][k] * (W(k, c) * mask(k, c))) * resist_scale) + biases[c]
// each element one running sum from +0 over k = 0, 1, ..., K - 1 (docs/determinism.md).
//
// The lanes of a register are output columns c (several elements side by side, each in its
// own order). A block is RB batch rows x NR registers of columns, its RB x NR sums in
// registers for the whole k loop: each k loads the NR registers of W(k, .) once (the normal
// layout: a row of the stored matrix; the transposed one: columns of it, four k at a time,
// by src/engine/column_tile.hpp) and adds inputs[b][k] times them to each row's sums.
// Blocking over rows and columns changes no element's order; blocks of fewer columns take
// the rest, then the scalar pack the last W - 1 columns (the same operations).
// With several rows (the batched kernel) the sum runs in chunks of k, every row block of a
// column block through one chunk before the next, so that the chunk of W they all read
// stays in the L1 cache: between chunks each sum waits in outputs, stored and loaded
// exactly, so every element still adds its terms in order from k = 0.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include "engine/column_tile.hpp"
#include "engine/scalar_pack.hpp"
#include "ngcrt/engine/synapse.hpp"

// Cortex-M with a single-precision FPU, compiled by GCC: the forward product's single-row
// loop in assembly (src/kernels/cortex_m_synapse.hpp; same operations, same bits).
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FP) && (__ARM_FP & 4) && \
    defined(__GNUC__) && !defined(__clang__) && !defined(NGCRT_NO_ASM)
#define NGCRT_CORTEX_M_SYNAPSE_ASM 1
#include "kernels/cortex_m_synapse.hpp"
#else
#define NGCRT_CORTEX_M_SYNAPSE_ASM 0
#endif

namespace ngcrt::detail::synapse {

// Registers of columns per block: Single for one batch row, Rows x Cols for several (the
// batched kernel). Sized to the register file: accumulators, the loaded W and a broadcast.
template <class P>
struct product_shape {
    static constexpr std::size_t W = P::width;
    static constexpr std::size_t single = 8;
    static constexpr std::size_t rows = W >= 16 ? 6 : W == 1 ? 2 : 4;
    static constexpr std::size_t cols = W >= 16 ? 4 : W == 1 ? 4 : 2;
    // The transposed layout: four columns of W per register of sums in flight.
    // (16 or 32 rows of the stored matrix at a time: more streams defeat the prefetchers)
    static constexpr std::size_t t_single = W >= 8 ? 2 : W == 4 ? 4 : 8;
    static constexpr std::size_t t_rows = W == 1 ? 2 : 4;
    static constexpr std::size_t t_cols = W >= 16 ? 2 : W == 1 ? 4 : 1;
    // The batched kernel's chunk of k: a column block's chunk of W in about 16 KiB (half
    // a small L1 data cache), a multiple of 4 (the transposed layout's tiles), at least 16.
    template <class T>
    static constexpr std::size_t chunk(std::size_t columns) noexcept {
        const std::size_t k = (std::size_t(16384) / (columns * sizeof(T))) / 4 * 4;
        return k < 16 ? 16 : k;
    }
};

// The register under a pack's reg: xsimd's batch wraps the compiler's vector type
// (register_type), whose + and * (GCC's and Clang's vector extensions) are the same single
// IEEE operations. The block keeps its sums in arrays of that type, which the compilers keep
// in registers (arrays of the wrapper GCC leaves on the stack); the scalar pack's reg is T.
// (A function rather than a trait: a vector type as a template argument loses its attributes.)
template <class R>
[[gnu::always_inline]] inline auto to_raw(const R& r) noexcept -> typename R::register_type {
    return r;
}
[[gnu::always_inline]] inline float to_raw(float r) noexcept { return r; }
[[gnu::always_inline]] inline double to_raw(double r) noexcept { return r; }

template <class P>
struct product {
    using T = typename P::value_type;
    using reg = typename P::reg;
    using args = kinds::synapse_product::args<T>;
    static constexpr std::size_t W = P::width;

    // Rows b..b+RB, columns c..c+NR*W, the whole sum.
    template <std::size_t RB, std::size_t NR, bool Transposed, bool Masked>
    [[gnu::always_inline]] static inline void block(const args& a, std::size_t b, std::size_t c) noexcept {
        block<RB, NR, Transposed, Masked>(a, b, c, 0, a.sum_length);
    }

    // The same for the terms k0 <= k < k1 only: from +0 if k0 = 0, else from the sums
    // outputs holds; the sums are finished (scaled, biased) if k1 = K, else stored as they are.
    template <std::size_t RB, std::size_t NR, bool Transposed, bool Masked>
    [[gnu::always_inline]] static inline void block(const args& a, std::size_t b, std::size_t c,
                                                    std::size_t k0, std::size_t k1) noexcept {
        const std::size_t K = a.sum_length, cols = a.n_columns;
        const T* x = a.inputs + b * K;
        using V = decltype(to_raw(std::declval<reg>()));
        V acc[RB][NR];
        for (std::size_t rb = 0; rb < RB; ++rb)
            for (std::size_t r = 0; r < NR; ++r)
                acc[rb][r] =
                    to_raw(k0 == 0 ? P::splat(T(0)) : P::load(a.outputs + (b + rb) * cols + c + r * W));
        if constexpr (!Transposed) {
            const T* w = a.weights + k0 * cols + c;
            const T* m = Masked ? a.mask + k0 * cols + c : nullptr;
            for (std::size_t k = k0; k < k1; ++k, w += cols) {
                V wk[NR];
                for (std::size_t r = 0; r < NR; ++r) {
                    wk[r] = to_raw(P::load(w + r * W));
                    if constexpr (Masked) wk[r] = wk[r] * to_raw(P::load(m + r * W));
                }
                if constexpr (Masked) m += cols;
                for (std::size_t rb = 0; rb < RB; ++rb) {
                    const V xk = to_raw(P::splat(x[rb * K + k]));
                    for (std::size_t r = 0; r < NR; ++r) acc[rb][r] = acc[rb][r] + xk * wk[r];
                }
            }
        } else {
            // The stored matrix is C x K: column c's values W(k, c) run along its row c.
            const T* s = a.weights + c * K;
            const T* m = Masked ? a.mask + c * K : nullptr;
            std::size_t k = k0;
            for (; k + 4 <= k1; k += 4) {
                V col[NR][4];
                for (std::size_t r = 0; r < NR; ++r) {
                    reg tile[4];
                    column_tile<P>::template load4<Masked>(s + r * W * K + k,
                                                           Masked ? m + r * W * K + k : nullptr, K, tile);
                    for (std::size_t j = 0; j < 4; ++j) col[r][j] = to_raw(tile[j]);
                }
                for (std::size_t j = 0; j < 4; ++j)
                    for (std::size_t rb = 0; rb < RB; ++rb) {
                        const V xk = to_raw(P::splat(x[rb * K + k + j]));
                        for (std::size_t r = 0; r < NR; ++r) acc[rb][r] = acc[rb][r] + xk * col[r][j];
                    }
            }
            for (; k < k1; ++k) {
                V col[NR];
                for (std::size_t r = 0; r < NR; ++r)
                    col[r] = to_raw(column_tile<P>::template load1<Masked>(
                        s + r * W * K + k, Masked ? m + r * W * K + k : nullptr, K));
                for (std::size_t rb = 0; rb < RB; ++rb) {
                    const V xk = to_raw(P::splat(x[rb * K + k]));
                    for (std::size_t r = 0; r < NR; ++r) acc[rb][r] = acc[rb][r] + xk * col[r];
                }
            }
        }
        // A chunk's sums wait in outputs; after the whole sum: the scaling, then the biases
        // (or ngclearn's scalar 0).
        for (std::size_t rb = 0; rb < RB; ++rb) {
            T* y = a.outputs + (b + rb) * cols + c;
            for (std::size_t r = 0; r < NR; ++r) {
                reg v = reg(acc[rb][r]);
                if (k1 < K) {
                    P::store(y + r * W, v);
                    continue;
                }
                if (a.scaled) v = v * P::splat(a.resist_scale);
                if (a.biases != nullptr) {
                    v = v + P::load(a.biases + c + r * W);
                } else if (a.add_zero) {
                    v = v + P::splat(T(0));
                }
                P::store(y + r * W, v);
            }
        }
    }

    // Columns [c, C) of rows [b0, b1), NR registers at a time, then fewer; with RB > 1 the
    // sum in chunks (above).
    template <std::size_t RB, std::size_t NR, bool Transposed, bool Masked>
    static void columns(const args& a, std::size_t b0, std::size_t b1, std::size_t& c) noexcept {
        const std::size_t K = a.sum_length;
        const std::size_t chunk = RB > 1 ? product_shape<P>::template chunk<T>(NR * W) : K;
        for (; c + NR * W <= a.n_columns; c += NR * W) {
            std::size_t k0 = 0;
            do {
                const std::size_t k1 = K - k0 > chunk ? k0 + chunk : K;
                std::size_t b = b0;
                for (; b + RB <= b1; b += RB) block<RB, NR, Transposed, Masked>(a, b, c, k0, k1);
                if constexpr (RB > 1)
                    for (; b < b1; ++b) block<1, NR, Transposed, Masked>(a, b, c, k0, k1);
                k0 = k1;
            } while (k0 < K);
        }
        if constexpr (NR > 1) columns<RB, NR / 2, Transposed, Masked>(a, b0, b1, c);
    }

    template <bool Transposed, bool Masked>
    static void run_as(const args& a) noexcept {
        using shape = product_shape<P>;
        constexpr std::size_t single = Transposed ? shape::t_single : shape::single;
        constexpr std::size_t rows = Transposed ? shape::t_rows : shape::rows;
        constexpr std::size_t cols = Transposed ? shape::t_cols : shape::cols;
        std::size_t c = 0;
        if (a.batch >= rows) {
            columns<rows, cols, Transposed, Masked>(a, 0, a.batch, c);
        } else {
#if NGCRT_CORTEX_M_SYNAPSE_ASM
            // Whole blocks of 12 columns in assembly, every row; the rest below.
            if constexpr (std::is_same_v<T, float> && !Transposed && !Masked) c = cortex_m::forward_rows(a);
#endif
            columns<1, single, Transposed, Masked>(a, 0, a.batch, c);
        }
        if constexpr (W > 1) {
            // The last columns, fewer than a register: one element at a time.
            using S = scalar_pack<T>;
            for (; c < a.n_columns; ++c)
                for (std::size_t b = 0; b < a.batch; ++b)
                    product<S>::template block<1, 1, Transposed, Masked>(a, b, c);
        }
    }

    static void run(const args& a) noexcept {
        if (a.batch == 0 || a.n_columns == 0) return;
        const bool masked = a.mask != nullptr;
        if (a.transposed) {
            masked ? run_as<true, true>(a) : run_as<true, false>(a);
        } else {
            masked ? run_as<false, true>(a) : run_as<false, false>(a);
        }
    }
};

}  // namespace ngcrt::detail::synapse
