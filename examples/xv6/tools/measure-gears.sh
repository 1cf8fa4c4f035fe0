#!/bin/sh
# measure-gears.sh -- the cost of Gears mode in the kernel (issue 17, item 5,
# kernel half): guest instructions per system call, user/sysbench N (default
# 200) on 1 CPU, -O2, QEMU -icount shift=0 (as tools/measure.sh, section 2),
# for four kernels built side by side:
#   C       CBC_SYSCALLS=none GEARS=0   every call in C
#   plain   CBC_SYSCALLS=all  GEARS=0   plain CbC gears (cbc_read ...)
#   Gears   CBC_SYSCALLS=all  GEARS=1   read/write/close/sbrk in Gears mode,
#                                       through the IO and VM Interfaces
#   traced  GEARS=1 GTRACE=1            the same with the tracer's meta gear
#                                       (sysbench itself is not traced: its
#                                       ring is off, so this is the cost of
#                                       meta being there)
# and the ratios to C.  Only the calls Gears mode changes are shown, and
# getpid (plain CbC in both gear kernels) as a control.
#   sh tools/measure-gears.sh [ARCH...]        (default: aarch64 x86_64)
# Environment: GEARSC, N, MEASURE_DIR (as tools/measure.sh).
set -e
xv6=$(cd "$(dirname "$0")/.." && pwd)
cd "$xv6"
GEARSC=${GEARSC:-$(cd ../.. && pwd)/build/gearsc}
N=${N:-200}
if [ -n "$MEASURE_DIR" ]; then
  work=$MEASURE_DIR; mkdir -p "$work"
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
[ $# -gt 0 ] || set -- aarch64 x86_64
cfgs="C plain Gears traced"
cfg_vars() {
  case $1 in
    C) echo "BUILD=$2 CBC_SYSCALLS=none GEARS=0" ;;
    plain) echo "BUILD=$2 GEARSC=$GEARSC CBC_SYSCALLS=all GEARS=0" ;;
    Gears) echo "BUILD=$2 GEARSC=$GEARSC CBC_SYSCALLS=all GEARS=1" ;;
    traced) echo "BUILD=$2 GEARSC=$GEARSC CBC_SYSCALLS=all GEARS=1 GTRACE=1" ;;
  esac
}
die() { echo "measure-gears: $*" >&2; exit 1; }
for arch in "$@"; do
  for cfg in $cfgs; do
    vars=$(cfg_vars $cfg "$work/$cfg")
    # shellcheck disable=SC2086
    make -s -C "$xv6" -j2 ARCH="$arch" $vars >/dev/null 2>&1 || die "$arch: build ($cfg) failed"
    # shellcheck disable=SC2086
    printf 'sysbench %s\nhalt\n' "$N" | QEMU_EXTRA='-icount shift=0' timeout 900 \
      ./boot "$arch" CPUS=1 $vars 2>&1 | tr -d '\r' >"$work/$arch-$cfg.txt" ||
      { tail -n 20 "$work/$arch-$cfg.txt" >&2; die "$arch: sysbench ($cfg) failed"; }
    grep -q '^sysbench: done' "$work/$arch-$cfg.txt" || die "$arch: sysbench ($cfg) did not finish"
  done
  echo "## $arch: instructions per call (sysbench $N, 1 CPU, -O2, -icount shift=0)"
  echo
  echo "| call | C | plain gears | Gears (IO/VM) | traced | plain/C | Gears/C | Gears/plain | traced/Gears |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for name in read write read_pipe write_pipe pingpong close sbrk getpid; do
    row="| $name"
    for cfg in $cfgs; do
      v=$(awk -v n="$name" '$1 == "sysbench:" && $2 == n && NF == 4 { print $4 }' "$work/$arch-$cfg.txt")
      eval "v_$cfg=\${v:-0}"
      row="$row | ${v:--}"
    done
    r() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
    # shellcheck disable=SC2154
    echo "$row | $(r "$v_plain" "$v_C") | $(r "$v_Gears" "$v_C") | $(r "$v_Gears" "$v_plain") | $(r "$v_traced" "$v_Gears") |"
  done
  echo
done
