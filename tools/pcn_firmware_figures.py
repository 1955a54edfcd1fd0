#!/usr/bin/env python3
"""Flash, RAM and stack of the digits PCN firmware example (examples/pcn/pcn_firmware.cpp) on
a Cortex-M4F build, against issue 25's goal (a 64-64-64-10 network trained with Adam at
B = 10 in 128 KB of RAM), written into docs/targets.md's generated block `pcn-firmware`:

    cmake --preset cortex-m4f && cmake --build build/cortex-m4f --target ngcrt-pcn-firmware
    /usr/bin/python3 tools/pcn_firmware_figures.py build/cortex-m4f [--doc docs/targets.md]

- runs the image as the build's pcn_firmware test does (qemu-system-arm) and reads what it
  prints: the accuracies, and the stack it used (it paints the stack
  below main's frame and finds the lowest word that changed: a measurement);
- reads the link map (ngcrt-pcn-firmware.map, -fdata-sections: one input section per
  variable) for the sizes of the two networks (the training PCN and the inference PCN, in
  .bss) and of the packed model's arrays (.rodata, in flash), and `arm-none-eabi-size` for
  the image's sections.
- cycles: a model estimate, not a count: the multiply-adds of the synapse products of one
  inference and of one training sample times the counted cycles per multiply-add of the
  forward product's inner loop (3.50, tools/m4_synapse_cycles.py); it leaves out the
  sigmoids, the error cells, the transposed products' own loop, and Adam, so it is a lower
  bound.
"""
import argparse
import pathlib
import re
import subprocess
import sys

CYCLES_PER_MAC = 3.50  # tools/m4_synapse_cycles.py, the assembly loop (docs/targets.md)
GOAL = 128 * 1024
BEGIN = "<!-- generated: pcn-firmware (tools/pcn_firmware_figures.py; do not edit) -->"
END = "<!-- end generated: pcn-firmware -->"


def run_image(build, elf):
    """Runs the image the way CTest does: the command of the pcn_firmware test."""
    ctest = (build / "examples" / "CTestTestfile.cmake").read_text()
    m = re.search(r"add_test\(\[=\[pcn_firmware\]=\] (.*)\)", ctest)
    if not m:
        sys.exit("pcn_firmware_figures: no pcn_firmware test in the build")
    cmd = re.findall(r'"([^"]*)"', m.group(1))
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if out.returncode != 0 or "pcn firmware: PASS" not in out.stdout:
        sys.exit(f"pcn_firmware_figures: the image failed ({out.returncode}):\n{out.stdout}{out.stderr}")
    return out.stdout


def map_sizes(map_path):
    """Input sections of the link map (-fdata-sections: one per variable) and their sizes:
    {section name: bytes}, e.g. '.bss._ZN12_GLOBAL__N_13netE'."""
    sizes = {}
    lines = map_path.read_text().splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^ (\.(?:bss|data|rodata)\.\S+)(?:\s+0x[0-9a-f]+\s+(0x[0-9a-f]+))?", line)
        if not m:
            continue
        size = m.group(2)
        if size is None and i + 1 < len(lines):  # a long name: address and size on the next line
            n = re.match(r"^\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)", lines[i + 1])
            size = n.group(1) if n else None
        if size is not None:
            sizes[m.group(1)] = int(size, 16)
    return sizes


def sections(elf):
    size = subprocess.run(["arm-none-eabi-size", "-A", str(elf)], capture_output=True, text=True, check=True)
    out = {}
    for line in size.stdout.splitlines():
        m = re.match(r"(\.\S+)\s+(\d+)\s+(\d+)", line)
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build", type=pathlib.Path)
    ap.add_argument("--doc", type=pathlib.Path)
    args = ap.parse_args()
    elf = args.build / "examples" / "ngcrt-pcn-firmware"
    if not elf.exists():
        sys.exit(f"pcn_firmware_figures: {elf} not built (cmake --build {args.build} --target ngcrt-pcn-firmware)")
    printed = run_image(args.build, elf)
    stack = int(re.search(r"stack used below main: (\d+) bytes", printed).group(1))
    before = re.search(r"inference from flash: (\d+) / (\d+) correct", printed).groups()
    after = re.search(r"after (\d+) batches on the device: (\d+) / (\d+) correct", printed).groups()
    secs_map = map_sizes(elf.with_name(elf.name + ".map"))
    net = secs_map[".bss._ZN12_GLOBAL__N_13netE"]
    flash_net = secs_map[".bss._ZN12_GLOBAL__N_19flash_netE"]
    model = sum(v for k, v in secs_map.items() if re.fullmatch(r"\.rodata\._ZL\d+ngcrt_pcn_[Wb]\d+", k))
    secs = sections(elf)
    data, bss = secs.get(".data", 0), secs.get(".bss", 0)
    sizes = [64, 64, 64, 10]
    macs_inference = sum(a * b for a, b in zip(sizes, sizes[1:]))
    # per training sample: the projection, then per step T = 20 the forward products of every
    # layer and the transposed ones of layers 2..3, then the Hebbian products of every layer.
    macs_step = macs_inference + sum(a * b for a, b in zip(sizes[1:], sizes[2:]))
    macs_train = macs_inference + 20 * macs_step + macs_inference
    total = net + stack
    net_b1 = int(re.search(r"RAM of a training network at B = 1 \(not built here\): (\d+) bytes", printed).group(1))
    lines = [
        BEGIN,
        "The cortex-m4f build's `examples/ngcrt-pcn-firmware`, run under qemu-system-arm "
        "(`/usr/bin/python3 tools/pcn_firmware_figures.py build/cortex-m4f --doc docs/targets.md`):",
        "",
        "| figure | value | how |",
        "|---|---|---|",
        f"| test accuracy, inference from flash | {before[0]} / {before[1]} "
        f"({100 * int(before[0]) / int(before[1]):.2f} %) | printed by the image under qemu; the host prints the same |",
        f"| after {after[0]} batches learned on the device | {after[1]} / {after[2]} "
        f"({100 * int(after[1]) / int(after[2]):.2f} %) | the same |",
        f"| packed model in flash (`ngcrt_pcn_W*`, `ngcrt_pcn_b*`) | {model:,} bytes | the link map (`.rodata._ZL12ngcrt_pcn_W1` ...) |",
        f"| inference network over the flash weights (`PCNInference<float, Layers<64, 64, 64, 10>, 1>`) | "
        f"{flash_net:,} bytes of RAM | the link map (the `.bss` section of `flash_net`) |",
        f"| training network (`PCN<float, Layers<64, 64, 64, 10>, 10>`, Adam: weights, biases, moments, "
        f"activations, components) | {net:,} bytes of RAM | the link map (the `.bss` section of `net`) |",
        f"| stack used by the whole run | {stack:,} bytes | painted and measured by the image |",
        f"| training network + stack, against the goal of {GOAL // 1024} KB | {total:,} bytes = "
        f"{100 * total / GOAL:.0f} % of the goal: **{'met' if total <= GOAL else 'not met'}** | the two rows above |",
        f"| training network at B = 1 + the same stack | {net_b1 + stack:,} bytes = "
        f"{100 * (net_b1 + stack) / GOAL:.0f} % of the goal | `sizeof`, printed by the image |",
        f"| the image's .data + .bss (picolibc's included) | {data + bss:,} bytes | `arm-none-eabi-size -A` |",
        f"| cycles per inference (estimate) | >= {macs_inference * CYCLES_PER_MAC:,.0f} | "
        f"{macs_inference:,} multiply-adds x {CYCLES_PER_MAC} (a lower bound: model estimate) |",
        f"| cycles per training sample, T = 20 (estimate) | >= {macs_train * CYCLES_PER_MAC:,.0f} | "
        f"{macs_train:,} multiply-adds x {CYCLES_PER_MAC} (a lower bound: model estimate) |",
        END,
    ]
    block = "\n".join(lines)
    print(block)
    if args.doc:
        text = args.doc.read_text()
        if BEGIN in text:
            start = text.index(BEGIN)
            stop = text.index(END) + len(END)
            text = text[:start] + block + text[stop:]
        else:
            sys.exit(f"pcn_firmware_figures: no generated block in {args.doc}")
        args.doc.write_text(text)
        print(f"wrote {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
