#!/bin/sh
# Memory bound: gearsc's peak RSS on a large ordinary CbC file (about 2 MB,
# from `hostile_gen big`) stays under 100 times the input's size.  A bound,
# not a timing: it only fails if memory use grows out of proportion.
# Skipped (77) in sanitizer builds, whose shadow memory and quarantine
# inflate RSS.
#
#   memory_bound.sh GEARSC LIMIT HOSTILE_GEN [BYTES]
set -u
gearsc=$1 limit=$2 gen=$3 bytes=${4:-2000000}
if [ -n "${GEARSC_SANITIZED:-}" ]; then
    echo "skipped: sanitizer build"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" big "$bytes" >"$tmp/big.cbc" || exit 1
size=$(wc -c <"$tmp/big.cbc")
bound_kb=$((size * 100 / 1024))
"$limit" --seconds=120 --max-rss-kb=$bound_kb --report="$tmp/report" -- \
    "$gearsc" "$tmp/big.cbc" -o "$tmp/big.c"
status=$?
read -r rss_kb wall <"$tmp/report"
ratio=$((rss_kb * 1024 * 10 / size))
echo "input $size bytes, output $(wc -c <"$tmp/big.c" 2>/dev/null || echo 0) bytes," \
     "peak RSS $rss_kb KiB = $((ratio / 10)).$((ratio % 10)) x the input (bound 100 x), ${wall} s"
if [ $status -ne 0 ]; then
    echo "FAIL: gearsc exited with status $status"
    exit 1
fi
echo "ok memory bound"
