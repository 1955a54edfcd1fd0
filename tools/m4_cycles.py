#!/usr/bin/env python3
"""Cortex-M4F cycle budget of the Gaussian cell's step, counted from the Cortex-M4 manual.

    /usr/bin/python3 tools/m4_cycles.py [BUILD] [--json OUT] [--listing] [--rules]
                                        [--check-doc docs/targets.md] [--refill P]

BUILD is a cortex-m4f build tree (default build/cortex-m4f: `cmake --workflow --preset
cortex-m4f`) holding examples/ngcrt-firmware-example and tests/ngcrt-m4-cycle-probe; or
give the two images with --firmware and --probe.

What it does:
1. Disassembles the firmware example (arm-none-eabi-objdump -d) and finds, in the library's
   functions (ngcrt::detail::..., wherever GCC inlined the kernel), the innermost loops that
   hold the VLDM/VSTM assembly of src/kernels/cortex_m_fpu.hpp: a backward branch whose
   body holds VLDMs and VNEGs. The elements a pass handles are its VNEG count (dtarget = -d,
   one per element); the case, its VLDMs per 8 elements (4: all inputs live, 2: modulator
   and mask untouched, the two common cases of GaussianErrorCell<float>, ngclearn 3.1,
   scalar Sigma). Exactly one loop per case, with no branch inside it, or it stops with
   the reason. One pass is costed instruction by instruction (--listing prints it).
2. Runs the probe (tools/mcu/m4_probe.cpp, built exactly as the example, same libngcrt.a,
   whose step functions must be instruction for instruction those of the example) under
   qemu-system-arm with an execution trace, and costs every instruction each measured
   step executed (n = 64, 1024, 2048, 4096; live and default): the out-of-line step
   function (advance_state inlined), the dispatch to the kernel, the prologue and
   epilogue, the lane-group set-up, the loops, the fold, the double accumulation of each
   1024-element block (libgcc's soft-float __aeabi_f2d/__adddf3, the paths this data
   takes) and the conversion back. Per element for large n = (C(4096) - C(2048)) / 2048.
3. Prints the budget: per element for large n, and per call at n = 64 and 1024, for each
   case, against the single-issue floor (words moved + FP operations: 7 + 7 = 14 live,
   4 + 5 = 9 default).

Every cycle comes from the table RULES below; each row cites the Cortex-M4 Technical
Reference Manual, ARM DDI 0439B (r0p1): section 3.3.1, Table 3-1 (integer instructions),
section 3.3.2 (load/store timings) and section 7.2.3, Table 7-1 (FPU instructions). The
FPU table is also reproduced in TI's SWCU192, Table 3-27. Assumptions and what is not
modelled: NOTES.

--check-doc FILE compares the loop-pass listings and the budget table in FILE (the hand
count in docs/targets.md) with this count and exits 1 on any difference.
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

SIZES = [64, 1024, 2048, 4096]  # the probe's cells, in the order it steps them
FLOOR = {"live": 14, "default": 9}  # words moved + FP operations per element (single issue)
FLOOR_TEXT = {
    "live": "7 words (load mu, target, modulator, mask; store dmu, dtarget, mask) + 7 FP operations "
            "(sub, square, accumulate, scale, modulator, mask, negate)",
    "default": "4 words (load mu, target; store dmu, dtarget) + 5 FP operations (sub, square, accumulate, scale, negate)",
}
CASE_TEXT = {"live": "all inputs live", "default": "modulator and mask untouched"}

TRM = "ARM DDI 0439B"
T31 = f"{TRM} §3.3.1 Table 3-1"
T71 = f"{TRM} §7.2.3 Table 7-1"
# key: (cycles as the manual writes them, where)
RULES = {
    "alu": ("1", f"{T31}: MOV/MOVW/MOVT, ADD/ADC/ADR/SUB/SBC/RSB, CMP/CMN, AND/ORR/EOR/BIC/ORN/MVN, TST/TEQ, "
            "shifts, extend, bit-field, reverse, CLZ, saturate"),
    "mul": ("1", f"{T31}: MUL/MLA/MLS and the 64-bit multiplies (single-cycle on Cortex-M4)"),
    "div": ("2 to 12", f"{T31}: SDIV/UDIV, counted as 12 (the upper bound; data-dependent early termination)"),
    "it": ("1", f"{T31}: IT (footnote: may fold onto a preceding 16-bit instruction, 0 cycles; counted as 1)"),
    "nop": ("1", f"{T31}: NOP"),
    "ldr": ("2", f"{T31}: LDR/LDRB/LDRH/LDRSB/LDRSH, any addressing mode"),
    "str": ("2", f"{T31}: STR/STRB/STRH (the §3.3.2 pairing rules can make it 1: see 'pairing')"),
    "ldrd": ("1 + N = 3", f"{T31}: LDRD/STRD, N = 2 registers"),
    "ldm": ("1 + N", f"{T31}: LDM/STM/PUSH/POP of N registers"),
    "ldm_pc": ("1 + N + P", f"{T31}: LDM/POP that loads PC"),
    "b": ("1 + P", f"{T31}: B, BL, BX, BLX (P = pipeline refill, 1 to 3)"),
    "bcc": ("1 or 1 + P", f"{T31}: B<cond>, CBZ, CBNZ: 1 not taken, 1 + P taken"),
    "tb": ("2 + P", f"{T31}: TBB/TBH"),
    "alu_pc": ("1 + P", f"{T31}: MOV PC / ADD PC"),
    "vfp1": ("1", f"{T71}: VADD, VSUB, VMUL, VNMUL, VNEG, VABS, VCMP(E), VCVT (single precision)"),
    "vfp3": ("3", f"{T71}: VMLA/VMLS/VNMLA/VNMLS, VFMA/VFMS/VFNMA/VFNMS"),
    "vfp14": ("14", f"{T71}: VDIV, VSQRT"),
    "vmov1": ("1", f"{T71}: VMOV immediate, register to register, half of a double to/from a core register; VMRS/VMSR"),
    "vmov2": ("2", f"{T71}: VMOV one float to/from one core register, or two to/from two core registers"),
    "vldr": ("2", f"{T71}: VLDR/VSTR .32"),
    "vldr64": ("3", f"{T71}: VLDR/VSTR .64"),
    "vldm": ("1 + N", f"{T71}: VLDM/VSTM/VPUSH/VPOP .32 of N registers"),
    "vldm64": ("1 + 2N", f"{T71}: VLDM/VSTM/VPUSH/VPOP .64 of N double registers"),
    "agu": ("+1", f"{TRM} §3.3.2: a load or store whose address depends on the result of the data-processing "
            "instruction just before it stalls one cycle (no forwarding path)"),
    "pairing": ("-1", f"{TRM} §3.3.2: an LDR/STR right after an LDR whose result it does not use for its address "
                "pipelines with it (one cycle less): not applied to the budget, reported as a possible saving"),
}
NOTES = [
    "Zero wait-state memory for code and data (the table's stated condition), the FPU enabled and "
    "its state already stacked (no lazy-stacking cost).",
    "P (pipeline refill after a taken branch, a call or a return) is taken as 3, the table's upper "
    "bound; with P = 1 each taken branch costs 2 cycles less (the tool prints the taken-branch count).",
    "Instructions in an IT block whose condition fails are counted at their full cost; IT itself at 1.",
    "Not modelled: flash wait states and the flash accelerator/cache of a real MCU, bus contention with "
    "DMA or a second master, interrupts and exception entry/exit (12 cycles plus FPU stacking each), "
    "unaligned accesses, the §3.3.2 LDR/STR pairing savings (reported, not subtracted), and any FPU "
    "result-latency stall: the manual's FPU table gives issue cycles and documents no interlock for a "
    "dependent VADD/VMUL/VSTM, so none is counted.",
    "The double accumulation of each 1024-element block calls libgcc's soft-float __aeabi_f2d and "
    "__adddf3 (the M4F FPU has no double): their cost is the path the probe's data takes (ordinary, "
    "positive block sums); other paths (subnormal, infinite, NaN, cancelling operands) differ.",
]

COND = "eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al"
ALU = ("adc add addw sub subw neg adr and asr bfc bfi bic clz cmn cmp eor lsl lsr mov movt movw mvn orn orr rbit rev rev16 revsh "
       "ror rrx rsb sbc sbfx ssat sxtab sxtah sxtb sxth teq tst ubfx usat uxtab uxtah uxtb uxth sel uadd8 "
       "usub8 qadd qsub").split()
MUL = "mul mla mls smull umull smlal umlal smulbb smlabb".split()
LDR = "ldr ldrb ldrh ldrsb ldrsh ldrex ldrt".split()
STR = "str strb strh strex".split()
LDM = "ldm ldmia ldmdb ldmfd stm stmia stmdb stmea stmfd push pop".split()
VFP1 = "vadd vsub vmul vnmul vneg vabs vcmp vcmpe vcvt vcvtr vcvtb vcvtt".split()
VFP3 = "vmla vmls vnmla vnmls vfma vfms vfnma vfnms".split()
VLDM = "vldm vldmia vldmdb vstm vstmia vstmdb vpush vpop".split()
BASES = sorted(ALU + MUL + LDR + STR + LDM + VFP1 + VFP3 + VLDM + "sdiv udiv it nop ldrd strd b bl blx bx cbz "
               "cbnz tbb tbh vdiv vsqrt vmov vmrs vmsr vldr vstr".split(), key=len, reverse=True)


def split_mnemonic(m):
    """'movcs.w' -> ('mov', 'cs', '.w'); 'adds' -> ('add', '', ''); 'vmov.f32' -> ('vmov', '', '.f32')."""
    m = m.lower()
    qual = ""
    if "." in m:
        m, qual = m.split(".", 1)
        qual = "." + qual
    if re.fullmatch(r"it[te]{0,3}", m):
        return "it", "", qual
    for b in BASES:
        if not m.startswith(b):
            continue
        rest = m[len(b):]
        if b in ("b", "bl", "bx", "blx", "cbz", "cbnz"):
            if rest == "" or (b != "cbz" and b != "cbnz" and re.fullmatch(COND, rest)):
                return b, rest, qual
            continue
        if re.fullmatch(rf"s?(?:{COND})?", rest):
            return b, rest, qual
    return None, "", qual


def reglist(ops):
    m = re.search(r"\{([^}]*)\}", ops)
    if not m:
        return 0, False, []
    n, regs, double = 0, [], False
    for part in m.group(1).split(","):
        part = part.strip()
        r = re.fullmatch(r"([a-z]+)(\d+)-[a-z]+(\d+)", part)
        if r:
            n += int(r.group(3)) - int(r.group(2)) + 1
            regs += [f"{r.group(1)}{i}" for i in range(int(r.group(2)), int(r.group(3)) + 1)]
            double = r.group(1) == "d"
        else:
            n += 1
            regs.append(part)
            double = double or part.startswith("d")
    return n, double, regs


class Insn:
    __slots__ = ("addr", "size", "mnem", "ops", "func", "base", "cond", "qual")

    def __init__(self, addr, size, mnem, ops, func):
        self.addr, self.size, self.mnem, self.ops, self.func = addr, size, mnem, ops, func
        self.base, self.cond, self.qual = split_mnemonic(mnem)

    def text(self):
        return f"{self.mnem} {self.ops}".strip()

    def norm(self):
        """Mnemonic and operands without addresses or comments (for comparing two images)."""
        ops = re.sub(r"\s*@.*$", "", self.ops)
        if self.is_branch() or self.base in ("bl", "blx"):
            # the target's address, wherever it is (cbz/cbnz have a register first)
            ops = re.sub(r"(^|, )[0-9a-f]+ <(.*)>$", r"\1<\2>", ops)
            ops = re.sub(r"\+0x[0-9a-f]+>$", ">", ops)
        return f"{self.mnem} {ops}".strip()

    def is_branch(self):
        return self.base in ("b", "bl", "bx", "blx", "cbz", "cbnz", "tbb", "tbh") or self.writes_pc()

    def writes_pc(self):
        if self.base in ("pop", "ldm", "ldmia", "ldmdb", "ldmfd"):
            return "pc" in reglist(self.ops)[2]
        if self.base in ("mov", "add", "ldr"):
            return self.ops.split(",")[0].strip() == "pc"
        return False

    def conditional(self):
        """A branch that may fall through: B<cond>, CBZ/CBNZ, or a branch or PC load inside an
        IT block (BXNE LR, POPNE {..., PC})."""
        return self.base in ("cbz", "cbnz") or (self.is_branch() and self.cond not in ("", "al", "s"))

    def target(self):
        m = re.search(r"(?:^|,\s*)([0-9a-f]+) <", self.ops)
        return int(m.group(1), 16) if m else None

    def dest(self):
        """The core register a data-processing instruction writes (for the §3.3.2 stall)."""
        if self.base in ALU + MUL and self.base not in ("cmp", "cmn", "tst", "teq"):
            return self.ops.split(",")[0].strip()
        return None

    def address_regs(self):
        m = re.search(r"\[([^\]]*)\]", self.ops)
        if m:
            return [r.strip() for r in m.group(1).split(",") if re.fullmatch(r"r\d+|sl|fp|ip|lr|sp", r.strip())]
        if self.base in LDM + VLDM:
            first = self.ops.split(",")[0].strip().rstrip("!")
            return [first] if not first.startswith("{") else ["sp"]
        return []

    def is_memory(self):
        return self.base in LDR + STR + LDM + VLDM + ["ldrd", "strd", "vldr", "vstr"]


def cost(ins, taken, P):
    """(cycles, rule) of one execution of ins; taken: the branch was taken (None if unknown)."""
    b = ins.base
    if b is None:
        raise SystemExit(f"m4_cycles: no rule for '{ins.text()}' at {ins.addr:#x} in {ins.func}: add one to RULES")
    refill = P if taken or not ins.conditional() else 0
    if ins.writes_pc():
        if b in ("pop", "ldm", "ldmia", "ldmdb", "ldmfd"):
            return 1 + reglist(ins.ops)[0] + refill, "ldm_pc"
        if b == "ldr":
            return 2 + refill, "ldr"
        return 1 + refill, "alu_pc"
    if b in ("b", "bl", "bx", "blx"):
        return 1 + refill, ("bcc" if ins.conditional() else "b")
    if b in ("cbz", "cbnz"):
        return (1 + P, "bcc") if taken else (1, "bcc")
    if b in ("tbb", "tbh"):
        return 2 + P, "tb"
    if b in ALU:
        return 1, "alu"
    if b in MUL:
        return 1, "mul"
    if b in ("sdiv", "udiv"):
        return 12, "div"
    if b == "it":
        return 1, "it"
    if b == "nop":
        return 1, "nop"
    if b in LDR:
        return 2, "ldr"
    if b in STR:
        return 2, "str"
    if b in ("ldrd", "strd"):
        return 3, "ldrd"
    if b in LDM:
        return 1 + reglist(ins.ops)[0], "ldm"
    if b in VFP1:
        if ".f64" in ins.qual:
            raise SystemExit(f"m4_cycles: double-precision '{ins.text()}' on an FPv4-SP core?")
        return 1, "vfp1"
    if b in VFP3:
        return 3, "vfp3"
    if b in ("vdiv", "vsqrt"):
        return 14, "vfp14"
    if b in ("vmrs", "vmsr"):
        return 1, "vmov1"
    if b == "vmov":
        ops = [o.strip() for o in ins.ops.split(",")]
        core = [o for o in ops if re.fullmatch(r"r\d+|sl|fp|ip|lr|apsr_nzcv", o)]
        if not core:
            return 1, "vmov1"  # immediate or FP register to FP register
        if any("[" in o for o in ops):
            return 1, "vmov1"  # half of a double to/from a core register
        return 2, "vmov2"
    if b in ("vldr", "vstr"):
        reg = ins.ops.split(",")[0].strip()
        return (3, "vldr64") if reg.startswith("d") else (2, "vldr")
    if b in VLDM:
        n, double, _ = reglist(ins.ops)
        return (1 + 2 * n, "vldm64") if double else (1 + n, "vldm")
    raise SystemExit(f"m4_cycles: no rule for '{ins.text()}' at {ins.addr:#x} in {ins.func}: add one to RULES")


def stall(prev, ins):
    """§3.3.2: +1 if ins loads/stores at an address computed by the instruction just before."""
    if prev is None or not ins.is_memory():
        return 0
    d = prev.dest()
    return 1 if d and d in ins.address_regs() else 0


def pairing(prev, ins):
    """§3.3.2: the cycle an LDR/STR after an independent LDR could save (reported only)."""
    if prev is None or prev.base not in LDR or ins.base not in LDR + STR:
        return 0
    loaded = prev.ops.split(",")[0].strip()
    return 0 if loaded in ins.address_regs() else 1


# ---- disassembly --------------------------------------------------------------------------
def disassemble(elf):
    out = subprocess.run(["arm-none-eabi-objdump", "-d", "-C", str(elf)], capture_output=True, text=True,
                         check=True).stdout
    insns, funcs, func = {}, {}, None
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) <(.*)>:$", line)
        if m:
            func = m.group(2)
            funcs.setdefault(func, []).append(int(m.group(1), 16))
            continue
        m = re.match(r"^\s+([0-9a-f]+):\t((?:[0-9a-f]{4} ?){1,2})\s*\t(\S+)\s*(.*)$", line)
        if m and func:
            if m.group(3).startswith("."):  # .word / .short: literal pool
                continue
            addr = int(m.group(1), 16)
            size = 2 * len(m.group(2).split())
            insns[addr] = Insn(addr, size, m.group(3), m.group(4).strip(), func)
    return insns, funcs


def function_insns(insns, name):
    return sorted((i for i in insns.values() if i.func == name), key=lambda i: i.addr)


def find_loops(insns, image):
    """The innermost backward-branch loops of the image whose body holds VLDMs and VNEGs (the assembly
    of src/kernels/cortex_m_fpu.hpp, wherever GCC inlined it), by case: a pass of the live
    loop loads 4 streams per 8 elements (mu, target, modulator, mask), the default one 2."""
    byfunc = {}
    for i in insns.values():
        byfunc.setdefault(i.func, []).append(i)
    found = {}
    for func, body in byfunc.items():
        body.sort(key=lambda i: i.addr)
        if "ngcrt::detail::" not in func or not any(i.base == "vldmia" for i in body):
            continue
        loops = []
        for br in body:
            t = br.target() if br.base == "b" else None
            if t is not None and body[0].addr <= t < br.addr:
                span = [i for i in body if t <= i.addr <= br.addr]
                if any(i.base == "vldmia" for i in span) and any(i.base == "vneg" for i in span):
                    loops.append(span)
        for s in loops:
            if any(o is not s and s[0].addr <= o[0].addr and o[-1].addr <= s[-1].addr for o in loops):
                continue  # not innermost
            extra = [i for i in s[:-1] if i.is_branch()]
            if extra:
                raise SystemExit(f"m4_cycles: {image}: the VLDM loop at {s[0].addr:#x} in {short(func)} has a "
                                 f"branch inside its body ({extra[0].text()}): teach the tool its paths")
            elements = sum(1 for i in s if i.base == "vneg")
            loads = sum(1 for i in s if i.base == "vldmia")
            if elements == 0 or elements % 8:
                raise SystemExit(f"m4_cycles: {image}: VLDM loop at {s[0].addr:#x} has {elements} VNEG "
                                 "(one per element expected, 8 per lane group)")
            per8 = loads * 8 / elements
            case = {4: "live", 2: "default"}.get(per8)
            if case is None:
                raise SystemExit(f"m4_cycles: {image}: VLDM loop at {s[0].addr:#x} loads {per8} streams per "
                                 "8 elements: neither the live (4) nor the default (2) case")
            if case in found:
                raise SystemExit(f"m4_cycles: {image}: two {case} VLDM loops ({found[case][1][0].addr:#x}, "
                                 f"{s[0].addr:#x}): expected one per case")
            found[case] = (func, s, elements)
    for case in ("live", "default"):
        if case not in found:
            raise SystemExit(f"m4_cycles: {image}: no {case} VLDM loop found (cortex_m_fpu.hpp's assembly "
                             "not linked, or not a Cortex-M4F GCC build?)")
    return found


def cost_pass(span, P):
    rows, total, prev = [], 0, span[-1]  # the back branch comes before the loop head
    for k, ins in enumerate(span):
        c, rule = cost(ins, taken=True if k == len(span) - 1 else None, P=P)
        s = stall(prev, ins)
        rows.append((ins, c + s, rule + ("+agu" if s else "")))
        total += c + s
        prev = ins
    return rows, total


# ---- the probe's execution trace ------------------------------------------------------------
def trace(probe, insns, funcs, machine="mps2-an386"):
    """The instruction addresses of each measured step, in execution order."""
    mark = [a for f, addrs in funcs.items() if f.startswith("ngcrt_m4_mark") for a in addrs]
    if not mark:
        raise SystemExit(f"m4_cycles: {probe}: no ngcrt_m4_mark")
    mark_funcs = {insns[a].func for a in mark if a in insns}
    # The functions that call the marker (main, or the probe's measure()) are the caller's
    # side of each step: not counted.
    callers = {i.func for i in insns.values() if i.base == "bl" and i.target() in mark}
    with tempfile.TemporaryDirectory() as tmp:
        log = pathlib.Path(tmp) / "trace.log"
        run = subprocess.run(["qemu-system-arm", "-M", machine, "-nographic", "-semihosting-config",
                              "enable=on,target=native", "-kernel", str(probe), "-d", "in_asm,exec,nochain",
                              "-D", str(log)], capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            raise SystemExit(f"m4_cycles: the probe failed under qemu (status {run.returncode}): "
                             f"{run.stdout[-500:]}{run.stderr[-500:]}")
        blocks, cur, seq = {}, None, []
        with open(log, errors="replace") as f:
            for line in f:
                if line.startswith("IN:"):
                    cur = []
                    continue
                if cur is not None:
                    m = re.match(r"0x([0-9a-f]+):\s", line)
                    if m:
                        if not cur:
                            blocks[int(m.group(1), 16)] = cur
                        cur.append(int(m.group(1), 16))
                        continue
                    if not line.strip():
                        cur = None
                m = re.match(r"Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/", line)
                if m:
                    seq.append(int(m.group(1), 16))
    windows, w = [], None
    for pc in seq:
        ins = insns.get(pc)
        if ins is None:
            if w is not None:
                raise SystemExit(f"m4_cycles: traced pc {pc:#x} not in the probe's disassembly")
            continue
        if ins.func in mark_funcs:
            if w is not None:
                windows.append(w)
            w = []
            continue
        if w is not None and ins.func not in callers:
            w.extend(blocks[pc])
    if len(windows) != 4 * len(SIZES) - 1:
        raise SystemExit(f"m4_cycles: expected {4 * len(SIZES) - 1} windows between markers, got {len(windows)}")
    # Windows 0, 2, 4, ...: default and live steps of each size in turn (odd ones are set-up).
    steps = {}
    for k, n in enumerate(SIZES):
        steps[("default", n)] = windows[4 * k]
        steps[("live", n)] = windows[4 * k + 2]
    return steps


def cost_path(path, insns, P, loop_addrs):
    total = taken = pair = 0
    in_loop = loop_insns = 0
    by_func, per_addr = {}, {}
    prev = None
    for k, a in enumerate(path):
        ins = insns[a]
        nxt = path[k + 1] if k + 1 < len(path) else None
        t = None
        if ins.is_branch():
            t = (nxt is not None and nxt != a + ins.size) if ins.conditional() else True
        c, _ = cost(ins, taken=t, P=P)
        c += stall(prev, ins)
        pair += pairing(prev, ins)
        taken += 1 if t else 0
        total += c
        if a in loop_addrs:
            in_loop += c
            loop_insns += 1
        by_func[ins.func] = by_func.get(ins.func, 0) + c
        n0, c0 = per_addr.get(a, (0, 0))
        per_addr[a] = (n0 + 1, c0 + c)
        prev = ins
    return {"cycles": total, "instructions": len(path), "taken_branches": taken, "loop_cycles": in_loop, "loop_instructions": loop_insns,
            "outside_loop": total - in_loop, "pairing_saving": pair, "by_function": by_func, "per_address": per_addr}


def overheads(call, loop_addrs, insns, n):
    """The cycles outside the loop passes, by how often each instruction ran in a step of n
    elements (n / 1024 blocks of 4 lane groups): per lane group, per block (the fold, the
    double accumulation), per call; 'mixed' is what ran a different number of times (paths
    that differ between blocks, such as __adddf3's first addition to +0)."""
    blocks = n // 1024
    out = {"per_group": 0, "per_block": 0, "per_block_libgcc": 0, "per_call": 0, "mixed": 0}
    for a, (k, cy) in call["per_address"].items():
        if a in loop_addrs:
            continue
        if k == 4 * blocks:
            out["per_group"] += cy / (4 * blocks)
        elif k == blocks:
            key = "per_block_libgcc" if insns[a].func.startswith("__") else "per_block"
            out[key] += cy / blocks
        elif k == 1:
            out["per_call"] += cy
        else:
            out["mixed"] += cy
    return out


def short(func):
    f = re.sub(r"\(ngcrt::Convention\)0, \(ngcrt::SigmaShape\)0", "3.1, scalar", func)
    f = re.sub(r"ngcrt::(detail::)?", "", f)
    f = re.sub(r"\((?:[^()]|\([^()]*\))*\)( \[clone [^]]*\])?$", "", f)
    return f[:110]


# ---- doc check ----------------------------------------------------------------------------------
def listing_lines(rows, total, elements, case):
    out = [f"m4 pass {case}: {elements} elements"]
    for ins, c, rule in rows:
        ops = re.sub(r"\s*@.*$", "", ins.ops).strip()
        if ins.is_branch() and ins.target() == rows[0][0].addr:
            ops = "(back to the first line)"
        out.append(f"{ins.mnem:<10} {ops[:34]:<34} {c:>3}  {rule}")
    out.append(f"total {total} cycles, {total / elements:.3f} per element")
    return out


def check_doc(doc, result):
    text = pathlib.Path(doc).read_text()
    errors = []
    for case in ("live", "default"):
        want = result["cases"][case]["listing"]
        m = re.search(rf"```text\n(m4 pass {case}:.*?)```", text, re.S)
        if not m:
            errors.append(f"{doc}: no ```text block starting 'm4 pass {case}:'")
            continue
        got = m.group(1).rstrip("\n").splitlines()
        if len(got) != len(want):
            errors.append(f"{case}: the doc lists {len(got) - 2} instructions, the image's loop has {len(want) - 2}")
        for k, (g, w) in enumerate(zip(got, want)):
            gs, ws = g.split(), w.split()
            if k in (0, len(want) - 1):
                if g.strip() != w.strip():
                    errors.append(f"{case}: doc '{g.strip()}' != tool '{w.strip()}'")
            elif gs[0] != ws[0] or gs[-2] != ws[-2]:
                errors.append(f"{case} line {k}: doc '{g.strip()}' != tool '{w.strip()}'")
        row = re.search(rf"^\| M4F {CASE_TEXT[case]} \|(.*)$", text, re.M)
        if not row:
            errors.append(f"{doc}: no budget row '| M4F {CASE_TEXT[case]} |'")
            continue
        cells = [c.strip().strip("*") for c in row.group(1).split("|")]
        expect = budget_cells(result, case)
        if cells[:5] != expect:
            errors.append(f"{case}: doc budget row {cells[:5]} != tool {expect}; the row should read\n"
                          f"    | M4F {CASE_TEXT[case]} | {' | '.join(expect)} |")
    return errors


def budget_cells(result, case):
    """The cells of a case's row in the budget table of docs/targets.md."""
    c = result["cases"][case]
    return [f"{c['per_element_large_n']:.2f}", f"{c['calls']['64']['cycles']}", f"{c['calls']['1024']['cycles']}",
            f"{FLOOR[case]}", f"{c['ratio_large_n']:.2f}x"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build", nargs="?", default="build/cortex-m4f")
    ap.add_argument("--firmware")
    ap.add_argument("--probe")
    ap.add_argument("--refill", type=int, default=3, choices=[1, 2, 3], help="P, the pipeline refill (default 3)")
    ap.add_argument("--json")
    ap.add_argument("--listing", action="store_true", help="print each loop pass instruction by instruction")
    ap.add_argument("--rules", action="store_true", help="print the cycle table with its sources")
    ap.add_argument("--check-doc")
    args = ap.parse_args()
    build = pathlib.Path(args.build)
    fw = pathlib.Path(args.firmware or build / "examples" / "ngcrt-firmware-example")
    probe = pathlib.Path(args.probe or build / "tests" / "ngcrt-m4-cycle-probe")
    for p in (fw, probe):
        if not p.exists():
            raise SystemExit(f"m4_cycles: {p} not found: build the cortex-m4f preset first "
                             "(cmake --workflow --preset cortex-m4f)")
    P = args.refill

    fw_insns, _ = disassemble(fw)
    pr_insns, pr_funcs = disassemble(probe)
    result = {"core": "Cortex-M4F", "source": "manual count (Cortex-M4 TRM, ARM DDI 0439B)", "refill_P": P,
              "firmware": str(fw), "probe": str(probe), "rules": {k: {"cycles": v[0], "source": v[1]}
                                                                   for k, v in RULES.items()},
              "notes": NOTES, "cases": {}}
    loops = {}
    fw_loops, pr_loops = find_loops(fw_insns, fw), find_loops(pr_insns, probe)
    for case in ("live", "default"):
        f_fw, span, elements = fw_loops[case]
        f_pr, pspan, _ = pr_loops[case]
        if [i.norm() for i in span] != [i.norm() for i in pspan]:
            raise SystemExit(f"m4_cycles: the probe's {case} loop differs from the firmware example's: rebuild "
                             "both from the same tree")
        # The kernel around the loop (set-up, fold, calls) must be the same code too.
        a = [i.norm() for i in function_insns(fw_insns, f_fw)]
        b = [i.norm() for i in function_insns(pr_insns, f_pr)]
        if a != b:
            raise SystemExit(f"m4_cycles: the function holding the probe's {case} loop ({short(f_pr)}) differs "
                             f"from the firmware example's ({short(f_fw)}): rebuild both from the same tree")
        rows, total = cost_pass(span, P)
        loops[case] = {i.addr for i in pspan}
        result["cases"][case] = {"function": f_fw, "elements_per_pass": elements, "pass_cycles": total,
                                 "pass_instructions": len(span),
                                 "pass_per_element": total / elements,
                                 "listing": listing_lines(rows, total, elements, case)}
    steps = trace(probe, pr_insns, pr_funcs)
    for case in ("live", "default"):
        c = result["cases"][case]
        c["calls"] = {str(n): cost_path(steps[(case, n)], pr_insns, P, loops[case]) for n in SIZES}
        for n in SIZES:
            call = c["calls"][str(n)]
            passes = call["loop_instructions"] / c["pass_instructions"]
            if abs(passes - round(passes)) > 1e-9 or round(passes) != n // c["elements_per_pass"]:
                raise SystemExit(f"m4_cycles: {case}, n = {n}: the trace ran {passes:.2f} loop passes, "
                                 f"expected {n // c['elements_per_pass']} (n / elements per pass)")
        c["per_element_large_n"] = (c["calls"]["4096"]["cycles"] - c["calls"]["2048"]["cycles"]) / 2048
        c["outside_loop"] = overheads(c["calls"]["4096"], loops[case], pr_insns, 4096)
        # Each further 1024-element block, outside the loop passes (from n = 2048 to 4096), and
        # what a call of n <= 1024 spends outside them (per call plus its one block).
        big, mid = c["calls"]["4096"], c["calls"]["2048"]
        c["outside_loop"]["block_marginal"] = (big["outside_loop"] - mid["outside_loop"]) / 2
        c["outside_loop"]["call_1024"] = c["calls"]["1024"]["outside_loop"]
        c["floor"] = FLOOR[case]
        c["floor_basis"] = FLOOR_TEXT[case]
        c["ratio_large_n"] = c["per_element_large_n"] / FLOOR[case]
        c["per_element_64"] = c["calls"]["64"]["cycles"] / 64
        c["per_element_1024"] = c["calls"]["1024"]["cycles"] / 1024
        c["ratio_pass"] = c["pass_per_element"] / FLOOR[case]

    if args.rules:
        for k, (cy, src) in RULES.items():
            print(f"{k:<8} {cy:<11} {src}")
        print()
    print(f"Cortex-M4F, manual count (ARM DDI 0439B tables), P = {P}; {fw}")
    print(f"{'case':<9} {'pass':>14} {'/elem':>7} {'large n':>8} {'n=64':>7} {'n=1024':>7}  floor  ratio (large n)")
    for case in ("live", "default"):
        c = result["cases"][case]
        print(f"{case:<9} {c['pass_cycles']:>5} per {c['elements_per_pass']:>2} el {c['pass_per_element']:7.3f} "
              f"{c['per_element_large_n']:8.3f} {c['calls']['64']['cycles']:7d} {c['calls']['1024']['cycles']:7d}  "
              f"{FLOOR[case]:5d}  {c['ratio_large_n']:.3f}x")
    for case in ("live", "default"):
        c = result["cases"][case]
        for n in ("64", "1024"):
            call = c["calls"][n]
            print(f"  {case} n={n}: {call['cycles']} cycles = loop {call['loop_cycles']} + rest "
                  f"{call['outside_loop']}; {call['instructions']} instructions, {call['taken_branches']} taken "
                  f"branches (P = 1: {call['cycles'] - 2 * call['taken_branches'] if P == 3 else '-'}), "
                  f"pairing could save {call['pairing_saving']}")
            if n == "1024":
                o = c["outside_loop"]
                print(f"  {case} outside the loop: each further 1024-element block {o['block_marginal']:.0f} "
                      f"({o['block_marginal'] / 1024:.3f} per element); n = 1024 {o['call_1024']}. From n = 4096: "
                      f"per lane group {o['per_group']:.0f}, per block {o['per_block']:.0f} + libgcc "
                      f"{o['per_block_libgcc']:.0f}, per call {o['per_call']:.0f}, other {o['mixed']:.0f} in all")
            if n == "64" or args.listing:
                for f, cy in sorted(call["by_function"].items(), key=lambda x: -x[1]):
                    print(f"      {cy:6d}  {short(f)}")
    if args.listing:
        for case in ("live", "default"):
            print()
            print("\n".join(result["cases"][case]["listing"]))
    if args.json:
        for c in result["cases"].values():
            for call in c["calls"].values():
                call.pop("per_address", None)
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    if args.check_doc:
        errors = check_doc(args.check_doc, result)
        if errors:
            print(f"\n{args.check_doc} disagrees with the count of {fw}:", file=sys.stderr)
            for e in errors:
                print("  " + e, file=sys.stderr)
            print("Update the hand count and the budget rows there (--listing prints the listing; the figures in "
                  "the prose around them come from the same run).", file=sys.stderr)
            return 1
        print(f"{args.check_doc}: hand count and budget agree with the image")
    return 0


if __name__ == "__main__":
    sys.exit(main())
