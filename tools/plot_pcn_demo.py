#!/usr/bin/env python3
"""A picture of the PCN demo's training: test accuracy and mean batch energy (EFE) per epoch,
from the CSV that `ngcrt-pcn-demo --csv FILE` writes.

    bash scripts/demo.sh --plot [OUT.png]          # runs the demo and this script
    /usr/bin/python3 tools/plot_pcn_demo.py pcn-demo.csv OUT.png

Needs matplotlib (Debian: python3-matplotlib).
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) != 3:
        print("usage: plot_pcn_demo.py DEMO.csv OUT.png", file=sys.stderr)
        return 2
    epoch, efe, acc = [], [], []
    with open(sys.argv[1], newline="") as f:
        for row in csv.DictReader(f):
            epoch.append(int(row["epoch"]))
            efe.append(float(row["mean_batch_efe"]))
            acc.append(float(row["test_accuracy"]))
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=110)
    ax.plot(epoch, acc, "o-", color="tab:blue", label="test accuracy")
    ax.set_xlabel("epoch")
    ax.set_ylabel("test accuracy (%)", color="tab:blue")
    ax.set_ylim(0, 100)
    ax2 = ax.twinx()
    ax2.plot(epoch, efe, "s--", color="tab:red", label="mean batch EFE")
    ax2.set_ylabel("mean batch EFE (energy, B = 50)", color="tab:red")
    ax.set_title("ngcrt PCN 64-64-64-10 on scikit-learn digits (T = 20, Adam 1e-3)")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(sys.argv[2])
    print(f"wrote {sys.argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
