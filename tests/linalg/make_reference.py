#!/usr/bin/env python3
# tests/linalg/make_reference.py - the test matrices of src/linalg/cholesky.hpp and their
# float64 reference, printed as C++ (tests/linalg/reference.inc):
#   /usr/bin/python3 tests/linalg/make_reference.py > tests/linalg/reference.inc
#
# Matrices: random symmetric positive definite A = Q diag(lambda) Q^T (Q from the QR of a
# Gaussian matrix, lambda log-spaced over [s, s * cond], a random scale s), then rounded to
# float32, so that the float and double tests factor exactly the same matrix and the reference
# is the exact answer for it; diagonal ones; an almost singular one; and matrices that must be
# rejected (not positive definite, NaN, infinite). Only the lower triangle is written.
#
# Reference (per SPD matrix): the Cholesky factor C, log det A, A^-1, and r = A^-1 e and
# q = e^T A^-1 e for two right-hand sides (a Gaussian e, and A's first column, whose solve is
# the first unit vector). They are computed here in long double (x87, 64-bit significand: the
# elementwise operations numpy runs without BLAS) and rounded to double, so this file does not
# depend on which LAPACK/BLAS numpy links; each is asserted to agree with numpy's float64
# linalg.cholesky, slogdet, inv and solve to within 1e-13 x cond (relative, max norm).
import sys

import numpy as np

LD = np.longdouble
assert np.finfo(LD).nmant >= 63, "needs x87 long double (x86-64)"


def spd(rng, n, cond):
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    s = 10.0 ** rng.uniform(-1, 1)
    lam = s * np.logspace(0, np.log10(cond), n) if n > 1 else np.array([s * cond])
    a = (q * lam) @ q.T
    return np.tril(a).astype(np.float32)  # lower triangle, float32 values


def full(lower):
    """The symmetric matrix of a lower triangle."""
    a = np.tril(lower)
    return a + np.tril(a, -1).T


def chol_ld(a):
    n = a.shape[0]
    c = np.zeros((n, n), LD)
    for j in range(n):
        s = a[j:, j].copy()
        for k in range(j):
            s -= c[j:, k] * c[j, k]
        assert s[0] > 0
        d = np.sqrt(s[0])
        c[j, j] = d
        c[j + 1 :, j] = s[1:] / d
    return c


def forward_ld(c, e):
    y = e.astype(LD).copy()
    for k in range(len(y)):
        y[k] /= c[k, k]
        y[k + 1 :] -= c[k + 1 :, k] * y[k]
    return y


def backward_ld(c, y):
    r = y.astype(LD).copy()
    for k in range(len(r) - 1, -1, -1):
        r[k] /= c[k, k]
        r[:k] -= c[k, :k] * r[k]
    return r


def relerr(x, ref):
    x = np.asarray(x, np.float64)
    ref = np.asarray(ref, np.float64)
    m = np.max(np.abs(ref))
    return np.max(np.abs(x - ref)) / m if m > 0 else np.max(np.abs(x))


def reference(lower):
    """C, logdet, P (long double) for the float32 lower triangle; asserted against numpy float64."""
    a64 = full(lower.astype(np.float64))
    a = a64.astype(LD)
    n = a.shape[0]
    c = chol_ld(a)
    logdet = 2 * np.sum(np.log(np.diag(c)))
    x = np.stack([forward_ld(c, np.eye(n)[:, j]) for j in range(n)], axis=1)  # C^-1
    p = x.T @ x
    cond = np.linalg.cond(a64)
    tol = 1e-13 * max(cond, 1.0)
    assert relerr(c, np.linalg.cholesky(a64)) < tol
    sign, ld64 = np.linalg.slogdet(a64)
    assert sign > 0 and abs(float(logdet) - ld64) < tol * max(1.0, abs(ld64))
    assert relerr(p, np.linalg.inv(a64)) < tol
    return a64, c, logdet, p, cond, tol


def solve_ref(a64, c, e, tol):
    r = backward_ld(c, forward_ld(c, e))
    q = np.dot(e.astype(LD), r)
    assert relerr(r, np.linalg.solve(a64, e.astype(np.float64))) < tol
    return r, q


def main():
    cases = []  # (name, lower float32 or with non-finite values, kind)
    seed = 20240613
    rng = np.random.default_rng(seed)
    conds = [1.0, 10.0, 100.0, 1000.0]
    cases.append(("spd n=1", spd(rng, 1, 1.0), "spd"))
    for n in (2, 3, 7, 16):
        for cond in conds:
            cases.append((f"spd n={n} cond={cond:g}", spd(rng, n, cond), "spd"))
    for cond in (10.0, 1000.0):
        cases.append((f"spd n=33 cond={cond:g}", spd(rng, 33, cond), "spd"))
    cases.append(("spd n=64 cond=1000", spd(rng, 64, 1000.0), "spd"))
    # Diagonal: powers of 4 (every result exact), and a wide range.
    cases.append(("diagonal n=5 powers of 4", np.diag(np.float32([4, 1, 0.25, 16, 2.0**-6])), "spd"))
    cases.append(("diagonal n=16 1e-3..1e3", np.diag(np.logspace(-3, 3, 16).astype(np.float32)), "spd"))
    # Almost singular (cond 1e7): positive definite, but float may reject it.
    cases.append(("almost singular n=8 cond=1e7", spd(rng, 8, 1e7), "near"))
    # Rejected.
    cases.append(("indefinite n=2", np.float32([[1, 0], [2, 1]]), "bad"))
    cases.append(("zero pivot n=3 (rank 2)", np.float32([[1, 0, 0], [1, 1, 0], [0, 0, 1]]), "bad"))
    cases.append(("negative n=1", np.float32([[-1]]), "bad"))
    cases.append(("zero n=4", np.zeros((4, 4), np.float32), "bad"))
    q, _ = np.linalg.qr(rng.standard_normal((7, 7)))
    lam = np.float64([3, 2, 1, 0.5, -0.25, 1.5, 4])
    cases.append(("indefinite n=7 (one eigenvalue -0.25)", np.tril((q * lam) @ q.T).astype(np.float32), "bad"))
    neg = spd(rng, 16, 10.0)
    neg[15, 15] = -1
    cases.append(("negative last diagonal n=16", neg, "bad"))
    for name, n, (i, j), v in (
        ("NaN below the diagonal n=7", 7, (5, 2), np.nan),
        ("NaN on the diagonal n=16", 16, (9, 9), np.nan),
        ("+inf on the diagonal n=7", 7, (6, 6), np.inf),
        ("-inf below the diagonal n=3", 3, (2, 0), -np.inf),
        ("+inf below the diagonal n=33", 33, (32, 31), np.inf),
    ):
        m = spd(rng, n, 10.0)
        m[i, j] = v
        cases.append((name, m, "bad"))

    out = []
    w = out.append
    w("// tests/linalg/reference.inc - generated by tests/linalg/make_reference.py (do not edit):")
    w("//   /usr/bin/python3 tests/linalg/make_reference.py > tests/linalg/reference.inc")
    w("// Test matrices (lower triangle, row-major, float32 values) and their float64 reference:")
    w("// Cholesky factor and inverse (lower triangles), log det, and two solves (r = A^-1 e, q = e^T r).")
    w(f"// numpy {np.__version__}, seed {seed}.")

    def trim(h):
        """0x1.4c52140000000p-3 -> 0x1.4c5214p-3 (the same value)."""
        mant, exp = h.split("p")
        if "." in mant:
            mant = mant.rstrip("0").rstrip(".")
        return mant + "p" + exp

    def lit_f(v):
        v = float(v)
        if np.isnan(v):
            return "LA_NAN"
        if np.isinf(v):
            return "LA_INF" if v > 0 else "-LA_INF"
        return trim(v.hex()) + "f"

    def lit_d(v):
        return trim(float(v).hex())

    def arr(ctype, name, vals, lit):
        w(f"static const {ctype} {name}[] = {{")
        line = "   "
        for v in vals:
            s = " " + lit(v) + ","
            if len(line) + len(s) > 110:
                w(line)
                line = "   "
            line += s
        w(line)
        w("};")

    entries = []
    for idx, (name, lower, kind) in enumerate(cases):
        n = lower.shape[0]
        tri = [lower[i, j] for i in range(n) for j in range(i + 1)]
        arr("float", f"a{idx}", tri, lit_f)
        if kind == "bad":
            entries.append(f'    {{"{name}", {n}, 0.0, false, false, a{idx}, nullptr, nullptr, 0.0, nullptr, nullptr, nullptr}},')
            continue
        a64, c, logdet, p, cond, tol = reference(lower)
        arr("double", f"c{idx}", [c[i, j] for i in range(n) for j in range(i + 1)], lit_d)
        arr("double", f"p{idx}", [p[i, j] for i in range(n) for j in range(i + 1)], lit_d)
        e0 = rng.standard_normal(n).astype(np.float32)
        e1 = lower[:, 0].astype(np.float32)  # the first column of A (lower triangle: column 0 is whole)
        es, rs, qs = [], [], []
        for e in (e0, e1):
            r, q = solve_ref(a64, c, e, tol)
            es += list(e)
            rs += list(r)
            qs.append(q)
        arr("float", f"e{idx}", es, lit_f)
        arr("double", f"r{idx}", rs, lit_d)
        arr("double", f"q{idx}", qs, lit_d)
        near = "true" if kind == "near" else "false"
        entries.append(
            f'    {{"{name}", {n}, {cond:.6g}, true, {near}, a{idx}, c{idx}, p{idx}, {lit_d(logdet)}, e{idx}, r{idx}, q{idx}}},'
        )
    w("static const ref_case cases[] = {")
    out.extend(entries)
    w("};")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
