#!/usr/bin/env python3
"""Fills the generated blocks of docs/performance.md, docs/realtime.md and README.md from one
benchmark run (scripts/bench.sh), and draws docs/performance.png.

    perf_report.py RESULTS.json [--mcu MCU.json] [--m4 M4.json] [--goals bench/goals.json]
                   --doc docs/performance.md --plot docs/performance.png
                   [--realtime docs/realtime.md] [--readme README.md] [--synapse SYNAPSE.json]
                   [--pcn PCN.json [--pcn-numpy PCN_NUMPY.json]]
    perf_report.py --pcn PCN.json [--pcn-numpy PCN_NUMPY.json] --doc docs/performance.md
                   [--command CMD] [--pcn-note TEXT]   (only the 'pcn' block; the other blocks kept)

RESULTS.json is Google Benchmark's JSON output with repetitions (medians are used); MCU.json is
tools/mcu_estimate.py's output (llvm-mca estimates), M4.json tools/m4_cycles.py's (the Cortex-M4F
manual count); PCN.json ngcrt-bench-pcn's output and PCN_NUMPY.json bench/pcn_numpy.py's (the
predictive-coding network); bench/goals.json holds the project's goals (each a measured ratio or value, a limit
and a direction). The pages are written by hand. This tool replaces only what lies between a
block's two markers,

    <!-- generated: NAME (tools/perf_report.py; do not edit) -->
    <!-- end generated: NAME -->

with tables of the run's figures, and fails if a page lacks a block it fills or has a block it
does not know. It writes figures, not explanations: those are the pages' own text.
"""
import argparse
import json
import pathlib
import re
import statistics
import subprocess
import sys

SIZES = [64, 1024, 16384, 262144, 4194304]
# The kernels, in NGCRT_KERNEL_LIST's order (include/ngcrt/kernel.hpp, the one list).
def host_kernels():
    import pathlib
    text = (pathlib.Path(__file__).resolve().parent.parent / "include" / "ngcrt" / "kernel.hpp").read_text()
    listed = re.findall(r"\n *X\(([a-z0-9]+),", text)
    if not listed:
        sys.exit("perf_report: no kernel list in include/ngcrt/kernel.hpp")
    return listed


# Filled by load(): the listed kernels the run measured (the host's).
KERNELS = []
MAIN = [
    ("BM_ngcrt_step", "ngcrt, all inputs live"),
    ("BM_ngcrt_step_default", "ngcrt, modulator/mask untouched"),
    ("BM_floor_step", "traffic floor (7 streams, no math)"),
    ("BM_hand_step", "the step's arithmetic alone, hand-vectorised (yardstick)"),
    ("BM_naive_step", "naive loop (default flags)"),
    ("BM_eigen_step", "Eigen 3.4 arrays (default flags)"),
    ("BM_naive_step_native", "naive loop (-march=native)"),
    ("BM_eigen_step_native", "Eigen 3.4 arrays (-march=native)"),
]
VARIANTS = [
    ("BM_ngcrt_step", "3.1, scalar Sigma, dense (the default cell)"),
    ("BM_ngcrt_step_3_2", "3.2 convention"),
    ("BM_ngcrt_step_per_unit", "per-unit Sigma"),
    ("BM_ngcrt_step_4d", "4D feature map (H, W, C)"),
    ("BM_ngcrt_step_exact", "exact convention, scalar Sigma"),
    ("BM_ngcrt_step_exact_per_unit", "exact convention, per-unit Sigma"),
]
FAMILY = [
    ("BM_laplacian_step", "Laplacian, all inputs live"),
    ("BM_laplacian_step_default", "Laplacian, modulator/mask untouched"),
    ("BM_laplacian_step_per_unit", "Laplacian, per-unit Scale (live)"),
    ("BM_bernoulli_step", "Bernoulli, probability input (live)"),
    ("BM_bernoulli_step_logits", "Bernoulli, logit input (live)"),
    ("BM_naive_bernoulli_step", "Bernoulli formulas, plain loop with libm expf/logf"),
    ("BM_naive_bernoulli_step_logits", "the same, logit input"),
    ("BM_leaky_step", "LeakyGaussian (tau 50 ms, dt 1 ms), live: 9 streams"),
    ("BM_leaky_step_default", "LeakyGaussian, modulator/mask untouched: 6 streams"),
    ("BM_ngcrt_step", "Gaussian, live (for comparison): 7 streams"),
    ("BM_floor_step", "traffic floor (7 streams, no math)"),
]
# ---- RateCell (bench/bench_rate.cpp) ----
RATE = [
    ("BM_rate_step", "RateCell step (sigmoid, Euler), dispatched kernel"),
    ("BM_rate_loop", "the same formulas, plain loop with libm expf"),
    ("BM_rate_floor", "traffic floor (6 streams, no math)"),
]
WORST_CELLS = [("gaussian", "GaussianErrorCell"), ("laplacian", "LaplacianErrorCell"),
               ("leaky", "LeakyGaussianErrorCell"), ("bernoulli", "BernoulliErrorCell (logit input)")]
FORMS = [("", "view"), ("fixed_", "fixed")]
MODES = ["ieee", "flush"]
DATA = ["normal", "subnormal", "underflow"]
LATENCY = [("BM_ngcrt_latency_64", "idle"), ("BM_ngcrt_latency_64_loaded", "loaded")]
MATH_FNS = [("exp", "f32", "expf"), ("log", "f32", "logf"), ("exp", "f64", "exp"), ("log", "f64", "log")]
CASES = [("live", "all inputs live"), ("default", "modulator and mask untouched")]
# Google Benchmark's time units, in ns.
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
NOT_IN_RUN = "Not in this run."


# ---- reading the run ------------------------------------------------------------------------

def load(path):
    """The run's context, medians (ns), labels, median counters and each repetition's counters."""
    with open(path) as f:
        data = json.load(f)
    med, labels, counters = {}, {}, {}
    failed = sorted({b["run_name"] for b in data["benchmarks"] if b.get("error_occurred")})
    if failed:  # e.g. a row whose data is not what its name says (bench/bench_step.cpp checks it)
        sys.exit("perf_report: rows failed in this run: " + ", ".join(failed))
    for b in data["benchmarks"]:
        if b.get("run_type") != "aggregate" or b.get("aggregate_name") != "median":
            continue
        name = b["run_name"]
        med[name] = b["real_time"] * UNIT_NS[b["time_unit"]]
        if b.get("label"):
            labels[name] = b["label"]
        counters[name] = {k: v for k, v in b.items() if k.endswith("_ns")}
    # Labels are only on the individual runs in some versions: take them from there.
    for b in data["benchmarks"]:
        if b.get("label") and b.get("run_name") not in labels:
            labels[b["run_name"]] = b["label"]
    # Each repetition's counters, when the JSON has the individual runs (scripts/bench.sh
    # keeps them: --benchmark_display_aggregates_only) - the latency rows' max needs them.
    reps = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "iteration":
            rep = {k: v for k, v in b.items() if k.endswith("_ns")}
            rep["time_ns"] = b["real_time"] * UNIT_NS[b["time_unit"]]
            reps.setdefault(b["run_name"], []).append(rep)
    KERNELS[:] = [k for k in host_kernels() if any(n.startswith(f"BM_ngcrt_step_{k}/") for n in med)]
    return data["context"], med, labels, counters, reps


def read_json(path):
    if not path:
        return None
    with open(path) as f:
        return json.load(f)


def cpu_info():
    """The CPU's model name and the x86 ISA extensions that matter here, from /proc/cpuinfo."""
    cpu, flags = "?", ""
    try:
        with open("/proc/cpuinfo") as f:
            lines = f.readlines()
        cpu = next(l.split(":", 1)[1].strip() for l in lines if l.startswith("model name"))
        fl = next(l.split(":", 1)[1].split() for l in lines if l.startswith("flags"))
        flags = ", ".join(f for f in ("sse2", "avx2", "fma", "avx512f", "avx512bw", "avx512vl") if f in fl)
    except (OSError, StopIteration):
        pass
    return cpu, flags


def tool_version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        return "?"


class Goals:
    """bench/goals.json: the project's goals, each a measured value, a limit and a direction."""
    MEASURES = ("benchmarks", "per element", "worst / normal", "m4", "llvm-mca", "pcn")

    def __init__(self, path):
        self.all = read_json(path)["goals"]
        self.by_id = {}
        for g in self.all:
            if g.get("direction") not in ("at most", "at least") or g.get("measure") not in self.MEASURES:
                sys.exit(f"perf_report: {path}: goal {g.get('id')}: unknown direction or measure")
            self.by_id[g["id"]] = g

    def __getitem__(self, goal_id):
        return self.by_id[goal_id]

    def table(self, name):
        return [g for g in self.all if g["table"] == name]


class Run:
    """Everything one report reads."""

    def __init__(self, args):
        self.ctx, self.med, self.labels, self.counters, self.reps = load(args.results)
        self.mcu = read_json(args.mcu) or {}
        self.m4 = read_json(args.m4)
        self.goals = Goals(args.goals)
        self.command = args.command
        self.cpu, self.flags = cpu_info()
        self.kernel = self.labels.get("BM_ngcrt_step/1024", "?")
        # The worst-case rows compare data kinds: each row's fastest repetition, the one least
        # disturbed by whatever else shares the machine (medians move by up to 1.5x here).
        fastest = {name: min(r["time_ns"] for r in rs) for name, rs in self.reps.items() if rs}
        self.worst = worst_rows(fastest if fastest else self.med)
        self.worst_statistic = "fastest repetition" if fastest else "median"
        self.synapse = load_synapse(getattr(args, "synapse", None))
        self.pcn = load_pcn(getattr(args, "pcn", None))
        self.pcn_numpy = read_json(getattr(args, "pcn_numpy", None))
        self.pcn_note = getattr(args, "pcn_note", None)

    def get(self, name, n):
        return self.med.get(f"{name}/{n}")

    def per_element(self, name):
        """A benchmark's median time per element (ns), whatever size it ran at."""
        return next((v / int(k.rsplit("/", 1)[1]) for k, v in self.med.items() if k.rsplit("/", 1)[0] == name), None)


# ---- synapses (bench/bench_synapse.cpp: ngcrt-bench-synapse's own run) ------------------------

SYNAPSE_SHAPES = [(64, 64, 1), (512, 512, 1), (784, 512, 1), (784, 512, 50), (784, 512, 250)]
# Vector floating-point operations one core issues per cycle without FMA, and lanes per
# operation, by kernel; the CPU (AMD Zen 5, family 0x1A, this machine's): two multiply
# pipes and two add pipes, each a full 512-bit operation per cycle (AMD's Zen 5 software
# optimisation guide), so 2 multiplies + 2 adds per cycle whatever the width. A
# multiply-add without FMA is 2 operations: peak multiply-adds per cycle = 2 x lanes.
SYNAPSE_LANES = {"scalar": 1, "sse2": 4, "avx2": 8, "avx512": 16}


def load_synapse(path):
    """ngcrt-bench-synapse's JSON: medians (ns) and median counters, or None."""
    if not path:
        return None
    with open(path) as f:
        data = json.load(f)
    med, counters = {}, {}
    for b in data["benchmarks"]:
        if b.get("error_occurred"):
            continue
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b["run_name"]
        med[name] = b["real_time"] * UNIT_NS[b["time_unit"]]
        counters[name] = {k: v for k, v in b.items() if k in ("flops", "clock_hz")}
    return {"med": med, "counters": counters, "context": data.get("context", {})}


def synapse_blocks(run):
    """docs/performance.md's synapse blocks: the products' times, ratios and peak fraction."""
    syn = run.synapse
    if not syn:
        return {"synapses": [NOT_IN_RUN], "synapse-peak": [NOT_IN_RUN]}
    med = syn["med"]
    kernels = [k for k in SYNAPSE_LANES if any(n.startswith(f"BM_synapse_forward_{k}/") for n in med)]

    def t(name, shape):
        return med.get(f"{name}/{shape[0]}/{shape[1]}/{shape[2]}")

    fwd = table(["(in, out, B)"] + [f"ngcrt {k}" for k in kernels] +
                ["plain loop", "Eigen", "Eigen fixed-size", "Eigen -march=native (FMA)"],
                [[f"({i}, {o}, {b})"] + [fmt_time(t(f"BM_synapse_forward_{k}", (i, o, b))) for k in kernels] +
                 [fmt_time(t(n, (i, o, b))) for n in ("BM_plain_forward", "BM_eigen_forward", "BM_eigen_forward_fixed",
                                                      "BM_eigen_forward_native_fma")]
                 for i, o, b in SYNAPSE_SHAPES])
    rows = []
    for i, o, b in SYNAPSE_SHAPES:
        for k in kernels:
            mine = t(f"BM_synapse_forward_{k}", (i, o, b))
            tr = t(f"BM_synapse_transposed_{k}", (i, o, b))
            best_eigen = min([x for x in (t("BM_eigen_forward", (i, o, b)), t("BM_eigen_forward_fixed", (i, o, b)))
                              if x], default=None)
            rows.append([f"({i}, {o}, {b})", k, ratio_cell(ratio(t("BM_plain_forward", (i, o, b)), mine)),
                         ratio_cell(ratio(best_eigen, mine)), ratio_cell(ratio(tr, mine))])
    ratios = table(["(in, out, B)", "kernel", "plain loop / ngcrt (goal > 1 at B = 1)",
                    "Eigen / ngcrt (goal > 1 at B = 1)", "transposed / forward (goal <= 1.3)"], rows)
    clock = next((c["clock_hz"] for n, c in syn["counters"].items() if n.startswith("BM_cpu_clock") and "clock_hz" in c),
                 None)
    peak_rows = []
    for i, o, b in SYNAPSE_SHAPES:
        if b == 1:
            continue
        for k in kernels:
            tk = t(f"BM_synapse_forward_{k}", (i, o, b))
            flops = 2.0 * i * o * b / (tk * 1e-9) if tk else None  # from the median real time
            peak = 2 * 2 * SYNAPSE_LANES[k] * clock if clock else None  # 2 mul + 2 add per cycle, in flops
            peak_rows.append([f"({i}, {o}, {b})", k, f"{flops / 1e9:.1f}" if flops else "-",
                              f"{peak / 1e9:.1f}" if peak else "-",
                              f"{flops / peak:.0%}" + (" (met)" if flops / peak >= 0.7 else " (**not met**)")
                              if flops and peak else "-"])
        te = t("BM_eigen_forward_native_fma", (i, o, b))
        fma = 2.0 * i * o * b / (te * 1e-9) if te else None
        peak_rows.append([f"({i}, {o}, {b})", "Eigen -march=native (FMA)", f"{fma / 1e9:.1f}" if fma else "-", "-", "-"])
    head = (f"Clock measured by a chain of dependent integer additions (BM_cpu_clock): "
            f"{clock / 1e9:.2f} GHz." if clock else "Clock not measured in this run.")
    peak = [head, ""] + table(["(in, out, B)", "kernel", "GFLOP/s (2 per multiply-add)", "peak without FMA",
                               "fraction (goal >= 70%)"], peak_rows)
    return {"synapses": fwd + [""] + ratios, "synapse-peak": peak}


# ---- the predictive-coding network (bench/bench_pcn.cpp, bench/pcn_numpy.py) -----------------

PCN_LAYERS = {64: [64, 64, 64, 10], 784: [784, 512, 512, 10]}
PCN_TRAIN = [(64, 1), (64, 50), (784, 250)]
PCN_INFER = [(64, 1), (784, 1)]
PCN_IMPLS = [("ngcrt", "ngcrt"), ("plain", "plain loop"), ("eigen", "Eigen 3.4")]
PCN_STEPS = 20  # T of bench_pcn.cpp and pcn_numpy.py


def pcn_case_name(case):
    """'64/1' -> '64-64-64-10, B = 1'."""
    n0, b = (int(v) for v in str(case).split("/"))
    return f"{'-'.join(str(v) for v in PCN_LAYERS[n0])}, B = {b}"


def load_pcn(path):
    """ngcrt-bench-pcn's JSON: medians (ns), labels, clock_hz, repetitions; None without a path.
    A row that failed its check before timing fails the report."""
    if not path:
        return None
    with open(path) as f:
        data = json.load(f)
    failed = sorted({b["run_name"] + ": " + b.get("error_message", "?") for b in data["benchmarks"]
                     if b.get("error_occurred")})
    if failed:
        sys.exit("perf_report: PCN rows failed in this run: " + "; ".join(failed))
    med, labels, clock, reps, cv = {}, {}, None, {}, {}
    for b in data["benchmarks"]:
        name = b["run_name"]
        if b.get("label"):
            labels[name] = b["label"]
        if b.get("run_type") == "iteration":
            reps[name] = reps.get(name, 0) + 1
        if b.get("aggregate_name") == "cv" and name.startswith("BM_pcn_"):
            cv[name] = b["real_time"]  # stddev / mean of the repetitions' real times
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        med[name] = b["real_time"] * UNIT_NS[b["time_unit"]]
        if name.startswith("BM_cpu_clock") and "clock_hz" in b:
            clock = b["clock_hz"]
    return {"med": med, "labels": labels, "clock": clock, "context": data.get("context", {}), "cv": cv,
            "repetitions": max(reps.values(), default=0) or data.get("context", {}).get("repetitions", "?")}


def pcn_macs(n0, batch, steps=PCN_STEPS):
    """Multiply-adds of the products of one process(adapt = true) call: the projection, T steps
    (the feedback products e_l @ W_l^T, l >= 2, and the predictions), the Hebbian dW."""
    n = PCN_LAYERS[n0]
    forward = sum(a * c for a, c in zip(n, n[1:]))
    feedback = sum(a * c for a, c in zip(n[1:], n[2:]))
    return batch * (forward + steps * (feedback + forward) + forward)


def pcn_blocks(run):
    """docs/performance.md's 'pcn' block: training throughput, inference latency, ratios, goals
    and the share of the no-FMA peak at B = 250."""
    pcn, numpy_run = run.pcn, run.pcn_numpy
    if not pcn:
        return {"pcn": [NOT_IN_RUN]}
    med = pcn["med"]
    np_med = {c["name"]: c["median_s"] * 1e9 for c in (numpy_run or {}).get("cases", [])}
    mm_med = {c["name"]: c["matmul"]["median_s"] * 1e9 for c in (numpy_run or {}).get("cases", []) if "matmul" in c}
    kernel = next((v for k, v in pcn["labels"].items() if k.startswith("BM_pcn_train_ngcrt")), "?")
    cpu, flags = cpu_info()
    family = ""
    try:
        with open("/proc/cpuinfo") as f:
            info = {k.strip(): v.strip() for k, v in (l.split(":", 1) for l in f.read().split("\n\n")[0].splitlines()
                                                       if ":" in l)}
        family = f" (family {int(info['cpu family']):#x}, model {int(info['model']):#x})"
    except (OSError, KeyError, ValueError):
        pass
    ctx = pcn["context"]
    noise = ""
    if pcn["cv"]:
        worst = max(pcn["cv"], key=pcn["cv"].get)
        noise = (f" (coefficient of variation of a row's repetitions: median "
                 f"{statistics.median(pcn['cv'].values()):.0%}, up to {pcn['cv'][worst]:.0%} for {worst})")
    lines = [f"Run: {ctx.get('date', '?')}, `{run.command}`, medians of {pcn['repetitions']} repetitions{noise}; "
             f"{cpu}{family}, ISA: {flags}, {ctx.get('num_cpus', '?')} logical cores; ngcrt's kernel by runtime "
             f"dispatch: **{kernel}**."]
    if getattr(run, "pcn_note", None):
        lines[0] += " " + run.pcn_note
    if numpy_run:
        lines[0] += (f" NumPy (`bench/pcn_numpy.py`, {numpy_run.get('date', '?')}): NumPy "
                     f"{numpy_run.get('numpy', '?')}, float32, the reference with exp `{numpy_run.get('exp', '?')}`, "
                     f"the `@` model on BLAS `{numpy_run.get('blas', '?')}`, medians of "
                     f"{numpy_run.get('repetitions', '?')} repetitions.")
    lines.append("")

    def rows(kind, cases):
        out = []
        for n0, b in cases:
            case = f"{n0}/{b}"
            t = {impl: med.get(f"BM_pcn_{kind}_{impl}/{case}") for impl, _ in PCN_IMPLS}
            tn, tm = np_med.get(f"{kind}/{n0}/{b}"), mm_med.get(f"{kind}/{n0}/{b}")
            cells = [pcn_case_name(case)]
            for impl, _ in PCN_IMPLS:
                cells.append(f"{fmt_time(t[impl])} ({b * 1e9 / t[impl]:,.0f}/s)" if t[impl] else "-")
            cells += [f"{fmt_time(v)} ({b * 1e9 / v:,.1f}/s)" if v else "-" for v in (tm, tn)]
            mine = t["ngcrt"]
            cells += [ratio_cell(ratio(t["plain"], mine)), ratio_cell(ratio(t["eigen"], mine)),
                      ratio_cell(ratio(tm, mine)), ratio_cell(ratio(tn, mine))]
            out.append(cells)
        return out

    head = ["case"] + [title for _, title in PCN_IMPLS] + ["NumPy `@`", "NumPy reference", "plain / ngcrt",
                                                             "Eigen / ngcrt", "NumPy `@` / ngcrt",
                                                             "NumPy reference / ngcrt"]
    lines.append("Training, one `process(x, lab, adapt = true)` call (T = 20, Adam): time per call "
                 "(samples per second); ratios are speed-ups of ngcrt (other's time / ngcrt's).")
    lines.append("")
    lines += table(head, rows("train", PCN_TRAIN))
    lines += ["", "Inference, one `infer` of one sample (the projection): latency per sample "
              "(samples per second).", ""]
    lines += table(head, rows("infer", PCN_INFER))
    lines += ["", "Goals (bench/goals.json):", ""]
    lines += goal_table(run, "pcn")
    # the share of the no-FMA peak at B = 250
    lanes = SYNAPSE_LANES.get(kernel)
    clock = pcn["clock"]
    peak = 2 * 2 * lanes * clock if lanes and clock else None
    prow = []
    for n0, b in PCN_TRAIN:
        if b != 250:
            continue
        flops = 2.0 * pcn_macs(n0, b)
        for impl, title in PCN_IMPLS:
            t = med.get(f"BM_pcn_train_{impl}/{n0}/{b}")
            rate = flops / (t * 1e-9) if t else None
            prow.append([pcn_case_name(f"{n0}/{b}"), title, f"{flops / 1e9:.2f}",
                         f"{rate / 1e9:.1f}" if rate else "-",
                         f"{rate / peak:.0%}" if rate and peak else "-"])
    lines += ["", (f"Share of the core's arithmetic peak without FMA at B = 250 (reported, no goal): the "
                   f"products' flops of one call (2 per multiply-add: the projection, T x (feedback + "
                   f"predictions), the Hebbian dW; the element-wise work not counted) over the median time; "
                   f"peak = 2 multiplies + 2 adds per cycle x {lanes} lanes ({kernel}) x "
                   f"{clock / 1e9:.2f} GHz (BM_cpu_clock) = {peak / 1e9:.1f} GFLOP/s."
                   if peak else "Share of the no-FMA peak: clock or kernel not known in this run."), ""]
    lines += table(["case", "implementation", "GFLOP per call", "GFLOP/s", "share of the no-FMA peak"], prow)
    return {"pcn": lines}


class PcnOnlyRun:
    """What the 'pcn' block reads, when perf_report runs without the main run's results
    (--pcn alone: only that block of --doc is regenerated, the others are kept)."""

    def __init__(self, args):
        self.goals = Goals(args.goals)
        self.command = args.command
        self.pcn = load_pcn(args.pcn)
        self.pcn_numpy = read_json(args.pcn_numpy)
        self.pcn_note = args.pcn_note


# ---- formatting -----------------------------------------------------------------------------

def fmt_time(ns):
    if ns is None:
        return "-"
    if ns < 1e3:
        return f"{ns:.1f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} us"
    return f"{ns / 1e6:.2f} ms"


def ratio(a, b):
    return a / b if a and b else None


def met(goal, value):
    return value <= goal["limit"] if goal["direction"] == "at most" else value >= goal["limit"]


def verdict(goal, value):
    return "-" if value is None else ("met" if met(goal, value) else "**not met**")


def ratio_cell(value, goal=None):
    """A ratio, and whether it meets the goal when one applies."""
    if value is None:
        return "-"
    return f"{value:.2f}x" + (f" ({verdict(goal, value)})" if goal else "")


def table(header, rows):
    """A markdown table: a header of column titles, rows of cells."""
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + \
        ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]


def time_table(run, columns):
    """A row per n, a column per (benchmark, title), median times."""
    return table(["n"] + [t for _, t in columns],
                 [[n] + [fmt_time(run.get(name, n)) for name, _ in columns] for n in SIZES])


# ---- goals ----------------------------------------------------------------------------------

def measure(run, goal):
    """What a goal measures in this run: [(n or None, value or None)]."""
    kind = goal["measure"]
    if kind == "pcn":
        a, b = goal["ratio"]
        med = run.pcn["med"] if run.pcn else {}
        return [(pcn_case_name(c), ratio(med.get(f"{a}/{c}"), med.get(f"{b}/{c}"))) for c in goal["n"]]
    if kind == "benchmarks":
        a, b = goal["ratio"]
        return [(n, ratio(run.get(a, n), run.get(b, n))) for n in goal["n"]]
    if kind == "per element":
        a, b = goal["ratio"]
        n = goal.get("n_first")  # A at this size only (else whatever size it ran at)
        first = run.get(a, n) / n if n and run.get(a, n) else None if n else run.per_element(a)
        return [(n, ratio(first, run.per_element(b)))]
    if kind == "worst / normal":
        r = [x["ratio"] for x in run.worst if x["mode"] == goal["mode"] and x["ratio"]]
        return [(None, max(r) if r else None)]
    if kind == "m4":
        return [(None, run.m4["cases"][goal["case"]][goal["value"]] if run.m4 else None)]
    core = next((c for c in run.mcu.get("cores", []) if (c["core"], c["kernel"]) == (goal["core"], goal["kernel"])),
                None)
    return [(None, core[goal["case"]] if core else None)]


def fmt_measured(goal, value):
    if value is None:
        return "not in this run"
    if goal["measure"] == "llvm-mca":
        return f"{value:.2f}"
    return f"{value:.3f}x" if goal.get("value") == "ratio_pass" else f"{value:.2f}x"


def fmt_goal(goal):
    return f"{goal['direction']} {goal['limit']:g}" + ("" if goal["measure"] == "llvm-mca" else "x")


def goal_table(run, name, extra=()):
    """Every goal of one table: measured, goal, met. extra: more rows (check, n, measured) with no goal."""
    goals = run.goals.table(name)
    with_n = any("n" in g for g in goals) or extra
    rows = []
    for g in goals:
        for n, value in measure(run, g):
            rows.append([g["label"]] + ([n if n else "-"] if with_n else []) +
                        [fmt_measured(g, value), fmt_goal(g), verdict(g, value)])
    for label, n, value in extra:
        rows.append([label, n, ratio_cell(value), "none", "-"])
    return table(["check"] + (["n"] if with_n else []) + ["measured", "goal", "met"], rows)


# ---- the Gaussian step ----------------------------------------------------------------------

def machine_block(run):
    ctx = run.ctx
    caches = ", ".join(f"L{c['level']} {c['type'].lower()} {c['size'] // 1024} KiB" for c in ctx.get("caches", []))
    caches = caches or "not in this run"
    nrep = max((len(v) for v in run.reps.values()), default=0)
    return [
        f"- CPU: {run.cpu} ({ctx.get('num_cpus', '?')} logical cores visible, {ctx.get('mhz_per_cpu', '?')} MHz "
        f"nominal); ISA: {run.flags}",
        f"- Caches: {caches}",
        f"- Compiler: {tool_version(['g++', '--version'])}; build type Release (`-O3`); Google Benchmark "
        f"{ctx.get('library_version', '1.7')}",
        f"- Run: {ctx.get('date', '?')}, `{run.command}` ({ctx.get('executable', '?')}), medians of "
        f"{nrep or '?'} repetitions",
        f"- Kernel chosen by runtime dispatch for `BM_ngcrt_step` (library built with default flags): **{run.kernel}**",
    ]


def n1024_block(run):
    """The figures behind the Eigen goal at n = 1024, and the per-call cost at n = 64."""
    live, eigen, floor, hand = (run.get(k, 1024) for k in ("BM_ngcrt_step", "BM_eigen_step", "BM_floor_step",
                                                            "BM_hand_step"))
    live64, floor64 = run.get("BM_ngcrt_step", 64), run.get("BM_floor_step", 64)
    if not (live and eigen and floor and live64 and floor64):
        return [NOT_IN_RUN]
    goal = run.goals["eigen-speedup"]
    need = eigen / goal["limit"]
    rows = [["live step", fmt_time(live)],
            [f"the live step's time the Eigen goal allows (Eigen / {goal['limit']:g})",
             f"{fmt_time(need)} ({verdict(goal, eigen / live)})"],
            ["live step / traffic floor", f"{live / floor:.2f}x"]]
    if hand:
        rows += [["`BM_hand_step`", fmt_time(hand)],
                 ["`BM_hand_step` / traffic floor", f"{hand / floor:.2f}x"],
                 ["Eigen / `BM_hand_step`", f"{eigen / hand:.2f}x ({verdict(goal, eigen / hand)})"],
                 ["live step / `BM_hand_step`", f"{live / hand:.2f}x"]]
    rows.append(["n = 64: live step, traffic floor", f"{fmt_time(live64)}, {fmt_time(floor64)}"])
    return table(["n = 1024 unless stated", "this run"], rows)


def kernels_block(run):
    rows = []
    for n in SIZES:
        cells = []
        for k in KERNELS:
            a, b = run.get(f"BM_ngcrt_step_{k}", n), run.get(f"BM_ngcrt_step_default_{k}", n)
            cells.append(f"{fmt_time(a)} / {fmt_time(b)}" if a else "not on this CPU")
        rows.append([n] + cells)
    return table(["n"] + KERNELS, rows)


def family_goals_block(run):
    leaky = [("LeakyGaussian live step / Gaussian live step", n, ratio(run.get("BM_leaky_step", n),
                                                                      run.get("BM_ngcrt_step", n))) for n in SIZES]
    out = goal_table(run, "family", [r for r in leaky if r[2]])
    cells = [(k, run.get(f"BM_bernoulli_step_{k}", 1024)) for k in KERNELS]
    if any(c for _, c in cells):
        out += [""] + table(["BernoulliErrorCell, probability input, live, n = 1024"] + [k for k, c in cells if c],
                            [["forced kernel"] + [fmt_time(c) for _, c in cells if c]])
    return out


# ---- the worst case (normal against adversarial data) ----------------------------------------

def worst_rows(med):
    """Every BM_worst_ row set of the run: dicts with the cell, its title, the form (view or
    fixed), kernel, mode, n, the three times (ns, None if missing) and worst / normal."""
    rows = []
    for cell, title in WORST_CELLS:
        for prefix, form in FORMS:
            for k in KERNELS:
                for mode in MODES:
                    for n in (64, 1024):
                        t = [med.get(f"BM_worst_{prefix}{cell}_{k}_{mode}_{d}/{n}") for d in DATA]
                        if not t[0]:
                            continue
                        bad = [x for x in t[1:] if x]
                        rows.append(dict(cell=cell, title=title, form=form, kernel=k, mode=mode, n=n,
                                         normal=t[0], subnormal=t[1], underflow=t[2],
                                         ratio=max(bad) / t[0] if bad else None))
    return rows


def worst_summary(run):
    """The dispatched kernel, each cell, form and size, both modes; then the extremes over every kernel."""
    rows = run.worst
    if not rows:
        return ["The `BM_worst_` rows are not in this run."]
    goal = run.goals["flush-worst"]
    by = {(r["cell"], r["form"], r["kernel"], r["mode"], r["n"]): r for r in rows}

    def part(r, g=None):
        if not r:
            return ["-"] * 4
        bold = "-" if r["ratio"] is None else f"**{r['ratio']:.2f}x**"
        return [fmt_time(r["normal"]), fmt_time(r["subnormal"]), fmt_time(r["underflow"]),
                ratio_cell(r["ratio"], g) if g else bold]
    body = []
    for cell, title in WORST_CELLS:
        for _, form in FORMS:
            for n in (64, 1024):
                ie, fl = by.get((cell, form, run.kernel, "ieee", n)), by.get((cell, form, run.kernel, "flush", n))
                if ie or fl:
                    body.append([title, form, n] + part(ie) + part(fl, goal))
    out = table([f"cell ({run.kernel})", "form", "n", "IEEE: normal", "subnormal", "underflow", "worst / normal",
                 "flush: normal", "subnormal", "underflow", "worst / normal"], body)

    def where(r):
        return f"{r['title']}, {r['form']}, {r['kernel']}, {r['n']} units"
    ext = []
    for mode, what, g in (("ieee", "worst / normal, `Subnormals::ieee`", None),
                          ("flush", "worst / normal, `Subnormals::flush`", goal)):
        rs = [r for r in rows if r["mode"] == mode and r["ratio"]]
        if rs:
            top, low = max(rs, key=lambda r: r["ratio"]), min(rs, key=lambda r: r["ratio"])
            ext.append([what, len(rs), f"{low['ratio']:.2f}x", f"**{top['ratio']:.2f}x**", where(top),
                        fmt_goal(g) if g else "none", verdict(g, top["ratio"]) if g else "-"])
    pairs = [(by.get((r["cell"], r["form"], r["kernel"], "ieee", r["n"])), r) for r in rows if r["mode"] == "flush"]
    cost = [f["normal"] / i["normal"] for i, f in pairs if i]
    if cost:
        ext.append(["normal data: flush step / IEEE step", len(cost), f"{min(cost):.2f}x", f"{max(cost):.2f}x", "-",
                    "none", "-"])
    return out + [""] + table(["every host kernel", "rows", "lowest", "highest", "highest at", "goal", "met"], ext)


def worst_table(run):
    """Every BM_worst_ row set: cell, form, kernel, mode, size."""
    if not run.worst:
        return ["The `BM_worst_` rows are not in this run."]
    goal = run.goals["flush-worst"]
    return table(["cell", "form", "kernel", "mode", "n", "normal", "subnormal", "underflow", "worst / normal"],
                 [[r["title"], r["form"], r["kernel"], r["mode"], r["n"], fmt_time(r["normal"]),
                   fmt_time(r["subnormal"]), fmt_time(r["underflow"]),
                   ratio_cell(r["ratio"], goal if r["mode"] == goal["mode"] else None)] for r in run.worst])


def budget_block(run):
    """The slowest of normal, subnormal and underflowing data per cell, fixed cell, dispatched kernel."""
    if not run.worst:
        return ["The `BM_worst_` rows are not in this run."]
    by = {(r["cell"], r["form"], r["kernel"], r["mode"], r["n"]): r for r in run.worst}
    body = []
    for cell, title in WORST_CELLS:
        cells = []
        for mode in MODES:
            for n in (64, 1024):
                r = by.get((cell, "fixed", run.kernel, mode, n))
                t = [x for x in (r["normal"], r["subnormal"], r["underflow"]) if x] if r else []
                cells.append(fmt_time(max(t)) if t else "-")
        body.append([title] + cells)
    return table([f"cell (fixed, {run.kernel})", "IEEE, 64 units", "IEEE, 1024 units", "flush, 64 units",
                  "flush, 1024 units"], body)


# ---- latency and per-call overhead ----------------------------------------------------------

def latency(run, name):
    """p50, p99, p99.9 (medians over the repetitions), max (the largest over them) and the timer's
    cost of a one-shot latency benchmark, and how they were taken; None if not in the run."""
    def find(tab):
        return next((v for k, v in tab.items() if k.split("/")[0] == name and v), None)
    runs = find(run.reps)
    if runs:
        mid = {k: statistics.median(r[k] for r in runs) for k in ("p50_ns", "p99_ns", "p999_ns", "timer_ns")}
        return {**mid, "max_ns": max(r["max_ns"] for r in runs), "reps": len(runs), "from": "repetitions"}
    agg = find(run.counters)
    if agg:
        return {**agg, "reps": None, "from": "aggregates"}
    return None


def latency_block(run):
    """p50/p99/p99.9/max of one Units<64> step, idle and under a memory load."""
    rows = [(title, latency(run, name)) for name, title in LATENCY]
    if not any(r for _, r in rows):
        return ["The latency rows are not in this run."]
    how = next(r for _, r in rows if r)
    if how["from"] == "repetitions":
        out = [f"p50, p99 and p99.9: medians over {how['reps']} repetitions; max: the largest over them.", ""]
    else:
        out = ["Every column, max included: medians over the repetitions (the JSON holds only the aggregates).", ""]
    body = []
    for title, r in rows:
        body.append([title, f"{r['p50_ns']:.1f} ns", f"{r['p99_ns']:.1f} ns", f"{r['p999_ns']:.1f} ns",
                     fmt_time(r["max_ns"]), f"{r['timer_ns']:.1f} ns"] if r else [title, "not in this run", "", "", "",
                                                                                     ""])
    idle, loaded = rows[0][1], rows[1][1]
    if idle and loaded:
        body.append(["loaded / idle", "-", f"{loaded['p99_ns'] / idle['p99_ns']:.2f}x",
                     f"{loaded['p999_ns'] / idle['p999_ns']:.2f}x", "-", "-"])
    return out + table(["load", "p50", "p99", "p99.9", "max", "timer overhead subtracted"], body)


def overhead_block(run):
    """The Units<64> live step against the same arithmetic hand-written, medians and fastest repetitions."""
    a, b = run.get("BM_ngcrt_step_units64", 64), run.get("BM_hand_step", 64)
    if not (a and b):
        return ["The per-call overhead rows are not in this run."]
    goal = run.goals["call-overhead"]
    rows = [["`GaussianErrorCell<float, Units<64>, 1>` live step (`BM_ngcrt_step_units64/64`)", fmt_time(a), "-"],
            ["the same arithmetic, AVX-512 intrinsics, no checks (`BM_hand_step/64`)", fmt_time(b), "-"],
            ["ratio", f"{a / b:.2f}x ({fmt_goal(goal)}: {verdict(goal, a / b)})", "-"]]
    fa, fb = (run.reps.get(k) for k in ("BM_ngcrt_step_units64/64", "BM_hand_step/64"))
    if fa and fb:
        ta, tb = min(r["time_ns"] for r in fa), min(r["time_ns"] for r in fb)
        rows[0][2], rows[1][2], rows[2][2] = fmt_time(ta), fmt_time(tb), f"{ta / tb:.2f}x"
        fastest = f"fastest of {len(fa)} repetitions"
    else:
        fastest = "fastest repetition"
    live64 = run.get("BM_ngcrt_step", 64)
    if live64:
        rows.append(["`BM_ngcrt_step/64` (the same step through `GaussianErrorCellView<float>`)", fmt_time(live64), "-"])
    return table(["n = 64", "median", fastest], rows)


# ---- elementary functions and microcontrollers ----------------------------------------------

def math_block(run):
    if not any(k.startswith("BM_math_") for k in run.med):
        return [NOT_IN_RUN]
    head = [f"ngcrt {i}" for i in KERNELS] + [f"xsimd {i}" for i in KERNELS[1:]] + ["glibc"]
    times, ratios = [], []
    for fn, ty, libc in MATH_FNS:
        names = ([f"BM_math_{fn}_{ty}_ngcrt_{i}" for i in KERNELS] + [f"BM_math_{fn}_{ty}_xsimd_{i}" for i in KERNELS[1:]]
                 + [f"BM_math_{fn}_{ty}_glibc"])
        cells = [run.per_element(x) for x in names]
        times.append([f"{fn} {ty}"] + ["-" if c is None else f"{c:.3f} ns" for c in cells])
        if cells[3]:  # glibc, xsimd AVX-512 over ngcrt AVX-512; the goals: the table after
            ratios.append([f"{fn} {ty} (vs `{libc}`)", ratio_cell(ratio(cells[7], cells[3])),
                           ratio_cell(ratio(cells[6], cells[3]))])
    return table(["function"] + head, times) + [""] + \
        table(["function", "glibc loop / ngcrt AVX-512", "xsimd AVX-512 / ngcrt AVX-512"], ratios) + [""] + \
        goal_table(run, "math")


def math_mcu_block(run):
    rows = run.mcu.get("math", [])
    if not rows:
        return [NOT_IN_RUN]
    out = table(["core", "llvm-mca", "ngcrt exp", "ngcrt log", "picolibc expf", "picolibc logf"],
                [[r["core"], r["mca"], f"{r['ngcrt_exp']:.1f}", f"{r['ngcrt_log']:.1f}", f"{r['picolibc_expf']:.1f}",
                  f"{r['picolibc_logf']:.1f}"] for r in rows])
    notes = run.mcu.get("math_notes", [])
    return out + ([""] + notes if notes else [])


def mcu_block(run):
    """Cortex-M cycles per element: the M4F manual count (a budget), llvm-mca estimates for the
    other cores (not budgets), each against its core's physical floor; nothing below a floor."""
    m4, body, hidden = run.m4, [], []
    if not (m4 or run.mcu):
        return [NOT_IN_RUN]
    if m4:
        for case, text in CASES:
            c = m4["cases"][case]
            body.append(["Cortex-M4F", "scalar (VFP assembly)", text, f"manual count (P = {m4['refill_P']})",
                         f"**{c['per_element_large_n']:.2f}**", f"{c['pass_per_element']:.2f}",
                         f"{c['calls']['64']['cycles']} ({c['per_element_64']:.1f} / element)",
                         f"{c['calls']['1024']['cycles']} ({c['per_element_1024']:.1f} / element)", c["floor"],
                         f"{c['ratio_large_n']:.2f}x (pass {c['ratio_pass']:.3f}x)"])
    for c in run.mcu.get("cores", []):
        for case, text in CASES:
            est, floor = c[case], c[f"floor_{case}"]
            if est < floor:
                hidden.append(f"{c['core']} {c['kernel']}, {text} ({c['mca']}, floor {floor:g})")
                continue
            body.append([c["core"], c["kernel"], text, f"{c['mca']} estimate", "-", f"{est:.2f}", "-", "-",
                         f"{floor:g}", f"{est / floor:.2f}x"])
    out = table(["core", "kernel", "case", "source", "per element, large n", "loop pass, per element",
                 "per call, n = 64", "per call, n = 1024", "floor", "ratio to floor"], body)
    if hidden:
        out += ["", "Below the core's floor, not shown: " + "; ".join(hidden) + "."]
    return out


def mcu_floors_block(run):
    """Each core's floor (live / default) and what it is made of; the Cortex-M4F goal in cycles."""
    m4, body = run.m4, []
    if m4:
        L, D = m4["cases"]["live"], m4["cases"]["default"]
        limit = run.goals["m4-large-live"]["limit"]
        body.append(["Cortex-M4F", "scalar", f"{L['floor']} / {D['floor']}",
                     f"{limit * L['floor']:.2f} / {limit * D['floor']:.2f}",
                     f"live {L['floor_basis']}; default {D['floor_basis']}"])
    seen = set()
    for c in run.mcu.get("cores", []):
        key = (c["core"], c["kernel"])
        if c["core"] == "Cortex-M4F" or key in seen:
            continue
        seen.add(key)
        body.append([c["core"], c["kernel"], f"{c['floor_live']:g} / {c['floor_default']:g}", "-", c["floor_basis"]])
    if not body:
        return [NOT_IN_RUN]
    return table(["core", "kernel", "floor, live / default", "the goal in cycles per element, live / default",
                  "what the floor counts"], body)


def m4_notes_block(run):
    return [f"- {n}" for n in run.m4["notes"]] if run.m4 else [NOT_IN_RUN]


def mcu_models_block(run):
    checks, notes = run.mcu.get("checks", []), run.mcu.get("notes", [])
    if not (checks or notes):
        return [NOT_IN_RUN]
    out = table(["core", "instruction", "model", "manual", "source"],
                [[f"{r['core']} ({r['mca']})", f"{r['what']} (`{r['instruction']}`)", f"{r['model']:.2f}",
                  r["manual"] or "-", r["source"]] for r in checks]) if checks else []
    return out + ([""] + notes if out and notes else notes)


def redo_block(run):
    """The llvm-mca rows for the redo paths (ARMv7 NEON, Cortex-M55 Helium)."""
    rows = run.mcu.get("redo", [])
    if not rows:
        return ["The llvm-mca rows of the redo paths are not in this run."]
    body = []
    for r in rows:
        src = f"llvm-mca estimate, model {r['model']} ({r['mca']})"
        if r["model"] != r["project_core"].lower():
            src += f"; the project's core is the {r['project_core']}"
        body.append([r["target"], r["kernel"], r["unit"], f"{r['normal']:.2f}", f"{r['redo']:.2f}",
                     f"{r['worst']:.2f}", f"{r['ratio']:.2f}x", src])
    out = table(["target", "kernel", "redone", "normal", "redo (added)", "worst: every one redone", "worst / normal",
                 "source"], body)
    notes = run.mcu.get("redo_notes", [])
    return out + ([""] + notes if notes else [])


def cortex_m_block(run):
    """realtime.md's short Cortex-M table: what to budget per element and per call."""
    body = []
    if run.m4:
        L, D = run.m4["cases"]["live"], run.m4["cases"]["default"]
        body.append(["Cortex-M4F", "manual count (`tools/m4_cycles.py`), a budget",
                     f"{L['per_element_large_n']:.2f} (large n)",
                     f"{L['calls']['64']['cycles']} / {L['calls']['1024']['cycles']}",
                     f"{D['per_element_large_n']:.2f} (large n)"])
    else:
        body.append(["Cortex-M4F", "manual count (`tools/m4_cycles.py`)", "not in this run", "-", "-"])
    cores = {(c["core"], c["kernel"]): c for c in run.mcu.get("cores", [])}
    for core, k in (("Cortex-M7", "scalar"), ("Cortex-M55", "helium")):
        c = cores.get((core, k))
        if c:
            body.append([core, f"{c['mca']} estimate, not a budget", f"{c['live']:.2f} (loop pass)", "-",
                         f"{c['default']:.2f} (loop pass)"])
    return table(["core", "source", "live, per element", "live, per call n = 64 / 1024", "default, per element"],
                 body)


# ---- the pages ------------------------------------------------------------------------------

def performance_blocks(run):
    """docs/performance.md's generated blocks: name -> lines."""
    def has(prefix):
        return any(k.startswith(prefix) for k in run.med)
    return {
        "machine": machine_block(run),
        "main": time_table(run, MAIN),
        "gaussian-goals": goal_table(run, "gaussian"),
        "n1024": n1024_block(run),
        "family": time_table(run, FAMILY) if has(("BM_laplacian_step/", "BM_bernoulli_step/")) else [NOT_IN_RUN],
        "family-goals": family_goals_block(run),
        "worst-summary": worst_summary(run),
        "variants": time_table(run, VARIANTS) + [""] + goal_table(run, "variants"),
        "kernels": kernels_block(run),
        "latency": latency_block(run),
        "math": math_block(run),
        "math-mcu": math_mcu_block(run),
        "mcu": mcu_block(run),
        "mcu-goals": goal_table(run, "cortex-m"),
        "mcu-floors": mcu_floors_block(run),
        "m4-notes": m4_notes_block(run),
        "mcu-models": mcu_models_block(run),
        "redo": redo_block(run),
        # RateCell
        "rate": (time_table(run, RATE) + [""] + goal_table(run, "rate")) if has("BM_rate_step/") else [NOT_IN_RUN],
        **synapse_blocks(run),
        **pcn_blocks(run),
    }


def realtime_blocks(run):
    """docs/realtime.md's generated blocks: name -> lines."""
    nrep = max((len(v) for v in run.reps.values()), default=0)
    return {
        "run": [f"Run of {run.ctx.get('date', '?')}: `{run.command}` on {run.cpu}, {run.ctx.get('num_cpus', '?')} "
                f"logical cores; {run.kernel} chosen by runtime dispatch; {nrep or '?'} repetitions of each row, "
                f"interleaved at random. The worst-case tables take each row's {run.worst_statistic} (a shared "
                f"machine's interference only adds time, and it moved medians of identical work by up to "
                f"1.5x here); the latency rows, medians."],
        "worst-summary": worst_summary(run),
        "worst-table": worst_table(run),
        "redo": redo_block(run),
        "budget": budget_block(run),
        "latency": latency_block(run),
        "cortex-m": cortex_m_block(run),
        "overhead": overhead_block(run),
    }


def readme_blocks(run):
    """README.md's one block: a few headline figures of the run; docs/performance.md has the rest."""
    rows = []
    live, naive, eigen, floor = (run.get(k, 1024) for k in ("BM_ngcrt_step", "BM_naive_step", "BM_eigen_step",
                                                             "BM_floor_step"))
    if live:
        extra = []
        if naive:
            extra.append(f"{naive / live:.1f}x faster than a plain loop")
        if eigen:
            extra.append(f"{eigen / live:.1f}x faster than Eigen 3.4")
        if floor:
            extra.append(f"{live / floor:.2f}x the memory-traffic floor")
        rows.append(["`GaussianErrorCell` step, 1024 units, all inputs live", f"{fmt_time(live)} ({', '.join(extra)})"])
    a, b = run.get("BM_ngcrt_step_units64", 64), run.get("BM_hand_step", 64)
    if a and b:
        rows.append(["`GaussianErrorCell<float, Units<64>, 1>` step",
                     f"{fmt_time(a)} ({a / b:.2f}x the same arithmetic hand-written with intrinsics)"])
    for mode, what in (("ieee", "`Subnormals::ieee` (default)"), ("flush", "`Subnormals::flush`")):
        r = [x["ratio"] for x in run.worst if x["mode"] == mode and x["ratio"]]
        if r:
            rows.append([f"slowest step on adversarial data / normal data, {what}, every cell and host kernel",
                         f"up to {max(r):.2f}x ([docs/realtime.md](docs/realtime.md))"])
    bl, nb = run.get("BM_bernoulli_step", 1024), run.get("BM_naive_bernoulli_step", 1024)
    if bl and nb:
        rows.append(["`BernoulliErrorCell` step, 1024 units",
                     f"{fmt_time(bl)} ({nb / bl:.1f}x faster than a loop over glibc's `expf`/`logf`)"])
    if run.m4:
        rows.append(["Cortex-M4F, cycles per element, all inputs live (manual count)",
                     f"{run.m4['cases']['live']['per_element_large_n']:.2f}"])
    head = (f"From the run recorded in [docs/performance.md](docs/performance.md) ({run.ctx.get('date', '?')[:10]}, "
            f"{run.cpu}, {run.kernel} chosen by dispatch; medians):")
    return {"performance": [head, ""] + table(["what", "this run"], rows)}


BLOCK_BEGIN = re.compile(r"<!-- generated: ([a-z0-9-]+) \(tools/perf_report.py; do not edit\) -->")


def fill_blocks(path, blocks, keep_others=False):
    """The text of a hand-written page with each generated block (between its two markers)
    replaced by the given lines; fails if the page has a block this run does not fill (unless
    keep_others: such blocks stay as they are), or the other way round."""
    with open(path) as f:
        lines = f.read().split("\n")
    out, seen, i = [], set(), 0
    while i < len(lines):
        out.append(lines[i])
        m = BLOCK_BEGIN.fullmatch(lines[i].strip())
        i += 1
        if not m:
            continue
        name = m.group(1)
        end = f"<!-- end generated: {name} -->"
        j = i
        while j < len(lines) and lines[j].strip() != end:
            j += 1
        if j == len(lines) or (name not in blocks and not keep_others):
            sys.exit(f"perf_report: {path}: block '{name}' has no end marker or no content in this run")
        out.extend(blocks[name] if name in blocks else lines[i:j])
        out.append(lines[j])
        seen.add(name)
        i = j + 1
    if set(blocks) - seen:
        sys.exit(f"perf_report: {path} lacks the blocks {sorted(set(blocks) - seen)}")
    return "\n".join(out)


def plot(run, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5))
    for name, title in MAIN:
        xs, ys = [], []
        for n in SIZES:
            t = run.get(name, n)
            if t is not None:
                xs.append(n)
                ys.append(t / n)
        if xs:
            style = "-" if name.startswith("BM_ngcrt") else ("--" if "floor" in name else ":")
            ax.plot(xs, ys, style, marker="o", label=title)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("n (elements per step = batch x units)")
    ax.set_ylabel("time per element (ns), median")
    ax.set_title("GaussianErrorCell step, float32, one core")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="?",
                    help="ngcrt-bench's JSON; without it, only the 'pcn' block of --doc is regenerated (--pcn)")
    ap.add_argument("--mcu")
    ap.add_argument("--m4")
    ap.add_argument("--goals", default=str(pathlib.Path(__file__).resolve().parent.parent / "bench" / "goals.json"))
    ap.add_argument("--doc", required=True, help="the performance page's generated blocks (docs/performance.md)")
    ap.add_argument("--plot", help="the plot to draw (required with RESULTS)")
    ap.add_argument("--realtime", help="also the real-time page's generated blocks (docs/realtime.md)")
    ap.add_argument("--readme", help="also README.md's generated block")
    ap.add_argument("--command", default="bash scripts/bench.sh")
    ap.add_argument("--synapse", help="ngcrt-bench-synapse's JSON output (the synapse blocks)")
    ap.add_argument("--pcn", help="ngcrt-bench-pcn's JSON output (the 'pcn' block)")
    ap.add_argument("--pcn-numpy", help="bench/pcn_numpy.py's JSON output (the 'pcn' block's NumPy column)")
    ap.add_argument("--pcn-note", help="a sentence for the 'pcn' block's run line (e.g. the machine's load)")
    args = ap.parse_args()

    if not args.results:  # the PCN's block alone, the page's other blocks kept
        if not args.pcn:
            ap.error("without RESULTS, --pcn is required (only the 'pcn' block is regenerated)")
        text = fill_blocks(args.doc, pcn_blocks(PcnOnlyRun(args)), keep_others=True)
        with open(args.doc, "w") as f:
            f.write(text)
        return 0
    if not args.plot:
        ap.error("--plot is required with RESULTS")

    run = Run(args)
    pages = {args.doc: performance_blocks(run), args.realtime: realtime_blocks(run), args.readme: readme_blocks(run)}
    # Every page is checked before any is written.
    texts = {path: fill_blocks(path, blocks) for path, blocks in pages.items() if path}
    for path, text in texts.items():
        with open(path, "w") as f:
            f.write(text)
    plot(run, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
