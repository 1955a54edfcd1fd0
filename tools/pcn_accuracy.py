#!/usr/bin/env python3
"""Accuracy of ngcrt-pcn's predictions: the share of rows whose pred.npy entry equals the
argmax of the one-hot label row (docs/spec/pcn.md, "Test-time inference").

    /usr/bin/python3 tools/pcn_accuracy.py --pred OUT/pred.npy --y D/Y_test.npy

Prints e.g. "accuracy 84.13 % (334 of 397)".
"""
import argparse
import sys

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pred", required=True, help="pred.npy written by ngcrt-pcn infer, (N,) int64")
    ap.add_argument("--y", required=True, help="the one-hot labels, (N, classes)")
    args = ap.parse_args()
    pred = np.load(args.pred)
    y = np.load(args.y)
    if pred.ndim != 1 or y.ndim != 2 or pred.shape[0] != y.shape[0]:
        ap.error(f"shapes {pred.shape} and {y.shape} do not match: (N,) and (N, classes)")
    hits = int(np.sum(pred == np.argmax(y, axis=1)))
    print(f"accuracy {100 * hits / len(pred):.2f} % ({hits} of {len(pred)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
