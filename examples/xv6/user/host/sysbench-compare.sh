#!/bin/sh
# sysbench-compare.sh -- the cost of every system call in two builds of the
# kernel, side by side: by default the C system calls (CBC_SYSCALLS=none)
# against the code gears (CBC_SYSCALLS=all).
#
#   sh user/host/sysbench-compare.sh ARCH [A-VARS [B-VARS [CALLS]]]
#   e.g. sh user/host/sysbench-compare.sh aarch64 CBC_SYSCALLS=none CBC_SYSCALLS=all
#
# (run from examples/xv6).  Each build goes to its own directory under
# ${TMPDIR:-/tmp} (BUILD=..., so the shared build/ is left alone), boots on
# one CPU under `-icount shift=0` -- one counter step per guest instruction,
# so the figures are deterministic instruction counts -- and runs
# `sysbench CALLS`.  Prints, per system call, the counts per call in A and
# in B and the ratio B/A; exits non-zero if a build or a run fails.
# A-VARS/B-VARS are make variables, several separated by spaces.
set -e
arch=${1:?usage: $0 ARCH [A-VARS [B-VARS [CALLS]]]}
a_vars=${2:-CBC_SYSCALLS=none}
b_vars=${3:-CBC_SYSCALLS=all}
calls=${4:-200}
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
work=$(mktemp -d "${TMPDIR:-/tmp}/sysbench.XXXXXX")
trap 'rm -rf "$work"' EXIT

run() {   # run NAME VARS: build into $work/NAME, boot, keep sysbench's lines
  name=$1; vars=$2
  # shellcheck disable=SC2086
  if ! make -s -j2 ARCH="$arch" BUILD="$work/$name" $vars >"$work/$name.build" 2>&1; then
    cat "$work/$name.build" >&2
    echo "sysbench-compare: build $name ($vars) failed" >&2
    exit 1
  fi
  # shellcheck disable=SC2086
  eval "$(make -s ARCH="$arch" BUILD="$work/$name" $vars print-qemu | sed "s/^\([A-Z_]*\)=\(.*\)$/\1='\2'/")"
  # shellcheck disable=SC2086
  printf 'sysbench %s\nhalt\n' "$calls" |
    timeout 300 $QEMU -nographic $QEMU_OPTS -icount shift=0 -smp 1 -kernel "$QEMU_KERNEL" \
      >"$work/$name.out" 2>&1 || true
  if ! grep -q "sysbench: done" "$work/$name.out"; then
    cat "$work/$name.out" >&2
    echo "sysbench-compare: the run of $name ($vars) did not finish" >&2
    exit 1
  fi
  grep "^sysbench: " "$work/$name.out" | sed 's/^sysbench: //' >"$work/$name.table"
}

run a "$a_vars"
run b "$b_vars"
echo "sysbench-compare: $arch, $calls calls, counts per call (instructions, -icount shift=0, 1 CPU)"
echo "  A = $a_vars"
echo "  B = $b_vars"
awk 'NR == FNR { if ($2 ~ /^[0-9]+$/) a[$1] = $3; next }
     $2 ~ /^[0-9]+$/ && ($1 in a) {
       ratio = a[$1] > 0 ? sprintf("%.3f", $3 / a[$1]) : "-"
       printf "%-12s %10d %10d %7s\n", $1, a[$1], $3, ratio
     }
     BEGIN { printf "%-12s %10s %10s %7s\n", "call", "A", "B", "B/A" }' "$work/a.table" "$work/b.table"
