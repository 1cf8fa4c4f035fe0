#!/bin/sh
# build.sh GEARSC CC OUTDIR [NAME...] - builds the par goto examples
# (examples/par/NAME, default: twice bitonic) into OUTDIR/NAME/NAME: every
# .cbc through `gearsc --gears`, the manifests through `gearsc link`, then CC
# with the runtime's sources (the task manager included) and -pthread.
# CFLAGS from $PAR_CFLAGS (default -O2): tests/par/tsan.sh adds
# -fsanitize=thread.
set -eu
gearsc=$1 cc=$2 out=$3
shift 3
[ $# -gt 0 ] || set -- twice bitonic
root=$(cd "$(dirname "$0")/../.." && pwd)
cflags=${PAR_CFLAGS:--O2}
for name in "$@"; do
    src=$root/examples/par/$name dir=$out/$name
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
