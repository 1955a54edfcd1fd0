#!/usr/bin/env python3
"""Writes tests/conformance/golden.inc: the hex-float golden outputs of the conformance test.

An independent implementation of docs/semantics.md and docs/determinism.md in NumPy
float32 (every operation correctly rounded, no FMA, no flush-to-zero) and Python float
(double): dmu element by element in the spec's operation order, L in the documented
fixed summation order (32 lanes, 1024-element blocks, block sums added in double).

The inputs come from the generator below, which tests/test_conformance.cpp repeats
exactly (a 32-bit xorshift mapped to dyadic values, plus fixed subnormal/extreme lists).

    /usr/bin/python3 tests/conformance/make_golden.py > tests/conformance/golden.inc
"""
import math
import sys

import numpy as np

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


def step(T, case, index, conv, per_unit):
    """dmu (list of T) and L (T) for one case: the spec's formulas in precision T."""
    _, shape, batch, scalar_sigma, mod_live, mask_live, _, _ = case
    mu, target, mod, mask, sigma = inputs(index, case)
    units = math.prod(shape)
    n = units * batch
    one, two, half = T(1), T(2), T(0.5)
    if not mod_live:
        mod = [1.0] * n
    if not mask_live:
        mask = [1.0] * n
    s0 = T(scalar_sigma)
    k = one / s0 if conv == "3_1" else s0
    dmu, t = [], []
    for i in range(n):
        e = T(target[i]) - T(mu[i])
        ee = e * e
        if per_unit:
            s = T(sigma[i % units])
            if conv == "3_1":
                d = e * (one / s)
                c = one / ((s * s) * two)
            else:
                d = e / s
                c = half / s
            t.append(ee * c)
        else:
            d = e * k if conv == "3_1" else e / k
            t.append(ee)
        dmu.append((d * T(mod[i])) * T(mask[i]))
    S = T(fixed_sum(T, t))
    if per_unit:
        L = -S
    elif conv == "3_1":
        L = (-S) * (one / ((s0 * s0) * two))
    else:
        L = (-S) * (half / s0)
    return dmu, L


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


def main():
    out = sys.stdout
    out.write("// Generated by tests/conformance/make_golden.py: do not edit.\n")
    out.write("// Golden dmu and L of every conformance case, as exact hex floats.\n")
    entries = []
    for index, case in enumerate(CASES):
        for tname, T, suffix in (("f32", f32, "f"), ("f64", float, "")):
            if tname == "f64" and not case[7]:
                continue
            for conv in ("3_1", "3_2"):
                for per_unit in (False, True):
                    dmu, L = step(T, case, index, conv, per_unit)
                    sym = f"g_{case[0]}_{tname}_{conv}_{'unit' if per_unit else 'scalar'}"
                    ctype = "float" if tname == "f32" else "double"
                    out.write(f"static const {ctype} {sym}[] = {{")
                    for i, v in enumerate(dmu):
                        out.write(("\n    " if i % 6 == 0 else " ") + hexf(v, suffix) + ",")
                    out.write("\n};\n")
                    entries.append((tname, index, conv, per_unit, sym, hexf(L, suffix)))
    for tname in ("f32", "f64"):
        ctype = "float" if tname == "f32" else "double"
        out.write(f"static const golden<{ctype}> golden_{tname}[] = {{\n")
        for t, index, conv, per_unit, sym, L in entries:
            if t != tname:
                continue
            c = "ngcrt::Convention::ngclearn_" + conv
            ss = "ngcrt::SigmaShape::per_unit" if per_unit else "ngcrt::SigmaShape::scalar"
            out.write(f"    {{{index}, {c}, {ss}, {sym}, sizeof({sym}) / sizeof({sym}[0]), {L}}},\n")
        out.write("};\n")


if __name__ == "__main__":
    main()
