#!/bin/sh
# Golden test: run gearsc on NAME.cbc (or NAME.h) and compare with the expectation.
#
#   NAME.expected  gearsc must succeed (exit 0, nothing on stderr) and write this.
#   NAME.err       gearsc must fail (exit 1), print exactly these diagnostics,
#                  and leave no output file behind.
#
# Extra options come from a line `// ARGS: ...` in the first 5 lines of NAME.cbc;
# a line `// NO-COMPILE: reason` there skips the compile check below.
# When a C compiler is given as the third argument, C output (not --emit=tree)
# must also compile with it under -Wall -Wextra -Werror: gearsc's output
# is C that clang accepts, never "signature is incompatible".
# To rewrite expectations after a deliberate change:
#   GEARSC_UPDATE_GOLDEN=1 ctest --test-dir build -R golden/
# then review `git diff tests/golden`.
set -u
gearsc=$1
input=$2
cc=${3:-}
name=${input%.*}
args=$(head -n 5 "$input" | sed -n 's|^// ARGS: *||p' | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2086 # ARGS is a word list
"$gearsc" $args "$input" -o "$tmp/out" 2>"$tmp/stderr"
status=$?

if [ "${GEARSC_UPDATE_GOLDEN:-}" = 1 ]; then
    if [ $status -eq 0 ]; then
        [ -e "$tmp/out" ] || : >"$tmp/out"
        cp "$tmp/out" "$name.expected" && rm -f "$name.err"
    else
        cp "$tmp/stderr" "$name.err" && rm -f "$name.expected"
    fi
    echo "updated $name (exit $status)"
    exit 0
fi

fail() {
    echo "FAIL $name: $*"
    exit 1
}

if [ -f "$name.err" ]; then
    [ $status -eq 1 ] || { cat "$tmp/stderr"; fail "expected exit status 1, got $status"; }
    [ ! -e "$tmp/out" ] || fail "an output file was written despite the errors"
    diff -u "$name.err" "$tmp/stderr" || fail "diagnostics differ (- expected, + actual)"
elif [ -f "$name.expected" ]; then
    [ $status -eq 0 ] || { cat "$tmp/stderr"; fail "expected success, got exit status $status"; }
    [ ! -s "$tmp/stderr" ] || { cat "$tmp/stderr"; fail "unexpected diagnostics"; }
    [ -e "$tmp/out" ] || : >"$tmp/out"  # --check writes no file
    diff -u "$name.expected" "$tmp/out" || fail "output differs (- expected, + actual)"
    case "$args" in *--emit=tree*) ;; *)
        if [ -n "$cc" ] && ! head -n 5 "$input" | grep -q '^// NO-COMPILE:'; then
            cp "$tmp/out" "$tmp/out.c"
            "$cc" -std=gnu11 -Wall -Wextra -Werror -fsyntax-only "$tmp/out.c" \
                || fail "the output does not compile with $cc"
        fi ;;
    esac
else
    fail "neither $name.expected nor $name.err exists (run with GEARSC_UPDATE_GOLDEN=1 to create one)"
fi
echo "ok $name"
