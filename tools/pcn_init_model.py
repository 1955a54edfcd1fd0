#!/usr/bin/env python3
"""Writes a fresh PCN model as ngclearn-format W1.npz .. W{L}.npz (docs/spec/pcn.md).

Weights uniform(-0.3, 0.3) from numpy.random.default_rng(seed), drawn in double for W1,
W2, ... in that order (row-major, shape (in, out)) and rounded to float32; biases 0. Each
file is NumPy's uncompressed savez archive with the entries pcn.md's save format lists:
`weights` (in, out) <f4, `biases` (1, out) <f4, `key` uint32 (2,), `outputs` (1, out) <f4
zeros, `mask` 0-d float64 1.0 (as ngclearn saves it before any step), `dWeights` (in, out)
zeros and `dBiases` (out,) zeros (before any learning). `key` is a placeholder ([0, seed]),
not the state of a JAX generator: only `weights` and `biases` carry the model.

    /usr/bin/python3 tools/pcn_init_model.py --sizes 64,64,64,10 --seed S --out DIR

As a module: init_model(sizes, seed) -> (W, b); write_model(dir, W, b); read_model(dir).
"""
import argparse
import os
import sys

import numpy as np


def init_model(sizes, seed, low=-0.3, high=0.3):
    rng = np.random.default_rng(seed)
    W = [rng.uniform(low, high, size=(a, c)).astype(np.float32) for a, c in zip(sizes, sizes[1:])]
    b = [np.zeros((1, c), np.float32) for c in sizes[1:]]
    return W, b


def write_model(out_dir, W, b, seed=0):
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for l, (w, v) in enumerate(zip(W, b), 1):
        w = np.ascontiguousarray(w, "<f4")
        n_out = w.shape[1]
        entries = {
            "key": np.array([0, seed & 0xFFFFFFFF], np.uint32),
            "outputs": np.zeros((1, n_out), "<f4"),
            "weights": w,
            "mask": np.array(1.0),
            "biases": np.ascontiguousarray(np.asarray(v, "<f4").reshape(1, n_out)),
            "dWeights": np.zeros(w.shape, "<f4"),
            "dBiases": np.zeros((n_out,), "<f4"),
        }
        path = os.path.join(out_dir, f"W{l}.npz")
        np.savez(path, **entries)                          # uncompressed, one .npy per entry
        paths.append(path)
    return paths


def read_model(model_dir):
    """W1.npz, W2.npz, ... until the first missing file; only weights and biases are read."""
    W, b = [], []
    l = 1
    while os.path.isfile(os.path.join(model_dir, f"W{l}.npz")):
        with np.load(os.path.join(model_dir, f"W{l}.npz")) as z:
            W.append(np.asarray(z["weights"], np.float32))
            b.append(np.asarray(z["biases"], np.float32).reshape(1, -1))
        l += 1
    if len(W) < 2:
        raise ValueError(f"{model_dir}: need W1.npz and W2.npz at least")
    for l in range(1, len(W)):
        if W[l].shape[0] != W[l - 1].shape[1] or b[l - 1].shape[1] != W[l - 1].shape[1]:
            raise ValueError(f"{model_dir}: W{l}.npz and W{l + 1}.npz do not chain")
    return W, b


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", required=True, help="layer sizes, e.g. 64,64,64,10 (at least 3)")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if len(sizes) < 3 or min(sizes) < 1:
        ap.error("--sizes needs at least three positive sizes (two weight matrices)")
    W, b = init_model(sizes, args.seed)
    for path, w in zip(write_model(args.out, W, b, args.seed), W):
        print(f"{path}: weights {w.shape} in [{w.min():.4f}, {w.max():.4f}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
