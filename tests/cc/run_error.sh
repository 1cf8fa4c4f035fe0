#!/bin/sh
# run_error.sh GEARSC NAME - an error golden through gearsc cc: compiling
# tests/cc/errors/NAME.cbc must fail with status 1 and print exactly
# NAME.err, positions taken through the preprocessor's line markers back to
# the .cbc (and header) lines.  GEARSC_UPDATE_GOLDEN=1 rewrites NAME.err.
set -u
gearsc=$1 name=$2
cd "$(dirname "$0")/errors" || exit 1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$gearsc" cc -c "$name.cbc" -o /dev/null 2>"$out"
status=$?
if [ "${GEARSC_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$out" "$name.err"
fi
if [ $status -ne 1 ]; then
    echo "FAIL $name: exit status $status, expected 1"
    cat "$out"
    exit 1
fi
diff -u "$name.err" "$out"
