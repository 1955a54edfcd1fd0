#!/usr/bin/env python3
"""Static cycle estimates of the step's inner loop on Cortex-M4F, M7 and M55, and of one call
of ngcrt's float exp and log next to picolibc's expf and logf.

    /usr/bin/python3 tools/mcu_estimate.py [--json OUT.json]

Compiles tools/mcu/probe.cpp (the kernel each core's build uses, from src/kernels/, with
llvm-mca region markers) with arm-none-eabi-g++ and the library's own flags for each core,
and runs llvm-mca on the assembly: llvm-mca-14 for Cortex-M4 and M7, llvm-mca-19 (Debian's
llvm-19) for Cortex-M55, which llvm-mca-14 does not model. Prints cycles per element, all
inputs live / default case (modulator and mask untouched), and writes them as JSON for
tools/perf_report.py.

ngcrt::math against picolibc (math_estimate): tools/mcu/math_trace.cpp runs under
qemu-system-arm with an execution trace; the instructions each call executed go to
llvm-mca as straight-line code (see MATH_NOTES). --no-math skips it.

Regions are 8 elements each:
- scalar kernel (M4F, M7, and M55 for comparison): one 8-lane group of one row (loads,
  arithmetic, stores, the 8 running sums kept in registers); the loop's own pointer
  increments, compare and branch are outside it.
- helium kernel (M55): one pass of its Helium loop (two 4-lane registers of a row), the
  loop's counter and branch included; all inputs live adds the separate pass that sets
  the mask to ones (helium_eat), 8 elements a pass.
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
ELEMENTS = 8  # a region is one 8-lane group of one row (step_impl.hpp, run_lane_groups)
CORES = [
    # name, gcc flags, llvm-mca, triple, mcpu, target from issue 4 (live / default), kernel
    ("Cortex-M4F", ["-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16"], "llvm-mca-14", "thumbv7em-none-eabi", "cortex-m4",
     "12 / 8", "scalar"),
    ("Cortex-M7", ["-mcpu=cortex-m7", "-mfpu=fpv5-d16"], "llvm-mca-14", "thumbv7em-none-eabi", "cortex-m7", "12 / 8",
     "scalar"),
    # The library's C loops are not auto-vectorised into Helium there (MVE flushes
    # subnormals); the helium kernel uses it explicitly and checks for flushes.
    ("Cortex-M55", ["-mcpu=cortex-m55", "-fno-tree-vectorize", "-DNGCRT_PROBE_HELIUM"], "llvm-mca-19",
     "thumbv8.1m.main-none-eabi", "cortex-m55", "5 / 3.5", "helium"),
    ("Cortex-M55", ["-mcpu=cortex-m55", "-fno-tree-vectorize"], "llvm-mca-19", "thumbv8.1m.main-none-eabi",
     "cortex-m55", None, "scalar"),
]
COMMON = ["-std=c++17", "-O3", "-mthumb", "-mfloat-abi=hard", "-ffp-contract=off", "-fno-fast-math",
          "-fno-exceptions", "-fno-rtti", "-DNGCRT_MCA_REGIONS", f"-I{ROOT / 'include'}", f"-I{ROOT / 'src'}"]


def estimate(core):
    name, flags, mca, triple, mcpu, target, kernel = core
    with tempfile.TemporaryDirectory() as tmp:
        asm = pathlib.Path(tmp) / "probe.s"
        subprocess.run(["arm-none-eabi-g++", *COMMON, *flags, "-S", str(ROOT / "tools/mcu/probe.cpp"), "-o", str(asm)],
                       check=True)
        # GCC's .arch/.arch_extension/.fpu directives spell extensions LLVM does not
        # parse; -mcpu gives llvm-mca the same information.
        text = [l for l in asm.read_text().splitlines() if not re.match(r"\s*\.(arch|arch_extension|fpu)\b", l)]
        # llvm-mca's assembler rejects branches to GCC inline assembly's numeric local
        # labels ("bne.w 1b"); the target does not matter to a cycle estimate.
        text = [re.sub(r"^(\s*b[a-z]*(?:\.w)?\s+)\d+[bf]\s*$", r"\1.Lngcrt_mca_target", l) for l in text]
        asm.write_text("\n".join(text) + "\n.Lngcrt_mca_target:\n")
        out = subprocess.run([mca, f"-mtriple={triple}", f"-mcpu={mcpu}", str(asm)], capture_output=True, text=True,
                             check=True).stdout
    regions = {}
    for block in re.split(r"\[\d+\] Code Region - ", out)[1:]:
        region = block.split("\n", 1)[0].strip()
        it = int(re.search(r"Iterations:\s+(\d+)", block).group(1))
        cycles = int(re.search(r"Total Cycles:\s+(\d+)", block).group(1))
        instrs = int(re.search(r"Instructions:\s+(\d+)", block).group(1))
        regions[region] = (cycles / it / ELEMENTS, instrs / it / ELEMENTS)
    if kernel == "helium":
        live = tuple(a + b for a, b in zip(regions["helium_live"], regions["helium_eat"]))
        default = regions["helium_default"]
    else:
        live, default = regions["live"], regions["default"]
    return {"core": name, "kernel": kernel, "mca": mca, "live": live[0], "default": default[0],
            "live_instructions": live[1], "default_instructions": default[1], "target": target}


# ---- ngcrt::math against picolibc: one call each, traced under qemu ---------------------
# name, gcc flags, qemu machine, flash, flash size, ram, ram size, llvm-mca, triple, mcpu
MATH_CORES = [
    ("Cortex-M4F", ["-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16"], "mps2-an386", 0x0, 0x400000, 0x20000000, 0x400000,
     "llvm-mca-14", "thumbv7em-none-eabi", "cortex-m4"),
    # llvm-mca-14's Cortex-M7 model rejects IT and VCMP; 19 can skip what it has no timing for.
    ("Cortex-M7", ["-mcpu=cortex-m7", "-mfpu=fpv5-d16"], "mps2-an500", 0x0, 0x400000, 0x20000000, 0x400000,
     "llvm-mca-19", "thumbv7em-none-eabi", "cortex-m7"),
    ("Cortex-M55", ["-mcpu=cortex-m55", "-fno-tree-vectorize"], "mps3-an547", 0x0, 0x80000, 0x60000000, 0x1000000,
     "llvm-mca-19", "thumbv8.1m.main-none-eabi", "cortex-m55"),
]
MATH_CALLS = ["picolibc_expf", "picolibc_logf", "ngcrt_exp", "ngcrt_log"]


def traced_calls(log_text):
    """The instructions each call between two ngcrt_mca_mark() calls executed, in order, from
    qemu's -d in_asm,exec,nochain log (main's own instructions and the marker left out)."""
    blocks, cur, seq = {}, None, []
    for line in log_text.splitlines():
        if line.startswith("IN:"):
            cur = []
            continue
        m = re.match(r"0x([0-9a-f]+):\s+(?:[0-9a-f]{4}\s+){1,2}\s*(.*)$", line)
        if m and cur is not None:
            if not cur:
                blocks[int(m.group(1), 16)] = cur
            cur.append(m.group(2).strip())
            continue
        if not line.strip():
            cur = None
        m = re.match(r"Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/[0-9a-f]+/[0-9a-f]+\] (\S+)", line)
        if m:
            seq.append((int(m.group(1), 16), m.group(2)))
    windows, w = [], None
    for pc, sym in seq:
        if sym.startswith("ngcrt_mca_mark"):
            if w:
                windows.append(w)
            w = []
        elif sym != "main" and w is not None:
            w.extend(blocks[pc])
    return windows


def straight_line(insns):
    """The traced instructions as an assembly file; branch targets become one local label."""
    out = [".syntax unified", ".thumb"]
    for ins in insns:
        if re.match(r"^(b|bl|blx|cbz|cbnz)(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?(\.w|\.n)?$",
                    ins.split()[0]):
            ins = re.sub(r"#0x[0-9a-f]+$", ".Lngcrt_mca_target", ins)
        out.append(ins)
    return "\n".join(out) + "\n.Lngcrt_mca_target:\n"


def math_estimate(core):
    name, flags, machine, flash, flash_size, ram, ram_size, mca, triple, mcpu = core
    base = ["arm-none-eabi-g++", *flags, "-mthumb", "-mfloat-abi=hard", "--specs=picolibcpp.specs", "-std=c++17",
            f"-I{ROOT / 'include'}", f"-I{ROOT / 'src'}"]
    with tempfile.TemporaryDirectory() as tmp:
        t = pathlib.Path(tmp)
        # The library's scalar form with the library's flags; the driver at -O2.
        subprocess.run([*base, "-O3", "-ffp-contract=off", "-fno-fast-math", "-fno-exceptions", "-fno-rtti", "-c",
                        str(ROOT / "src/math/scalar.cpp"), "-o", str(t / "scalar.o")], check=True)
        subprocess.run([*base, "-O2", "-c", str(ROOT / "tools/mcu/math_trace.cpp"), "-o", str(t / "trace.o")],
                       check=True)
        subprocess.run([*base, str(t / "trace.o"), str(t / "scalar.o"), "-o", str(t / "trace.elf"),
                        "--oslib=semihost", "--crt0=semihost", f"-Wl,--defsym=__flash={flash:#x}",
                        f"-Wl,--defsym=__flash_size={flash_size:#x}", f"-Wl,--defsym=__ram={ram:#x}",
                        f"-Wl,--defsym=__ram_size={ram_size:#x}"], check=True)
        subprocess.run(["qemu-system-arm", "-M", machine, "-nographic", "-semihosting-config",
                        "enable=on,target=native", "-kernel", str(t / "trace.elf"), "-d", "in_asm,exec,nochain",
                        "-D", str(t / "trace.log")], check=True, timeout=120, stdout=subprocess.DEVNULL)
        windows = traced_calls((t / "trace.log").read_text())
        if len(windows) != len(MATH_CALLS):
            raise RuntimeError(f"{name}: expected {len(MATH_CALLS)} traced calls, got {len(windows)}")
        row = {"core": name, "mca": mca}
        for call, insns in zip(MATH_CALLS, windows):
            (t / f"{call}.s").write_text(straight_line(insns))
            skip = [] if mca == "llvm-mca-14" else ["-skip-unsupported-instructions=lack-sched"]
            out = subprocess.run([mca, f"-mtriple={triple}", f"-mcpu={mcpu}", "-iterations=100", *skip,
                                  str(t / f"{call}.s")], capture_output=True, text=True, check=True).stdout
            row[call] = int(re.search(r"Total Cycles:\s+(\d+)", out).group(1)) / 100
            modelled = int(re.search(r"Instructions:\s+(\d+)", out).group(1)) // 100
            row[call + "_instructions"] = len(insns)
            row[call + "_skipped"] = len(insns) - modelled
    return {"core": row["core"], "mca": mca, "ngcrt_exp": row["ngcrt_exp"], "ngcrt_log": row["ngcrt_log"],
            "picolibc_expf": row["picolibc_expf"], "picolibc_logf": row["picolibc_logf"],
            "instructions": {c: row[c + "_instructions"] for c in MATH_CALLS},
            "unmodelled": {c: row[c + "_skipped"] for c in MATH_CALLS}}


MATH_NOTES = [
    "How these are measured: `tools/mcu/math_trace.cpp` calls picolibc's `expf(3.7f)` and `logf(37.5f)`",
    "and ngcrt's `ngcrt::math::exp`/`log` on the same values (ngcrt's scalar form, `src/math/scalar.cpp`",
    "compiled with the library's flags, -O3). It runs under qemu-system-arm on the core's board with an",
    "execution trace (`-d in_asm,exec,nochain`); the instructions each call executed (callee side: from",
    "its first instruction to its `bx lr`, helpers included; not the caller's load, `bl` and store)",
    "are given to llvm-mca as straight-line code, 100 calls back to back. So each figure is llvm-mca's",
    "cycles for one call on an ordinary argument, taken branches modelled as plain instructions",
    "(no fetch penalty), loads as LLVM's one-cycle model. picolibc 1.8's `expf`/`logf` for these",
    "multilibs are its float-only implementations (`expf` divides once: VDIV.F32, 14 cycles on M4);",
    "ngcrt's are division-free and give the same bits on every target. Cortex-M7 and M55 use",
    "llvm-mca-19, whose models have no timing for IT, VCMP/VCMPE or VMRS: those instructions",
    "(listed as unmodelled per call by the tool) are left out, i.e. counted as free.",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    ap.add_argument("--no-math", action="store_true", help="skip the ngcrt::math / picolibc estimates")
    args = ap.parse_args()
    math_rows = [] if args.no_math else [math_estimate(c) for c in MATH_CORES]
    cores = [estimate(c) for c in CORES]
    print(f"{'core':<12} {'kernel':<8} {'live':>6} {'default':>8}   (cycles per element; instructions per element)")
    for c in cores:
        print(f"{c['core']:<12} {c['kernel']:<8} {c['live']:6.2f} {c['default']:8.2f}   ({c['live_instructions']:.2f} / "
              f"{c['default_instructions']:.2f}; target {c['target'] or '-'})")
    notes = [
        "How the scalar kernel gets there, and what is left:",
        "",
        "- It walks each block 8 lanes at a time with the 8 sums in registers (a row's 32",
        "  sums do not fit the FPU's registers with everything else; the fixed order allows it,",
        "  see determinism.md).",
        "- On a Cortex-M with a single-precision FPU, the two common cases (ngclearn 3.1,",
        "  scalar Sigma; all inputs live, or modulator and mask untouched) run",
        "  `src/kernels/cortex_m_fpu.hpp`: the same VFP operations as the C code, with VLDM/VSTM",
        "  moving 8 floats per instruction, which GCC never emits from C. The other cases run the",
        "  C loop (about 14 / 10 cycles per element on M4F).",
        "- The loop's pointer increments, compare and branch (about 8 instructions per 8",
        "  elements, about 1 cycle per element) are outside the measured region. LLVM's M4/M7",
        "  models charge one cycle per VLDM/VSTM whatever its length; by the Cortex-M4 manual a",
        "  VLDM of 8 registers takes 9 cycles, so real M4 hardware needs about 2 cycles per",
        "  element more than these estimates.",
        "- Cortex-M55 runs the helium kernel (`src/kernels/helium.cpp`): Helium, 4 floats a",
        "  register, in assembly that alternates a load or store with an arithmetic instruction",
        "  so the two units overlap (GCC's schedule of the same intrinsics: about 5.6 / 3.6).",
        "  Helium flushes subnormals to zero whatever FPSCR says, but records each flush in",
        "  FPSCR's IDC/UFC flags: a block of 1024 elements whose flags come back set is redone",
        "  by the scalar kernel, so the bits are unchanged (the conformance test's subnormal",
        "  case fails on qemu's Cortex-M55 when that check is removed). The check costs nothing",
        "  per element; all inputs live includes the separate pass that sets the mask to ones",
        "  (done only after a block's check, so a redo still reads the original mask). These",
        "  regions include the loop's counter and branch.",
    ]
    if math_rows:
        print()
        print(f"{'core':<12} {'ngcrt exp':>10} {'ngcrt log':>10} {'picolibc expf':>14} {'picolibc logf':>14}"
              "   (cycles per call, llvm-mca over a qemu trace)")
        for r in math_rows:
            print(f"{r['core']:<12} {r['ngcrt_exp']:10.1f} {r['ngcrt_log']:10.1f} {r['picolibc_expf']:14.1f} "
                  f"{r['picolibc_logf']:14.1f}   (instructions {r['instructions']}, unmodelled {r['unmodelled']})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"cores": cores, "notes": notes, "math": math_rows, "math_notes": MATH_NOTES}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
