#!/bin/sh
# tsan.sh GEARSC CLANG OUTDIR - the par goto programs (tests/par/build.sh)
# built with ThreadSanitizer, runtime and task manager included, and run at
# 1, 2 and 4 workers on small inputs: any report fails the test.  A few
# seconds.  Exits 77 (skipped) where CLANG cannot build with -fsanitize=thread.
set -u
gearsc=$1 cc=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
printf 'int main(void) { return 0; }\n' >"$out/probe.c"
"$cc" -fsanitize=thread "$out/probe.c" -o "$out/probe" 2>/dev/null && "$out/probe" \
    || { echo "skip: $cc cannot build and run with -fsanitize=thread"; exit 77; }
PAR_CFLAGS="-O1 -g -fsanitize=thread" sh "$here/build.sh" "$gearsc" "$cc" "$out" || exit 1
TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
export TSAN_OPTIONS
status=0
for w in 1 2 4; do
    "$out/twice/twice" 100000 32 $w 3 || status=1
    "$out/bitonic/bitonic" 13 16 $w || status=1
    "$out/stress/stress" 10000 16 $w || status=1
    "$out/stress/stress" 5000 16 $w nested || status=1
    "$out/stress/stress" 5000 0 $w >/dev/null || status=1
done
[ $status -eq 0 ] && echo "ok: ThreadSanitizer reports nothing"
exit $status
