#!/bin/sh
# A C file with no CbC in it must parse without error and come out of gearsc
# byte-for-byte as it went in.
set -u
gearsc=$1
input=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gearsc" --no-line "$input" -o "$tmp/out.c" || { echo "FAIL: gearsc rejected $input"; exit 1; }
cmp "$input" "$tmp/out.c" || { echo "FAIL: output differs from $input"; exit 1; }
echo "ok $input"
