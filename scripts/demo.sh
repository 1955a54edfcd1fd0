#!/usr/bin/env bash
# The main job: builds and runs the real-time demo (a 64-unit cell tracking noisy signals at
# 1 kHz), then trains ngc-museum's predictive-coding network on scikit-learn's digits on the
# host (accuracy and energy per epoch, per-sample inference latency p50/p99).
#   bash scripts/demo.sh                  # both demos
#   bash scripts/demo.sh --plot [OUT.png] # and a PNG of the PCN's accuracy and energy per epoch
#                                         # (default docs/pcn-demo.png)
#   bash scripts/demo.sh ARGS...          # other arguments go to the real-time demo
set -euo pipefail
cd "$(dirname "$0")/.."
plot=""
if [[ "${1:-}" == "--plot" ]]; then
  plot=${2:-docs/pcn-demo.png}
  set --
  bash scripts/deps.sh python3-matplotlib
else
  bash scripts/deps.sh
fi
cmake --preset gcc >/dev/null
cmake --build --preset demo
./build/gcc/examples/ngcrt-demo "$@"
echo
if [[ -n "$plot" ]]; then
  ./build/gcc/examples/ngcrt-pcn-demo --epochs 20 --csv build/gcc/pcn-demo.csv
  /usr/bin/python3 tools/plot_pcn_demo.py build/gcc/pcn-demo.csv "$plot"
else
  ./build/gcc/examples/ngcrt-pcn-demo --epochs 20
fi
