#!/usr/bin/env python3
"""Writes tests/rate/rate_golden.inc: RateCell goldens from tests/rate/rate_reference.py.

For every activation x prior x integrator (ngclearn's names "euler", "midpoint", "heun": the
three methods the cell runs), plus the stateless mode, the soft threshold, ngclearn 3.2's
swish derivative and Convention::exact's corrected derivatives, one cell of 2 rows x 19
units steps 3 times (dt = 0.5, tau_m = 10, gamma = 0.3, resist_scale = 1.5, output_scale =
0.75) from the inputs below, and the file holds:

- float32: a fingerprint of z, zF and j after the steps (FNV-1a, one 64-bit word per element,
  its bits zero-extended; every NaN counted as 0x7fc00000: docs/determinism.md promises only
  "is NaN"), computed by the reference in float32 with ngcrt's own exp and log1p
  (tests/math/ngcrt_math.py, bit for bit) and ngcrt's own tanh, sin and cos
  (tests/math/ngcrt_trig.py, bit for bit; the reference's own are the correctly rounded ones).
- float64: the reference's z and zF in double (NumPy's exp etc.), the first 8 elements of
  row 0 and of row 1, for the tolerance checks of the float and double cells.

    /usr/bin/python3 tests/rate/make_rate_golden.py > tests/rate/rate_golden.inc
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "math"))
import ngcrt_trig as nt  # noqa: E402  (ngcrt's float tanh, sin, cos, bit for bit)
import rate_reference as rr  # noqa: E402


def _with_ngcrt_trig(name, original):
    """The reference's fn="ngcrt" float32 mode, extended to tanh, sin and cos."""
    def f(self, x):
        if self.fn == "ngcrt" and self.T is np.float32:
            return getattr(nt, name)(self.arr(x))
        return original(self, x)
    return f


for _name in ("tanh", "sin", "cos"):
    setattr(rr.Arith, _name, _with_ngcrt_trig(_name, getattr(rr.Arith, _name)))

UNITS, ROWS, STEPS = 19, 2, 3
DT, TAU, GAMMA, RESIST, OUTPUT = 0.5, 10.0, 0.3, 1.5, 0.75
METHODS = ["euler", "midpoint", "heun"]
PRIORS = ["gaussian", "laplacian", "cauchy", "exp"]
CPP_ACT = {n: n for n in rr.ACTIVATIONS}
CPP_METHOD = {"euler": "euler", "midpoint": "midpoint", "heun": "rk4"}
PREFIX = [0, 1, 2, 3, 4, 5, 6, 7, UNITS, UNITS + 1, UNITS + 2, UNITS + 3, UNITS + 4, UNITS + 5, UNITS + 6,
          UNITS + 7]


def inputs():
    """j, j_td, z: row 0 holds the edges (+-0, 1, 6, both signs), row 1 an LCG's values."""
    z0 = [-3.1, -2.2, -1.0, -0.45, -0.1, -0.0, 0.0, 0.05, 0.3, 0.77, 1.0, 1.6, 2.4, 3.3, 5.9, 6.0, 6.2, 7.5, -7.7]
    state = 12345
    row1, js, jts = [], [], []

    def nxt():
        nonlocal state
        state = (state * 1103515245 + 12345) % (1 << 31)
        return state / float(1 << 31)
    for _ in range(UNITS):
        row1.append(round(nxt() * 8 - 4, 4))
    for _ in range(UNITS * ROWS):
        js.append(round(nxt() * 2 - 1, 4))
        jts.append(round(nxt() - 0.5, 4))
    f = lambda v: np.asarray(v, np.float32).reshape(ROWS, UNITS)
    return f(js), f(jts), f(z0 + row1)


def resist_of(act):
    """sine's derivative is 30 cos(30 z): with resist_scale 1.5, j (= jm after each step) would
    grow 45-fold a step and 30 z leave the range where sin is well conditioned; 0.01 keeps it."""
    return 0.01 if act == "sine" else RESIST


def exact_patch(cell, act):
    """Convention::exact: the corrected derivatives (docs/spec/rate-cell.md)."""
    A = cell.A
    one = A.one
    if act in ("identity", "unit_threshold", "heaviside", "softmax"):
        cell.dfx = lambda x: np.ones_like(x)
    elif act == "elu":
        with np.errstate(all="ignore"):
            cell.fx = lambda x: np.where(x >= 0, x, A.exp(x) - one)
            cell.dfx = lambda x: np.where(x >= 0, one, A.exp(x)).astype(A.T)
    elif act in ("silu", "gelu"):
        b = A.c(1.702) if act == "gelu" else one
        cell.dfx = lambda x: rr._swish_dfx(A, x, b, "3.2")


def run(act, prior, method, stateless, soft, conv, dtype):
    fn = "ngcrt" if dtype is np.float32 else "cr"
    kw = dict(prior=(prior, GAMMA), act_fx=act, output_scale=OUTPUT, integration_type=method,
              batch_size=ROWS, resist_scale=resist_of(act), dtype=dtype, fn=fn,
              version="3.2" if conv == "ngclearn_3_2" else "3.1")
    if act == "sine":
        kw["omega_0"] = 30.
    if soft:
        kw["threshold"] = ("soft_threshold", 0.1)
    c = rr.RateCell("z", UNITS, 0. if stateless else TAU, **kw)
    if conv == "exact":
        exact_patch(c, act)
    j, jt, z = inputs()
    c.j[...], c.j_td[...], c.z[...] = j, jt, z
    with np.errstate(all="ignore"):
        for _ in range(STEPS):
            c.advance_state(DT)
    return c


def fingerprint32(*arrays):
    h = 0xCBF29CE484222325
    for a in arrays:
        for v in np.asarray(a, np.float32).reshape(-1):
            word = 0x7FC00000 if np.isnan(v) else int(np.asarray(v, np.float32).view(np.uint32))
            h = ((h ^ word) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def hex64(v):
    v = float(v)
    if np.isnan(v):
        return "nan64"
    if np.isinf(v):
        return "inf64" if v > 0 else "-inf64"
    return v.hex()


def cases():
    out = []
    for act in rr.ACTIVATIONS:
        for prior in PRIORS:
            for method in METHODS:
                out.append((act, prior, method, False, False, "ngclearn_3_1"))
    for act in rr.ACTIVATIONS:
        out.append((act, "gaussian", "euler", True, False, "ngclearn_3_1"))
        out.append((act, "gaussian", "euler", False, True, "ngclearn_3_1"))
    for act in ("silu", "gelu"):
        for method in METHODS:
            out.append((act, "exp", method, False, False, "ngclearn_3_2"))
    for act in ("identity", "elu", "silu", "gelu", "softmax", "unit_threshold", "heaviside"):
        for method in METHODS:
            out.append((act, "cauchy", method, False, False, "exact"))
    return out


def main():
    j, jt, z = inputs()
    w = sys.stdout.write
    w("// Generated by tests/rate/make_rate_golden.py: do not edit.\n")
    w(f"// {ROWS} rows x {UNITS} units, {STEPS} steps of dt = {DT}; tau_m = {TAU}, gamma = {GAMMA}, "
      f"resist_scale = {RESIST} (sine: {resist_of('sine')}), output_scale = {OUTPUT}.\n")
    for name, arr in (("rate_input_j", j), ("rate_input_j_td", jt), ("rate_input_z", z)):
        w(f"static const std::uint32_t {name}[{ROWS * UNITS}] = {{")
        for i, v in enumerate(arr.reshape(-1)):
            w(("\n    " if i % 8 == 0 else " ") + f"0x{int(np.asarray(v, np.float32).view(np.uint32)):08x}u,")
        w("\n};\n")
    w("static const rate_golden rate_goldens[] = {\n")
    for act, prior, method, stateless, soft, conv in cases():
        c32 = run(act, prior, method, stateless, soft, conv, np.float32)
        c64 = run(act, prior, method, stateless, soft, conv, np.float64)
        has_bits = True
        fp = fingerprint32(c32.z, c32.zF, c32.j) if has_bits else 0
        zs = ", ".join(hex64(c64.z.reshape(-1)[i]) for i in PREFIX)
        zfs = ", ".join(hex64(c64.zF.reshape(-1)[i]) for i in PREFIX)
        w(f"    {{Activation::{CPP_ACT[act]}, Prior::{prior}, RateIntegration::{CPP_METHOD[method]}, "
          f"{'true' if stateless else 'false'}, {'true' if soft else 'false'}, Convention::{conv}, "
          f"{'true' if has_bits else 'false'}, 0x{fp:016x}u,\n     {{{zs}}},\n     {{{zfs}}}}},\n")
    w("};\n")


if __name__ == "__main__":
    main()
