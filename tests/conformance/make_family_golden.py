#!/usr/bin/env python3
"""Writes tests/conformance/family_golden.inc: the golden outputs of every cell's conformance
cases (GaussianErrorCell in each convention and form, LaplacianErrorCell, BernoulliErrorCell,
LeakyGaussianErrorCell): L as an exact hex float, dprediction, dtarget, dparameter and the
state as 64-bit fingerprints of their bits (FNV-1a over each element's bit pattern,
zero-extended to 64 bits), which hold them bit for bit in a few bytes (the Cortex-M55 board
has 512 KiB for code and constants). `--arrays` prints the full hex arrays instead, for
reading a failure.

An independent implementation of each cell's formulas (docs/semantics.md) in NumPy
float32 (every operation correctly rounded, no FMA, no flush-to-zero) and Python float
(double), with L in the documented fixed summation order (docs/determinism.md; fixed_sum
below) and exp / log from tests/math/ngcrt_math.py (ngcrt's algorithms in NumPy). The
inputs come from the generator below, which tests/conformance/cases.hpp repeats exactly
(a 32-bit xorshift mapped to dyadic values, plus fixed subnormal/extreme lists): mu is the
prediction, Sigma the parameter.

    /usr/bin/python3 tests/conformance/make_family_golden.py > tests/conformance/family_golden.inc
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "math"))
import ngcrt_math as nm  # noqa: E402  (ngcrt's exp and log, bit for bit)

f32 = np.float32
np.seterr(all="ignore")  # overflow to inf is part of the cases (e.g. Sigma * Sigma)
M32 = 0xFFFFFFFF

# name, unit shape, batch, scalar Sigma, modulator live, mask live, kind, also in double
CASES = [
    ("dense1", (1,), 1, 0.7, False, False, "regular", True),
    ("dense7_b3", (7,), 3, 0.7, True, True, "regular", True),
    ("dense33_b2", (33,), 2, 1.3, True, False, "regular", True),
    ("dense67_b2", (67,), 2, 2.0, False, True, "regular", True),
    ("dense1029", (1029,), 1, 0.7, True, True, "regular", False),
    ("fmap3x5x7_b2", (3, 5, 7), 2, 0.9, True, True, "regular", True),
    ("fmap2x2x3_b3", (2, 2, 3), 3, 1.0, False, False, "regular", True),
    ("tiny40", (40,), 1, 2.0 ** 127, True, True, "tiny", True),
    ("planted1056", (1056,), 1, 0.7, True, True, "planted", False),
    ("planted1056_default", (1056,), 1, 0.7, False, False, "planted", False),
]

TINY_MU = [1.5 * 2**-126, 2**-140, -(2**-149), 2**-70, 1.0, 0.0, -(2**-126), 3 * 2**-127, 2**-60, -1.0]
TINY_TARGET = [1.25 * 2**-126, 0.0, 2**-149, 0.0, 1.0 + 2**-23, 2**-130, -(2**-126), 2**-125, -(2**-60), 1.0]
TINY_MOD = [1.0, 2**-60, -(2**-128), 0.0, 2**60, -1.0]
TINY_MASK = [1.0, 0.5, 2**-100, 0.0, 2**-133, 1.0, 1.0]
TINY_SIGMA = [1.0, float(f32(0.7)), 2.0**100, 2.0**127, float(np.finfo(np.float32).max), 2**-40]
# "planted": regular inputs with a few values near the subnormal range, one in each of two
# 1024-element blocks (a kernel that checks for flushes per block must redo each of those
# blocks and no other): (index, field, value); fields 0 mu, 1 target, 2 modulator, 3 mask.
PLANTED = [
    (100, 0, 0.0), (100, 1, 3 * 2**-149), (100, 2, 1.0), (100, 3, 1.0),            # subnormal target
    (1029, 2, 1.0), (1029, 3, 2**-133),                                             # subnormal mask
    (1030, 0, 1.5 * 2**-126), (1030, 1, 1.25 * 2**-126), (1030, 2, 1.0), (1030, 3, 1.0),  # e = -2^-128
]


class XorShift32:
    def __init__(self, seed):
        self.x = seed & M32

    def next(self):
        x = self.x
        x ^= (x << 13) & M32
        x ^= x >> 17
        x ^= (x << 5) & M32
        self.x = x
        return x


def inputs(index, case):
    """mu, target, modulator, mask (n values each) and per-unit Sigma (units values)."""
    name, shape, batch, _, _, _, kind, _ = case
    units = math.prod(shape)
    n = units * batch
    if kind == "tiny":
        mu = [TINY_MU[i % 10] for i in range(n)]
        target = [TINY_TARGET[(i + i // 10) % 10] for i in range(n)]
        mod = [TINY_MOD[i % 6] for i in range(n)]
        mask = [TINY_MASK[i % 7] for i in range(n)]
        sigma = [TINY_SIGMA[j % 6] for j in range(units)]
        return mu, target, mod, mask, sigma
    if kind == "planted":
        fields = list(inputs(index, case[:6] + ("regular",) + case[7:]))
        for i, f, v in PLANTED:
            fields[f][i] = v
        return tuple(fields)
    g = XorShift32(0x9E3779B9 ^ (index * 0x85EBCA6B) & M32 or 1)
    mu, target = [], []
    for _ in range(n):
        a, b = g.next(), g.next()
        m = ((a % 8193) - 4096) * 2.0**-10
        sel = b & 15
        t = m if sel == 0 else 0.0 if sel == 1 else (((b >> 4) % 8193) - 4096) * 2.0**-10
        mu.append(m)
        target.append(t)
    mod = [((g.next() % 4097) - 2048) * 2.0**-10 for _ in range(n)]
    mask = [(0.0, 1.0, 1.0, 0.5)[g.next() & 3] for _ in range(n)]
    sigma = [0.25 + (g.next() % 4096) * 2.0**-10 for _ in range(units)]
    return mu, target, mod, mask, sigma


def fixed_sum(T, t):
    """The documented order (docs/determinism.md): 1024-element blocks, 32 lanes each in
    precision T, halving fold, block sums added in double. Returns the double total."""
    total = 0.0
    for b0 in range(0, len(t), 1024):
        lane = [T(0)] * 32
        for i in range(b0, min(b0 + 1024, len(t))):
            lane[(i - b0) % 32] = lane[(i - b0) % 32] + t[i]
        h = 16
        while h >= 1:
            for l in range(h):
                lane[l] = lane[l] + lane[l + h]
            h //= 2
        total += float(lane[0])
    return total


def hexf(v, suffix):
    v = float(v)
    if math.isfinite(v) and v != 0:
        mant, exp = v.hex().split("p")
        mant = mant.rstrip("0").rstrip(".")
        return mant + "p" + exp + suffix
    if math.isnan(v):
        raise SystemExit("a golden value is NaN: change the inputs (NaN bits are not portable)")
    if math.isinf(v):
        return ("-" if v < 0 else "") + ("NGCRT_INF_F" if suffix == "f" else "NGCRT_INF_D")
    if v == 0:
        return ("-" if math.copysign(1, v) < 0 else "") + "0x0p+0" + suffix
    return v.hex() + suffix


def gated_inputs(case, index):
    """prediction, target, modulator, mask (ones where not live), parameter per unit."""
    _, shape, batch, _, mod_live, mask_live, _, _ = case
    pred, target, mod, mask, param = inputs(index, case)
    n = math.prod(shape) * batch
    return pred, target, mod if mod_live else [1.0] * n, mask if mask_live else [1.0] * n, param


LOG_2PI = 1.837877066409345483560659472811235279722794947275566825634
LN2 = 0.693147180559945309417232121458176568075500134360255254120680


def tlog(T, v):
    """ngcrt's log of one value of precision T (bit for bit)."""
    return T(nm.log(np.asarray([v], np.float32 if T is f32 else np.float64))[0])


def column_sums(T, values, units):
    """sum over the batch rows (in order, in T) per unit column."""
    col = [T(0)] * units
    for i, v in enumerate(values):
        col[i % units] = col[i % units] + v
    return col


def gaussian_on(T, case, index, per_unit, conv, es):
    """GaussianErrorCell's outputs from the errors es (target - mu, or a leaky cell's e):
    3.1  d = e * (1/s); t = e*e (scalar: L = (-S) * (1/((s*s)*2))) or e*e * (1/((s_j*s_j)*2))
         (per unit: L = -S); dSigma ones
    3.2  d = e / s; t = e*e (L = (-S) * (0.5/s)) or e*e * (0.5/s_j) (L = -S); dSigma ones
    exact  r = e * (1/s); t = e*e (scalar: L = (-S)*(0.5 p) - n*0.5(log s + log 2pi))
         or e*e*(0.5 p_j) (per unit: L = -S - B*0.5(sum_j log s_j + N log 2pi)); dSigma as the spec.
    d gated by modulator and mask; dtarget from -d likewise."""
    _, _, mod, mask, sigma = gated_inputs(case, index)
    units = math.prod(case[1])
    n = len(es)
    B = T(n // units)
    one, two, half, l2p = T(1), T(2), T(0.5), T(LOG_2PI)
    s0 = T(case[3])
    sj = [T(sigma[j]) for j in range(units)]
    dp, dt, t, ee = [], [], [], []
    for i in range(n):
        e = es[i]
        s = sj[i % units] if per_unit else s0
        if conv == "ngclearn_3_2":
            d = e / s
        else:
            d = e * (one / s)
        dp.append((d * T(mod[i])) * T(mask[i]))
        dt.append(((-d) * T(mod[i])) * T(mask[i]))
        ee.append(e * e)
        if not per_unit:
            t.append(e * e)
        elif conv == "ngclearn_3_1":
            t.append((e * e) * (one / ((s * s) * two)))
        elif conv == "ngclearn_3_2":
            t.append((e * e) * (half / s))
        else:
            t.append((e * e) * (half * (one / s)))
    S = T(fixed_sum(T, t))
    if conv != "exact":
        if per_unit:
            L = -S
        elif conv == "ngclearn_3_1":
            L = (-S) * (one / ((s0 * s0) * two))
        else:
            L = (-S) * (half / s0)
        return dp, dt, L, [one] * (units if per_unit else 1)
    if per_unit:
        p = [one / sj[j] for j in range(units)]
        hp = [half * p[j] for j in range(units)]
        logsum = T(0)
        for j in range(units):
            logsum = logsum + tlog(T, sj[j])
        L = (-S) - B * (half * (logsum + T(units) * l2p))
        col = column_sums(T, ee, units)
        return dp, dt, L, [(col[j] * (hp[j] * p[j])) - (B * hp[j]) for j in range(units)]
    p0 = one / s0
    L = ((-S) * (half * p0)) - T(n) * (half * (tlog(T, s0) + l2p))
    return dp, dt, L, [(S * (half * (p0 * p0))) - (T(n) * (half * p0))]


# ---- the full covariance: docs/linalg.md's fixed order, one IEEE operation at a time -----------
FULL_MAX_UNITS = 33  # the dense cases small enough for every board's memory


def full_sigma(case, index):
    """The case's full covariance (tests/conformance/cases.hpp repeats it): 0.25 + sigma_i on
    the diagonal, ((7 i + 3 j) mod 17 - 8) 2^-12 off it (i > j; symmetric): strictly
    diagonally dominant, every value exact in float."""
    sigma = inputs(index, case)[4]
    N = math.prod(case[1])
    a = [[0.0] * N for _ in range(N)]
    for i in range(N):
        a[i][i] = 0.25 + sigma[i]
        for j in range(i):
            a[i][j] = a[j][i] = ((7 * i + 3 * j) % 17 - 8) * 2.0 ** -12
    return a


def tsqrt(T, v):
    return T(np.sqrt(np.float32(v))) if T is f32 else math.sqrt(v)


def lanes16(T, terms):
    """16 lanes from +0, lane l adding terms[i] for i = l mod 16 in increasing i; halving fold."""
    lane = [T(0)] * 16
    for i, t in enumerate(terms):
        lane[i % 16] = lane[i % 16] + t
    h = 8
    while h >= 1:
        for l in range(h):
            lane[l] = lane[l] + lane[l + h]
        h //= 2
    return lane[0]


def dense_factor(T, A):
    """C (lower), log det, P = A^-1."""
    N = len(A)
    C = [[T(0)] * N for _ in range(N)]
    for j in range(N):
        col = []
        for i in range(j, N):
            s_ = T(A[i][j])
            for k in range(j):
                s_ = s_ - C[i][k] * C[j][k]
            col.append(s_)
        d = col[0]
        assert d > 0
        C[j][j] = tsqrt(T, d)
        for i in range(j + 1, N):
            C[i][j] = col[i - j] / C[j][j]
    ld = lanes16(T, [tlog(T, C[i][i]) for i in range(N)])
    logdet = ld + ld
    X = [[T(0)] * N for _ in range(N)]
    for j in range(N):
        for i in range(j, N):
            v = T(1) if i == j else T(0)
            for k in range(j, i):
                v = v - C[i][k] * X[k][j]
            X[i][j] = v / C[i][i]
    P = [[T(0)] * N for _ in range(N)]
    for i in range(N):
        for j in range(i + 1):
            v = T(0)
            for k in range(i, N):
                v = v + X[k][i] * X[k][j]
            P[i][j] = P[j][i] = v
    return C, logdet, P


def dense_solve(T, C, e):
    """r = A^-1 e, q = e^T A^-1 e."""
    N = len(C)
    y = [T(0)] * N
    for i in range(N):
        v = e[i]
        for k in range(i):
            v = v - C[i][k] * y[k]
        y[i] = v / C[i][i]
    q = lanes16(T, [y[i] * y[i] for i in range(N)])
    r = [T(0)] * N
    for i in reversed(range(N)):
        v = y[i]
        for k in reversed(range(i + 1, N)):
            v = v - C[k][i] * r[k]
        r[i] = v / C[i][i]
    return r, q


def gaussian_full(T, case, index, es):
    """Convention::exact, SigmaShape::full, from the errors es: per row b, r_b and q_b
    (dense_solve), S = sum_b q_b (T, from +0); dmu = (r * mod) * mask, dtarget from -r;
    L = ((-S) * 0.5) - B * (0.5 * (log det + N log 2pi)); dSigma_ij = 0.5 * (M_ij - B P_ij),
    M_ij = sum_b r_bi r_bj (increasing b, from +0)."""
    if len(case[1]) != 1 or case[1][0] > FULL_MAX_UNITS or case[6] != "regular":
        return None
    _, _, mod, mask, _ = gated_inputs(case, index)
    N = case[1][0]
    B = len(es) // N
    C, logdet, P = dense_factor(T, full_sigma(case, index))
    S = T(0)
    rs = []
    for b in range(B):
        r, q = dense_solve(T, C, es[b * N:(b + 1) * N])
        S = S + q
        rs.extend(r)
    dp = [(rs[i] * T(mod[i])) * T(mask[i]) for i in range(len(rs))]
    dt = [((-rs[i]) * T(mod[i])) * T(mask[i]) for i in range(len(rs))]
    half = T(0.5)
    L = ((-S) * half) - T(B) * (half * (logdet + T(N) * T(LOG_2PI)))
    M = [[T(0)] * N for _ in range(N)]
    for b in range(B):
        r = rs[b * N:(b + 1) * N]
        for i in range(N):
            for j in range(N):
                M[i][j] = M[i][j] + r[i] * r[j]
    dpar = [half * (M[i][j] - T(B) * P[i][j]) for i in range(N) for j in range(N)]
    return dp, dt, L, dpar


def gaussian(T, case, index, form, conv):
    """GaussianErrorCell: e = target - mu, then gaussian_on (scalar, per unit) or
    gaussian_full (full covariance: Convention::exact, dense cases only)."""
    mu, target, _, _, _ = gated_inputs(case, index)
    es = [T(target[i]) - T(mu[i]) for i in range(len(mu))]
    if form == "full":
        return gaussian_full(T, case, index, es)
    return gaussian_on(T, case, index, form == "unit", conv, es)


# LeakyGaussianErrorCell: tau and the steps' dt (test_conformance.cpp repeats them).
LEAKY_TAU = 0.0625
LEAKY_DTS = (0.01, 0.03125, 0.01)


def leaky_gaussian(T, case, index, form, conv, integrator):
    """From e = 0, one step per dt of LEAKY_DTS on the case's inputs (the mask set again
    before each): x = target - mu, a = -expm1(-(dt/tau)) (ngcrt's expm1) or dt/tau,
    e = e + a * (x - e); then the last step's outputs are GaussianErrorCell's on e.
    Returns those and e."""
    mu, target, _, _, _ = gated_inputs(case, index)
    D = np.float32 if T is f32 else np.float64
    tau = T(LEAKY_TAU)
    x = [T(target[i]) - T(mu[i]) for i in range(len(mu))]
    e = [T(0)] * len(mu)
    for dt in LEAKY_DTS:
        r = T(dt) / tau
        a = r if integrator == "euler" else T(-nm.expm1(np.asarray([-r], D))[0])
        e = [e[i] + a * (x[i] - e[i]) for i in range(len(e))]
    if form == "full":
        out = gaussian_full(T, case, index, e)
        return None if out is None else out + (e,)
    return gaussian_on(T, case, index, form == "unit", conv, e) + (e,)


def laplacian(T, case, index, per_unit, exact=False):
    """dshift, dtarget, L: e = target - shift, dshift = (sign(e) / Scale * mod) * mask,
    dtarget from -sign(e) / Scale likewise, t = [e != 0] (scalar Scale, L = (-S) * (1/Scale))
    or [e != 0] / Scale_j (per unit, L = -S)."""
    shift, target, mod, mask, scale = gated_inputs(case, index)
    units = math.prod(case[1])
    n = len(shift)
    B = T(n // units)
    one, zero = T(1), T(0)
    r0 = one / T(case[3])
    dp, dt, t, ae = [], [], [], []
    for i in range(n):
        e = T(target[i]) - T(shift[i])
        sign = one if e > zero else -one if e < zero else e
        r = one / T(scale[i % units]) if per_unit else r0
        d = sign / (T(scale[i % units]) if per_unit else T(case[3]))
        dp.append((d * T(mod[i])) * T(mask[i]))
        dt.append(((-d) * T(mod[i])) * T(mask[i]))
        ae.append(abs(e))
        if exact:
            t.append(abs(e) * r if per_unit else abs(e))
        else:
            t.append(zero if e == zero else (r if per_unit else one))
    S = T(fixed_sum(T, t))
    if not exact:
        return dp, dt, (-S if per_unit else (-S) * r0), [one] * (units if per_unit else 1)
    ln2 = T(LN2)
    if per_unit:
        r = [one / T(scale[j]) for j in range(units)]
        logsum = T(0)
        for j in range(units):
            logsum = logsum + (ln2 + tlog(T, T(scale[j])))
        col = column_sums(T, ae, units)
        return dp, dt, (-S) - B * logsum, [(col[j] * (r[j] * r[j])) - (B * r[j]) for j in range(units)]
    L = ((-S) * r0) - T(n) * (ln2 + tlog(T, T(case[3])))
    return dp, dt, L, [(S * (r0 * r0)) - (T(n) * r0)]


def bernoulli(T, case, index, logits, exact=False):
    """dp, dtarget, L with x = target, q = clip(sigmoid(p) or p, 1e-4, 1 - 1e-4):
    t = log(q) x + log(1 - q)(1 - x) (L = S), g = x - q (logits) or
    (x/q - (1-x)/(1-q)) * s(1 - s), s = sigmoid(p); h = log(q) - log(1 - q); both gated."""
    p, x, mod, mask, _ = gated_inputs(case, index)
    D = np.float32 if T is f32 else np.float64
    P, X, MOD, MASK = (np.asarray(v, D) for v in (p, x, mod, mask))
    one, eps, hi = D(1), D(1e-4), D(0.9999)

    def sigmoid(v):
        return one / (one + nm.exp(-v))

    q = sigmoid(P) if logits else P.copy()
    q = np.where(q < eps, eps, q)  # comparisons are false for NaN: it stays
    q = np.where(q > hi, hi, q)
    omq, omx = one - q, one - X
    lq, lomq = nm.log(q), nm.log(omq)
    t = (lq * X) + (lomq * omx)
    if logits:
        g = X - q
    elif exact:
        g = X / q - omx / omq
    else:
        s = sigmoid(P)
        g = (X / q - omx / omq) * (s * (one - s))
    h = lq - lomq
    dp, dt = (g * MOD) * MASK, (h * MOD) * MASK
    S = T(fixed_sum(T, [T(v) for v in t]))
    return [T(v) for v in dp], [T(v) for v in dt], S, []


# cell, variants: (form, convention, function of (T, case, index) -> dp, dt, L, dparameter)
CELLS = [
    ("laplacian", [("scalar", "ngclearn_3_1", lambda T, c, i: laplacian(T, c, i, False)),
                   ("unit", "ngclearn_3_1", lambda T, c, i: laplacian(T, c, i, True)),
                   ("scalar", "exact", lambda T, c, i: laplacian(T, c, i, False, True)),
                   ("unit", "exact", lambda T, c, i: laplacian(T, c, i, True, True))]),
    ("bernoulli", [("probability", "ngclearn_3_1", lambda T, c, i: bernoulli(T, c, i, False)),
                   ("logits", "ngclearn_3_1", lambda T, c, i: bernoulli(T, c, i, True)),
                   ("probability", "exact", lambda T, c, i: bernoulli(T, c, i, False, True)),
                   ("logits", "exact", lambda T, c, i: bernoulli(T, c, i, True, True))]),
    ("gaussian", [(form, conv, (lambda form, conv: lambda T, c, i: gaussian(T, c, i, form, conv))(form, conv))
                  for conv in ("ngclearn_3_1", "ngclearn_3_2", "exact")
                  for form in ("scalar", "unit", "full")
                  if form != "full" or conv == "exact"]),
    ("leaky_gaussian", [(f"{form}_{integ}", conv,
                         (lambda form, conv, integ: lambda T, c, i: leaky_gaussian(T, c, i, form, conv, integ))(
                             form, conv, integ))
                        for integ in ("exponential", "euler")
                        for form in ("scalar", "unit", "full")
                        for conv in ("ngclearn_3_1", "ngclearn_3_2", "exact")
                        if form != "full" or conv == "exact"]),
]


def fingerprint(values, T):
    """FNV-1a, one 64-bit word per element: its bit pattern (float32 zero-extended)."""
    h = 0xCBF29CE484222325
    for v in values:
        word = int(np.asarray(v, np.float32).view(np.uint32)) if T is f32 else int(np.asarray(v, np.float64).view(np.uint64))
        h = ((h ^ word) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def write_array(out, ctype, sym, values, suffix):
    out.write(f"static const {ctype} {sym}[] = {{")
    for i, v in enumerate(values):
        out.write(("\n    " if i % 6 == 0 else " ") + hexf(v, suffix) + ",")
    out.write("\n};\n")


def main():
    arrays = "--arrays" in sys.argv[1:]
    out = sys.stdout
    out.write("// Generated by tests/conformance/make_family_golden.py: do not edit.\n")
    out.write("// Golden L (exact hex floats) and fingerprints of dprediction, dtarget, dparameter and the\n")
    out.write("// state (a leaky cell's e) of every cell's conformance cases.\n")
    for cell, variants in CELLS:
        entries = []
        for index, case in enumerate(CASES):
            for tname, T, suffix in (("f32", f32, "f"), ("f64", float, "")):
                if tname == "f64" and not case[7]:
                    continue
                ctype = "float" if tname == "f32" else "double"
                for variant, conv, fn in variants:
                    got = fn(T, case, index)
                    if got is None:  # (a variant not run on this case)
                        continue
                    dp, dt, L, dpar, *rest = got
                    state = rest[0] if rest else []
                    sym = f"{cell}_{case[0]}_{tname}_{variant}_{conv}"
                    if arrays:
                        write_array(out, ctype, sym + "_dp", dp, suffix)
                        write_array(out, ctype, sym + "_dt", dt, suffix)
                        write_array(out, ctype, sym + "_dparameter", dpar, suffix)
                        write_array(out, ctype, sym + "_state", state, suffix)
                    entries.append((tname, index, variant, conv, len(dp), fingerprint(dp, T), fingerprint(dt, T),
                                    fingerprint(dpar, T), fingerprint(state, T), hexf(L, suffix)))
        for tname in ("f32", "f64"):
            ctype = "float" if tname == "f32" else "double"
            out.write(f"static const family_golden<{ctype}> {cell}_{tname}[] = {{\n")
            for t, index, variant, conv, n, hdp, hdt, hpar, hst, L in entries:
                if t == tname:
                    out.write(f'    {{{index}, "{variant}", ngcrt::Convention::{conv}, {n}, 0x{hdp:016x}u, 0x{hdt:016x}u, '
                              f'0x{hpar:016x}u, 0x{hst:016x}u, {L}}},\n')
            out.write("};\n")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
