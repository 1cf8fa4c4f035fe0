#!/bin/sh
# aarch64.sh GEARSC CC OUTDIR - the par goto programs (tests/par/build.sh)
# cross-compiled for AArch64 Linux and run under qemu-user at 1 and 3
# workers: the task manager's locking on the weaker memory model.  Exits 77
# (skipped) without qemu-user and libc6-dev-arm64-cross (tests/lib/target.sh).
set -u
gearsc=$1 cc=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
target=aarch64
. "$here/../lib/target.sh"
run() { qemu-aarch64 -L /usr/aarch64-linux-gnu "$@"; } # with the program's arguments
PAR_CFLAGS="-O2 $cflags" sh "$here/build.sh" "$gearsc" "$cc" "$out" || exit 1
status=0
for w in 1 3; do
    run "$out/twice/twice" 100000 16 $w 3 || status=1
    run "$out/bitonic/bitonic" 12 16 $w || status=1
    run "$out/stress/stress" 10000 16 $w || status=1
done
exit $status
