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
A call the graphs cannot follow (an indirect call, or a function compiled without
-fcallgraph-info such as a libc routine) is listed, and makes the result a lower bound.
"""
import pathlib
import re
import subprocess
import sys

ROOT = "ngcrt_firmware_step"


def parse_ci(files):
    nodes, edges = {}, {}
    node_re = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
    edge_re = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
    for f in files:
        for line in f.read_text().splitlines():
            m = node_re.search(line)
            if m:
                title, label = m.groups()
                parts = label.split("\\n")
                frame = None
                for p in parts:
                    fm = re.match(r"(\d+) bytes \((\w+)", p)
                    if fm:
                        frame = (int(fm.group(1)), fm.group(2))
                if frame or title not in nodes:  # a definition wins over a reference
                    nodes[title] = {"name": parts[0], "frame": frame}
                continue
            m = edge_re.search(line)
            if m:
                edges.setdefault(m.group(1), set()).add(m.group(2))
    return nodes, edges


def symbol(title):
    return title.split(":")[-1]  # "file.cpp:_ZL1hi" (internal linkage) -> "_ZL1hi"


def main():
    build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/cortex-m4f")
    elf = build / "examples" / "ngcrt-firmware-example"
    nodes, edges = parse_ci(sorted(build.rglob("*.ci")))
    roots = [t for t in nodes if symbol(t) == ROOT]
    if not roots:
        sys.exit(f"no {ROOT} in the .ci files under {build}: build the cortex-m4f preset (GCC) first")

    unknown = set()
    memo = {}

    def worst(t, stack=()):
        if t in stack:
            sys.exit(f"recursion through {nodes[t]['name']}")
        if t in memo:
            return memo[t]
        node = nodes.get(t)
        if not node or not node["frame"]:
            unknown.add(node["name"] if node else t)
            return 0, [t]
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
    nm = subprocess.run(["arm-none-eabi-nm", "-S", "--size-sort", str(elf)], capture_output=True, text=True,
                        check=True).stdout
    sizes = {}
    for line in nm.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "TtWw":
            sizes[f[3]] = int(f[1], 16)
    text = sum(sizes.get(s, 0) for s in reach_syms)
    counted = sorted((sizes[s], s) for s in reach_syms if s in sizes)

    run = subprocess.run([str(pathlib.Path(__file__).resolve().parent.parent / "toolchains/common/qemu-system-arm-run.sh"),
                          "mps2-an386", str(elf)], capture_output=True, text=True)
    m = re.search(r"sizeof\(cell\) = (\d+) bytes", run.stdout)
    ram = m.group(1) if m else "?"

    print(f"firmware example: {elf}")
    print(f"  step code (.text reachable from {ROOT}): {text} bytes in {len(counted)} functions")
    for size, s in counted:
        print(f"    {size:6d}  {nodes[[t for t in reach if symbol(t) == s][0]]['name'][:100]}")
    print(f"  cell RAM (sizeof(GaussianErrorCell<float, Units<64>, 1>)): {ram} bytes")
    print(f"  worst-case stack from {ROOT}: {total} bytes")
    for t in path:
        n = nodes.get(t, {"name": t, "frame": None})
        fr = n["frame"][0] if n["frame"] else "?"
        print(f"    {fr:>4}  {n['name'][:100]}")
    if unknown:
        print("  not followed (result is a lower bound):", "; ".join(sorted(unknown)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
