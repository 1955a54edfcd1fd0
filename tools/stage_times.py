#!/usr/bin/env python3
"""Renders the stage times that `bash scripts/test.sh` records (build/stage-times.tsv) as the
generated block of docs/testing.md.

    python3 tools/stage_times.py build/stage-times.tsv --doc docs/testing.md [--note TEXT]
"""
import argparse
import re
import sys

BEGIN = "<!-- generated: stage-times (tools/stage_times.py; do not edit) -->"
END = "<!-- end generated: stage-times -->"


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
        lines.append(f"| {name} | {seconds // 60} min {seconds % 60:02d} s | {share:.0f}% |")
    lines.append(f"| **total** | **{total // 60} min {total % 60:02d} s** | 100% |")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("times", help="build/stage-times.tsv from bash scripts/test.sh")
    parser.add_argument("--doc", required=True, help="the page holding the generated block")
    parser.add_argument("--note", default="", help="what the run was (machine, clone, date)")
    args = parser.parse_args()
    with open(args.doc) as f:
        text = f.read()
    pattern = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.S)
    if not pattern.search(text):
        sys.exit(f"stage_times: {args.doc} has no stage-times block")
    block = "\n".join([BEGIN] + table(read_times(args.times), args.note) + [END])
    with open(args.doc, "w") as f:
        f.write(pattern.sub(lambda _: block, text, count=1))


if __name__ == "__main__":
    main()
