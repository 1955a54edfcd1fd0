#!/usr/bin/env python3
"""Renders the stage times that `bash scripts/test.sh` records (build/stage-times.tsv) as the
generated block of docs/testing.md, and the README's line of how long each command takes.

    python3 tools/stage_times.py build/stage-times.tsv --doc docs/testing.md [--readme README.md]
                                 [--note TEXT]
"""
import argparse
import re
import sys

BEGIN = "<!-- generated: stage-times (tools/stage_times.py; do not edit) -->"
END = "<!-- end generated: stage-times -->"
README_BEGIN = "<!-- generated: test-times (tools/stage_times.py; do not edit) -->"
README_END = "<!-- end generated: test-times -->"
# The stages `bash scripts/test.sh host` runs (the rest are the full run's).
HOST_STAGES = ("deps", "format", "gcc", "math")


def read_times(path):
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    if not rows or rows[0] != ["stage", "seconds"]:
        sys.exit(f"stage_times: {path}: not a stage-times file (header 'stage<TAB>seconds')")
    try:
        return [(name, int(seconds)) for name, seconds in rows[1:]]
    except ValueError:
        sys.exit(f"stage_times: {path}: a row is not '<stage><TAB><whole seconds>'")


def table(times, note):
    total = sum(seconds for _, seconds in times)
    lines = [f"Recorded run: {note}." if note else "Recorded run.", "",
             "| stage | time | share |", "|---|---:|---:|"]
    for name, seconds in times:
        share = 100.0 * seconds / total if total else 0.0
        lines.append(f"| {name} | {minutes(seconds)} | {share:.0f}% |")
    lines.append(f"| **total** | **{minutes(total)}** | 100% |")
    return lines


def minutes(seconds):
    return f"{seconds // 60} min {seconds % 60:02d} s"


def readme_line(times):
    host = sum(seconds for name, seconds in times if name in HOST_STAGES)
    total = sum(seconds for _, seconds in times)
    return (f"Measured on a 2-core machine ([testing.md](docs/testing.md)): `test.sh host` "
            f"{minutes(host)}, `test.sh` {minutes(total)}.")


def replace_block(path, begin, end, lines):
    with open(path) as f:
        text = f.read()
    pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(end), re.S)
    if not pattern.search(text):
        sys.exit(f"stage_times: {path} has no block {begin}")
    block = "\n".join([begin] + lines + [end])
    with open(path, "w") as f:
        f.write(pattern.sub(lambda _: block, text, count=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("times", help="build/stage-times.tsv from bash scripts/test.sh")
    parser.add_argument("--doc", required=True, help="the page holding the generated block")
    parser.add_argument("--note", default="", help="what the run was (machine, clone, date)")
    parser.add_argument("--readme", help="also the README's line (its test-times block)")
    args = parser.parse_args()
    times = read_times(args.times)
    replace_block(args.doc, BEGIN, END, table(times, args.note))
    if args.readme:
        replace_block(args.readme, README_BEGIN, README_END, [readme_line(times)])


if __name__ == "__main__":
    main()
