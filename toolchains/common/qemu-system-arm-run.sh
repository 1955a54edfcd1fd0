#!/bin/sh
# Runs a bare-metal program under qemu-system-arm with semihosting, like a host program:
#   qemu-system-arm-run.sh <machine> <program.elf> [args...]
# Its output goes to stdout, its exit(status) becomes ours. A fault exits non-zero
# (picolibc's fault handler reports it through semihosting); a program still running
# after NGCRT_QEMU_TIMEOUT seconds (default 600) is killed and fails with 124.
# Arguments reach argv[1..] (picolibc's argv[0] is "program-name"); picolibc splits the
# command line at spaces and honours no quotes, so arguments with spaces are refused.
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 <machine> <program.elf> [args...]" >&2
  exit 2
fi
machine=$1
elf=$2
shift 2
cfg="enable=on,target=native"
if [ $# -eq 0 ]; then
  cfg="$cfg,arg="  # an empty command line, else qemu passes the kernel's file name
fi
for a in "$@"; do
  case $a in
    *[[:space:]]*) echo "$0: argument with a space cannot be passed by semihosting: '$a'" >&2; exit 2 ;;
  esac
  cfg="$cfg,arg=$(printf '%s' "$a" | sed 's/,/,,/g')"  # qemu option syntax: ',' is ',,'
done
extra=""
case $machine in
  vexpress-*) extra="-audiodev none,id=snd0 -global pl041.audiodev=snd0" ;;  # no host sound
esac
# shellcheck disable=SC2086
exec timeout "${NGCRT_QEMU_TIMEOUT:-600}" qemu-system-arm -M "$machine" $extra -nographic \
  -semihosting-config "$cfg" -kernel "$elf" 2>&1
