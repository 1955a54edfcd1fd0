// src/kernels/step_impl.hpp - the one step kernel, written once for every vector width.
//
// A "pack" P supplies a register type of P::width lanes (1 for the scalar pack) with
// load/store/splat/flip_sign; arithmetic uses the register's operators. Each ISA's
// translation unit instantiates run_step<P> with its own pack and compiler flags.
//
// Math, with e_i = target_i - mu_i, j = i mod units, i < n = batch * units:
//   d_i       = e_i * (1 / Sigma_j)          (ngclearn 3.1)
//             = e_i / Sigma_j                (ngclearn 3.2)
//   dmu_i     = (d_i * modulator_i) * mask_i   (a factor known to be 1 is skipped: x*1 == x)
//   dtarget_i = dmu_i with its sign bit flipped  (== ((-d_i)*modulator_i)*mask_i, bitwise)
//   t_i       = e_i * e_i                            (scalar Sigma)
//             = (e_i * e_i) * c_j,  c_j = 1/((Sigma_j*Sigma_j)*2) (3.1) or 0.5/Sigma_j (3.2)
//   S         = sum of t_i in the fixed order below; L = (-S) * c (scalar) or -S (per unit)
//
// Fixed summation order (identical for every width, so identical bits everywhere):
//   blocks of 1024 consecutive elements; inside a block, 32 lanes, lane l accumulating
//   t_i for i = l (mod 32) in increasing i from +0; the lanes are folded by halving
//   (lane[l] += lane[l+h] for l < h, h = 16, 8, 4, 2, 1); each block's sum is converted
//   to double and added, in block order, to a double accumulator; S = T(accumulator).
//   Padding a partial row with e = 0 adds +0 to a lane, which never changes it: lanes
//   start at +0 and every t_i is >= +0 or NaN.
#pragma once

#include <cstddef>
#include <limits>

#include "ngcrt/convention.hpp"
#include "ngcrt/detail/step.hpp"

namespace ngcrt::detail {

inline constexpr std::size_t sum_lanes = 32;
inline constexpr std::size_t sum_block = 1024;  // a multiple of sum_lanes

// Plain C++ pack: one lane per register. Compiles for every target.
template <class T>
struct scalar_pack {
    using value_type = T;
    using reg = T;
    static constexpr std::size_t width = 1;
    static reg load(const T* p) noexcept { return *p; }
    static void store(T* p, reg v) noexcept { *p = v; }
    static reg splat(T v) noexcept { return v; }
    static reg flip_sign(reg v) noexcept { return -v; }  // IEEE negate: flips the sign bit only
    static void spill(T* p, reg v) noexcept { *p = v; }
};

template <class P, Convention C, bool PerUnit, bool Mod, bool Mask, bool Eat>
struct step_kernel {
    using T = typename P::value_type;
    using reg = typename P::reg;
    static constexpr std::size_t W = P::width;
    static constexpr std::size_t R = sum_lanes / W;  // registers per 32-lane row
    static_assert(sum_lanes % W == 0, "vector width must divide 32");

    struct row_ptrs {
        const T* mu;
        const T* target;
        const T* modulator;
        const T* mask;
        T* mask_eat;
        T* dmu;
        T* dtarget;
    };

    // One row of 32 elements: elementwise outputs, and t added to the 32 lanes.
    // sig points at 32 per-unit Sigma values (PerUnit) or is unused; k is 1/Sigma (3.1)
    // or Sigma (3.2) for scalar Sigma.
    static inline void row(const row_ptrs& p, reg (&acc)[R], const T* sig, reg k) noexcept {
        const reg one = P::splat(T(1));
        for (std::size_t r = 0; r < R; ++r) {
            const std::size_t o = r * W;
            const reg e = P::load(p.target + o) - P::load(p.mu + o);
            reg d, t;
            if constexpr (PerUnit) {
                const reg s = P::load(sig + o);
                if constexpr (C == Convention::ngclearn_3_1) {
                    d = e * (one / s);
                    t = (e * e) * (one / ((s * s) * P::splat(T(2))));
                } else {
                    d = e / s;
                    t = (e * e) * (P::splat(T(0.5)) / s);
                }
            } else {
                if constexpr (C == Convention::ngclearn_3_1) {
                    d = e * k;
                } else {
                    d = e / k;
                }
                t = e * e;
            }
            if constexpr (Mod) d = d * P::load(p.modulator + o);
            if constexpr (Mask) d = d * P::load(p.mask + o);
            P::store(p.dmu + o, d);
            P::store(p.dtarget + o, P::flip_sign(d));
            if constexpr (Eat) P::store(p.mask_eat + o, one);
            acc[r] = acc[r] + t;
        }
    }

    // The halving fold of the 32 lanes: across registers first, then inside the last one.
    static inline T fold(reg (&acc)[R]) noexcept {
        for (std::size_t h = R / 2; h >= 1; h /= 2)
            for (std::size_t r = 0; r < h; ++r) acc[r] = acc[r] + acc[r + h];
        alignas(64) T lane[W];
        P::spill(lane, acc[0]);
        for (std::size_t h = W / 2; h >= 1; h /= 2)
            for (std::size_t l = 0; l < h; ++l) lane[l] = lane[l] + lane[l + h];
        return lane[0];
    }

    // 32 per-unit Sigma values starting at unit j, wrapping around at `units`.
    static inline const T* sigma_row(const T* sigma, std::size_t units, std::size_t j, T* tmp) noexcept {
        if (j + sum_lanes <= units) return sigma + j;
        for (std::size_t l = 0; l < sum_lanes; ++l) {
            tmp[l] = sigma[j];
            if (++j == units) j = 0;
        }
        return tmp;
    }

    static T run(const step_args<T>& a) noexcept {
        const std::size_t n = a.n;
        const T sigma0 = a.Sigma[0];
        const reg k = P::splat(C == Convention::ngclearn_3_1 ? T(1) / sigma0 : sigma0);
        alignas(64) T tsig[sum_lanes];
        double total = 0.0;
        std::size_t i = 0, j = 0;  // j = i mod units (per-unit Sigma)
        while (i < n) {
            reg acc[R];
            for (std::size_t r = 0; r < R; ++r) acc[r] = P::splat(T(0));
            const std::size_t block_end = n - i > sum_block ? i + sum_block : n;
            for (; i + sum_lanes <= block_end; i += sum_lanes) {
                const T* sig = PerUnit ? sigma_row(a.Sigma, a.units, j, tsig) : nullptr;
                // Only offset the pointers this instantiation uses (the others may be null).
                const row_ptrs p{a.mu + i,           a.target + i,
                                 Mod ? a.modulator + i : nullptr, Mask ? a.mask + i : nullptr,
                                 Eat ? a.mask_eat + i : nullptr,  a.dmu + i,
                                 a.dtarget + i};
                row(p, acc, sig, k);
                if constexpr (PerUnit) {
                    j += sum_lanes;
                    while (j >= a.units) j -= a.units;
                }
            }
            if (i < block_end) tail(a, i, block_end - i, j, acc, k);
            i = block_end;
            total += static_cast<double>(fold(acc));
        }
        const T S = static_cast<T>(total);
        if constexpr (PerUnit) {
            return -S;
        } else if constexpr (C == Convention::ngclearn_3_1) {
            return (-S) * (T(1) / ((sigma0 * sigma0) * T(2)));
        } else {
            return (-S) * (T(0.5) / sigma0);
        }
    }

    // The last m < 32 elements: run the same row on padded copies (e = 0, factors 1,
    // Sigma 1), then copy back only the m real results. Bounded, and bit-identical to
    // the full-row arithmetic.
    static void tail(const step_args<T>& a, std::size_t i, std::size_t m, std::size_t j, reg (&acc)[R],
                     reg k) noexcept {
        alignas(64) T mu[sum_lanes], tg[sum_lanes], mod[sum_lanes], msk[sum_lanes], sig[sum_lanes];
        alignas(64) T dmu[sum_lanes], dt[sum_lanes];
        for (std::size_t l = 0; l < sum_lanes; ++l) {
            const bool real = l < m;
            mu[l] = real ? a.mu[i + l] : T(0);
            tg[l] = real ? a.target[i + l] : T(0);
            mod[l] = (Mod && real) ? a.modulator[i + l] : T(1);
            msk[l] = (Mask && real) ? a.mask[i + l] : T(1);
            sig[l] = (PerUnit && real) ? a.Sigma[j] : T(1);
            if (PerUnit && ++j == a.units) j = 0;
        }
        const row_ptrs p{mu, tg, mod, msk, msk, dmu, dt};
        row(p, acc, sig, k);
        for (std::size_t l = 0; l < m; ++l) {
            a.dmu[i + l] = dmu[l];
            a.dtarget[i + l] = dt[l];
            if constexpr (Eat) a.mask_eat[i + l] = T(1);
        }
    }
};

// Picks the instantiation for the run-time flags.
template <class P, Convention C, bool PerUnit>
typename P::value_type run_flags(const step_args<typename P::value_type>& a) noexcept {
    const bool mod = a.modulator != nullptr, mask = a.mask != nullptr, eat = a.mask_eat != nullptr;
    if (!mod && !mask) return step_kernel<P, C, PerUnit, false, false, false>::run(a);
    if (mod && !mask) return step_kernel<P, C, PerUnit, true, false, false>::run(a);
    if (!mod) return eat ? step_kernel<P, C, PerUnit, false, true, true>::run(a)
                         : step_kernel<P, C, PerUnit, false, true, false>::run(a);
    return eat ? step_kernel<P, C, PerUnit, true, true, true>::run(a)
               : step_kernel<P, C, PerUnit, true, true, false>::run(a);
}

template <class P>
typename P::value_type run_step(const step_args<typename P::value_type>& a) noexcept {
    const bool per_unit = a.sigma_shape == SigmaShape::per_unit;
    if (a.convention == Convention::ngclearn_3_1)
        return per_unit ? run_flags<P, Convention::ngclearn_3_1, true>(a)
                        : run_flags<P, Convention::ngclearn_3_1, false>(a);
    return per_unit ? run_flags<P, Convention::ngclearn_3_2, true>(a)
                    : run_flags<P, Convention::ngclearn_3_2, false>(a);
}

// The same checks everywhere: > 0 and finite, without early exit (data-independent time).
template <class T>
bool sigma_all_valid(const T* s, std::size_t n) noexcept {
    bool ok = true;
    for (std::size_t i = 0; i < n; ++i) {
        const T v = s[i];
        ok &= (v > T(0)) & (v <= std::numeric_limits<T>::max());
    }
    return ok;
}

}  // namespace ngcrt::detail
