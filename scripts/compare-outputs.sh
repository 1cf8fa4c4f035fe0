#!/bin/sh
# Maintainer tool: run one gearsc binary over every input the repository has
# and keep everything it produces in OUTDIR, so that two builds can be
# compared with `diff -r`.  A refactoring that must not change behaviour is
# checked so:
#
#   scripts/compare-outputs.sh old-build/gearsc /tmp/old [old-build/tests/hostile_gen]
#   scripts/compare-outputs.sh build/gearsc /tmp/new [build/tests/hostile_gen]
#   diff -r /tmp/old /tmp/new && echo identical
#
# Inputs: every .cbc and .h under tests/, examples/, bench/programs/ and
# grammar/test/listings/ (the paper's listings), and
# the C corpus (tests/**/*.c that are inputs, not tools), each run from its
# own directory under its own name (so diagnostics do not depend on where the
# file lives): plain (with the options of its `// ARGS:` line), --gears with
# a manifest, and --emit=tree; stdout, stderr, exit status and output files
# of each.  Then `gearsc link` and `gearsc graph` (JSON and DOT) over the
# manifests of every Gears program directory, `gearsc skeleton` of every
# Interface header of the examples, `gearsc link` on each broken set of
# manifests under tests/, and the large hostile inputs when HOSTILE_GEN is
# given.  A result is named by the input's file name (its directory's name
# is added only where two inputs share a name), so moving a test between
# folders does not change the comparison.
set -u
[ $# -ge 2 ] || { echo "usage: $0 GEARSC OUTDIR [HOSTILE_GEN]" >&2; exit 2; }
gearsc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mkdir -p "$2" || exit 2
out=$(cd "$2" && pwd)
gen=${3:-}
[ -z "$gen" ] || gen=$(cd "$(dirname "$gen")" && pwd)/$(basename "$gen")
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2

# record KEY DIR ARGS...: run gearsc in DIR; keep stdout, stderr, status.
record() {
    r_key=$1 r_dir=$2
    shift 2
    (cd "$r_dir" && "$gearsc" "$@" >"$out/$r_key.stdout" 2>"$out/$r_key.stderr"
     echo $? >"$out/$r_key.status")
    for r_f in "$out/$r_key.stdout" "$out/$r_key.stderr"; do [ -s "$r_f" ] || rm -f "$r_f"; done
}

inputs=$(find tests examples bench/programs grammar/test/listings \( -name '*.cbc' -o -name '*.h' \) -type f \
             -not -path '*/tools/*' | LC_ALL=C sort
         find tests/c-corpus -name '*.c' -type f | LC_ALL=C sort)
keyof() { # a file's key: its name, or dir_name where the name is not unique
    n=$(basename "$1")
    if [ "$(printf '%s\n' "$inputs" | grep -c "/$n\$")" -gt 1 ]; then
        echo "$(basename "$(dirname "$1")")_$n"
    else
        echo "$n"
    fi
}

count=0
for input in $inputs; do
    dir=$(dirname "$input") name=$(basename "$input") key=$(keyof "$input")
    args=$(head -n 5 "$input" | sed -n 's|^// ARGS: *||p' | head -n 1)
    # shellcheck disable=SC2086 # ARGS is a word list
    record "$key.plain" "$dir" $args "$name" -o "$out/$key.plain.c"
    record "$key.gears" "$dir" --gears -I . "$name" -o "$out/$key.gears.c" \
        --manifest="$out/$key.gears.json"
    record "$key.tree" "$dir" --emit=tree "$name" -o "$out/$key.tree"
    record "$key.noline" "$dir" --no-line "$name"
    count=$((count + 1))
done

# Gears programs: a directory of .cbc files that make one program.
for dir in examples/* tests/gears/programs/* bench/programs/gears; do
    [ -d "$dir" ] || continue
    ls "$dir"/*.cbc >/dev/null 2>&1 || continue
    key=prog_$(basename "$dir")
    mkdir -p "$out/$key"
    for src in "$dir"/*.cbc; do
        n=$(basename "$src" .cbc)
        record "$key/$n" "$dir" --gears -I . "$n.cbc" -o "$out/$key/$n.c" \
            --manifest="$out/$key/$n.json"
    done
    ls "$out/$key"/*.json >/dev/null 2>&1 || continue
    jsons=$(cd "$out/$key" && ls ./*.json)
    # shellcheck disable=SC2086 # a list of file names without blanks
    record "$key/link" "$out/$key" link -o link.context.h --tables=link.tables.c \
        --include='"extra.h"' $jsons
    # shellcheck disable=SC2086
    record "$key/graph" "$out/$key" graph -o graph.json $jsons
    # shellcheck disable=SC2086
    record "$key/graph-dot" "$out/$key" graph --dot $jsons
done

# gearsc skeleton of every header that declares an Interface.
for h in $(grep -l 'typedef struct [A-Za-z_]* *<' $(printf '%s\n' "$inputs" | grep '\.h$')); do
    key=skeleton_$(keyof "$h")
    iface=$(sed -n 's/^typedef struct \([A-Za-z_]*\) *<.*/\1/p' "$h" | head -n 1)
    record "$key" "$(dirname "$h")" skeleton -I . "$(basename "$h")" "My$iface"
    record "$key.named" "$(dirname "$h")" skeleton "$(basename "$h")" "My$iface" "$iface"
done

# Broken manifests: every directory under tests/ with an expected.err and JSON.
for dir in $(find tests -name expected.err | xargs -n 1 dirname | LC_ALL=C sort); do
    ls "$dir"/*.json >/dev/null 2>&1 || continue
    key=linkerr_$(basename "$dir")
    jsons=$(cd "$dir" && ls ./*.json)
    # shellcheck disable=SC2086 # a list of file names without blanks
    record "$key" "$dir" link -o "$out/$key.h" --tables="$out/$key.c" $jsons
    # shellcheck disable=SC2086
    record "$key.graph" "$dir" graph -o "$out/$key.graph" $jsons
done

# Usage errors of the subcommands.
record usage_link . link
record usage_link_nofile . link -o /dev/null --tables=/dev/null no-such.json
record usage_graph . graph
record usage_graph_nofile . graph no-such.json
record usage_skeleton . skeleton
record usage_skeleton_nofile . skeleton no-such.h X
record usage_main .
record usage_help . --help

# The large hostile inputs, written by hostile_gen.
if [ -n "$gen" ]; then
    mkdir -p "$out/hostile-gen"
    for f in tests/hostile/*.err tests/hostile/*.expected; do
        name=$(basename "$f"); name=${name%.*}
        [ -f "tests/hostile/$name.cbc" ] && continue
        "$gen" "$name" >"$out/hostile-gen/$name.cbc" || continue
        record "hostile-gen/$name" "$out/hostile-gen" "$name.cbc" -o "$out/hostile-gen/$name.c"
        record "hostile-gen/$name.gears" "$out/hostile-gen" --gears "$name.cbc" \
            -o "$out/hostile-gen/$name.gears.c"
        rm -f "$out/hostile-gen/$name.cbc"
    done
fi
echo "$count inputs into $out"
