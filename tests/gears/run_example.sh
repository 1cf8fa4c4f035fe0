#!/bin/sh
# A Gears program end to end: every .cbc of DIR through `gearsc --gears`,
# the manifests through `gearsc link`, the C with the runtime through CC,
# run (on a 256 KiB stack), stdout against DIR/expected.out.
#
#   run_example.sh GEARSC CC TARGET OPT DIR
#
# TARGET is `native` or `aarch64` (qemu-user); exits 77 (skipped) when the
# aarch64 tools are missing.
set -u
gearsc=$1 cc=$2 target=$3 opt=$4 dir=$5
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/../lib/target.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for src in "$dir"/*.cbc; do
    name=$(basename "$src" .cbc)
    "$gearsc" --gears -I "$dir" "$src" -o "$tmp/$name.c" --manifest="$tmp/$name.json" || exit 1
done
"$gearsc" link -o "$tmp/context.h" --tables="$tmp/gears_tables.c" "$tmp"/*.json || exit 1
# shellcheck disable=SC2086 # cflags is a word list
"$cc" -std=gnu11 -Wall -Wextra -Werror "$opt" $cflags -I"$tmp" -I"$root/runtime/include" \
    "$tmp"/*.c "$root"/runtime/src/*.c -o "$tmp/program" || exit 1
run "$tmp/program" >"$tmp/stdout"
status=$?
[ $status -eq 0 ] || { cat "$tmp/stdout"; echo "FAIL: exit status $status"; exit 1; }
diff -u "$dir/expected.out" "$tmp/stdout" || { echo "FAIL: stdout differs (- expected, + actual)"; exit 1; }
echo "ok $dir"
