#!/bin/sh
# Determinism: gearsc run twice on the same input gives byte-identical
# results -- output, diagnostics, exit status and, in Gears mode, the
# manifest.  Every .cbc and .h under the given directories is compiled with
# the options of its `// ARGS:` line (as the golden runner does) and again
# in Gears mode; the second run of each pair has a perturbed environment
# (MALLOC_PERTURB_, a longer environment, so heap and stack addresses
# differ), so output that depends on addresses or uninitialised memory
# shows up.
#
#   determinism.sh GEARSC DIR...
set -u
gearsc=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=0
failures=0

pad=$(printf '%04096d' 0)
# run TAG ARGS...: one compilation, everything it produces kept under $tmp/TAG.*;
# run b is the perturbed one.
run() {
    tag=$1
    shift
    if [ "$tag" = b ]; then
        env MALLOC_PERTURB_=165 GEARSC_DETERMINISM_PAD="$pad" \
            "$gearsc" "$@" -o "$tmp/$tag.out" >"$tmp/$tag.stdout" 2>"$tmp/$tag.stderr"
    else
        "$gearsc" "$@" -o "$tmp/$tag.out" >"$tmp/$tag.stdout" 2>"$tmp/$tag.stderr"
    fi
    echo $? >"$tmp/$tag.status"
}

same() { # same A B: every result of runs A and B is identical
    for kind in out stdout stderr status manifest; do
        if [ -e "$tmp/$1.$kind" ] || [ -e "$tmp/$2.$kind" ]; then
            cmp -s "$tmp/$1.$kind" "$tmp/$2.$kind" || return 1
        fi
    done
}

for dir in "$@"; do
    for input in "$dir"/*.cbc "$dir"/*.h; do
        [ -f "$input" ] || continue
        files=$((files + 1))
        name=$(basename "$input")
        args=$(head -n 5 "$input" | sed -n 's|^// ARGS: *||p' | head -n 1)
        for mode in plain gears; do
            rm -f "$tmp"/a.* "$tmp"/b.*
            if [ $mode = gears ]; then
                set -- --gears "--manifest=$tmp/MANIFEST"
            else
                set --
            fi
            # shellcheck disable=SC2086
            (cd "$dir" && run a "$@" $args "$name")
            [ -e "$tmp/MANIFEST" ] && mv "$tmp/MANIFEST" "$tmp/a.manifest"
            # shellcheck disable=SC2086
            (cd "$dir" && run b "$@" $args "$name")
            [ -e "$tmp/MANIFEST" ] && mv "$tmp/MANIFEST" "$tmp/b.manifest"
            if same a b; then
                echo "ok   $dir/$name ($mode, exit $(cat "$tmp/a.status"))"
            else
                echo "FAIL $dir/$name ($mode): two runs differ"
                for kind in out stderr manifest; do
                    [ -e "$tmp/a.$kind" ] && diff "$tmp/a.$kind" "$tmp/b.$kind" | head -n 10
                done
                failures=$((failures + 1))
            fi
        done
    done
done
echo "$files inputs, $failures differences"
[ $files -gt 0 ] && [ $failures -eq 0 ]
