#!/usr/bin/env python3
"""Converts scikit-learn's handwritten digits into the PCN's .npy train/test files.

Reads `sklearn/datasets/data/digits.csv.gz` straight from the installed package (Debian's
python3-sklearn; sklearn itself is not imported, so SciPy is not needed, and nothing is
downloaded). Each line holds 64 pixel values 0..16 and the class 0..9. Writes, as
docs/spec/pcn.md ("A real data set") splits them, rows in file order:

    X_train.npy (1400, 64)   Y_train.npy (1400, 10)    rows 0..1399
    X_test.npy  (397, 64)    Y_test.npy  (397, 10)     rows 1400..1796

X = pixels / 16 as float32 (exact), Y one-hot float32.

    /usr/bin/python3 tools/digits_to_npy.py --out DIR [--csv PATH/digits.csv.gz]
"""
import argparse
import csv
import gzip
import importlib.util
import os
import sys

import numpy as np

N_ROWS, N_TRAIN, N_PIX, N_CLASSES = 1797, 1400, 64, 10


def find_csv():
    spec = importlib.util.find_spec("sklearn")            # locates the package without importing it
    roots = list(spec.submodule_search_locations) if spec and spec.submodule_search_locations else []
    roots.append("/usr/lib/python3/dist-packages/sklearn")
    for root in roots:
        path = os.path.join(root, "datasets", "data", "digits.csv.gz")
        if os.path.isfile(path):
            return path
    raise FileNotFoundError("digits.csv.gz not found (install python3-sklearn or pass --csv)")


def load_digits(path=None):
    """All 1797 rows in file order: X (1797, 64) float32 = pixels / 16, labels (1797,) int64."""
    path = path or find_csv()
    pix, labels = [], []
    with gzip.open(path, "rt", newline="") as fh:
        for lineno, row in enumerate(csv.reader(fh), 1):
            if not row:
                continue
            if len(row) != N_PIX + 1:
                raise ValueError(f"{path}:{lineno}: {len(row)} fields, expected {N_PIX + 1}")
            vals = [int(v) for v in row]
            if not all(0 <= v <= 16 for v in vals[:N_PIX]) or not 0 <= vals[N_PIX] < N_CLASSES:
                raise ValueError(f"{path}:{lineno}: value out of range")
            pix.append(vals[:N_PIX])
            labels.append(vals[N_PIX])
    if len(pix) != N_ROWS:
        raise ValueError(f"{path}: {len(pix)} rows, expected {N_ROWS}")
    X = (np.array(pix, np.float32) / np.float32(16)).astype(np.float32)   # k / 16 is exact
    return X, np.array(labels, np.int64)


def split(X, labels):
    Y = np.eye(N_CLASSES, dtype=np.float32)[labels]
    return {"X_train": X[:N_TRAIN], "Y_train": Y[:N_TRAIN], "X_test": X[N_TRAIN:], "Y_test": Y[N_TRAIN:]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--csv", help="digits.csv.gz (default: the installed sklearn's)")
    args = ap.parse_args()
    X, labels = load_digits(args.csv)
    os.makedirs(args.out, exist_ok=True)
    for name, arr in split(X, labels).items():
        np.save(os.path.join(args.out, name + ".npy"), np.ascontiguousarray(arr, np.float32))
        print(f"{name}.npy {arr.shape} {arr.dtype}")
    counts = np.bincount(labels[N_TRAIN:], minlength=N_CLASSES)
    print(f"test rows per class: {counts.tolist()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
