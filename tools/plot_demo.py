#!/usr/bin/env python3
"""A picture of the demo's side-by-side error cells: one channel's true, raw and leaky
error over time, from the CSV that `ngcrt-demo --csv FILE` writes.

    bash scripts/demo.sh --csv demo.csv
    /usr/bin/python3 tools/plot_demo.py demo.csv demo.png

Needs matplotlib (Debian: python3-matplotlib).
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) != 3:
        print("usage: plot_demo.py DEMO.csv OUT.png", file=sys.stderr)
        return 2
    t, truth, raw, leaky = [], [], [], []
    with open(sys.argv[1], newline="") as f:
        for row in csv.DictReader(f):
            t.append(float(row["t_s"]))
            truth.append(float(row["true_error"]))
            raw.append(float(row["raw_error"]))
            leaky.append(float(row["leaky_error"]))
    fig, ax = plt.subplots(figsize=(9, 3.6), dpi=110)
    ax.plot(t, raw, color="#bbbbbb", linewidth=0.6, label="GaussianErrorCell: raw error (target - mu)")
    ax.plot(t, leaky, color="#d62728", linewidth=1.4, label="LeakyGaussianErrorCell: e (tau = 20 ms)")
    ax.plot(t, truth, color="black", linewidth=1.0, linestyle="--", label="true error (noise-free)")
    ax.set_xlabel("time, s (1 kHz loop)")
    ax.set_ylabel("error")
    ax.set_title("The same noisy sensor through both error cells (ngcrt-demo, one channel)")
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(sys.argv[2])
    print(f"wrote {sys.argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
