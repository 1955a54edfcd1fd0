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

The redo paths (redo_estimate): tools/mcu/redo_probe.cpp steps the Gaussian cell on the ARMv7
NEON kernel (arm-linux-gnueabihf-g++, under qemu-arm) and the Cortex-M55 helium kernel (under
qemu-system-arm) on normal data and on data that makes every NEON register / Helium block take
the redo in VFP, with an execution trace; llvm-mca-19 costs the instructions each step executed
(NEON: LLVM's Cortex-A57 and Swift models, LLVM having no Cortex-A15 model of its own; see
REDO_NOTES). --no-redo skips it.

Regions (elements per region in ELEMENTS):
- scalar kernel (M4F, M7, and M55 for comparison): one pass of the VLDM/VSTM loop of
  src/kernels/cortex_m_fpu.hpp, two rows of an 8-lane group (16 elements), its pointer adds,
  compare and branch included.
- helium kernel (M55): one pass of its Helium loop (two 4-lane registers of a row), the
  loop's counter and branch included; all inputs live adds the separate pass that sets
  the mask to ones (helium_eat), 8 elements a pass.

These are llvm-mca estimates, not budgets. For Cortex-M4F the budget is the manual count of
tools/m4_cycles.py; LLVM's M4 model charges 1 cycle for a VLDM/VSTM of any length, and its
figure lies below the M4F's physical floor. Each core's floor (FLOOR) and a check of the
model against the manual for the instructions the loop relies on (instruction_checks) go to
the JSON for tools/perf_report.py.
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
ELEMENTS = {"scalar": 16, "helium": 8}  # per region: one pass of two rows of a lane group (cortex_m_fpu.hpp); one pass of the helium loop
CORES = [
    # name, gcc flags, llvm-mca, triple, mcpu, kernel (the goals: bench/goals.json)
    # M4F: the budget is tools/m4_cycles.py's manual count.
    ("Cortex-M4F", ["-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16"], "llvm-mca-14", "thumbv7em-none-eabi", "cortex-m4",
     "scalar"),
    ("Cortex-M7", ["-mcpu=cortex-m7", "-mfpu=fpv5-d16"], "llvm-mca-14", "thumbv7em-none-eabi", "cortex-m7",
     "scalar"),
    # The library's C loops are not auto-vectorised into Helium there (MVE flushes
    # subnormals); the helium kernel uses it explicitly and checks for flushes.
    ("Cortex-M55", ["-mcpu=cortex-m55", "-fno-tree-vectorize", "-DNGCRT_PROBE_HELIUM"], "llvm-mca-19",
     "thumbv8.1m.main-none-eabi", "cortex-m55", "helium"),
    ("Cortex-M55", ["-mcpu=cortex-m55", "-fno-tree-vectorize"], "llvm-mca-19", "thumbv8.1m.main-none-eabi",
     "cortex-m55", "scalar"),
]
# The physical floor per element (live, default) of each core and kernel: what the
# operations themselves need on that core, whatever the code. A live element moves 7 words
# (loads mu, target, modulator, mask; stores dmu, dtarget, mask) and does 7 FP operations
# (subtract, square, accumulate, scale by k, modulator, mask, negate); a default one moves
# 4 words and does 5 FP operations.
FLOOR = {
    ("Cortex-M4F", "scalar"): (14, 9, "single issue, one 32-bit word a cycle (Cortex-M4 TRM: LDM/STM and "
                               "VLDM/VSTM of N registers take 1 + N cycles) and 1 cycle per FP operation: "
                               "words + FP operations, 7 + 7 and 4 + 5"),
    ("Cortex-M7", "scalar"): (7, 5, "one VFP pipeline (at least a cycle per FP operation: 7 and 5); the words "
                              "(7 and 4, at most 2 a cycle: its load/store path is 64 bits wide) could move "
                              "alongside"),
    ("Cortex-M55", "helium"): (3.5, 2.5, "dual-beat Helium: a 4-lane vector instruction holds its pipeline 2 "
                               "cycles; loads/stores (7 and 4 per 4 elements) and FP operations (7 and 5) in "
                               "separate pipelines could overlap fully: 7 x 2 / 4 and 5 x 2 / 4"),
    ("Cortex-M55", "scalar"): (7, 5, "one VFP pipeline, at least a cycle per FP operation (as M7)"),
}
COMMON = ["-std=c++17", "-O3", "-mthumb", "-mfloat-abi=hard", "--specs=picolibcpp.specs", "-ffp-contract=off", "-fno-fast-math",
          "-fno-exceptions", "-fno-rtti", "-DNGCRT_MCA_REGIONS", f"-I{ROOT / 'include'}", f"-I{ROOT / 'src'}"]


def estimate(core):
    name, flags, mca, triple, mcpu, kernel = core
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
        per = ELEMENTS["helium" if region.startswith("helium") else "scalar"]
        regions[region] = (cycles / it / per, instrs / it / per)
    if kernel == "helium":
        live = tuple(a + b for a, b in zip(regions["helium_live"], regions["helium_eat"]))
        default = regions["helium_default"]
    else:
        live, default = regions["live"], regions["default"]
    floor = FLOOR[(name, kernel)]
    return {"core": name, "kernel": kernel, "mca": mca, "live": live[0], "default": default[0],
            "live_instructions": live[1], "default_instructions": default[1],
            "floor_live": floor[0], "floor_default": floor[1], "floor_basis": floor[2]}


# Instructions the loops rely on, one llvm-mca run each (100 back to back): the model's
# cycles per instruction, next to what a manual says where one does.
# core, llvm-mca, triple, mcpu, instruction, what it is, manual figure, source
CHECKS = [
    ("Cortex-M4F", "llvm-mca-14", "thumbv7em-none-eabi", "cortex-m4", "vldmia r0, {s0-s7}",
     "VLDM/VSTM of 8 singles", "9", "Cortex-M4 TRM (ARM DDI 0439B) Table 7-1: 1 + N"),
    ("Cortex-M4F", "llvm-mca-14", "thumbv7em-none-eabi", "cortex-m4", "vadd.f32 s1, s2, s3",
     "VADD/VSUB/VMUL/VNEG.F32", "1", "Cortex-M4 TRM (ARM DDI 0439B) Table 7-1"),
    ("Cortex-M7", "llvm-mca-14", "thumbv7em-none-eabi", "cortex-m7", "vldmia r0, {s0-s7}",
     "VLDM/VSTM of 8 singles", None, "the Cortex-M7 TRM (ARM DDI 0489) gives no instruction timings; 32 bytes "
     "over a 64-bit path take at least 4 cycles"),
    ("Cortex-M55", "llvm-mca-19", "thumbv8.1m.main-none-eabi", "cortex-m55", "vldrw.u32 q0, [r0]",
     "VLDRW.32 (Helium, 4 floats)", None, "no timing table was available here; LLVM's model follows the "
     "dual-beat design (2 cycles of 64 bits per 128-bit instruction)"),
    ("Cortex-M55", "llvm-mca-19", "thumbv8.1m.main-none-eabi", "cortex-m55", "vldmia r0, {s0-s7}",
     "VLDM of 8 singles (scalar kernel)", None, "no timing table; 32 bytes over the 64-bit path take at "
     "least 4 cycles"),
]


def instruction_checks():
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        f = pathlib.Path(tmp) / "one.s"
        for core, mca, triple, mcpu, ins, what, manual, source in CHECKS:
            f.write_text(ins + "\n")
            out = subprocess.run([mca, f"-mtriple={triple}", f"-mcpu={mcpu}", "-iterations=100", str(f)],
                                 capture_output=True, text=True, check=True).stdout
            cycles = int(re.search(r"Total Cycles:\s+(\d+)", out).group(1))
            rows.append({"core": core, "mca": mca, "instruction": ins, "what": what, "manual": manual,
                         "source": source, "model": round(cycles / 100, 2)})
    return rows


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


# ---- The redo paths: ARMv7 NEON and Cortex-M55 Helium, whole steps traced under qemu ------
# tools/mcu/redo_probe.cpp steps the Gaussian cell (float, ngclearn 3.1, scalar Sigma, all
# inputs live) on normal data and on data whose squares underflow (every register or block
# redone), n = 2048 and 3072 each; one more 1024-element block's cycles / 1024 are the
# figure. The trace gives each executed translation block's address range; the instructions
# in it come from llvm-objdump (qemu's own disassembler does not know MVE), and go to
# llvm-mca as straight-line code.
REDO_SIZES = (2048, 3072)
REDO_DATA = ("normal", "underflow")  # the probe's order
REDO_TARGETS = [
    # target, kernel, what is redone, compile (library flags), objdump triple and attributes,
    # models: (llvm-mca, triple, mcpu, extra flags, why this model)
    {"target": "ARMv7 NEON", "kernel": "neon", "unit": "a register of 4 floats", "project_core": "Cortex-A15",
     "cxx": ["arm-linux-gnueabihf-g++", "-mcpu=cortex-a15", "-mfpu=neon-vfpv4", "-mfloat-abi=hard", "-static"],
     "run": "qemu-arm", "objdump": ["--triple=thumbv7a-linux-gnueabihf", "--mattr=+neon,+vfp4"],
     "models": [("llvm-mca-19", "thumbv7a-linux-gnueabihf", "cortex-a57", ["-mattr=+neon,+vfp4"]),
                ("llvm-mca-19", "thumbv7a-linux-gnueabihf", "swift", ["-mattr=+neon,+vfp4"])]},
    {"target": "Cortex-M55", "kernel": "helium", "unit": "a block of 1024 elements", "project_core": "Cortex-M55",
     "cxx": ["arm-none-eabi-g++", "-mcpu=cortex-m55", "-fno-tree-vectorize", "-mthumb", "-mfloat-abi=hard",
             "--specs=picolibcpp.specs"],
     "link": ["--oslib=semihost", "--crt0=semihost", "-Wl,--defsym=__flash=0x0", "-Wl,--defsym=__flash_size=0x80000",
              "-Wl,--defsym=__ram=0x60000000", "-Wl,--defsym=__ram_size=0x1000000"],
     "run": "mps3-an547", "objdump": ["--triple=thumbv8.1m.main-none-eabi", "--mcpu=cortex-m55"],
     "models": [("llvm-mca-19", "thumbv8.1m.main-none-eabi", "cortex-m55", [])]},
]


def objdump_insns(elf, flags):
    """address -> (size, text) of every instruction in elf, LLVM's syntax."""
    out = subprocess.run(["llvm-objdump-19", "-d", "--no-show-raw-insn", *flags, str(elf)], capture_output=True,
                         text=True, check=True).stdout
    raw = subprocess.run(["llvm-objdump-19", "-d", *flags, str(elf)], capture_output=True, text=True,
                         check=True).stdout
    sizes = {}
    for line in raw.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s((?:[0-9a-f]{2,8} )+)", line)
        if m:
            sizes[int(m.group(1), 16)] = sum(len(g) for g in m.group(2).split()) // 2
    insns = {}
    for line in out.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s+(\S.*)$", line)
        if not m or int(m.group(1), 16) not in sizes:
            continue
        text = m.group(2).split("@")[0].strip().replace("\t", " ")
        if text.startswith("."):  # data in the code (literal pools)
            continue
        # Branch targets become one local label (the target does not matter to the estimate).
        if re.match(r"^(b|bl|blx|cbz|cbnz|le|letp|wls|wlstp|dls)(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?"
                    r"(\.w|\.n)?\s", text):
            text = re.sub(r"(?<!#)\b0x[0-9a-f]+(?: <[^>]*>)?$", ".Lngcrt_mca_target", text)
        insns[int(m.group(1), 16)] = (sizes[int(m.group(1), 16)], text)
    return insns


def traced_ranges(log_path):
    """The windows between ngcrt_mca_mark() calls: each a list of executed translation blocks
    as (start, end) address ranges, main's own left out."""
    ranges, cur, seq = {}, None, []
    with open(log_path, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                cur = []
                continue
            if cur is not None:
                m = re.match(r"0x([0-9a-f]+):\s+((?:[0-9a-f]{4,8} +){1,2})", line)
                if m:
                    addr = int(m.group(1), 16)
                    end = addr + sum(len(g) for g in m.group(2).split()) // 2
                    if not cur:
                        cur.append(addr)
                        ranges[addr] = cur
                    cur[1:] = [end]
                    continue
                if not line.strip():
                    cur = None
            m = re.match(r"Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/[0-9a-f]+/[0-9a-f]+\] ?(\S*)", line)
            if m:
                seq.append((int(m.group(1), 16), m.group(2)))
    windows, w = [], None
    for pc, sym in seq:
        if sym.startswith("ngcrt_mca_mark"):
            if w is not None:
                windows.append(w)
            w = []
        elif sym != "main" and w is not None:
            w.append(tuple(ranges[pc]))
    return windows


def window_asm(window, insns, addrs):
    import bisect
    out = [".syntax unified", ".thumb"]
    for start, end in window:
        k = bisect.bisect_left(addrs, start)
        if k == len(addrs) or addrs[k] != start:
            raise RuntimeError(f"traced block at {start:#x} does not start an instruction")
        while k < len(addrs) and addrs[k] < end:
            out.append(insns[addrs[k]][1])
            k += 1
    return out


def redo_estimate(t):
    with tempfile.TemporaryDirectory() as tmp:
        d = pathlib.Path(tmp)
        inc = d / "include"
        inc.mkdir()
        if pathlib.Path("/usr/include/xsimd").is_dir():  # xsimd for the neon kernel (header-only)
            (inc / "xsimd").symlink_to("/usr/include/xsimd")
        base = [*t["cxx"], "-std=c++17", "-isystem", str(inc), f"-I{ROOT / 'include'}", f"-I{ROOT / 'src'}"]
        lib = ["-O3", "-ffp-contract=off", "-fno-fast-math", "-fno-exceptions", "-fno-rtti"]
        for src, obj in (("tools/mcu/redo_probe.cpp", "probe.o"), ("src/math/scalar.cpp", "scalar.o")):
            subprocess.run([*base, *lib, "-c", str(ROOT / src), "-o", str(d / obj)], check=True)
        elf = d / "probe.elf"
        subprocess.run([*base, str(d / "probe.o"), str(d / "scalar.o"), "-o", str(elf), *t.get("link", [])],
                       check=True)
        log = d / "trace.log"
        if t["run"] == "qemu-arm":
            cmd = ["qemu-arm", "-d", "in_asm,exec,nochain", "-D", str(log), str(elf)]
        else:
            cmd = ["qemu-system-arm", "-M", t["run"], "-nographic", "-semihosting-config", "enable=on,target=native",
                   "-kernel", str(elf), "-d", "in_asm,exec,nochain", "-D", str(log)]
        subprocess.run(cmd, check=True, timeout=300, stdout=subprocess.DEVNULL)
        windows = traced_ranges(log)
        expect = 2 * len(REDO_DATA) * len(REDO_SIZES) - 1  # steps, and the set-up between them
        if len(windows) != expect:
            raise RuntimeError(f"{t['target']}: expected {expect} windows between markers, got {len(windows)}")
        insns = objdump_insns(elf, t["objdump"])
        addrs = sorted(insns)
        steps = {}
        for k, (data, n) in enumerate((dt, n) for dt in REDO_DATA for n in REDO_SIZES):
            asm = d / f"{data}_{n}.s"
            lines = window_asm(windows[2 * k], insns, addrs)
            asm.write_text("\n".join(lines) + "\n.Lngcrt_mca_target:\n")
            steps[(data, n)] = (asm, len(lines) - 2)
        rows = []
        for mca, triple, mcpu, extra in t["models"]:
            cyc, unmodelled = {}, 0
            for key, (asm, count) in steps.items():
                run = subprocess.run([mca, f"-mtriple={triple}", f"-mcpu={mcpu}", *extra, "-iterations=1",
                                      "-skip-unsupported-instructions=lack-sched", str(asm)], capture_output=True,
                                     text=True)
                if run.returncode != 0:
                    raise RuntimeError(f"{t['target']}: {mca} -mcpu={mcpu} failed on {asm.name}:\n{run.stderr[:2000]}")
                out = run.stdout
                cyc[key] = int(re.search(r"Total Cycles:\s+(\d+)", out).group(1))
                unmodelled += count - int(re.search(r"Instructions:\s+(\d+)", out).group(1))
            lo, hi = REDO_SIZES
            per = {dt: (cyc[(dt, hi)] - cyc[(dt, lo)]) / (hi - lo) for dt in REDO_DATA}
            ins = {dt: (steps[(dt, hi)][1] - steps[(dt, lo)][1]) / (hi - lo) for dt in REDO_DATA}
            total = sum(c for _, c in steps.values())
            rows.append({"target": t["target"], "kernel": t["kernel"], "unit": t["unit"],
                         "project_core": t["project_core"], "mca": mca, "model": mcpu,
                         "normal": per["normal"], "worst": per["underflow"],
                         "redo": per["underflow"] - per["normal"], "ratio": per["underflow"] / per["normal"],
                         "instructions_normal": ins["normal"], "instructions_worst": ins["underflow"],
                         "unmodelled_share": unmodelled / total,
                         "steps": {f"{dt}_{n}": cyc[(dt, n)] for dt, n in steps}})
        return rows


REDO_NOTES = [
    "How these are estimated: `tools/mcu/redo_probe.cpp` steps `GaussianErrorCell<float>`'s math (ngclearn",
    "3.1, scalar Sigma, all inputs live: modulator 1.5, mask 0 on every fifth element) through the",
    "kernel's own source, compiled with the library's flags for the target (ARMv7 NEON:",
    "arm-linux-gnueabihf-g++ `-mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard -O3`, the neon kernel;",
    "Cortex-M55: arm-none-eabi-g++ `-mcpu=cortex-m55 -O3`, the helium kernel). It runs under qemu",
    "(qemu-arm; qemu-system-arm mps3-an547) with an execution trace; the instructions each step",
    "executed (from llvm-objdump-19) go to llvm-mca as straight-line code (taken branches cost their",
    "issue slot only). Normal data: errors 0.25 to 0.35, nothing redone. Worst: the same errors times",
    "1e-20, whose squares underflow, so every NEON register (4 floats) is redone in VFP scalar",
    "arithmetic (`redo_exact` in `src/engine/traverse.hpp`), and every Helium block (1024 elements)",
    "is redone by the scalar kernel after FPSCR.IDC/UFC came back set (`src/kernels/helium.cpp`).",
    "Each figure is per element of one more 1024-element block: (cycles at n = 3072 - cycles at",
    "n = 2048) / 1024, so the fold, the block's set-up and (Helium) the FPSCR accesses and the mask",
    "eating pass are in it, the call's fixed cost is not. `redo` is what a redone register or block",
    "adds per element: worst - normal (the redo in VFP, less the vector stores it replaces).",
    "Models: LLVM has no Cortex-A15 model of its own (`-mcpu=cortex-a15` selects its Cortex-A9",
    "model, which has no timing for several NEON instructions the step uses). The NEON rows use",
    "LLVM's Cortex-A57 model (a 3-wide out-of-order core with two FP/NEON pipelines, the A15's",
    "successor, running the same Thumb-2 code) and, for comparison, Apple's Swift (ARMv7-A, NEON).",
    "The Cortex-M55 model is LLVM's, which LLVM itself marks incomplete (CompleteModel = 0). Instructions",
    "a model has no timing for are left out (-skip-unsupported-instructions=lack-sched):",
]


def redo_notes(rows):
    left = ", ".join(f"{r['target']} ({r['model']}) {100 * r['unmodelled_share']:.1f}%" for r in rows)
    return REDO_NOTES + [f"{left} of the traced instructions."]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    ap.add_argument("--no-math", action="store_true", help="skip the ngcrt::math / picolibc estimates")
    ap.add_argument("--no-redo", action="store_true", help="skip the redo-path estimates (NEON, Helium)")
    args = ap.parse_args()
    math_rows = [] if args.no_math else [math_estimate(c) for c in MATH_CORES]
    cores = [estimate(c) for c in CORES]
    checks = instruction_checks()
    redo_rows = [] if args.no_redo else [r for t in REDO_TARGETS for r in redo_estimate(t)]
    print(f"{'core':<12} {'kernel':<8} {'live':>6} {'default':>8}   (llvm-mca cycles per element; instructions per "
          "element; floor)")
    for c in cores:
        below = " BELOW THE FLOOR: not a budget" if c["live"] < c["floor_live"] or c["default"] < c["floor_default"] else ""
        print(f"{c['core']:<12} {c['kernel']:<8} {c['live']:6.2f} {c['default']:8.2f}   ({c['live_instructions']:.2f} / "
              f"{c['default_instructions']:.2f}; floor {c['floor_live']} / {c['floor_default']}){below}")
    print()
    for r in checks:
        print(f"{r['core']:<12} {r['what']:<36} model {r['model']:5.2f} cycles, manual {r['manual'] or '-'} "
              f"({r['mca']})")
    notes = [
        "How the kernels get there, and what each model is known to get wrong:",
        "",
        "- The scalar kernel walks each block 8 lanes at a time with the 8 sums in registers",
        "  (the fixed order allows it, see determinism.md). On a Cortex-M with a single-precision",
        "  FPU the two common cases (ngclearn 3.1, scalar Sigma; all inputs live, or modulator",
        "  and mask untouched) run `src/kernels/cortex_m_fpu.hpp`: the same VFP operations as the",
        "  C code, VLDM/VSTM moving 8 floats per instruction, two rows a pass. The region is one",
        "  pass (16 elements), pointer adds, compare and branch included.",
        "- LLVM's Cortex-M4 and M7 models (and M55's for VFP loads) charge one cycle for a",
        "  VLDM/VSTM whatever its length (table above). On Cortex-M4 the manual says 1 + N: the",
        "  llvm-mca-14 estimate for M4F lies below the M4F's floor and is not shown; its budget",
        "  is the manual count. On M7 a VLDM of 8 singles moves 32 bytes, at least 4 cycles on a",
        "  64-bit path (4-register ones 2): where those transfers cannot overlap the FP work",
        "  the M7 figures are optimistic by up to 2.5 cycles per element live and 1.5 default.",
        "  They are estimates, not budgets; the model also treats the loop as straight-line",
        "  code (no branch cost beyond its issue slot).",
        "- Cortex-M55 runs the helium kernel (`src/kernels/helium.cpp`): Helium, 4 floats a",
        "  register, in assembly that alternates a load or store with an arithmetic instruction",
        "  so the two pipelines overlap. LLVM's M55 model takes 2 cycles per vector instruction in",
        "  its pipeline (64 bits a cycle: LLVM's description of the dual-beat design, not checked",
        "  against an Arm manual here); LLVM marks it incomplete (CompleteModel = 0), it guesses",
        "  which Thumb instructions dual-issue, and its VFP loads take 1 cycle whatever their length.",
        "  Helium flushes subnormals to zero whatever FPSCR says, but records each",
        "  flush in FPSCR's IDC/UFC flags: a block of 1024 elements whose flags come back set is",
        "  redone by the scalar kernel, so the bits are unchanged; budget such a block for both",
        "  (helium + scalar). All inputs live includes the separate pass that sets the mask to",
        "  ones. These regions include the loop's counter and branch.",
    ]
    if math_rows:
        print()
        print(f"{'core':<12} {'ngcrt exp':>10} {'ngcrt log':>10} {'picolibc expf':>14} {'picolibc logf':>14}"
              "   (cycles per call, llvm-mca over a qemu trace)")
        for r in math_rows:
            print(f"{r['core']:<12} {r['ngcrt_exp']:10.1f} {r['ngcrt_log']:10.1f} {r['picolibc_expf']:14.1f} "
                  f"{r['picolibc_logf']:14.1f}   (instructions {r['instructions']}, unmodelled {r['unmodelled']})")
    if redo_rows:
        print()
        print(f"{'target':<12} {'model':<12} {'normal':>7} {'redo':>7} {'worst':>7} {'ratio':>6}   (llvm-mca cycles per "
              "element over a qemu trace, all inputs live; worst: every register/block redone)")
        for r in redo_rows:
            print(f"{r['target']:<12} {r['model']:<12} {r['normal']:7.2f} {r['redo']:7.2f} {r['worst']:7.2f} "
                  f"{r['ratio']:5.2f}x   (instructions per element {r['instructions_normal']:.1f} / "
                  f"{r['instructions_worst']:.1f}; unmodelled {100 * r['unmodelled_share']:.1f}%)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"cores": cores, "notes": notes, "checks": checks, "math": math_rows, "math_notes": MATH_NOTES,
                       "redo": redo_rows, "redo_notes": redo_notes(redo_rows) if redo_rows else []}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
