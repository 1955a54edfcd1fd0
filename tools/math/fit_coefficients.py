#!/usr/bin/env python3
"""tools/math/fit_coefficients.py - fits the polynomial coefficients of src/math/elementary.hpp.

    /usr/bin/python3 tools/math/fit_coefficients.py            # prints the C++ tables
    /usr/bin/python3 tools/math/fit_coefficients.py --scan     # error against degree

Each function's polynomial P approximates a smooth kernel g on the reduced interval,
minimising the largest weighted error max |w(t) (g(t) - P(t))| with Lawson's
iteratively reweighted least squares (mpmath, 60 digits). The weight turns an error in P into the relative error it causes
in the final result, so the fit spends its accuracy where the result needs it:

  exp/expm1  g(r) = (e^r - 1 - r - r^2/2) / r^3     r in [-R, R], R = ln2/2 (+ slack)
             w(r) = r^3 / e^r                       (result ~ e^r, P enters as r^3 P)
  log/log1p  g(f) = (log1p(f) - f + f^2/2) / f^3   f in [sqrt(1/2) - 1, sqrt(2) - 1]
             w(f) = f^3 / log1p(f)                  (the e = 0 case, the most demanding)

The coefficients are then rounded to the working precision (float or double) one by
one, each later coefficient refitted with the earlier ones fixed (so the rounding of
the leading, largest terms is compensated by the rest), and the weighted error of the
rounded polynomial is measured on a dense grid. The exhaustive float test and the
random double test (tests/math/) are what establishes the final error of the functions;
the degrees below were chosen from those measurements.
"""
import argparse
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 60

SQRT_HALF = mp.sqrt(mp.mpf(0.5))

# name: (kernel g, weight w, interval, degrees {float, double})
R_EXP = mp.log(2) / 2 * (1 + mp.mpf(2) ** -16)  # float: k from a rounded x*log2(e)
# tanh's polynomial below ln(3)/2 (rounded up); sin and cos on pi/4 plus the slack of a
# k = round(x 2/pi) computed in float.
R_TANH = mp.mpf("0.55")
R_TRIG = mp.pi / 4 * (1 + mp.mpf(2) ** -16)
KERNELS = {
    "exp": (lambda r: (mp.expm1(r) - r - r**2 / 2) / r**3 if r != 0 else mp.mpf(1) / 6,
            lambda r: r**3 / mp.exp(r),
            (-R_EXP, R_EXP), {"float": 4, "double": 10}),
    "log": (lambda f: (mp.log1p(f) - f + f**2 / 2) / f**3 if f != 0 else mp.mpf(1) / 3,
            lambda f: f**3 / mp.log1p(f) if f != 0 else mp.mpf(0),
            (SQRT_HALF - 1, mp.sqrt(2) - 1), {"float": 8, "double": 19}),
    # The odd and even functions in u = x^2 (src/math/tanh.hpp, sincos.hpp): tanh below
    # R_TANH, sin and cos on the reduced interval |r| <= pi/4 (+ the reduction's slack).
    "tanh": (lambda u: (mp.tanh(mp.sqrt(u)) - mp.sqrt(u)) / u**1.5 if u != 0 else -mp.mpf(1) / 3,
             lambda u: u**1.5 / mp.tanh(mp.sqrt(u)) if u != 0 else mp.mpf(0),
             (mp.mpf(0), R_TANH**2), {"float": 5, "double": 11}),
    "sin": (lambda u: (mp.sin(mp.sqrt(u)) - mp.sqrt(u)) / u**1.5 if u != 0 else -mp.mpf(1) / 6,
            lambda u: u**1.5 / mp.sin(mp.sqrt(u)) if u != 0 else mp.mpf(0),
            (mp.mpf(0), R_TRIG**2), {"float": 3, "double": 6}),
    "cos": (lambda u: (mp.cos(mp.sqrt(u)) - 1 + u / 2) / u**2 if u != 0 else mp.mpf(1) / 24,
            lambda u: u**2 / mp.cos(mp.sqrt(u)),
            (mp.mpf(0), R_TRIG**2), {"float": 3, "double": 6}),
}


def cheb_nodes(a, b, n):
    return [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * (2 * i + 1) / (2 * n)) for i in range(n)]


def lawson(g, w, a, b, deg, fixed=(), points=240, iters=30):
    """Near-minimax fit of g by sum_j c_j t^j (j = 0..deg) under the weight w: Lawson's
    iteratively reweighted least squares on Chebyshev points (the least-squares weights
    grow where the weighted error is largest, which drives the fit towards equal
    ripple). Coefficients in `fixed` (the leading ones) are held. Returns (coeffs, max
    weighted error on the points)."""
    nf = len(fixed)
    nfree = deg + 1 - nf
    xs = cheb_nodes(a, b, points)
    wx = [w(x) for x in xs]
    target = [wi * (g(x) - sum(c * x**j for j, c in enumerate(fixed))) for x, wi in zip(xs, wx)]
    basis = [[wi * x ** (nf + j) for j in range(nfree)] for x, wi in zip(xs, wx)]
    lw = [mp.mpf(1) / points] * points
    coeffs, err = None, None
    for _ in range(iters):
        # Normal equations of the weighted least-squares problem.
        A = mp.matrix(nfree, nfree)
        rhs = mp.matrix(nfree, 1)
        for row, t, l in zip(basis, target, lw):
            for i in range(nfree):
                rhs[i] += l * row[i] * t
                for j in range(i, nfree):
                    A[i, j] += l * row[i] * row[j]
        for i in range(nfree):
            for j in range(i):
                A[i, j] = A[j, i]
        sol = mp.lu_solve(A, rhs)
        res = [t - sum(row[j] * sol[j] for j in range(nfree)) for row, t in zip(basis, target)]
        err = max(abs(r) for r in res)
        coeffs = list(fixed) + [sol[j] for j in range(nfree)]
        lw = [l * abs(r) for l, r in zip(lw, res)]
        total = sum(lw)
        lw = [l / total for l in lw]
    return coeffs, err


def weighted_error(g, w, a, b, coeffs, n=20000):
    grid = [a + (b - a) * i / n for i in range(n + 1)]
    return max(abs(w(x) * (g(x) - sum(c * x**j for j, c in enumerate(coeffs)))) for x in grid)


def to_kind(v, kind):
    return mp.mpf(np.float32(float(v)).item()) if kind == "float" else mp.mpf(float(v))


def fit_rounded(name, kind, deg):
    """Fit, then round the coefficients to `kind` one at a time from the lowest power,
    refitting the higher ones with the rounded ones held (they absorb the rounding)."""
    g, w, (a, b), _ = KERNELS[name]
    fixed = []
    for j in range(deg + 1):
        c, _ = lawson(g, w, a, b, deg, fixed=tuple(fixed))
        fixed.append(to_kind(c[j], kind))
    return fixed, weighted_error(g, w, a, b, fixed, 4000)


def hexf(v, kind):
    if kind == "double":
        return float(v).hex()
    s = float(np.float32(float(v))).hex()
    return s + "f"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scan", action="store_true", help="print the weighted error against the degree")
    ap.add_argument("names", nargs="*", help="exp, log, tanh, sin, cos (default: all)")
    args = ap.parse_args()
    if args.scan:
        for name, (g, w, (a, b), _) in KERNELS.items():
            if args.names and name not in args.names:
                continue
            for deg in range(3, 22):
                _, err = lawson(g, w, a, b, deg)
                print(f"{name:4} degree {deg:2}: weighted error 2^{float(mp.log(err, 2)):.1f}")
        return 0
    names = args.names or list(KERNELS)
    for name in names:
        for kind in ("float", "double"):
            deg = KERNELS[name][3][kind]
            coeffs, err = fit_rounded(name, kind, deg)
            print(f"// {name} {kind}: degree {deg}, weighted error 2^{float(mp.log(err, 2)):.1f} after rounding")
            print("{" + ", ".join(hexf(c, kind) for c in coeffs) + "}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
