#!/usr/bin/env bash
# Benchmarks: builds the bench preset (library + Google Benchmark suite, Release), runs
# every benchmark side by side in one process (repetitions interleaved at random, medians),
# runs the Cortex-M cycle figures (the Cortex-M4F manual count on a cortex-m4f firmware
# build, built here if missing; llvm-mca estimates for M7 and M55, and for the redo paths of
# ARMv7 NEON and Helium), and regenerates the generated blocks of docs/performance.md,
# docs/realtime.md and README.md (against the goals in bench/goals.json) and the plot.
#   bash scripts/bench.sh
# Run it on a quiet machine, with no build running: the benchmark takes about 15 minutes on one
# core, the PCN's (ngcrt-bench-pcn and bench/pcn_numpy.py) about 3 minutes, tools/mcu_estimate.py
# about 100 s.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh libbenchmark-dev libeigen3-dev python3-matplotlib gcc-arm-none-eabi llvm-14 llvm-19 \
  picolibc-arm-none-eabi libstdc++-arm-none-eabi-picolibc qemu-system-arm g++-arm-linux-gnueabihf qemu-user
cmake --preset bench
cmake --build --preset bench
out=build/bench/results.json
./build/bench/bench/ngcrt-bench --benchmark_repetitions=12 --benchmark_enable_random_interleaving=true \
  --benchmark_min_time=0.1 --benchmark_display_aggregates_only=true \
  --benchmark_out="$out" --benchmark_out_format=json
# The synapses' products: their own program (bench/bench_synapse.cpp).
./build/bench/bench/ngcrt-bench-synapse --benchmark_repetitions=5 --benchmark_min_time=0.1 \
  --benchmark_display_aggregates_only=true --benchmark_out=build/bench/synapse.json --benchmark_out_format=json
# The predictive-coding network: ngcrt against plain loops and Eigen (bench/bench_pcn.cpp), and
# the NumPy reference (bench/pcn_numpy.py, about a minute).
./build/bench/bench/ngcrt-bench-pcn --benchmark_repetitions=5 --benchmark_min_time=0.5 \
  --benchmark_enable_random_interleaving=true --benchmark_display_aggregates_only=true \
  --benchmark_out=build/bench/pcn.json --benchmark_out_format=json
/usr/bin/python3 bench/pcn_numpy.py --out build/bench/pcn_numpy.json
/usr/bin/python3 tools/mcu_estimate.py --json build/bench/mcu.json
# The Cortex-M4F budget: the firmware example and the cycle probe of a cortex-m4f build (its
# own directory, so a developer's build/cortex-m4f is left alone), then the manual count.
m4=build/bench-cortex-m4f
[ -f "$m4/CMakeCache.txt" ] || cmake --preset cortex-m4f -B "$m4"
cmake --build "$m4" --target ngcrt-firmware-example ngcrt-m4-cycle-probe
/usr/bin/python3 tools/m4_cycles.py "$m4" --json build/bench/m4.json
/usr/bin/python3 tools/perf_report.py "$out" --mcu build/bench/mcu.json --m4 build/bench/m4.json \
  --doc docs/performance.md --plot docs/performance.png --realtime docs/realtime.md --readme README.md \
  --synapse build/bench/synapse.json --pcn build/bench/pcn.json --pcn-numpy build/bench/pcn_numpy.json
echo "wrote the generated blocks of docs/performance.md, docs/realtime.md and README.md, and docs/performance.png"
