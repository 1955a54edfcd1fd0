// src/engine/column_tile.hpp - four columns of a row-major matrix as registers, one row per
// lane: col[j] lane l = s[l * stride + j] (times mask[l * stride + j], if a mask is given),
// for j < 4 and l < the pack's width. A feedback product (e @ W^T, summed along the rows of
// the stored W) is vectorised across W's rows with these, so each output element still adds
// its terms in increasing column order (docs/spec/synapses.md, "Determinism in ngcrt").
//
// x86 (SSE2, AVX2, AVX-512) and AArch64 NEON, float: 128-bit loads of four consecutive
// values from each row, placed so that 128-bit lane m of register q holds row 4m + q, then a
// 4 x 4 transpose inside each 128-bit lane (unpack / trn): lane 4m + q of column j is row
// 4m + q's value j. Every other pack (double, the scalar pack): the values gathered through
// a small array. Either way only loads, the mask's multiplication and moves: the bits are
// the values'.
#pragma once

#include <cstddef>
#include <type_traits>

#if defined(__SSE2__)
#include <immintrin.h>
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
#endif

namespace ngcrt::detail::synapse {

template <class P>
struct column_tile {
    using T = typename P::value_type;
    using reg = typename P::reg;
    static constexpr std::size_t W = P::width;
    static constexpr bool is_float = std::is_same_v<T, float>;

    // col[j] for j < 4: the tile at s (rows `stride` apart), times the mask if Masked.
    template <bool Masked>
    [[gnu::always_inline]] static void load4(const T* s, const T* m, std::size_t stride,
                                             reg (&col)[4]) noexcept {
        (void)m;
#if defined(__AVX512F__)
        if constexpr (is_float && W == 16) {
            __m512 a[4];
            for (std::size_t q = 0; q < 4; ++q)
                a[q] = lanes512<Masked>(s + q * stride, m + (Masked ? q * stride : 0), stride);
            transpose(a, col);
            return;
        }
#endif
#if defined(__AVX2__)
        if constexpr (is_float && W == 8) {
            __m256 a[4];
            for (std::size_t q = 0; q < 4; ++q)
                a[q] = lanes256<Masked>(s + q * stride, m + (Masked ? q * stride : 0), stride);
            transpose(a, col);
            return;
        }
#endif
#if defined(__SSE2__)
        if constexpr (is_float && W == 4) {
            __m128 a[4];
            for (std::size_t q = 0; q < 4; ++q)
                a[q] = row4<Masked>(s + q * stride, m + (Masked ? q * stride : 0));
            transpose(a, col);
            return;
        }
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
        if constexpr (is_float && W == 4) {
            float32x4_t r[4];
            for (std::size_t q = 0; q < 4; ++q) {
                r[q] = vld1q_f32(s + q * stride);
                if constexpr (Masked) r[q] = vmulq_f32(r[q], vld1q_f32(m + q * stride));
            }
            const float32x4_t t0 = vtrn1q_f32(r[0], r[1]), t1 = vtrn2q_f32(r[0], r[1]);
            const float32x4_t t2 = vtrn1q_f32(r[2], r[3]), t3 = vtrn2q_f32(r[2], r[3]);
            auto d = [](float32x4_t v) { return vreinterpretq_f64_f32(v); };
            auto f = [](float64x2_t v) { return vreinterpretq_f32_f64(v); };
            col[0] = reg(f(vtrn1q_f64(d(t0), d(t2))));
            col[1] = reg(f(vtrn1q_f64(d(t1), d(t3))));
            col[2] = reg(f(vtrn2q_f64(d(t0), d(t2))));
            col[3] = reg(f(vtrn2q_f64(d(t1), d(t3))));
            return;
        }
#endif
        if constexpr (W == 1) {
            for (std::size_t j = 0; j < 4; ++j) col[j] = Masked ? s[j] * m[j] : s[j];
        } else {
            T buf[4][W];
            for (std::size_t l = 0; l < W; ++l)
                for (std::size_t j = 0; j < 4; ++j)
                    buf[j][l] = Masked ? s[l * stride + j] * m[l * stride + j] : s[l * stride + j];
            for (std::size_t j = 0; j < 4; ++j) col[j] = P::load(buf[j]);
        }
    }

    // One column: lane l = s[l * stride] (times the mask).
    template <bool Masked>
    [[gnu::always_inline]] static reg load1(const T* s, const T* m, std::size_t stride) noexcept {
        (void)m;
        if constexpr (W == 1) {
            return Masked ? s[0] * m[0] : s[0];
        } else {
            T buf[W];
            for (std::size_t l = 0; l < W; ++l)
                buf[l] = Masked ? s[l * stride] * m[l * stride] : s[l * stride];
            return P::load(buf);
        }
    }

private:
#if defined(__SSE2__)
    template <bool Masked>
    [[gnu::always_inline]] static __m128 row4(const float* s, const float* m) noexcept {
        __m128 r = _mm_loadu_ps(s);
        if constexpr (Masked) r = r * _mm_loadu_ps(m);  // (the vector extension: one MULPS)
        return r;
    }
    // The in-lane 4 x 4 transpose of a[0..3] (any width): col[j] lane 4m + q = a[q] lane 4m + j.
    template <class V>
    [[gnu::always_inline]] static void transpose(V (&a)[4], reg (&col)[4]) noexcept {
        V t0, t1, t2, t3;
        if constexpr (sizeof(V) == 16) {
            t0 = _mm_unpacklo_ps(a[0], a[1]);
            t1 = _mm_unpackhi_ps(a[0], a[1]);
            t2 = _mm_unpacklo_ps(a[2], a[3]);
            t3 = _mm_unpackhi_ps(a[2], a[3]);
            col[0] = reg(_mm_movelh_ps(t0, t2));
            col[1] = reg(_mm_movehl_ps(t2, t0));
            col[2] = reg(_mm_movelh_ps(t1, t3));
            col[3] = reg(_mm_movehl_ps(t3, t1));
        }
#if defined(__AVX2__)
        if constexpr (sizeof(V) == 32) {
            t0 = _mm256_unpacklo_ps(a[0], a[1]);
            t1 = _mm256_unpackhi_ps(a[0], a[1]);
            t2 = _mm256_unpacklo_ps(a[2], a[3]);
            t3 = _mm256_unpackhi_ps(a[2], a[3]);
            auto d = [](__m256 v) { return _mm256_castps_pd(v); };
            auto f = [](__m256d v) { return _mm256_castpd_ps(v); };
            col[0] = reg(f(_mm256_unpacklo_pd(d(t0), d(t2))));
            col[1] = reg(f(_mm256_unpackhi_pd(d(t0), d(t2))));
            col[2] = reg(f(_mm256_unpacklo_pd(d(t1), d(t3))));
            col[3] = reg(f(_mm256_unpackhi_pd(d(t1), d(t3))));
        }
#endif
#if defined(__AVX512F__)
        if constexpr (sizeof(V) == 64) {
            t0 = _mm512_unpacklo_ps(a[0], a[1]);
            t1 = _mm512_unpackhi_ps(a[0], a[1]);
            t2 = _mm512_unpacklo_ps(a[2], a[3]);
            t3 = _mm512_unpackhi_ps(a[2], a[3]);
            auto d = [](__m512 v) { return _mm512_castps_pd(v); };
            auto f = [](__m512d v) { return _mm512_castpd_ps(v); };
            col[0] = reg(f(_mm512_unpacklo_pd(d(t0), d(t2))));
            col[1] = reg(f(_mm512_unpackhi_pd(d(t0), d(t2))));
            col[2] = reg(f(_mm512_unpacklo_pd(d(t1), d(t3))));
            col[3] = reg(f(_mm512_unpackhi_pd(d(t1), d(t3))));
        }
#endif
    }
#endif
#if defined(__AVX2__)
    // Rows 0 and 4 (stride apart x 4) in the two 128-bit lanes.
    template <bool Masked>
    [[gnu::always_inline]] static __m256 lanes256(const float* s, const float* m,
                                                  std::size_t stride) noexcept {
        __m256 r =
            _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(s)), _mm_loadu_ps(s + 4 * stride), 1);
        if constexpr (Masked)
            r = r * _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(m)),
                                         _mm_loadu_ps(m + 4 * stride), 1);
        return r;
    }
#endif
#if defined(__AVX512F__)
    // Rows 0, 4, 8 and 12 in the four 128-bit lanes.
    template <bool Masked>
    [[gnu::always_inline]] static __m512 lanes512(const float* s, const float* m,
                                                  std::size_t stride) noexcept {
        __m512 r = _mm512_castps128_ps512(_mm_loadu_ps(s));
        r = _mm512_insertf32x4(r, _mm_loadu_ps(s + 4 * stride), 1);
        r = _mm512_insertf32x4(r, _mm_loadu_ps(s + 8 * stride), 2);
        r = _mm512_insertf32x4(r, _mm_loadu_ps(s + 12 * stride), 3);
        if constexpr (Masked) {
            __m512 k = _mm512_castps128_ps512(_mm_loadu_ps(m));
            k = _mm512_insertf32x4(k, _mm_loadu_ps(m + 4 * stride), 1);
            k = _mm512_insertf32x4(k, _mm_loadu_ps(m + 8 * stride), 2);
            k = _mm512_insertf32x4(k, _mm_loadu_ps(m + 12 * stride), 3);
            r = r * k;
        }
        return r;
    }
#endif
};

}  // namespace ngcrt::detail::synapse
