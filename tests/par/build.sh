#!/bin/sh
# build.sh GEARSC CC OUTDIR [DIR...] - builds the par goto programs in DIR
# (default: examples/par/twice examples/par/bitonic tests/par/stress, relative
# to the repository) into OUTDIR/NAME/NAME, NAME the folder's name: every
# .cbc through `gearsc --gears`, the manifests through `gearsc link`, then CC
# with the runtime's sources (the task manager included) and -pthread.
# CFLAGS from $PAR_CFLAGS (default -O2): tests/par/tsan.sh adds
# -fsanitize=thread.
set -eu
gearsc=$1 cc=$2 out=$3
shift 3
root=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -gt 0 ] || set -- "$root/examples/par/twice" "$root/examples/par/bitonic" "$root/tests/par/stress"
cflags=${PAR_CFLAGS:--O2}
for src in "$@"; do
    name=$(basename "$src") dir=$out/$(basename "$src")
    rm -rf "$dir"
    mkdir -p "$dir"
    for f in "$src"/*.cbc; do
        b=$(basename "$f" .cbc)
        "$gearsc" --gears -I "$src" "$f" -o "$dir/$b.c" --manifest="$dir/$b.json"
    done
    "$gearsc" link -o "$dir/context.h" --tables="$dir/gears_tables.c" "$dir"/*.json
    # shellcheck disable=SC2086 # cflags is a word list
    "$cc" -std=gnu11 -Wall -Wextra -Werror $cflags -pthread -I"$dir" -I"$root/runtime/include" \
        "$dir"/*.c "$root"/runtime/src/*.c -o "$dir/$name"
done
