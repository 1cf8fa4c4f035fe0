#!/bin/sh
# Execution test: lower NAME.cbc with gearsc, compile it, run it, and compare
# its stdout with NAME.out.
#
#   run.sh GEARSC CC TARGET OPT NAME [LAYOUT]
#
# LAYOUT is a --layout= name (default: gearsc's default).  The integer-only
# layouts run hosted programs too: their doubles travel in the spill area,
# which is then 512 bytes (-DCBC_SPILL_BYTES=512: many_args spills 18
# arguments; with 256 its gotos stop at a _Static_assert naming the gear).
#
# TARGET is `native` or `aarch64` (cross-compiled against Debian's
# libc6-dev-arm64-cross and run under qemu-aarch64).  OPT is the optimisation
# flag, e.g. -O2.  Every program runs on a 256 KiB stack: chains of gotos
# must not grow it.  Exits 77 (skipped) when the aarch64 tools are missing.
set -u
gearsc=$1 cc=$2 target=$3 opt=$4 name=$5 layout=${6:-}
dir=$(cd "$(dirname "$0")" && pwd)

. "$(dirname "$0")/../lib/target.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$layout" ] && cflags="$cflags -DCBC_SPILL_BYTES=512"
"$gearsc" ${layout:+--layout=$layout} "$dir/$name.cbc" -o "$tmp/$name.c" || exit 1
# shellcheck disable=SC2086 # cflags is a word list
"$cc" -std=gnu11 -Wall -Wextra -Werror "$opt" $cflags "$tmp/$name.c" -o "$tmp/$name" || exit 1
run "$tmp/$name" >"$tmp/stdout"
status=$?
[ $status -eq 0 ] || { cat "$tmp/stdout"; echo "FAIL $name: exit status $status"; exit 1; }
if ! diff -u "$dir/$name.out" "$tmp/stdout"; then
    echo "FAIL $name: stdout differs (- expected, + actual)"
    exit 1
fi
echo "ok $name"
