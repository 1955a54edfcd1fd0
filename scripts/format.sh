#!/usr/bin/env bash
# Formats every tracked C, C++ and header file with .clang-format (Debian 12's clang-format 14):
#   bash scripts/format.sh           # rewrite in place
#   bash scripts/format.sh --check   # change nothing; fail on any file that is not formatted
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh clang-format
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
else
  mapfile -t files < <(find include src tests bench examples tools -name '*.[ch]' -o -name '*.[ch]pp')
fi
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run -Werror "${files[@]}"
  echo "clang-format: ${#files[@]} files formatted"
else
  clang-format -i "${files[@]}"
fi
