#!/usr/bin/env python3
"""Orientation run: tests/pcn/pcn_reference.py trained on scikit-learn's digits.

A 64-64-64-10 PCN (docs/spec/pcn.md) in float32, T = 20, dt = 1, tau = 25, Adam eta = 1e-3,
weights uniform(-0.3, 0.3) from tools/pcn_init_model.py's seeded generator, biases 0; batches
of consecutive training rows, no shuffling, the last partial batch dropped; Adam's state kept
across epochs. After each epoch: test accuracy of the projection (first maximum wins) and the
batch EFEs. Prints a table; about a second per epoch on one core.

    /usr/bin/python3 tests/pcn/orientation.py [--epochs 10] [--batch 50] [--seed 1]
        [--sizes 64,64,64,10] [--data DIR] [--save DIR] [--exp cr|ngcrt|numpy] [--float64]

--data reads X_train.npy etc. written by tools/digits_to_npy.py (default: the csv directly);
--save writes the trained W*.npz and efe.npy (float32, one value per batch) as ngcrt-pcn does;
--float64 trains the float64 model instead (same initial weights).
"""
import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import pcn_reference as pr  # noqa: E402
import pcn_init_model  # noqa: E402
import digits_to_npy  # noqa: E402


def load(data_dir):
    if data_dir:
        return {n: np.load(os.path.join(data_dir, n + ".npy")) for n in ("X_train", "Y_train", "X_test", "Y_test")}
    return digits_to_npy.split(*digits_to_npy.load_digits())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sizes", default="64,64,64,10")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--data")
    ap.add_argument("--save")
    ap.add_argument("--exp", default="cr", choices=["cr", "ngcrt", "numpy"])
    ap.add_argument("--float64", action="store_true")
    args = ap.parse_args()

    d = load(args.data)
    sizes = [int(s) for s in args.sizes.split(",")]
    W, b = pcn_init_model.init_model(sizes, args.seed)
    ftype = np.float64 if args.float64 else np.float32
    params = {"W": [w.astype(ftype) for w in W], "b": [v.astype(ftype) for v in b]}
    state = pr.init_state(params, "adam")
    X, Y = d["X_train"], d["Y_train"]
    B = args.batch
    n_batches = X.shape[0] // B                            # the last partial batch is dropped
    acc0 = pr.accuracy(d["X_test"], d["Y_test"], W, b, dtype=ftype, exp=args.exp)
    print(f"PCN {args.sizes}, B = {B} ({n_batches} batches/epoch), T = {args.steps}, dt = 1, tau = 25, "
          f"Adam eta = 1e-3, seed {args.seed}, {np.dtype(ftype).name}, exp '{args.exp}'")
    print(f"test accuracy before training: {100 * acc0:.1f} %")
    print(f"{'epoch':>5} {'test acc':>9} {'train acc':>10} {'EFE first':>10} {'EFE mean':>10} "
          f"{'EFE last':>10} {'s':>5}")
    efes = []
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        ep = []
        for i in range(n_batches):
            r = pr.process(X[i * B:(i + 1) * B], Y[i * B:(i + 1) * B], params, state, T=args.steps,
                           dt=1.0, tau=25.0, eta=1e-3, optimizer="adam", dtype=ftype, exp=args.exp)
            params, state = r.params, r.state
            ep.append(float(r.efe))
        efes += ep
        acc = pr.accuracy(d["X_test"], d["Y_test"], params["W"], params["b"], dtype=ftype, exp=args.exp)
        tacc = pr.accuracy(X, Y, params["W"], params["b"], dtype=ftype, exp=args.exp)
        print(f"{epoch:>5} {100 * acc:>8.1f}% {100 * tacc:>9.1f}% {ep[0]:>10.3f} {np.mean(ep):>10.3f} "
              f"{ep[-1]:>10.3f} {time.time() - t0:>5.1f}", flush=True)
    if args.save:
        pcn_init_model.write_model(args.save, params["W"], params["b"], args.seed)
        np.save(os.path.join(args.save, "efe.npy"), np.array(efes, np.float32))
        print(f"wrote {args.save}/W*.npz and efe.npy ({len(efes)} values)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
