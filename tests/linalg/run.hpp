// tests/linalg/run.hpp - one test matrix (reference.inc) through src/linalg/cholesky.hpp with the
// functions of one pack: what every test and the fingerprint printer share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "linalg/cholesky.hpp"

namespace ngcrt_linalg_test {

namespace la = ngcrt::detail::linalg;

#define LA_NAN (__builtin_nanf(""))
#define LA_INF (__builtin_inff())

// A matrix of reference.inc: lower triangle (row by row), and for a positive definite one
// the float64 reference (lower triangles of C and A^-1, log det, two right-hand sides e with
// r = A^-1 e and q = e^T r).
struct ref_case {
    const char* name;
    std::size_t n;
    double cond;
    bool spd;
    bool near_singular;  // positive definite, but float may reject it
    const float* a;
    const double* c;
    const double* p;
    double logdet;
    const float* e;
    const double* r;
    const double* q;
};

inline constexpr std::size_t max_n = 64;
inline constexpr std::size_t n_rhs = 2;

// The functions of one pack (linalg::factor<P> ... for P = this pack).
template <class T>
struct ops {
    bool (*factor)(const T*, std::size_t, T*, T&) noexcept;
    bool (*factor_logdet)(const T*, std::size_t, T*, T&) noexcept;
    T (*solve)(const T*, std::size_t, const T*, T*, T*) noexcept;
};
struct runner {
    const char* name;
    ops<float> f;
    ops<double> d;
    const ops<float>& get(float) const { return f; }
    const ops<double>& get(double) const { return d; }
};
template <class PF, class PD>
runner make_runner(const char* name) {
    return {name,
            {&la::factor<PF>, &la::factor_logdet<PF>, &la::solve<PF>},
            {&la::factor<PD>, &la::factor_logdet<PD>, &la::solve<PD>}};
}

// Each pack's object defines one (pack_<isa>.cpp).
const runner& runner_scalar();
const runner& runner_sse2();
const runner& runner_avx2();
const runner& runner_avx512();
const runner& runner_neon();

// What the upper triangle of the full matrix holds: the mirror of the lower one, or NaN
// (which factor must never read).
enum class upper { mirror, nan };

template <class T>
struct result {
    bool ok;
    T logdet;
    T c[max_n * (max_n + 1) / 2];  // lower triangle of C, row by row
    T p[max_n * max_n];            // A^-1
    T y[n_rhs][max_n], r[n_rhs][max_n], q[n_rhs];
    T r_in_place[n_rhs][max_n], q_in_place[n_rhs];  // solve with e, y and r one array
};

template <class T>
struct scratch {
    T a[max_n * max_n];
    T ws[la::workspace_size(max_n)];
};

template <class T>
void full_matrix(const ref_case& rc, upper u, T* a) {
    const std::size_t n = rc.n;
    for (std::size_t i = 0, t = 0; i < n; ++i)
        for (std::size_t j = 0; j <= i; ++j, ++t) {
            a[i * n + j] = static_cast<T>(rc.a[t]);
            if (j < i) a[j * n + i] = u == upper::nan ? static_cast<T>(LA_NAN) : static_cast<T>(rc.a[t]);
        }
}

template <class T>
void run(const ops<T>& o, const ref_case& rc, upper u, scratch<T>& s, result<T>& out) {
    const std::size_t n = rc.n;
    full_matrix(rc, u, s.a);
    std::memset(&out, 0, sizeof out);
    out.ok = o.factor(s.a, n, s.ws, out.logdet);
    if (!out.ok) return;
    const T* lo = la::factor_rows(s.ws, n);
    const std::size_t S = la::stride(n);
    for (std::size_t i = 0, t = 0; i < n; ++i)
        for (std::size_t j = 0; j <= i; ++j) out.c[t++] = lo[i * S + j];
    std::memcpy(out.p, la::inverse<ngcrt::detail::scalar_pack<T>>(s.ws, n), n * n * sizeof(T));
    if (!rc.e) return;
    for (std::size_t b = 0; b < n_rhs; ++b) {
        T e[max_n];
        for (std::size_t i = 0; i < n; ++i) e[i] = static_cast<T>(rc.e[b * n + i]);
        out.q[b] = o.solve(s.ws, n, e, out.y[b], out.r[b]);
        for (std::size_t i = 0; i < n; ++i) out.r_in_place[b][i] = e[i];
        out.q_in_place[b] = o.solve(s.ws, n, out.r_in_place[b], out.r_in_place[b], out.r_in_place[b]);
    }
}

// FNV-1a, one 64-bit word per value (its bits, zero-extended).
struct fnv {
    std::uint64_t h = 0xCBF29CE484222325u;
    void add(std::uint64_t w) { h = (h ^ w) * 0x100000001B3u; }
    template <class T>
    void add(const T* v, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            if constexpr (sizeof(T) == 4) {
                std::uint32_t b;
                std::memcpy(&b, v + i, 4);
                add(std::uint64_t{b});
            } else {
                std::uint64_t b;
                std::memcpy(&b, v + i, 8);
                add(b);
            }
        }
    }
};

// The fingerprint of a case's outputs: ok, then log det, C, A^-1, and y, r, q of each solve.
template <class T>
std::uint64_t fingerprint(const ref_case& rc, const result<T>& out) {
    fnv f;
    f.add(out.ok ? 1u : 0u);
    if (!out.ok) return f.h;
    const std::size_t n = rc.n;
    f.add(&out.logdet, 1);
    f.add(out.c, n * (n + 1) / 2);
    f.add(out.p, n * n);
    for (std::size_t b = 0; rc.e && b < n_rhs; ++b) {
        f.add(out.y[b], n);
        f.add(out.r[b], n);
        f.add(out.q + b, 1);
    }
    return f.h;
}

}  // namespace ngcrt_linalg_test
