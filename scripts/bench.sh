#!/usr/bin/env bash
# Benchmarks: builds the bench preset (library + Google Benchmark suite, Release), runs
# every benchmark side by side in one process (repetitions interleaved at random, medians),
# runs the Cortex-M cycle estimates, and regenerates docs/performance.md and its plot.
#   bash scripts/bench.sh
# Run it on a quiet machine: it takes about 5 minutes on one core.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh libbenchmark-dev libeigen3-dev python3-matplotlib gcc-arm-none-eabi llvm-14 llvm-19
cmake --preset bench
cmake --build --preset bench
out=build/bench/results.json
./build/bench/bench/ngcrt-bench --benchmark_repetitions=12 --benchmark_enable_random_interleaving=true \
  --benchmark_min_time=0.1 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out" --benchmark_out_format=json
/usr/bin/python3 tools/mcu_estimate.py --json build/bench/mcu.json
/usr/bin/python3 tools/perf_report.py "$out" --mcu build/bench/mcu.json \
  --doc docs/performance.md --plot docs/performance.png
echo "wrote docs/performance.md and docs/performance.png"
