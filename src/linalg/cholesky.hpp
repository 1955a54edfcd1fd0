// src/linalg/cholesky.hpp - the dense linear algebra of the full-covariance Gaussian (issue 13,
// docs/linalg.md): the Cholesky factor, log-determinant and inverse of a symmetric positive
// definite N x N matrix A, and the two triangular solves of a step, written once on the pack
// abstraction (src/engine/traverse.hpp) with every sum in a fixed order, so that every pack
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
// only the two sums over i (logdet, q) need the lanes. A vector may also compute lanes that
// are not wanted (below the diagonal, past N); those are discarded or provably zero.
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
// factor, inverse and logdet stay valid, and one workspace suffices. Every pack writes the same bits into it, so one
// pack may factor and another solve.
#pragma once

#include <cstddef>
#include <limits>
#include <type_traits>

#include "engine/traverse.hpp"  // scalar_pack

namespace ngcrt::detail::linalg {

// The virtual lanes of logdet and q, and the row padding: every pack width (1, 2, 4, 8, 16) divides it.
inline constexpr std::size_t lanes = 16;

// Row stride of the two factor blocks: N rounded up to a multiple of 16.
constexpr std::size_t stride(std::size_t N) noexcept { return (N + lanes - 1) / lanes * lanes; }

// T elements of workspace for an N x N matrix: Ct, C and the inverse, N x stride(N) each.
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
    static void zero_row(T* row, std::size_t S) noexcept {
        for (std::size_t i = 0; i < S; i += W) P::store(row + i, P::splat(T(0)));
    }
    // Row j of ct := column j of A's lower triangle (A_ij, i >= j), zeros elsewhere.
    static void load_lower(const T* A, std::size_t N, std::size_t S, T* ct) noexcept {
        for (std::size_t j = 0; j < N; ++j) {
            T* cj = ct + j * S;
            zero_row(cj, S);
            for (std::size_t i = j; i < N; ++i) cj[i] = A[i * N + j];
        }
    }
    // lo := C row-major from ct = C^T (zeros above the diagonal and in the padding) ...
    static void rows_from_columns(const T* ct, std::size_t N, std::size_t S, T* lo) noexcept {
        for (std::size_t i = 0; i < N; ++i) {
            T* li = lo + i * S;
            zero_row(li, S);
            for (std::size_t k = 0; k <= i; ++k) li[k] = ct[k * S + i];
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
    // Columns are done in panels of NC: first the terms k < j of all NC columns (each load of
    // a row of ct feeds NC columns), then each column's own terms k = j..j'-1, its pivot and
    // its division, in order. Each s_ij still subtracts its terms in increasing k.
    static constexpr std::size_t NC = 4;
    static constexpr std::size_t NBP = sizeof(reg) >= 64 ? 4 : 2;  // registers of i per panel block

    // Rows j..j+NC-1 of ct, B registers from i: s -= C_ik C_jk for k < j.
    template <std::size_t B>
    static inline void panel(T* ct, std::size_t S, std::size_t j, std::size_t i) noexcept {
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

    // s_ij for B registers of row j of ct from i: s -= C_ik C_jk for k = k0..j-1.
    template <std::size_t B>
    static inline void column(const T* ct, std::size_t S, std::size_t j, std::size_t k0, std::size_t i,
                              reg (&a)[B]) noexcept {
        for (std::size_t r = 0; r < B; ++r) a[r] = P::load(ct + j * S + i + r * W);
        for (std::size_t k = k0; k < j; ++k) {
            const T* ck = ct + k * S + i;
            const reg c = P::splat(ct[k * S + j]);
            for (std::size_t r = 0; r < B; ++r) a[r] = a[r] - P::load(ck + r * W) * c;
        }
    }

    // Column j (row j of ct), its terms from k0 on, pivot and division. Its registers span
    // i = floor(j/W) W .. N rounded up to W (<= S): the lanes below the diagonal are set to 0;
    // the padding lanes stay +0 (0 - (0 * c) = +0, and +0 / C_jj = +0).
    static bool finish_column(T* ct, std::size_t N, std::size_t S, std::size_t j, std::size_t k0) noexcept {
        const std::size_t end = (N + W - 1) / W * W;
        T* cj = ct + j * S;
        std::size_t i = j / W * W;
        reg a[1];
        column<1>(ct, S, j, k0, i, a);
        T lane[W];
        P::store(lane, a[0]);
        const T d = lane[j - i];
        if (!(d > T(0)) || !(d < std::numeric_limits<T>::infinity())) return false;
        const T c = root(d);
        const reg cc = P::splat(c), jj = P::splat(as_t(j - i)), id = ids();
        P::store(cj + i, P::select(id > jj, P::div(a[0], cc), P::select(id == jj, cc, P::splat(T(0)))));
        for (i += W; i + NB * W <= end; i += NB * W) {
            reg b[NB];
            column<NB>(ct, S, j, k0, i, b);
            for (std::size_t r = 0; r < NB; ++r) P::store(cj + i + r * W, P::div(b[r], cc));
        }
        for (; i < end; i += W) {
            reg b[1];
            column<1>(ct, S, j, k0, i, b);
            P::store(cj + i, P::div(b[0], cc));
        }
        return true;
    }

    // Left-looking Cholesky in place in ct (holding A's lower triangle, from load_lower).
    static bool cholesky(T* ct, std::size_t N, std::size_t S) noexcept {
        const std::size_t end = (N + W - 1) / W * W;
        std::size_t j = 0;
        for (; j + NC <= N; j += NC) {
            const std::size_t i0 = j / W * W;
            std::size_t i = i0;
            for (; i + NBP * W <= end; i += NBP * W) panel<NBP>(ct, S, j, i);
            for (; i < end; i += W) panel<1>(ct, S, j, i);
            for (std::size_t c = 0; c < NC; ++c) {
                // Lanes the panel computed below this column's first register: zeros.
                for (std::size_t z = i0; z < (j + c) / W * W; ++z) ct[(j + c) * S + z] = T(0);
                if (!finish_column(ct, N, S, j + c, j)) return false;
            }
        }
        for (; j < N; ++j)
            if (!finish_column(ct, N, S, j, 0)) return false;
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
            blocks((i + W) / W * W, [&](auto b, std::size_t c) { x_row<decltype(b)::value>(lo, x, S, i, c); });
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
    // y := C^-1 y in place, ct = C^T. Step k: y_k = w_k / C_kk, then w_i -= C_ik y_k for i > k
    // in registers from the one holding k (its lanes below k keep their values, lane k takes
    // y_k: one vector store, no scalar store a later vector load would have to wait for); the
    // part past the last whole register is done one element at a time.
    static void forward(const T* ct, std::size_t N, std::size_t S, T* y) noexcept {
        for (std::size_t k = 0; k < N; ++k) {
            const T* ck = ct + k * S;
            const T yk = y[k] / ck[k];
            const reg b = P::splat(yk);
            std::size_t i = k / W * W;
            if (i + W <= N) {
                const reg old = P::load(y + i), kk = P::splat(as_t(k - i)), id = ids();
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
    // r := C^-T r in place, lo = C row-major. Step k (N-1 down to 0): r_k = w_k / C_kk, then
    // w_i -= C_ki r_k for i < k: whole registers below the one holding k, then that one (lanes
    // above k keep their values, lane k takes r_k), or one element at a time past the last
    // whole register.
    static void backward(const T* lo, std::size_t N, std::size_t S, T* r) noexcept {
        for (std::size_t k = N; k-- > 0;) {
            const T* lk = lo + k * S;
            const T rk = r[k] / lk[k];
            const reg b = P::splat(rk);
            std::size_t i = 0;
            for (; i + W <= k; i += W) P::store(r + i, P::load(r + i) - P::load(lk + i) * b);
            if (i + W <= N) {
                const reg old = P::load(r + i), kk = P::splat(as_t(k - i)), id = ids();
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
const T* factor_rows(const T* ws, std::size_t) noexcept {
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
    K::load_lower(A, N, S, ct);
    if (!K::cholesky(ct, N, S)) {
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
