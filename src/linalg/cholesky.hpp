// src/linalg/cholesky.hpp - the dense linear algebra of the full-covariance Gaussian (issue 13,
// docs/linalg.md): the Cholesky factor, log-determinant and inverse of a symmetric positive
// definite N x N matrix A, and the two triangular solves of a step, written once on the pack
// abstraction (src/engine/scalar_pack.hpp) with every sum in a fixed order, so that every pack
// width gives the same bits.
//
//   T ws[workspace_size(N)];                       // sized at compile time by the caller
//   T logdet;
//   bool ok = factor<P>(A, N, ws, logdet);         // A row-major, only its lower triangle read
//   T q = solve<P>(ws, N, e, y, r);                // y = C^-1 e, r = A^-1 e, q = e^T A^-1 e
//   const T* Pm = inverse<P>(ws, N);               // A^-1, row-major N x N
//
// Arithmetic: IEEE-754 + - * / and sqrt (correctly rounded, scalar only), comparisons and
// selects; log is ngcrt's own (P::log). No FMA: the translation unit that instantiates these
// templates must be compiled with -ffp-contract=off (as libngcrt.a is), and on a core whose
// vector unit flushes subnormals and that GCC may auto-vectorise for (Helium) with
// -fno-tree-vectorize too. A pack that flushes subnormals (P::flushes_subnormals: ARMv7 NEON)
// is replaced by the scalar pack (IEEE VFP) for everything here: same bits, scalar speed.
//
// ---- The fixed order of every operation (the same for every pack width) ----------------------
// C is lower triangular with A = C C^T. Each value below is one IEEE operation on T, in exactly
// this order; "s = s - a*b" rounds the product, then the difference.
//
// factor:
//   for j = 0..N-1, i = j..N-1:
//     s_ij = A_ij;  s_ij = s_ij - C_ik * C_jk  for k = 0, 1, ..., j-1 (increasing k)
//     d_j  = s_jj;  fail unless 0 < d_j < +inf (this also catches NaN and infinities: any
//                   non-finite A_ij with i >= j reaches d_i)
//     C_jj = sqrt(d_j);  C_ij = s_ij / C_jj  (i > j)
//   logdet: 16 virtual lanes; lane l (0..15) starts at +0 and adds log(C_ii) for
//     i = l, l+16, l+32, ... in increasing i; then the halving fold
//     lane[l] = lane[l] + lane[l+h] for l < h, h = 8, 4, 2, 1; logdet = lane[0] + lane[0].
//   inverse: X = C^-1 (lower triangular), then A^-1 = X^T X:
//     X_ij = (delta_ij - sum_{k=j}^{i-1} C_ik X_kj) / C_ii, the sum subtracted term by term
//            in increasing k from delta_ij (1 on the diagonal, +0 below it)
//     P_ij = P_ji = sum_{k=i}^{N-1} X_ki X_kj  (i >= j), added in increasing k from +0
// solve:
//   y_i = (e_i - sum_{k<i} C_ik y_k) / C_ii, subtracted in increasing k from e_i
//   q   = sum y_i^2 in the 16 lanes and fold of logdet (lane l adds y_i * y_i for i = l mod 16)
//   r_i = (y_i - sum_{k>i} C_ki r_k) / C_ii, subtracted in decreasing k (k = N-1 first) from y_i
//
// Every per-element sum is sequential, so vectorising across elements (the axpy form:
// registers span i, the loop runs over k) keeps it, whatever the width and the blocking;
// only the two sums over i (logdet, q) need the lanes. The code blocks the work (panels of 4
// columns with their 4 x 4 diagonal block in scalar registers; solves 4 steps at a time) but
// every element still sees its terms one at a time in the order above, and a scalar value
// is computed by the same operations as the vector lane it stands for. A vector may also
// compute lanes that are not wanted (below the diagonal, past N); those are discarded or
// provably zero.
//
// ---- The workspace (T elements, S = stride(N) = N rounded up to 16) -------------------------
//   [0, N S)        C row-major: C[i S + k] = C_ik for k <= i, zeros elsewhere (above the
//                   diagonal and the padding to S)
//   [N S, 2 N S)    Ct = C^T: row k holds column k of C (Ct[k S + i] = C_ik for i >= k), zeros
//                   elsewhere
//   [2 N S, 3 N S)  A^-1 row-major with stride N in its first N^2 elements, zeros after them
//                   (X = C^-1 while factor runs)
// factor works in the Ct block, and on success writes C as its transpose; returning false, it
// restores Ct as the transpose of C, which leaves the whole workspace as it was: the previous
// factor, inverse and logdet stay valid, and one workspace suffices. Every pack writes the
// same bits into all of it, so one pack may factor and another solve.
#pragma once

#include <cstddef>
#include <limits>
#include <type_traits>

#include "engine/scalar_pack.hpp"

namespace ngcrt::detail::linalg {

// The virtual lanes of logdet and q, and the row padding: every pack width (1, 2, 4, 8, 16)
// divides it.
inline constexpr std::size_t lanes = 16;

// Row stride of the two factor blocks: N rounded up to a multiple of 16.
constexpr std::size_t stride(std::size_t N) noexcept { return (N + lanes - 1) / lanes * lanes; }

// T elements of workspace for an N x N matrix: C, C^T and the inverse, N x stride(N) each.
constexpr std::size_t workspace_size(std::size_t N) noexcept { return 3 * N * stride(N); }

namespace impl {

template <class T>
inline constexpr T iota[lanes] = {T(0), T(1), T(2),  T(3),  T(4),  T(5),  T(6),  T(7),
                                  T(8), T(9), T(10), T(11), T(12), T(13), T(14), T(15)};

// IEEE square root (correctly rounded on every target: SQRTSS/SD, VSQRT, FSQRT, fsqrt.s/d).
inline float root(float x) noexcept { return __builtin_sqrtf(x); }
inline double root(double x) noexcept { return __builtin_sqrt(x); }

// The pack the arithmetic runs on: a flushing pack's work goes to the IEEE scalar pack.
template <class P>
using ieee_pack = std::conditional_t<P::flushes_subnormals, scalar_pack<typename P::value_type>, P>;

template <class P>
struct kernels {
    using T = typename P::value_type;
    using reg = typename P::reg;
    static constexpr std::size_t W = P::width;
    static constexpr std::size_t NB = 4;  // registers per block in the O(N^3) loops
    static constexpr std::size_t R = lanes / W;
    static_assert(lanes % W == 0, "the pack width must divide 16");

    static reg ids() noexcept { return P::load(iota<T>); }
    static T as_t(std::size_t v) noexcept { return static_cast<T>(v); }

    // ---- the two lane sums --------------------------------------------------------------------
    // The halving fold of the 16 lanes (spilled: it runs once per call).
    static T fold(const reg (&acc)[R]) noexcept {
        T lane[lanes];
        for (std::size_t r = 0; r < R; ++r) P::store(lane + r * W, acc[r]);
        for (std::size_t h = lanes / 2; h >= 1; h /= 2)
            for (std::size_t l = 0; l < h; ++l) lane[l] = lane[l] + lane[l + h];
        return lane[0];
    }

    // sum of log(C_ii): d[] padded with 1, whose log is +0 (a lane, never -0, is unchanged by it).
    static T log_det(const T* ct, std::size_t N, std::size_t S) noexcept {
        reg acc[R];
        for (std::size_t r = 0; r < R; ++r) acc[r] = P::splat(T(0));
        for (std::size_t i0 = 0; i0 < N; i0 += lanes) {
            T d[lanes];
            for (std::size_t l = 0; l < lanes; ++l) d[l] = i0 + l < N ? ct[(i0 + l) * (S + 1)] : T(1);
            for (std::size_t r = 0; r < R; ++r) acc[r] = acc[r] + P::log(P::load(d + r * W));
        }
        const T s = fold(acc);
        return s + s;
    }

    // sum of y_i^2: whole rows of 16 in registers, the rest one at a time into its lane.
    static T sum_squares(const T* y, std::size_t N) noexcept {
        reg acc[R];
        for (std::size_t r = 0; r < R; ++r) acc[r] = P::splat(T(0));
        std::size_t i = 0;
        for (; i + lanes <= N; i += lanes) {
            for (std::size_t r = 0; r < R; ++r) {
                const reg v = P::load(y + i + r * W);
                acc[r] = acc[r] + v * v;
            }
        }
        T lane[lanes];
        for (std::size_t r = 0; r < R; ++r) P::store(lane + r * W, acc[r]);
        for (std::size_t l = 0; i + l < N; ++l) lane[l] = lane[l] + y[i + l] * y[i + l];
        for (std::size_t r = 0; r < R; ++r) acc[r] = P::load(lane + r * W);
        return fold(acc);
    }

    // ---- layout -------------------------------------------------------------------------------
    // (The empty asm keeps these few vector stores: GCC would turn the loop into a call to
    // memset per row, which costs more than the row at N = 16.)
    static void zero_row(T* row, std::size_t S) noexcept {
        const reg z = P::splat(T(0));
        for (std::size_t i = 0; i < S; i += W) {
            P::store(row + i, z);
            asm("" : "+r"(row));
        }
    }
    // The transpositions go by groups of 16 columns (64 bytes of float): each line of the
    // matrix read is used for 16 values before the next, which matters once it leaves L1.
    static constexpr std::size_t tile = 16;

    // Rows j..j+15 (< N) of ct := columns j..j+15 of A's lower triangle (A_ic, i >= c), zeros
    // elsewhere.
    static void load_columns(const T* A, std::size_t N, std::size_t S, std::size_t j, T* ct) noexcept {
        const std::size_t e = j + tile < N ? j + tile : N;
        for (std::size_t c = j; c < e; ++c) zero_row(ct + c * S, S);
        for (std::size_t i = j; i < N; ++i)
            for (std::size_t c = j; c < e && c <= i; ++c) ct[c * S + i] = A[i * N + c];
    }
    // lo := C row-major from ct = C^T (zeros above the diagonal and in the padding) ...
    static void rows_from_columns(const T* ct, std::size_t N, std::size_t S, T* lo) noexcept {
        for (std::size_t i = 0; i < N; ++i) zero_row(lo + i * S, S);
        for (std::size_t k0 = 0; k0 < N; k0 += tile) {
            const std::size_t e = k0 + tile < N ? k0 + tile : N;
            for (std::size_t i = k0; i < N; ++i)
                for (std::size_t k = k0; k < e && k <= i; ++k) lo[i * S + k] = ct[k * S + i];
        }
    }
    // ... and back: ct := C^T from lo (zeros below the diagonal and in the padding).
    static void columns_from_rows(const T* lo, std::size_t N, std::size_t S, T* ct) noexcept {
        for (std::size_t k = 0; k < N; ++k) {
            T* ck = ct + k * S;
            zero_row(ck, S);
            for (std::size_t i = k; i < N; ++i) ck[i] = lo[i * S + k];
        }
    }

    // ---- factor -------------------------------------------------------------------------------
    // Columns are done in panels of NC = 4 (j0 .. j0+3), in three phases that keep each s_ij's
    // terms in increasing k:
    //   1. the terms k < j0 of all four columns: each load of a row of ct feeds four columns;
    //   2. the 4 x 4 diagonal block in scalar arithmetic: its own terms k = j0 .. j0+c-1, the
    //      pivots, their square roots and the block's divisions. These are the operations the
    //      vector lanes would do, so the same bits; done apart, the chain of dependent square
    //      roots and divisions does not wait for whole registers;
    //   3. the four columns' registers: column c is divided by its pivot, then its term is
    //      subtracted from columns c+1 .. 3 (right-looking inside the panel, which is still
    //      increasing k for every element).
    // Columns past the last whole panel are done one at a time (finish_column).
    static constexpr std::size_t NC = 4;
    static constexpr std::size_t NBP = sizeof(reg) >= 64 ? 4 : 2;  // registers of i per block

    static bool pivot_ok(T d) noexcept { return d > T(0) && d < std::numeric_limits<T>::infinity(); }

    // Phase 1: rows j..j+NC-1 of ct, B registers from i: s -= C_ik C_jk for k < j.
    template <std::size_t B>
    static inline void panel_terms(T* ct, std::size_t S, std::size_t j, std::size_t i) noexcept {
        reg a[NC][B];
        for (std::size_t c = 0; c < NC; ++c)
            for (std::size_t r = 0; r < B; ++r) a[c][r] = P::load(ct + (j + c) * S + i + r * W);
        for (std::size_t k = 0; k < j; ++k) {
            const T* ck = ct + k * S;
            reg x[B];
            for (std::size_t r = 0; r < B; ++r) x[r] = P::load(ck + i + r * W);
            for (std::size_t c = 0; c < NC; ++c) {
                const reg b = P::splat(ck[j + c]);
                for (std::size_t r = 0; r < B; ++r) a[c][r] = a[c][r] - x[r] * b;
            }
        }
        for (std::size_t c = 0; c < NC; ++c)
            for (std::size_t r = 0; r < B; ++r) P::store(ct + (j + c) * S + i + r * W, a[c][r]);
    }

    // Phase 2: the diagonal block's C values (cK = C_{j+K, j+K}, lRK = C_{j+R, j+K}) from the
    // partial sums phase 1 left in ct; false if a pivot fails. Written out for NC = 4 so the
    // ten values stay in registers; each element's terms still come in increasing k.
    static_assert(NC == 4, "the panel is written out for 4 columns");
    struct block {
        T c0, c1, c2, c3, l10, l20, l30, l21, l31, l32;
    };
    static bool panel_block(const T* ct, std::size_t S, std::size_t j, block& d) noexcept {
        const T* p0 = ct + j * S + j;
        const T* p1 = p0 + S;
        const T* p2 = p1 + S;
        const T* p3 = p2 + S;
        T a11 = p1[1], a12 = p1[2], a13 = p1[3], a22 = p2[2], a23 = p2[3], a33 = p3[3];
        if (!pivot_ok(p0[0])) return false;
        d.c0 = root(p0[0]);
        d.l10 = p0[1] / d.c0, d.l20 = p0[2] / d.c0, d.l30 = p0[3] / d.c0;
        a11 = a11 - d.l10 * d.l10;
        a12 = a12 - d.l20 * d.l10;
        a13 = a13 - d.l30 * d.l10;
        a22 = a22 - d.l20 * d.l20;
        a23 = a23 - d.l30 * d.l20;
        a33 = a33 - d.l30 * d.l30;
        if (!pivot_ok(a11)) return false;
        d.c1 = root(a11);
        d.l21 = a12 / d.c1, d.l31 = a13 / d.c1;
        a22 = a22 - d.l21 * d.l21;
        a23 = a23 - d.l31 * d.l21;
        a33 = a33 - d.l31 * d.l31;
        if (!pivot_ok(a22)) return false;
        d.c2 = root(a22);
        d.l32 = a23 / d.c2;
        a33 = a33 - d.l32 * d.l32;
        if (!pivot_ok(a33)) return false;
        d.c3 = root(a33);
        return true;
    }

    // Column j's register at i once divided by its pivot c (q): the lanes above the diagonal
    // (rows i < j) become 0, the diagonal lane c itself.
    static reg final_column(reg q, std::size_t j, std::size_t i, T c) noexcept {
        if (i + W <= j) return P::splat(T(0));
        if (j < i) return q;
        const reg jj = P::splat(as_t(j - i)), id = ids();
        return P::select(id > jj, q, P::select(id == jj, P::splat(c), P::splat(T(0))));
    }
    static reg divide(reg a, std::size_t j, std::size_t i, T c) noexcept {
        return final_column(P::div(a, P::splat(c)), j, i, c);
    }
    // x -= y * b, register by register.
    template <std::size_t B>
    static inline void sub_scaled(reg (&x)[B], const reg (&y)[B], T b) noexcept {
        const reg bb = P::splat(b);
        for (std::size_t r = 0; r < B; ++r) x[r] = x[r] - y[r] * bb;
    }
    template <std::size_t B>
    static inline void divide_all(reg (&x)[B], T c) noexcept {
        const reg cc = P::splat(c);
        for (std::size_t r = 0; r < B; ++r) x[r] = P::div(x[r], cc);
    }

    // Phase 3: the panel's B registers from i. The quotients feed the next columns as they
    // are (the lanes a select changes are never used by a real lane there); the selects
    // come at the store, off the chain of divisions.
    template <std::size_t B>
    static inline void panel_finish(T* ct, std::size_t S, std::size_t j, std::size_t i,
                                    const block& d) noexcept {
        reg a0[B], a1[B], a2[B], a3[B];
        T* const r0 = ct + j * S + i;
        T* const r1 = r0 + S;
        T* const r2 = r1 + S;
        T* const r3 = r2 + S;
        for (std::size_t r = 0; r < B; ++r) {
            a0[r] = P::load(r0 + r * W);
            a1[r] = P::load(r1 + r * W);
            a2[r] = P::load(r2 + r * W);
            a3[r] = P::load(r3 + r * W);
        }
        divide_all(a0, d.c0);
        sub_scaled(a1, a0, d.l10);
        sub_scaled(a2, a0, d.l20);
        sub_scaled(a3, a0, d.l30);
        divide_all(a1, d.c1);
        sub_scaled(a2, a1, d.l21);
        sub_scaled(a3, a1, d.l31);
        divide_all(a2, d.c2);
        sub_scaled(a3, a2, d.l32);
        divide_all(a3, d.c3);
        for (std::size_t r = 0; r < B; ++r) {
            const std::size_t at = i + r * W;
            P::store(r0 + r * W, final_column(a0[r], j, at, d.c0));
            P::store(r1 + r * W, final_column(a1[r], j + 1, at, d.c1));
            P::store(r2 + r * W, final_column(a2[r], j + 2, at, d.c2));
            P::store(r3 + r * W, final_column(a3[r], j + 3, at, d.c3));
        }
    }

    // One column on its own (past the last panel): s_ij -= C_ik C_jk for k < j, pivot,
    // division. Registers span i = floor(j/W) W .. N rounded up to W (<= S); the padding lanes
    // stay +0 (0 - (0 * c) = +0, and +0 / C_jj = +0).
    template <std::size_t B>
    static inline void column(const T* ct, std::size_t S, std::size_t j, std::size_t i,
                              reg (&a)[B]) noexcept {
        for (std::size_t r = 0; r < B; ++r) a[r] = P::load(ct + j * S + i + r * W);
        for (std::size_t k = 0; k < j; ++k) {
            const T* ck = ct + k * S + i;
            const reg c = P::splat(ct[k * S + j]);
            for (std::size_t r = 0; r < B; ++r) a[r] = a[r] - P::load(ck + r * W) * c;
        }
    }
    static bool finish_column(T* ct, std::size_t N, std::size_t S, std::size_t j) noexcept {
        const std::size_t end = (N + W - 1) / W * W;
        T* cj = ct + j * S;
        std::size_t i = j / W * W;
        reg a[1];
        column<1>(ct, S, j, i, a);
        T lane[W];
        P::store(lane, a[0]);
        const T d = lane[j - i];
        if (!pivot_ok(d)) return false;
        const T c = root(d);
        P::store(cj + i, divide(a[0], j, i, c));
        const reg cc = P::splat(c);
        for (i += W; i + NB * W <= end; i += NB * W) {
            reg b[NB];
            column<NB>(ct, S, j, i, b);
            for (std::size_t r = 0; r < NB; ++r) P::store(cj + i + r * W, P::div(b[r], cc));
        }
        for (; i < end; i += W) {
            reg b[1];
            column<1>(ct, S, j, i, b);
            P::store(cj + i, P::div(b[0], cc));
        }
        return true;
    }

    // Left-looking Cholesky of A (lower triangle) into ct. Columns of A are copied 16 at a
    // time just before they are needed: the copying overlaps the previous columns' chain.
    static bool cholesky(const T* A, T* ct, std::size_t N, std::size_t S) noexcept {
        const std::size_t end = (N + W - 1) / W * W;
        std::size_t j = 0;
        for (; j + NC <= N; j += NC) {
            if (j % tile == 0) load_columns(A, N, S, j, ct);
            const std::size_t i0 = j / W * W;
            std::size_t i = i0;
            for (; i + NBP * W <= end; i += NBP * W) panel_terms<NBP>(ct, S, j, i);
            for (; i < end; i += W) panel_terms<1>(ct, S, j, i);
            block d{};
            if (!panel_block(ct, S, j, d)) return false;
            for (i = i0; i + NBP * W <= end; i += NBP * W) panel_finish<NBP>(ct, S, j, i, d);
            for (; i < end; i += W) panel_finish<1>(ct, S, j, i, d);
        }
        for (; j < N; ++j) {
            if (j % tile == 0) load_columns(A, N, S, j, ct);
            if (!finish_column(ct, N, S, j)) return false;
        }
        return true;
    }

    // ---- inverse ------------------------------------------------------------------------------
    // Row i of X = C^-1, registers from column c: the terms k < c are skipped, being
    // C_ik * X_kj with X_kj = 0 (k < j) subtracted from delta_ij before any real term, which
    // leaves it unchanged (+0 - (+-0) = +0, 1 - (+-0) = 1); so are the zero terms of the other
    // registers of the block, for the same reason. x is zero beyond each computed row part.
    template <std::size_t B>
    static inline void x_row(const T* lo, T* x, std::size_t S, std::size_t i, std::size_t c) noexcept {
        const T* ci = lo + i * S;
        T* xi = x + i * S + c;
        reg a[B];
        for (std::size_t r = 0; r < B; ++r) a[r] = P::load(xi + r * W);
        for (std::size_t k = c; k < i; ++k) {
            const T* xk = x + k * S + c;
            const reg b = P::splat(ci[k]);
            for (std::size_t r = 0; r < B; ++r) a[r] = a[r] - P::load(xk + r * W) * b;
        }
        const reg d = P::splat(ci[i]);
        for (std::size_t r = 0; r < B; ++r) P::store(xi + r * W, P::div(a[r], d));
    }
    // Row i of P = X^T X, registers from column c, written over row i of X (no longer needed:
    // later rows read rows k >= their own index; X_ii is read, at k = i, before the store).
    template <std::size_t B>
    static inline void p_row(T* x, std::size_t N, std::size_t S, std::size_t i, std::size_t c) noexcept {
        reg a[B];
        for (std::size_t r = 0; r < B; ++r) a[r] = P::splat(T(0));
        for (std::size_t k = i; k < N; ++k) {
            const T* xk = x + k * S;
            const reg b = P::splat(xk[i]);
            for (std::size_t r = 0; r < B; ++r) a[r] = a[r] + P::load(xk + c + r * W) * b;
        }
        for (std::size_t r = 0; r < B; ++r) P::store(x + i * S + c + r * W, a[r]);
    }
    template <class F>
    static inline void blocks(std::size_t end, F&& f) noexcept {
        std::size_t c = 0;
        for (; c + NB * W <= end; c += NB * W) f(std::integral_constant<std::size_t, NB>{}, c);
        for (; c < end; c += W) f(std::integral_constant<std::size_t, 1>{}, c);
    }
    // x := A^-1 row-major with stride N, from C row-major (lo).
    static void inverse(const T* lo, T* x, std::size_t N, std::size_t S) noexcept {
        for (std::size_t n = 0; n < N * S; ++n) x[n] = T(0);
        for (std::size_t i = 0; i < N; ++i) {
            x[i * S + i] = T(1);
            blocks((i + W) / W * W,
                   [&](auto b, std::size_t c) { x_row<decltype(b)::value>(lo, x, S, i, c); });
        }
        for (std::size_t i = 0; i < N; ++i)
            blocks((i + W) / W * W, [&](auto b, std::size_t c) { p_row<decltype(b)::value>(x, N, S, i, c); });
        // Stride S to stride N, the upper triangle from the lower (P_ij = P_ji). In place: a
        // row moves down (i N <= i S) in increasing j, and the rows j > i read for the upper
        // part start at j S >= (i + 1) N, past everything written so far.
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) x[i * N + j] = j <= i ? x[i * S + j] : x[j * S + i];
        // The rest of the block held parts of X and P that depend on the pack width: zeros, so
        // that the whole workspace has the same bits on every pack.
        for (std::size_t n = N * N; n < N * S; ++n) x[n] = T(0);
    }

    // ---- solves -------------------------------------------------------------------------------
    // Both substitutions go 4 steps at a time: the 4 x 4 triangle in scalar registers (the
    // chain of dependent divisions stays out of the vector registers), then the 4 terms
    // subtracted from every other element, one load and store of it per 4 terms. Each element
    // still sees its terms one at a time in the documented order. The register holding the
    // block's first element below (forward) or above (back) gets the block's results merged
    // in with selects, so no scalar store is followed by a vector load of the same place.

    static T sdiff(std::size_t a, std::size_t b) noexcept {  // a - b as T, possibly negative
        return static_cast<T>(static_cast<std::ptrdiff_t>(a) - static_cast<std::ptrdiff_t>(b));
    }
    // v with lane p - i set to x (no lane if p is outside [i, i + W)).
    static reg put(reg v, std::size_t p, std::size_t i, T x, reg id) noexcept {
        return P::select(id == P::splat(sdiff(p, i)), P::splat(x), v);
    }

    // y := C^-1 y in place, ct = C^T: y_k = w_k / C_kk, then w_i -= C_ik y_k for i > k.
    static void forward(const T* ct, std::size_t N, std::size_t S, T* y) noexcept {
        const reg id = ids();
        std::size_t k = 0;
        for (; k + 4 <= N; k += 4) {
            const T* c0 = ct + k * S;
            const T* c1 = c0 + S;
            const T* c2 = c1 + S;
            const T* c3 = c2 + S;
            T w1 = y[k + 1], w2 = y[k + 2], w3 = y[k + 3];
            const T y0 = y[k] / c0[k];
            w1 = w1 - c0[k + 1] * y0;
            w2 = w2 - c0[k + 2] * y0;
            w3 = w3 - c0[k + 3] * y0;
            const T y1 = w1 / c1[k + 1];
            w2 = w2 - c1[k + 2] * y1;
            w3 = w3 - c1[k + 3] * y1;
            const T y2 = w2 / c2[k + 2];
            w3 = w3 - c2[k + 3] * y2;
            const T y3 = w3 / c3[k + 3];
            const T yb[4] = {y0, y1, y2, y3};
            std::size_t i = (k + 4) / W * W;  // the register holding k + 4
            const bool vec = i + W <= N;
            for (std::size_t p = k; p < k + 4; ++p)
                if (!vec || p < i) y[p] = yb[p - k];
            if (vec) {
                const reg b0 = P::splat(y0), b1 = P::splat(y1), b2 = P::splat(y2), b3 = P::splat(y3);
                auto terms = [&](reg v, std::size_t at) {
                    v = v - P::load(c0 + at) * b0;
                    v = v - P::load(c1 + at) * b1;
                    v = v - P::load(c2 + at) * b2;
                    return v - P::load(c3 + at) * b3;
                };
                const reg old = P::load(y + i);
                reg keep = old;  // lanes below k: as they are; k..k+3: the block's results
                for (std::size_t p = k > i ? k : i; p < k + 4; ++p) keep = put(keep, p, i, yb[p - k], id);
                P::store(y + i, P::select(id < P::splat(sdiff(k + 4, i)), keep, terms(old, i)));
                for (i += W; i + W <= N; i += W) P::store(y + i, terms(P::load(y + i), i));
            }
            for (std::size_t t = i > k + 4 ? i : k + 4; t < N; ++t) {
                T v = y[t] - c0[t] * y0;
                v = v - c1[t] * y1;
                v = v - c2[t] * y2;
                y[t] = v - c3[t] * y3;
            }
        }
        for (; k < N; ++k) {  // the last N mod 4 steps, one at a time
            const T* ck = ct + k * S;
            const T yk = y[k] / ck[k];
            const reg b = P::splat(yk);
            std::size_t i = k / W * W;
            if (i + W <= N) {
                const reg old = P::load(y + i), kk = P::splat(as_t(k - i));
                const reg upd = old - P::load(ck + i) * b;
                P::store(y + i, P::select(id > kk, upd, P::select(id == kk, b, old)));
                for (i += W; i + W <= N; i += W) P::store(y + i, P::load(y + i) - P::load(ck + i) * b);
            } else {
                y[k] = yk;
                i = k + 1;
            }
            for (; i < N; ++i) y[i] = y[i] - ck[i] * yk;
        }
    }

    // r := C^-T r in place, lo = C row-major: k from N-1 down, r_k = w_k / C_kk, then
    // w_i -= C_ki r_k for i < k. Blocks [b, b+4) from the top; the lowest N mod 4 steps last.
    static void backward(const T* lo, std::size_t N, std::size_t S, T* r) noexcept {
        const reg id = ids();
        std::size_t top = N;  // steps >= top are done
        for (; top >= 4; top -= 4) {
            const std::size_t b = top - 4;
            const T* l0 = lo + b * S;
            const T* l1 = l0 + S;
            const T* l2 = l1 + S;
            const T* l3 = l2 + S;
            T w2 = r[b + 2], w1 = r[b + 1], w0 = r[b];
            const T r3 = r[b + 3] / l3[b + 3];
            w2 = w2 - l3[b + 2] * r3;
            w1 = w1 - l3[b + 1] * r3;
            w0 = w0 - l3[b] * r3;
            const T r2 = w2 / l2[b + 2];
            w1 = w1 - l2[b + 1] * r2;
            w0 = w0 - l2[b] * r2;
            const T r1 = w1 / l1[b + 1];
            w0 = w0 - l1[b] * r1;
            const T r0 = w0 / l0[b];
            const T rb[4] = {r0, r1, r2, r3};
            const reg b0 = P::splat(r0), b1 = P::splat(r1), b2 = P::splat(r2), b3 = P::splat(r3);
            auto terms = [&](reg v, std::size_t at) {
                v = v - P::load(l3 + at) * b3;
                v = v - P::load(l2 + at) * b2;
                v = v - P::load(l1 + at) * b1;
                return v - P::load(l0 + at) * b0;
            };
            std::size_t i = 0;
            for (; i + W <= b; i += W) P::store(r + i, terms(P::load(r + i), i));
            // [i, i + W) holds b: below b the terms, b..b+3 the block's results, above as it is
            const bool vec = i + W <= N;
            if (vec) {
                const reg old = P::load(r + i);
                reg keep = old;
                for (std::size_t p = b; p < b + 4 && p < i + W; ++p) keep = put(keep, p, i, rb[p - b], id);
                P::store(r + i, P::select(id < P::splat(sdiff(b, i)), terms(old, i), keep));
            } else {
                for (; i < b; ++i) {
                    T v = r[i] - l3[i] * r3;
                    v = v - l2[i] * r2;
                    v = v - l1[i] * r1;
                    r[i] = v - l0[i] * r0;
                }
            }
            for (std::size_t p = b; p < b + 4; ++p)
                if (!vec || p >= i + W) r[p] = rb[p - b];
        }
        for (std::size_t k = top; k-- > 0;) {  // the lowest N mod 4 steps, one at a time
            const T* lk = lo + k * S;
            const T rk = r[k] / lk[k];
            const reg b = P::splat(rk);
            std::size_t i = 0;
            for (; i + W <= k; i += W) P::store(r + i, P::load(r + i) - P::load(lk + i) * b);
            if (i + W <= N) {
                const reg old = P::load(r + i), kk = P::splat(as_t(k - i));
                const reg upd = old - P::load(lk + i) * b;
                P::store(r + i, P::select(id < kk, upd, P::select(id == kk, b, old)));
            } else {
                for (; i < k; ++i) r[i] = r[i] - lk[i] * rk;
                r[k] = rk;
            }
        }
    }
};

}  // namespace impl

// C (row-major) and C^T (row k = column k of C) in ws, both with row stride stride(N).
template <class T>
const T* factor_rows(const T* ws, std::size_t /*N*/) noexcept {
    return ws;
}
template <class T>
const T* factor_transposed(const T* ws, std::size_t N) noexcept {
    return ws + N * stride(N);
}

// The Cholesky factor and logdet only (no inverse: the inverse block is left as it was).
// For a caller that never needs A^-1, and to time the refresh alone. Same contract as factor.
template <class P>
bool factor_logdet(const typename P::value_type* A, std::size_t N, typename P::value_type* ws,
                   typename P::value_type& logdet) noexcept {
    using K = impl::kernels<impl::ieee_pack<P>>;
    using T = typename P::value_type;
    const std::size_t S = stride(N);
    T* const lo = ws;
    T* const ct = ws + N * S;
    if (!K::cholesky(A, ct, N, S)) {
        K::columns_from_rows(lo, N, S, ct);  // the previous C^T back
        return false;
    }
    logdet = K::log_det(ct, N, S);  // (first: its latency overlaps the transposition)
    K::rows_from_columns(ct, N, S, lo);
    return true;
}

// A = C C^T from A's lower triangle (A row-major N x N; the upper triangle is never read),
// log det A, and A^-1, into ws (workspace_size(N) elements). false: A is not positive definite,
// or a value in its lower triangle is NaN or infinite (or the factorisation overflows); ws and
// logdet are then unchanged. A^-1 itself overflows only if A's smallest eigenvalue is below
// about 1 / max(T): not checked.
template <class P>
bool factor(const typename P::value_type* A, std::size_t N, typename P::value_type* ws,
            typename P::value_type& logdet) noexcept {
    using K = impl::kernels<impl::ieee_pack<P>>;
    if (!factor_logdet<P>(A, N, ws, logdet)) return false;
    const std::size_t S = stride(N);
    K::inverse(ws, ws + 2 * N * S, N, S);
    return true;
}

// y = C^-1 e, r = C^-T y = A^-1 e; returns q = e^T A^-1 e = ||y||^2 (>= 0). y and r hold N
// values each; e, y and r may be the same array or disjoint (not partly overlapping).
template <class P>
typename P::value_type solve(const typename P::value_type* ws, std::size_t N, const typename P::value_type* e,
                             typename P::value_type* y, typename P::value_type* r) noexcept {
    using K = impl::kernels<impl::ieee_pack<P>>;
    using T = typename P::value_type;
    const std::size_t S = stride(N);
    if (y != e)
        for (std::size_t i = 0; i < N; ++i) y[i] = e[i];
    K::forward(ws + N * S, N, S, y);
    const T q = K::sum_squares(y, N);
    if (r != y)
        for (std::size_t i = 0; i < N; ++i) r[i] = y[i];
    K::backward(ws, N, S, r);
    return q;
}

// A^-1 as stored by factor: row-major N x N (stride N), exactly symmetric.
template <class P>
const typename P::value_type* inverse(const typename P::value_type* ws, std::size_t N) noexcept {
    return ws + 2 * N * stride(N);
}

}  // namespace ngcrt::detail::linalg
