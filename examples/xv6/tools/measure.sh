#!/bin/sh
# measure.sh -- the C system calls against their code-gear versions, side by
# side, in one run, as Markdown tables (the figures in README.md come from it):
#
#   1. kernel stack high-water mark per system call: KSTACK_STATS=1 kernels
#      with CBC_SYSCALLS=none (C) and all (gears), at -O2 and -O0, each
#      running usertests on 2 CPUs (bytes from the top of the kernel stack,
#      the trap frame included; exit and halt never return: not measured);
#   2. the cost per system call: user/sysbench (N calls of each, default
#      200) on 1 CPU under QEMU -icount shift=0, where the counter user mode
#      reads (PMCCNTR_EL0, the TSC) advances one per guest instruction -- so
#      the figures are instructions per call, the same on every run -- and
#      the ratio gears / C;
#   3. code size, from the -O2 kernel (which links both versions): per
#      system call, C = sys_NAME plus the C function it stands on that the
#      gear version replaces (fork, exit, wait, kill; for read fileread,
#      readi, piperead, consoleread; for write filewrite, pipewrite,
#      consolewrite), gears = every gear reachable from cbc_NAME in the
#      transition graph (`gearsc graph --from`) except the shared cbc_ret,
#      cbc_sleep and cbc_sched; C helpers below both (argint, namei, ...) and
#      the gear files' own static C helpers are not counted; and the .text of
#      the system-call layer as a whole: sysproc.o + sysfile.o against
#      cbc/*.o.
#
#   sh tools/measure.sh [ARCH...]        (default: aarch64 x86_64)
# Environment: GEARSC (default the project's build/gearsc), N (sysbench
# calls), MEASURE_DIR (the build trees; default a temporary directory,
# removed at the end).  Each configuration is built in its own tree.
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
calls="fork wait pipe read kill exec fstat chdir dup getpid sbrk sleep uptime open write mknod unlink link mkdir close"

cfg_vars() {   # cfg_vars CFG TREE: the make variables of a configuration
  case $1 in
    C) echo "BUILD=$2 CBC_SYSCALLS=none" ;;
    gears) echo "BUILD=$2 GEARSC=$GEARSC CBC_SYSCALLS=all" ;;
  esac
}
die() { echo "measure: $*" >&2; exit 1; }

for arch in "$@"; do
  echo "## $arch"
  echo
  # ---- 1. stacks ----
  for o in 2 0; do
    for cfg in C gears; do
      # shellcheck disable=SC2046
      TIMEOUT=900 sh test/usertests.sh "$arch" 2 KSTACK_STATS=1 O=$o \
        $(cfg_vars $cfg "$work/stack-O$o-$cfg") >"$work/$arch-stack-O$o-$cfg.txt" 2>&1 ||
        { tail -n 20 "$work/$arch-stack-O$o-$cfg.txt" >&2; die "$arch: usertests ($cfg, -O$o) failed"; }
    done
  done
  echo "Kernel stack high-water mark per system call (bytes; usertests, 2 CPUs, KSTACK_STATS=1):"
  echo
  echo "| call | C -O2 | gears -O2 | C -O0 | gears -O0 |"
  echo "|---|---|---|---|---|"
  for c in $calls; do
    row="| $c"
    for f in O2-C O2-gears O0-C O0-gears; do
      v=$(awk -v c="$c" '$1 == "kstack" && $2 == c { print $3 }' "$work/$arch-stack-$f.txt" | tail -n 1)
      row="$row | ${v:--}"
    done
    echo "$row |"
  done
  echo

  # ---- 2. cost ----
  for cfg in C gears; do
    vars=$(cfg_vars $cfg "$work/cost-$cfg")
    # shellcheck disable=SC2086
    make -s -C "$xv6" -j2 ARCH="$arch" $vars >/dev/null 2>&1 || die "$arch: build ($cfg) failed"
    # shellcheck disable=SC2086
    printf 'sysbench %s\nhalt\n' "$N" | QEMU_EXTRA='-icount shift=0' timeout 900 \
      ./boot "$arch" CPUS=1 $vars 2>&1 | tr -d '\r' >"$work/$arch-cost-$cfg.txt" ||
      { tail -n 20 "$work/$arch-cost-$cfg.txt" >&2; die "$arch: sysbench ($cfg) failed"; }
    grep -q '^sysbench: done' "$work/$arch-cost-$cfg.txt" || die "$arch: sysbench ($cfg) did not finish"
  done
  echo "Cost per system call (guest instructions per call: sysbench $N, 1 CPU, -O2, QEMU -icount shift=0):"
  echo
  echo "| call | C | gears | gears / C |"
  echo "|---|---|---|---|"
  awk '$1 == "sysbench:" && NF == 4 && $3 ~ /^[0-9]+$/ { print $2, $4 }' "$work/$arch-cost-C.txt" |
  while read -r name c; do
    g=$(awk -v n="$name" '$1 == "sysbench:" && $2 == n && NF == 4 { print $4 }' "$work/$arch-cost-gears.txt")
    ratio=$(awk -v c="$c" -v g="${g:-0}" 'BEGIN { if (c > 0) printf "%.2f", g / c; else print "-" }')
    echo "| $name | $c | ${g:--} | $ratio |"
  done
  echo

  # ---- 3. code size ----
  elf="$work/cost-gears/$arch/kernel.elf"
  llvm-nm --print-size --defined-only --radix=d "$elf" | awk 'NF == 4 { print $4, $2 + 0 }' >"$work/$arch-sizes.txt"
  size_of() {   # size_of NAME...: the sum of the symbols' sizes
    for s; do echo "$s"; done | awk 'NR == FNR { want[$1] = 1; next } ($1 in want) { t += $2 } END { print t + 0 }' - "$work/$arch-sizes.txt"
  }
  echo "Code size per system call (bytes of .text, -O2; see tools/measure.sh for what is counted):"
  echo
  echo "| call | C | gears |"
  echo "|---|---|---|"
  for c in $calls exit; do
    case $c in
      fork|exit|wait|kill) cfun="sys_$c $c" ;;
      read) cfun="sys_read fileread readi piperead consoleread" ;;
      write) cfun="sys_write filewrite pipewrite consolewrite" ;;
      *) cfun="sys_$c" ;;
    esac
    g=cbc_$c; [ "$c" = sleep ] && g=cbc_sleep_sys
    # shellcheck disable=SC2046
    gears=$("$GEARSC" graph --dot --from "$g" kernel/cbc.h kernel/*.cbc |
            sed -n 's/^    "\([a-z_0-9]*\)" \[shape=ellipse\];$/\1/p' | grep -vx 'cbc_ret\|cbc_sleep\|cbc_sched')
    # shellcheck disable=SC2086
    echo "| $c | $(size_of $cfun) | $(size_of $gears) |"
  done
  echo
  objs="$work/cost-gears/$arch"
  ctext=$(llvm-size "$objs/kernel/sysproc.o" "$objs/kernel/sysfile.o" | awk 'NR > 1 { t += $1 } END { print t }')
  gtext=$(llvm-size "$objs"/cbc/*.o | awk 'NR > 1 { t += $1 } END { print t }')
  echo "System-call layer .text: C (sysproc.o + sysfile.o) $ctext bytes; gears (cbc/*.o: the 22 calls, dispatch, cbc_ret/sleep/sched, the console's gear read and write, their own C helpers) $gtext bytes."
  echo
done
