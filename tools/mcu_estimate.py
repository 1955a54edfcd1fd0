#!/usr/bin/env python3
"""Static cycle estimates of the step's inner loop on Cortex-M4F, M7 and M55.

    /usr/bin/python3 tools/mcu_estimate.py [--json OUT.json]

Compiles tools/mcu/probe.cpp (the kernel each core's build uses, from src/kernels/, with
llvm-mca region markers) with arm-none-eabi-g++ and the library's own flags for each core,
and runs llvm-mca on the assembly: llvm-mca-14 for Cortex-M4 and M7, llvm-mca-19 (Debian's
llvm-19) for Cortex-M55, which llvm-mca-14 does not model. Prints cycles per element, all
inputs live / default case (modulator and mask untouched), and writes them as JSON for
tools/perf_report.py.

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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    args = ap.parse_args()
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
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"cores": cores, "notes": notes}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
