#!/bin/sh
# run_exec.sh GEARSC CC TARGET -OPT DIR - an execution test through gearsc cc.
#
# Compiles every .cbc and .c file of DIR with `gearsc cc -c` (backend CC,
# cross-compiling for TARGET=aarch64; DIR/flags adds options such as -D),
# links the objects through `gearsc cc`, runs the program (tests/lib/target.sh:
# natively on a 256 KiB stack or under qemu-aarch64) and diffs its output
# with DIR/expected-output.txt.
set -eu
gearsc=$1 cc=$2 target=$3 opt=$4 dir=$5
. "$(dirname "$0")/../lib/target.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=$(cat "$dir/flags" 2>/dev/null || true)
objs=
for f in "$dir"/*.cbc "$dir"/*.c; do
    [ -e "$f" ] || continue
    o=$work/$(basename "$f").o
    # shellcheck disable=SC2086 # word splitting of the flag lists is meant
    GEARSC_CC=$cc "$gearsc" cc $cflags $opt -std=gnu11 -Wall -Wextra -Werror $flags -c "$f" -o "$o"
    objs="$objs $o"
done
# shellcheck disable=SC2086
GEARSC_CC=$cc "$gearsc" cc $cflags $opt $objs -o "$work/prog"
run "$work/prog" >"$work/out"
diff -u "$dir/expected-output.txt" "$work/out"
