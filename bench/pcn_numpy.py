#!/usr/bin/env python3
"""bench/pcn_numpy.py - times the NumPy float32 reference of the predictive-coding network
(tests/pcn/pcn_reference.py) on the cases of bench/bench_pcn.cpp, for docs/performance.md's
"pcn" block (tools/perf_report.py --pcn-numpy).

    /usr/bin/python3 bench/pcn_numpy.py --out build/bench/pcn_numpy.json [--repetitions 3]

Cases: training, one process(x, lab, adapt = true) call (T = 20, dt = 1, tau = 25, Adam
eta = 1e-3, float32), for 64-64-64-10 at B = 1 and B = 50 and 784-512-512-10 at B = 250;
inference, one project() of one sample, 64-64-64-10 and 784-512-512-10. The reference runs
with exp="numpy" (NumPy's own float32 exp, its fastest mode; the default "cr" goes through
double). What is timed is the reference as written: every product is a Python loop over the
summed index of NumPy vector operations (its fixed order, synapses.md), not a BLAS `@`, so this
is the speed of the reference, not of the fastest NumPy one could write. Beside it, the
same cases with a plain float32 NumPy model written with `@` (class MatmulPCN below: NumPy's
own exp, the BLAS NumPy is linked with), checked against the reference before timing (y_inf
within 1e-4 of the largest |y_inf|, EFE within 1e-3, over two training calls).

Data: weights uniform(-0.3, 0.3), biases 0, inputs uniform [0, 1), one-hot labels, from a
fixed seed. Before timing, each case checks its data: y_inf finite and not all zero, and for
training EFE finite and negative and every weight layer changed, and process's y_inf equal to
project()'s. Each repetition times enough calls to last at least --min-time seconds (at least
one); the JSON holds every repetition's time per call and their median.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "pcn"))
import pcn_reference as pr  # noqa: E402

EXP = "numpy"
SIZES = {64: [64, 64, 64, 10], 784: [784, 512, 512, 10]}
TRAIN = [(64, 1), (64, 50), (784, 250)]
INFER = [(64, 1), (784, 1)]


class MatmulPCN:
    """docs/spec/pcn.md's process and projection in float32 NumPy with `@` (as a NumPy user
    would write them; sums in BLAS's order)."""

    b1, b2, c1, c2, eps = np.float32(0.9), np.float32(0.999), np.float32(0.1), np.float32(0.001), np.float32(1e-8)

    def __init__(self, params, T=20, dt=1.0, tau=25.0, eta=1e-3):
        self.W = [w.astype(np.float32).copy() for w in params["W"]]
        self.b = [v.astype(np.float32).reshape(1, -1).copy() for v in params["b"]]
        self.mW = [np.zeros_like(w) for w in self.W]
        self.vW = [np.zeros_like(w) for w in self.W]
        self.mb = [np.zeros_like(v) for v in self.b]
        self.vb = [np.zeros_like(v) for v in self.b]
        self.T, self.dt, self.r, self.eta = T, np.float32(dt), np.float32(1) / np.float32(tau), np.float32(eta)
        self.t = 0

    @staticmethod
    def sigmoid(z):
        return np.float32(1) / (np.float32(1) + np.exp(-z))

    def project(self, x):
        a, hs = x, []
        for l, (w, v) in enumerate(zip(self.W, self.b)):
            h = a @ w + v
            if l == len(self.W) - 1:
                return hs, h
            hs.append(h)
            a = self.sigmoid(h)

    def process(self, x, lab):
        L = len(self.W)
        lab_c = np.clip(lab, np.float32(0.001), np.float32(0.999))
        hs, y = self.project(x)
        z = [None] + hs
        zF = [None] + [self.sigmoid(h) for h in hs]
        e = [None] + [np.zeros_like(h) for h in hs] + [lab_c]
        energy = [None] * (L + 1)
        for _ in range(self.T):
            fb = [None, None] + [e[l] @ self.W[l - 1].T for l in range(2, L + 1)]
            for l in range(1, L):
                u = zF[l]
                z[l] = z[l] + ((fb[l + 1] * (u * (np.float32(1) - u)) - e[l]) * self.r) * self.dt
                zF[l] = self.sigmoid(z[l])
            pre = [x] + zF[1:]
            for l in range(1, L + 1):
                mu = pre[l - 1] @ self.W[l - 1] + self.b[l - 1]
                e[l] = (z[l] if l < L else lab_c) - mu
                energy[l] = np.float32(-0.5) * np.sum(e[l] * e[l])
        efe = energy[L]
        for l in range(L - 1, 0, -1):
            efe = efe + energy[l]
        self.t += 1
        k1 = np.float32(1) - self.b1 ** np.float32(self.t)
        k2 = np.float32(1) - self.b2 ** np.float32(self.t)
        for l in range(1, L + 1):
            gW = -(pre[l - 1].T @ e[l])
            gb = -np.sum(e[l], axis=0, keepdims=True)
            for th, m, v, g in ((self.W, self.mW, self.vW, gW), (self.b, self.mb, self.vb, gb)):
                m[l - 1] = self.b1 * m[l - 1] + self.c1 * g
                v[l - 1] = self.b2 * v[l - 1] + self.c2 * (g * g)
                th[l - 1] = th[l - 1] - (self.eta * (m[l - 1] / k1)) / (np.sqrt(v[l - 1] / k2) + self.eps)
        return y, efe


def make_case(n0, batch, seed=20261208):
    rng = np.random.default_rng(seed)
    n = SIZES[n0]
    W = [rng.uniform(-0.3, 0.3, (a, c)).astype(np.float32) for a, c in zip(n, n[1:])]
    b = [np.zeros((1, c), np.float32) for c in n[1:]]
    x = rng.uniform(0, 1, (batch, n[0])).astype(np.float32)
    lab = np.eye(n[-1], dtype=np.float32)[rng.integers(0, n[-1], batch)]
    return {"W": W, "b": b}, x, lab


def time_calls(call, repetitions, min_time):
    """Per-call seconds of each repetition (each at least min_time, at least one call)."""
    call()  # warm-up
    start = time.perf_counter()
    call()
    once = time.perf_counter() - start
    k = max(1, int(min_time / max(once, 1e-9)))
    per_call = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for _ in range(k):
            call()
        per_call.append((time.perf_counter() - start) / k)
    return per_call, k


def train_case(n0, batch, repetitions, min_time):
    params, x, lab = make_case(n0, batch)
    state = pr.init_state(params, "adam")
    res = pr.process(x, lab, params, state, T=20, dt=1.0, tau=25.0, eta=1e-3, exp=EXP)
    y_proj = pr.project(x, params["W"], params["b"], exp=EXP)
    problems = []
    if not (np.all(np.isfinite(res.y_inf)) and np.any(res.y_inf != 0)):
        problems.append("y_inf not finite or all zero")
    if not (np.isfinite(res.efe) and res.efe < 0):
        problems.append("EFE not finite and negative")
    if not all(np.any(a != c) for a, c in zip(res.params["W"], params["W"])):
        problems.append("a weight layer did not change")
    if not np.array_equal(res.y_inf, y_proj):
        problems.append("process's y_inf differs from project()")
    if problems:
        sys.exit(f"pcn_numpy: train {n0}/{batch}: " + "; ".join(problems))
    box = {"params": res.params, "state": res.state}

    def call():
        r = pr.process(x, lab, box["params"], box["state"], T=20, dt=1.0, tau=25.0, eta=1e-3, exp=EXP)
        box["params"], box["state"] = r.params, r.state
        box["efe"] = r.efe

    per_call, k = time_calls(call, repetitions, min_time)
    if not np.isfinite(box["efe"]):
        sys.exit(f"pcn_numpy: train {n0}/{batch}: EFE not finite after timing")
    # the `@` model: the same two calls as the reference, then timed
    mm = MatmulPCN(params)
    res2 = pr.process(x, lab, res.params, res.state, T=20, dt=1.0, tau=25.0, eta=1e-3, exp=EXP)
    for ref in (res, res2):
        y, efe = mm.process(x, lab)
        big = float(np.max(np.abs(ref.y_inf)))
        if not (big > 0 and np.all(np.abs(y - ref.y_inf) <= 1e-4 * big)):
            sys.exit(f"pcn_numpy: train {n0}/{batch}: the @ model's y_inf differs from the reference's")
        if not (np.isfinite(efe) and efe < 0 and abs(efe - ref.efe) <= 1e-3 * abs(ref.efe)):
            sys.exit(f"pcn_numpy: train {n0}/{batch}: the @ model's EFE {efe} differs from the reference's {ref.efe}")
    mm_calls, mm_k = time_calls(lambda: mm.process(x, lab), repetitions, min_time)
    return per_call, k, float(res.efe), mm_calls, mm_k


def infer_case(n0, batch, repetitions, min_time):
    params, x, _ = make_case(n0, batch)
    y = pr.project(x, params["W"], params["b"], exp=EXP)
    if not (np.all(np.isfinite(y)) and np.any(y != 0)):
        sys.exit(f"pcn_numpy: infer {n0}/{batch}: y not finite or all zero")
    per_call, k = time_calls(lambda: pr.project(x, params["W"], params["b"], exp=EXP), repetitions, min_time)
    mm = MatmulPCN(params)
    y2 = mm.project(x)[1]
    if not np.all(np.abs(y2 - y) <= 1e-4 * float(np.max(np.abs(y)))):
        sys.exit(f"pcn_numpy: infer {n0}/{batch}: the @ model's y differs from the reference's")
    mm_calls, mm_k = time_calls(lambda: mm.project(x), repetitions, min_time)
    return per_call, k, None, mm_calls, mm_k


def blas_name():
    """The BLAS NumPy's `@` runs on (Debian: the libblas.so.3 alternative), as far as known."""
    path = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
    return os.path.realpath(path) if os.path.exists(path) else "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="the JSON to write (tools/perf_report.py --pcn-numpy)")
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--min-time", type=float, default=0.5, help="seconds per repetition, at least")
    args = ap.parse_args()
    cases = []
    for kind, todo, fn in (("train", TRAIN, train_case), ("infer", INFER, infer_case)):
        for n0, batch in todo:
            per_call, k, efe, mm_calls, mm_k = fn(n0, batch, args.repetitions, args.min_time)
            med, mm_med = statistics.median(per_call), statistics.median(mm_calls)
            name = f"{kind}/{n0}/{batch}"
            cases.append({"name": name, "kind": kind, "sizes": SIZES[n0], "batch": batch, "calls_per_repetition": k,
                          "seconds_per_call": per_call, "median_s": med, "samples_per_s": batch / med,
                          "first_efe": efe, "matmul": {"calls_per_repetition": mm_k, "seconds_per_call": mm_calls,
                                                       "median_s": mm_med, "samples_per_s": batch / mm_med}})
            print(f"{name:<16} reference {med * 1e3:10.3f} ms per call ({batch / med:9.1f} samples/s), "
                  f"@ model {mm_med * 1e3:8.3f} ms ({batch / mm_med:9.1f} samples/s)", flush=True)
    out = {"about": "bench/pcn_numpy.py: tests/pcn/pcn_reference.py timed, float32, exp='numpy'",
           "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "numpy": np.__version__, "blas": blas_name(), "python": platform.python_version(), "exp": EXP,
           "repetitions": args.repetitions, "cases": cases}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
