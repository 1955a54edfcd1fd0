#!/usr/bin/env python3
"""Cortex-M4F cycles per multiply-add of the synapse forward product's inner loop, counted
from the Cortex-M4 manual with tools/m4_cycles.py's rules, beside the plain C loop:

    /usr/bin/python3 tools/m4_synapse_cycles.py build/cortex-m4f/tests/ngcrt-m4-synapse-probe

The image is tools/mcu/m4_synapse_probe.cpp built for the Cortex-M4F (a cortex-m4f build's
tests/ngcrt-m4-synapse-probe). It finds the innermost backward-branch loops that hold VMULs
and VADDs in ngcrt's product (ngcrt::detail::synapse::) and in ngcrt_plain_forward(), costs
one pass of each (every instruction by m4_cycles.RULES, branch refill P = 3 or --refill) and
divides by the pass's multiply-adds (its VMUL count). The floor is the single-issue count
of the work itself: per multiply-add one weight loaded (a word), one VMUL and one VADD, and
the input x[i] loaded once per register block (words / columns per block).
"""
import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import m4_cycles  # noqa: E402


def loops(insns, want):
    byfunc = {}
    for i in insns.values():
        byfunc.setdefault(i.func, []).append(i)
    found = []
    for func, body in byfunc.items():
        if not want(func):
            continue
        body.sort(key=lambda i: i.addr)
        spans = []
        for br in body:
            t = br.target() if br.base == "b" else None
            if t is not None and body[0].addr <= t < br.addr:
                span = [i for i in body if t <= i.addr <= br.addr]
                if any(i.base == "vmul" for i in span) and any(i.base == "vadd" for i in span):
                    spans.append(span)
        for s in spans:
            if any(o is not s and s[0].addr <= o[0].addr and o[-1].addr <= s[-1].addr for o in spans):
                continue
            found.append((func, s))
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("probe")
    ap.add_argument("--refill", type=int, default=3)
    ap.add_argument("--listing", action="store_true")
    args = ap.parse_args()
    insns, _ = m4_cycles.disassemble(args.probe)
    rows = []
    # ngcrt's single-row loop (src/kernels/cortex_m_synapse.hpp, inlined into the scalar
    # kernel's synapse_product entry): the loop that loads the weights with VLDM.
    for label, want, vldm in (("ngcrt", lambda f: "kinds::synapse_product, float>" in f, True),
                              ("plain C loop", lambda f: f.startswith("ngcrt_plain_forward"), False)):
        for func, span in loops(insns, want):
            if vldm and not any(i.base in m4_cycles.VLDM for i in span):
                continue
            listing, total = m4_cycles.cost_pass(span, args.refill)
            macs = sum(1 for i in span if i.base == "vmul")
            loads = sum(1 for i in span if i.base in ("vldr",)) + sum(
                m4_cycles.reglist(i.ops)[0] for i in span if i.base in m4_cycles.VLDM)
            rows.append((label, func, total, macs, loads, len(span)))
            if args.listing:
                print(f"{label}: {m4_cycles.short(func)} at {span[0].addr:#x}")
                for ins, c, rule in listing:
                    print(f"  {ins.addr:8x}  {c:2d}  {ins.text():40s} {rule}")
    if not rows:
        sys.exit("m4_synapse_cycles: no loop found (not a Cortex-M4F GCC build of the probe?)")
    # The floor, the same for both: per multiply-add one weight word loaded, one VMUL, one VADD
    # (single issue: 3 cycles); loading x[i] and the loop's control are overhead above it.
    floor = 3.0
    print("loop | function | cycles per pass | multiply-adds per pass | cycles per multiply-add | "
          "over the floor of 3")
    for label, func, total, macs, loads, n in rows:
        print(f"{label} | {m4_cycles.short(func)} | {total} | {macs} | {total / macs:.2f} | {total / macs / floor:.2f}x")
    # The headline: ngcrt's inner loop (the pass with the most multiply-adds: the assembly's;
    # the others are the C++ blocks for the last columns) and the plain loop's.
    for label in ("ngcrt", "plain C loop"):
        best = max((r for r in rows if r[0] == label), key=lambda r: r[3], default=None)
        if best:
            print(f"{label}: {best[2] / best[3]:.2f} cycles per multiply-add, {best[2] / best[3] / floor:.2f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
