#!/bin/sh
# The test driver: one case, of the kind its folder says.
#
#   run.sh GEARSC CC CASE [TARGET OPT [LAYOUT]]
#
# CASE is
#   DIR/NAME.cbc or DIR/NAME.h with NAME.expected or NAME.err beside it
#       (tests/golden/{cbc,gears,errors,graph}/, grammar/test/listings/, and
#       the hostile inputs): a golden.  With NAME.expected gearsc must succeed
#       (exit 0, nothing on stderr) and write exactly that; C output must
#       also compile with CC under -Wall -Wextra -Werror (not the output of
#       --emit=tree or of `// ARGS: graph ...`).  With NAME.err it
#       must exit 1, print exactly those diagnostics and write no file.
#       Options come from a line `// ARGS: ...` in the first 5 lines of the
#       input; `// NO-COMPILE: reason` there skips the compile check.
#   tests/exec/NAME.cbc with NAME.out beside it: an execution test.  Lowered,
#       compiled for TARGET (native or aarch64, tests/lib/target.sh) at OPT,
#       run on a 256 KiB stack (gotos must not grow it); stdout must be NAME.out.
#       With LAYOUT, lowered with --layout=LAYOUT and compiled with
#       -DCBC_SPILL_BYTES=512 (the integer-only layouts spill doubles:
#       many_args's 18 spilled arguments need more than 256 bytes).
#   a directory with expected.out (examples/*, tests/gears/programs/*): a
#       Gears program.  Every .cbc through `gearsc --gears`, the manifests
#       through `gearsc link`, the C with the runtime through CC for TARGET
#       at OPT, run; stdout must be expected.out.
#   tests/cc/errors/NAME.cbc with NAME.err: a golden through `gearsc cc -c`
#       (the preprocessor's line markers must lead back to the .cbc and
#       header lines); as NAME.err above.
#   a file of tests/c-corpus/ (C, no CbC): `gearsc --no-line` must accept it
#       and write it back byte for byte.
#   a directory with expected-output.txt (tests/cc/exec/*, examples/multifile):
#       a program through the driver.  Every .cbc and .c through `gearsc cc -c`
#       (backend CC, for TARGET at OPT; DIR/flags adds options such as -D),
#       the objects linked through `gearsc cc`, run; stdout must be
#       expected-output.txt.
#   a directory with context.h (tests/gears/expected/): the goldens of
#       `gearsc link` and `graph` on the Gears program that its file `program`
#       names (from the repository root).  Every .cbc of the program through
#       `gearsc --gears`; `gearsc link` on the manifests in name order must
#       write exactly context.h and gears_tables.c, and the same in the
#       opposite order; `gearsc graph --dot` on them exactly graph.dot,
#       `gearsc graph` on main.json alone exactly graph.json; each other
#       NAME.json there is the manifest of NAME.cbc.
#   a directory with expected.err and manifests (tests/gears/link-errors/*):
#       `gearsc link` on the manifests must exit 1, print exactly
#       expected.err and write no file; `gearsc graph` must print exactly
#       graph.err, or succeed where there is none.
#
# A golden's expectation leaves out the plain CbC prelude (from line 2 to the
# `#endif` two lines after `#elif __CBC_LAYOUT_SHAPE`, the same in every file
# of one layout): the driver checks those against
# tests/golden/prelude.txt and compares what follows, so each .expected reads
# as the documentation of its construct.  GEARSC_UPDATE_GOLDEN=1 rewrites
# the expectation of a golden, link-golden or link-error case; review the
# diff.  Exits 77 (skipped) where TARGET's tools are missing.
set -u
gearsc=$1 cc=$2 case=$3 target=${4:-native} opt=${5:--O0} layout=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL $case: $*"
    exit 1
}

# The output file without the prelude, if it has the one in prelude.txt.
strip_prelude() {
    end=$(grep -n -m1 '^#elif __CBC_LAYOUT_SHAPE' "$1" | cut -d: -f1)
    if [ "$(sed -n 2p "$1")" = '#ifndef __CBC_PRELUDE' ] && [ -n "$end" ]; then
        end=$((end + 2))
        sed -n "2,${end}p" "$1" | cmp -s - "$here/golden/prelude.txt" || fail "the prelude differs from tests/golden/prelude.txt"
        sed "2,${end}d" "$1"
    else
        cat "$1"
    fi
}

golden() {
    dir=$(dirname "$case") input=$(basename "$case")
    name=${input%.*}
    cd "$dir" || exit 1
    args=$(head -n 5 "$input" | sed -n 's|^// ARGS: *||p' | head -n 1)
    case $case in */cc/errors/*) args="cc -c $args" ;; esac
    # shellcheck disable=SC2086 # ARGS is a word list
    "$gearsc" $args "$input" -o "$tmp/out" 2>"$tmp/stderr"
    status=$?
    [ -e "$tmp/out" ] && strip_prelude "$tmp/out" >"$tmp/body"
    if [ "${GEARSC_UPDATE_GOLDEN:-}" = 1 ]; then
        if [ $status -eq 0 ]; then
            [ -e "$tmp/body" ] || : >"$tmp/body"
            cp "$tmp/body" "$name.expected" && rm -f "$name.err"
        else
            cp "$tmp/stderr" "$name.err" && rm -f "$name.expected"
        fi
        echo "updated $name (exit $status)"
        exit 0
    fi
    if [ -f "$name.err" ]; then
        [ $status -eq 1 ] || { cat "$tmp/stderr"; fail "expected exit status 1, got $status"; }
        [ ! -e "$tmp/out" ] || fail "an output file was written despite the errors"
        diff -u "$name.err" "$tmp/stderr" || fail "diagnostics differ (- expected, + actual)"
    elif [ -f "$name.expected" ]; then
        [ $status -eq 0 ] || { cat "$tmp/stderr"; fail "expected success, got exit status $status"; }
        [ ! -s "$tmp/stderr" ] || { cat "$tmp/stderr"; fail "unexpected diagnostics"; }
        [ -e "$tmp/body" ] || : >"$tmp/body" # --check writes no file
        diff -u "$name.expected" "$tmp/body" || fail "output differs (- expected, + actual)"
        case "$args" in *--emit=tree*|graph*) ;; *)
            if [ -n "$cc" ] && ! head -n 5 "$input" | grep -q '^// NO-COMPILE:'; then
                cp "$tmp/out" "$tmp/out.c"
                "$cc" -std=gnu11 -Wall -Wextra -Werror -fsyntax-only "$tmp/out.c" \
                    || fail "the output does not compile with $cc"
            fi ;;
        esac
    else
        fail "neither $name.expected nor $name.err exists (run with GEARSC_UPDATE_GOLDEN=1 to create one)"
    fi
    echo "ok $case"
}

# A C file without CbC comes out as it went in.
passthrough() {
    "$gearsc" --no-line "$case" -o "$tmp/out.c" || fail "gearsc rejected the file"
    cmp "$case" "$tmp/out.c" || fail "the output differs from the input"
    echo "ok $case"
}

# build_and_run SOURCES...: compile for $target at $opt, then run_and_compare.
build_and_run() {
    # shellcheck disable=SC2086 # cflags is a word list
    "$cc" -std=gnu11 -Wall -Wextra -Werror "$opt" $cflags "$@" -o "$tmp/program" || exit 1
    run_and_compare
}

# Run $tmp/program for $target; it must exit 0 with stdout $expected_out.
run_and_compare() {
    run "$tmp/program" >"$tmp/stdout"
    status=$?
    [ $status -eq 0 ] || { cat "$tmp/stdout"; fail "exit status $status"; }
    diff -u "$expected_out" "$tmp/stdout" || fail "stdout differs (- expected, + actual)"
    echo "ok $case"
}

execution() {
    name=$(basename "$case" .cbc)
    expected_out=$(dirname "$case")/$name.out
    . "$here/lib/target.sh"
    [ -n "$layout" ] && cflags="$cflags -DCBC_SPILL_BYTES=512"
    "$gearsc" ${layout:+--layout=$layout} "$case" -o "$tmp/$name.c" || exit 1
    build_and_run "$tmp/$name.c"
}

gears_program() {
    expected_out=$case/expected.out
    . "$here/lib/target.sh"
    for src in "$case"/*.cbc; do
        name=$(basename "$src" .cbc)
        "$gearsc" --gears -I "$case" "$src" -o "$tmp/$name.c" --manifest="$tmp/$name.json" || exit 1
    done
    "$gearsc" link -o "$tmp/context.h" --tables="$tmp/gears_tables.c" "$tmp"/*.json || exit 1
    build_and_run -I"$tmp" -I"$root/runtime/include" "$tmp"/*.c "$root"/runtime/src/*.c
}

driver_program() {
    expected_out=$case/expected-output.txt
    . "$here/lib/target.sh"
    flags=$(cat "$case/flags" 2>/dev/null)
    objs=
    for src in "$case"/*.cbc "$case"/*.c; do
        [ -e "$src" ] || continue
        obj=$tmp/$(basename "$src").o
        # shellcheck disable=SC2086 # the flag lists are word lists
        GEARSC_CC=$cc "$gearsc" cc $cflags "$opt" -std=gnu11 -Wall -Wextra -Werror $flags \
            -c "$src" -o "$obj" || exit 1
        objs="$objs $obj"
    done
    # shellcheck disable=SC2086
    GEARSC_CC=$cc "$gearsc" cc $cflags "$opt" $objs -o "$tmp/program" || exit 1
    run_and_compare
}

link_golden() {
    expected=$(cd "$case" && pwd)
    read -r program <"$expected/program"
    cd "$root/$program" || exit 1
    # shellcheck disable=SC2046 # file names without spaces, in C order
    set -- $(LC_ALL=C ls -- *.cbc)
    manifests='' reversed=''
    for src in "$@"; do
        name=${src%.cbc}
        "$gearsc" --gears "$src" -o "$tmp/$name.c" --manifest="$tmp/$name.json" || exit 1
        manifests="$manifests $name.json" reversed="$name.json $reversed"
    done
    cd "$tmp" || exit 1
    mkdir -p a b
    # shellcheck disable=SC2086 # lists of file names
    { "$gearsc" link -o a/context.h --tables=a/gears_tables.c $manifests &&
        "$gearsc" link -o b/context.h --tables=b/gears_tables.c $reversed &&
        "$gearsc" graph --dot -o a/graph.dot $manifests &&
        "$gearsc" graph -o a/graph.json main.json; } || exit 1
    cp ./*.json a/
    goldens="context.h gears_tables.c graph.dot graph.json"
    for f in "$expected"/*.json; do
        [ "${f##*/}" = graph.json ] || goldens="$goldens ${f##*/}"
    done
    if [ "${GEARSC_UPDATE_GOLDEN:-}" = 1 ]; then
        for f in $goldens; do cp "a/$f" "$expected/"; done
        exit 0
    fi
    cmp a/context.h b/context.h && cmp a/gears_tables.c b/gears_tables.c \
        || fail "link output depends on the order of the manifests"
    for f in $goldens; do
        diff -u "$expected/$f" "a/$f" || fail "$f differs (- expected, + actual)"
    done
    echo "ok $case"
}

# gearsc graph reads manifests as link does: where the manifests cannot be
# read (graph.err beside expected.err) it reports exactly that; where they
# are read but do not link, it draws them.
link_errors() {
    cd "$case" || exit 1
    "$gearsc" link -o "$tmp/context.h" --tables="$tmp/tables.c" *.json 2>"$tmp/stderr"
    status=$?
    "$gearsc" graph -o "$tmp/graph.json" *.json 2>"$tmp/graph.err"
    graph_status=$?
    if [ "${GEARSC_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$tmp/stderr" expected.err
        if [ $graph_status -eq 0 ]; then rm -f graph.err; else cp "$tmp/graph.err" graph.err; fi
        exit 0
    fi
    [ $status -eq 1 ] || { cat "$tmp/stderr"; fail "exit status $status, expected 1"; }
    [ ! -e "$tmp/context.h" ] && [ ! -e "$tmp/tables.c" ] || fail "output written"
    diff -u expected.err "$tmp/stderr" || fail "diagnostics differ"
    if [ -f graph.err ]; then
        [ $graph_status -eq 1 ] && [ ! -e "$tmp/graph.json" ] || fail "gearsc graph: exit status $graph_status, expected 1 and no output"
        diff -u graph.err "$tmp/graph.err" || fail "gearsc graph: diagnostics differ"
    else
        [ $graph_status -eq 0 ] || { cat "$tmp/graph.err"; fail "gearsc graph failed"; }
    fi
    echo "ok $case"
}

if [ -d "$case" ] && [ -f "$case/expected.out" ]; then
    gears_program
elif [ -d "$case" ] && [ -f "$case/expected-output.txt" ]; then
    driver_program
elif [ -d "$case" ] && [ -f "$case/context.h" ]; then
    link_golden
elif [ -d "$case" ] && [ -f "$case/expected.err" ]; then
    link_errors
elif [ -f "${case%.*}.out" ]; then
    execution
elif [ "$(basename "$(dirname "$case")")" = c-corpus ]; then
    passthrough
else
    golden
fi
