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
is the speed of the reference, not of the fastest NumPy one could write.

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
    return per_call, k, float(res.efe)


def infer_case(n0, batch, repetitions, min_time):
    params, x, _ = make_case(n0, batch)
    y = pr.project(x, params["W"], params["b"], exp=EXP)
    if not (np.all(np.isfinite(y)) and np.any(y != 0)):
        sys.exit(f"pcn_numpy: infer {n0}/{batch}: y not finite or all zero")
    per_call, k = time_calls(lambda: pr.project(x, params["W"], params["b"], exp=EXP), repetitions, min_time)
    return per_call, k, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="the JSON to write (tools/perf_report.py --pcn-numpy)")
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--min-time", type=float, default=0.5, help="seconds per repetition, at least")
    args = ap.parse_args()
    cases = []
    for kind, todo, fn in (("train", TRAIN, train_case), ("infer", INFER, infer_case)):
        for n0, batch in todo:
            per_call, k, efe = fn(n0, batch, args.repetitions, args.min_time)
            med = statistics.median(per_call)
            name = f"{kind}/{n0}/{batch}"
            cases.append({"name": name, "kind": kind, "sizes": SIZES[n0], "batch": batch, "calls_per_repetition": k,
                          "seconds_per_call": per_call, "median_s": med, "samples_per_s": batch / med,
                          "first_efe": efe})
            print(f"{name:<16} {med * 1e3:10.3f} ms per call  {batch / med:10.1f} samples/s  "
                  f"({args.repetitions} x {k} calls)", flush=True)
    out = {"about": "bench/pcn_numpy.py: tests/pcn/pcn_reference.py timed, float32, exp='numpy'",
           "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "numpy": np.__version__, "python": platform.python_version(), "exp": EXP,
           "repetitions": args.repetitions, "cases": cases}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
