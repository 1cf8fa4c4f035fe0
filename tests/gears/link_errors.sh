#!/bin/sh
# gearsc link on a broken set of manifests (a directory of *.json): exit 1,
# exactly the diagnostics in expected.err, no output files.
#   link_errors.sh GEARSC DIR      (GEARSC_UPDATE_GOLDEN=1 rewrites expected.err)
set -u
gearsc=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$dir" || exit 1
"$gearsc" link -o "$tmp/context.h" --tables="$tmp/tables.c" *.json 2>"$tmp/stderr"
status=$?
if [ "${GEARSC_UPDATE_GOLDEN:-}" = 1 ]; then cp "$tmp/stderr" expected.err; exit 0; fi
[ $status -eq 1 ] || { cat "$tmp/stderr"; echo "FAIL: exit status $status, expected 1"; exit 1; }
[ ! -e "$tmp/context.h" ] && [ ! -e "$tmp/tables.c" ] || { echo "FAIL: output written"; exit 1; }
diff -u expected.err "$tmp/stderr" || { echo "FAIL: diagnostics differ"; exit 1; }
echo "ok $dir"
