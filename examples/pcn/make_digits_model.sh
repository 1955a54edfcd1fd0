#!/usr/bin/env bash
# Writes examples/pcn/digits_model.h, the firmware example's packed model, the way a user
# would: the digits split (tools/digits_to_npy.py), fresh weights uniform(-0.3, 0.3)
# (tools/pcn_init_model.py, seed 1), 10 epochs of `ngcrt-pcn train` at B = 50, then
# `ngcrt-pcn pack`. Then runs the host build of the firmware example and writes the lines
# the device must print (examples/pcn/firmware_expected.txt).
#   bash examples/pcn/make_digits_model.sh <ngcrt-pcn> <ngcrt-pcn-firmware (host)> [OUT_DIR]
# OUT_DIR (default: examples/pcn) receives digits_model.h and firmware_expected.txt; the
# test pcn.firmware_model_regenerate writes them to its build directory and compares.
set -euo pipefail
tool=$(realpath "$1") firmware=${2:+$(realpath "$2")}
here=$(cd "$(dirname "$0")" && pwd)
out=${3:-$here}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/../../tools/digits_to_npy.py" --out "$work/data" >/dev/null
/usr/bin/python3 "$here/../../tools/pcn_init_model.py" --sizes 64,64,64,10 --seed 1 --out "$work/m0" >/dev/null
"$tool" train --model "$work/m0" --x "$work/data/X_train.npy" --y "$work/data/Y_train.npy" --out "$work/m10" \
  --epochs 10 --batch 50 >/dev/null
out=$(realpath "$out")
(cd "$work" && "$tool" pack --model m10 --out "$out/digits_model.h")  # the header names "m10", not a temporary path
if [ -n "$firmware" ]; then
  "$firmware" | grep -E '^(pcn firmware: digits|inference from flash|train batch|after )' >"$out/firmware_expected.txt"
fi
