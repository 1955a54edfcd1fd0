// tests/linalg/test_linalg.cpp - src/linalg/cholesky.hpp (the full-covariance Gaussian's
// factor, log det, inverse and solves) on the pack of the kernel this run is pinned to
// (--ngcrt-kernel; CTest runs it once per kernel: linalg[<target>:<kernel>]):
//   - accuracy against the float64 reference of reference.inc (float within 1e-4, double
//     within 1e-10, relative to the largest reference value, for condition numbers up to 1e3);
//   - rejection of matrices that are not positive definite or hold NaN or infinities, with
//     the workspace and log det left as they were;
//   - the upper triangle is never read; in-place solves give the same bits;
//   - the same bits as the scalar pack (workspace and every output), and the golden
//     fingerprints of fingerprint.inc (from the scalar pack on the host) on every target.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>

#include <ngcrt/ngcrt.hpp>

#include "cases.hpp"

namespace ngcrt_linalg_test {
#include "fingerprint.inc"
}

namespace {

using namespace ngcrt_linalg_test;
static_assert(sizeof golden / sizeof golden[0] == n_cases, "fingerprint.inc is stale: regenerate it");

// The pack of the kernel this run is pinned to (helium: the scalar pack, which is what the
// library runs on Cortex-M55 outside its hand-written step loops).
const runner& active_runner() {
    switch (ngcrt::active_kernel()) {
#if defined(NGCRT_LINALG_TEST_X86)
        case ngcrt::kernel::sse2: return runner_sse2();
        case ngcrt::kernel::avx2: return runner_avx2();
        case ngcrt::kernel::avx512: return runner_avx512();
#endif
#if defined(NGCRT_LINALG_TEST_NEON)
        case ngcrt::kernel::neon:
        case ngcrt::kernel::neon64: return runner_neon();
#endif
        default: return runner_scalar();
    }
}

// Static: the largest case's buffers are a few hundred KiB (too much for a bare-metal stack).
template <class T>
struct buffers {
    static scratch<T> s1, s2;
    static result<T> r1, r2;
};
template <class T>
scratch<T> buffers<T>::s1;
template <class T>
scratch<T> buffers<T>::s2;
template <class T>
result<T> buffers<T>::r1;
template <class T>
result<T> buffers<T>::r2;

const char* type_name(float) { return "float"; }
const char* type_name(double) { return "double"; }

template <class T>
bool same_bits(const T* a, const T* b, std::size_t n) {
    return std::memcmp(a, b, n * sizeof(T)) == 0;
}

// a = max(a, b), with a NaN b winning. (Plain comparisons: GCC 12 for AArch64 fails with an
// internal error vectorising an std::fmax reduction here.)
inline void raise_to(double& a, double b) {
    if (!(b <= a)) a = b;
}

// Largest |x - ref| over the largest |ref|.
template <class T>
double rel(const T* x, const double* ref, std::size_t n) {
    double d = 0, m = 0;
    for (std::size_t i = 0; i < n; ++i) {
        raise_to(d, std::fabs(static_cast<double>(x[i]) - ref[i]));
        raise_to(m, std::fabs(ref[i]));
    }
    return m > 0 ? d / m : d;
}

struct errors {
    double c, logdet, p, r, q;
};

template <class T>
errors measure(const ref_case& rc, const result<T>& out) {
    const std::size_t n = rc.n;
    errors e{};
    e.c = rel(out.c, rc.c, n * (n + 1) / 2);
    e.logdet = std::fabs(static_cast<double>(out.logdet) - rc.logdet) / std::fmax(1.0, std::fabs(rc.logdet));
    // A^-1: its lower triangle against the reference's, and exactly symmetric.
    double pd = 0, pm = 0;
    for (std::size_t i = 0, t = 0; i < n; ++i)
        for (std::size_t j = 0; j <= i; ++j, ++t) {
            raise_to(pd, std::fabs(static_cast<double>(out.p[i * n + j]) - rc.p[t]));
            raise_to(pm, std::fabs(rc.p[t]));
            if (!same_bits(&out.p[i * n + j], &out.p[j * n + i], 1)) pd = INFINITY;
        }
    e.p = pd / pm;
    for (std::size_t b = 0; b < n_rhs; ++b) {
        raise_to(e.r, rel(out.r[b], rc.r + b * n, n));
        raise_to(e.q, std::fabs(static_cast<double>(out.q[b]) - rc.q[b]) / std::fabs(rc.q[b]));
    }
    return e;
}

template <class T>
errors accuracy(const runner& pack, const ref_case& rc) {
    using B = buffers<T>;
    run(pack.get(T{}), rc, upper::mirror, B::s1, B::r1);
    INFO(rc.name << ", " << type_name(T{}) << ", pack " << pack.name);
    if (!B::r1.ok) {
        CHECK((rc.near_singular && sizeof(T) == 4));  // only float may reject the almost singular matrix
        return errors{-1, -1, -1, -1, -1};
    }
    const errors e = measure(rc, B::r1);
    const double tol =
        rc.near_singular ? (sizeof(T) == 4 ? INFINITY : 1e-6) : (sizeof(T) == 4 ? 1e-4 : 1e-10);
    CHECK(e.c <= tol);
    CHECK(e.logdet <= tol);
    CHECK(e.p <= tol);
    CHECK(e.r <= tol);
    CHECK(e.q <= tol);
    return e;
}

}  // namespace

TEST_CASE("linalg: factor, log det, inverse and solves against the float64 reference") {
    const runner& pack = active_runner();
    std::printf(
        "linalg accuracy on pack %s: max |x - ref| / max |ref| (C, log det, A^-1, r; q, log det: "
        "relative)\n  %-30s %-40s %s\n",
        pack.name, "matrix", "float: C logdet P r q", "double: C logdet P r q");
    for (std::size_t k = 0; k < n_cases; ++k) {
        const ref_case& rc = cases[k];
        if (!rc.spd) continue;
        const errors f = accuracy<float>(pack, rc), d = accuracy<double>(pack, rc);
        std::printf("  %-30s %.1e %.1e %.1e %.1e %.1e   %.1e %.1e %.1e %.1e %.1e\n", rc.name, f.c, f.logdet,
                    f.p, f.r, f.q, d.c, d.logdet, d.p, d.r, d.q);
    }
}

namespace {
template <class T>
void check_rejection(const runner& pack, const ref_case& rc) {
    using B = buffers<T>;
    const ops<T>& o = pack.get(T{});
    const std::size_t n = rc.n, size = la::workspace_size(n);
    INFO(rc.name << ", " << type_name(T{}) << ", pack " << pack.name);
    // A valid factor first: 2 on the diagonal, 1/(n+1) elsewhere (diagonally dominant).
    T* a = B::s1.a;
    for (std::size_t i = 0; i < n * n; ++i) a[i] = T(1) / static_cast<T>(n + 1);
    for (std::size_t i = 0; i < n; ++i) a[i * n + i] = T(2);
    T logdet = 0;
    REQUIRE(o.factor(a, n, B::s1.ws, logdet));
    std::memcpy(B::s2.ws, B::s1.ws, size * sizeof(T));
    const T logdet0 = logdet;
    full_matrix(rc, upper::mirror, a);
    CHECK_FALSE(o.factor(a, n, B::s1.ws, logdet));
    CHECK(same_bits(B::s1.ws, B::s2.ws, size));
    CHECK(same_bits(&logdet, &logdet0, 1));
    CHECK_FALSE(o.factor_logdet(a, n, B::s1.ws, logdet));
    CHECK(same_bits(B::s1.ws, B::s2.ws, size));
    CHECK(same_bits(&logdet, &logdet0, 1));
}
}  // namespace

TEST_CASE("linalg: not positive definite, NaN or infinite is rejected, and changes nothing") {
    const runner& pack = active_runner();
    for (std::size_t k = 0; k < n_cases; ++k) {
        if (cases[k].spd) continue;
        check_rejection<float>(pack, cases[k]);
        check_rejection<double>(pack, cases[k]);
    }
}

namespace {
template <class T>
void check_same_bits(const runner& pack, const ref_case& rc, std::size_t k) {
    using B = buffers<T>;
    const runner& scalar = runner_scalar();
    INFO(rc.name << ", " << type_name(T{}) << ", pack " << pack.name << " against the scalar pack");
    const std::size_t n = rc.n;
    run(pack.get(T{}), rc, upper::mirror, B::s1, B::r1);
    run(scalar.get(T{}), rc, upper::mirror, B::s2, B::r2);
    const result<T>& x = B::r1;
    const result<T>& s = B::r2;
    REQUIRE(x.ok == s.ok);
    const std::uint64_t fp = fingerprint(rc, x);
    {
        INFO("golden fingerprint 0x" << std::hex << golden[k][sizeof(T) == 4 ? 0 : 1] << ", got 0x" << fp
                                     << std::dec);
        CHECK(fp == golden[k][sizeof(T) == 4 ? 0 : 1]);
    }
    if (!x.ok) return;
    CHECK(same_bits(B::s1.ws, B::s2.ws, la::workspace_size(n)));
    CHECK(same_bits(&x.logdet, &s.logdet, 1));
    CHECK(same_bits(x.c, s.c, n * (n + 1) / 2));
    CHECK(same_bits(x.p, s.p, n * n));
    for (std::size_t b = 0; b < n_rhs; ++b) {
        CHECK(same_bits(x.y[b], s.y[b], n));
        CHECK(same_bits(x.r[b], s.r[b], n));
        CHECK(same_bits(x.q + b, s.q + b, 1));
        // In place (e, y and r one array): r and q as with separate arrays.
        CHECK(same_bits(x.r_in_place[b], x.r[b], n));
        CHECK(same_bits(x.q_in_place + b, x.q + b, 1));
    }
    // The upper triangle is never read: NaN there changes nothing.
    run(pack.get(T{}), rc, upper::nan, B::s2, B::r2);
    CHECK(B::r2.ok == x.ok);
    CHECK(fingerprint(rc, B::r2) == fp);
}
}  // namespace

TEST_CASE("linalg: same bits as the scalar pack and the golden fingerprints, upper triangle unread") {
    const runner& pack = active_runner();
    std::printf("linalg: pack %s against the scalar pack and the goldens, %u matrices\n", pack.name,
                static_cast<unsigned>(n_cases));
    for (std::size_t k = 0; k < n_cases; ++k) {
        check_same_bits<float>(pack, cases[k], k);
        check_same_bits<double>(pack, cases[k], k);
    }
}
