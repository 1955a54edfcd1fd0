#!/usr/bin/env python3
"""Code size, RAM and worst-case stack of one GaussianErrorCell<float, Units<64>, 1> step
in the bare-metal firmware example, read off a GCC build of it:

    cmake --workflow --preset cortex-m4f
    /usr/bin/python3 tools/firmware_figures.py build/cortex-m4f

- text: the sizes (arm-none-eabi-nm) of every function reachable from the example's
  out-of-line step, ngcrt_firmware_step() (advance_state inlined into it), following the
  call graphs GCC wrote with -fcallgraph-info=su (.ci files of ngcrt and the example);
- RAM: sizeof(cell), as the example prints it when run under qemu;
- stack: the deepest path of static frame sizes (-fstack-usage) from the same root.
The view calls its kernel through a function pointer; that indirect call is resolved to the
step entries linked into the image. A call the graphs still cannot follow (a function compiled
without -fcallgraph-info, such as a libc routine, unless its frame can be read from its
instructions) is listed, and makes the result a lower bound.
"""
import pathlib
import re
import subprocess
import sys

ROOT = "ngcrt_firmware_step"


def parse_ci(files):
    """Nodes keyed by symbol: GCC titles a definition "file:symbol" (even a weak template
    instantiation) and a reference to another file's function by its plain symbol."""
    nodes, edges = {}, {}
    node_re = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
    edge_re = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
    for f in files:
        for line in f.read_text().splitlines():
            m = node_re.search(line)
            if m:
                title, label = m.groups()
                title = symbol(title)
                parts = label.split("\\n")
                frame = None
                for p in parts:
                    fm = re.match(r"(\d+) bytes \((\w+)", p)
                    if fm:
                        frame = (int(fm.group(1)), fm.group(2))
                old = nodes.get(title)
                # A definition wins over a reference; two definitions (the same inline
                # function in two files): keep the larger frame.
                if old is None or (frame and (not old["frame"] or frame[0] > old["frame"][0])):
                    nodes[title] = {"name": parts[0], "frame": frame}
                continue
            m = edge_re.search(line)
            if m:
                edges.setdefault(symbol(m.group(1)), set()).add(symbol(m.group(2)))
    return nodes, edges


def count_regs(reglist):
    n = 0
    for part in reglist.split(","):
        part = part.strip()
        m = re.match(r"([a-z]+)(\d+)-[a-z]+(\d+)", part)
        n += int(m.group(3)) - int(m.group(2)) + 1 if m else 1
    return n


def leaf_frame(elf, addr, size):
    """Bytes a leaf routine without call-graph data (libc, libgcc assembly) can push:
    every push / vpush / stmdb sp! / sub sp in its code, added up. None if it calls out."""
    dis = subprocess.run(["arm-none-eabi-objdump", "-d", f"--start-address={addr}", f"--stop-address={addr + size}",
                          str(elf)], capture_output=True, text=True, check=True).stdout
    total = 0
    for line in dis.splitlines():
        if re.search(r"\tbl(x)?\s", line):
            return None
        m = re.search(r"\t(v?push|stmdb)(\.w)?\s+(sp!,\s*)?\{([^}]*)\}", line)
        if m:
            regs = count_regs(m.group(4))
            wide = m.group(1) == "vpush" and m.group(4).strip().startswith("d")
            total += regs * (8 if wide else 4)
        m = re.search(r"\tsub(\.w|w)?\s+sp,\s*(sp,\s*)?#(\d+)", line)
        if m:
            total += int(m.group(3))
    return total


def symbol(title):
    return title.split(":")[-1]  # "file.cpp:_ZL1hi" (internal linkage) -> "_ZL1hi"


def main():
    build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/cortex-m4f")
    elf = build / "examples" / "ngcrt-firmware-example"
    # The library's and the example's own objects (not the consumer projects' builds of
    # ngcrt under tests/, which use other flags).
    ci = sorted((build / "CMakeFiles" / "ngcrt.dir").rglob("*.ci")) + sorted((build / "examples").rglob("*.ci"))
    nodes, edges = parse_ci(ci)
    roots = [t for t in nodes if symbol(t) == ROOT]
    if not roots:
        sys.exit(f"no {ROOT} in the .ci files under {build}: build the cortex-m4f preset (GCC) first")

    nm = subprocess.run(["arm-none-eabi-nm", "-S", "--size-sort", str(elf)], capture_output=True, text=True,
                        check=True).stdout
    sizes, addrs = {}, {}
    for line in nm.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "TtWw":
            sizes[f[3]] = int(f[1], 16)
            addrs[f[3]] = int(f[0], 16)

    # advance_state() calls the kernel through the view's step pointer: GCC records an
    # indirect call. Its targets are the step entries linked into the image (a fixed-type
    # cell links exactly one, ngcrt::detail::step_as<T, C, S>; a runtime-configured view
    # links the generic ngcrt::detail::step).
    entries = [t for t in nodes if re.search(r"6detail(7step_asI|4stepERK)", symbol(t)) and symbol(t) in addrs]
    for t in list(nodes):
        if nodes[t]["name"] == "Indirect Call Placeholder" or symbol(t) == "__indirect_call":
            edges.setdefault(t, set()).update(entries)
            nodes[t]["frame"] = (0, "static")

    unknown = set()
    leaves = {}
    memo = {}

    def worst(t, stack=()):
        if t in stack:
            sys.exit(f"recursion through {nodes[t]['name']}")
        if t in memo:
            return memo[t]
        node = nodes.get(t)
        if not node or not node["frame"]:
            sym = symbol(t)
            frame = leaf_frame(elf, addrs[sym], sizes[sym]) if sym in addrs else None
            if frame is None:
                unknown.add(node["name"] if node else t)
                return 0, [t]
            leaves[sym] = frame
            return frame, [t]
        if node["frame"][1] != "static":
            unknown.add(node["name"] + f" ({node['frame'][1]} frame)")
        best = (0, [])
        for c in edges.get(t, ()):
            best = max(best, worst(c, stack + (t,)), key=lambda x: x[0])
        memo[t] = (node["frame"][0] + best[0], [t] + best[1])
        return memo[t]

    total, path = worst(roots[0])

    reach, todo = set(), [roots[0]]
    while todo:
        t = todo.pop()
        if t in reach:
            continue
        reach.add(t)
        todo.extend(edges.get(t, ()))
    reach_syms = {symbol(t) for t in reach}
    text = sum(sizes.get(s, 0) for s in reach_syms)
    counted = sorted((sizes[s], s) for s in reach_syms if s in sizes)

    run = subprocess.run([str(pathlib.Path(__file__).resolve().parent.parent / "toolchains/common/qemu-system-arm-run.sh"),
                          "mps2-an386", str(elf)], capture_output=True, text=True)
    m = re.search(r"sizeof\(cell\) = (\d+) bytes", run.stdout)
    ram = m.group(1) if m else "?"

    verbose = "-v" in sys.argv
    print(f"firmware example: {elf}")
    print(f"  step code (.text reachable from {ROOT}): {text} bytes in {len(counted)} functions")
    kernel_variants = [(size, s) for size, s in counted if "step_kernel" in s]
    others = [(size, s) for size, s in counted if "step_kernel" not in s]
    if kernel_variants:
        print(f"    {sum(z for z, _ in kernel_variants):6d}  {len(kernel_variants)} instantiations of step_kernel<...>::run "
              "(conventions x Sigma forms x modulator/mask cases; -v lists them)")
    for size, s in (counted if verbose else others):
        print(f"    {size:6d}  {nodes[[t for t in reach if symbol(t) == s][0]]['name'][:110]}")
    print(f"  cell RAM (sizeof(GaussianErrorCell<float, Units<64>, 1>)): {ram} bytes")
    print(f"  worst-case stack from {ROOT}: {total} bytes, along")
    for t in path:
        n = nodes.get(t, {"name": t, "frame": None})
        fr = n["frame"][0] if n["frame"] else leaves.get(symbol(t), "?")
        print(f"    {fr:>4}  {n['name'][:110]}")
    if leaves:
        print("  leaf routines without call-graph data, frames from their push/sub sp instructions:",
              ", ".join(f"{k} {v}" for k, v in sorted(leaves.items())))
    if unknown:
        print("  not followed (result is a lower bound):", "; ".join(sorted(unknown)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
