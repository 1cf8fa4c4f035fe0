#!/bin/sh
# A bounded fuzzing run for CTest (fuzz/gearsc, fuzz/link): FUZZER for SECONDS,
# seeded from the repository's inputs (seeds.sh), with the CbC dictionary.
# The corpus it grows is kept in WORKDIR/corpus between runs of the same build;
# a crash, leak, sanitizer report, timeout (10 s per input) or out-of-memory
# (2 GB) fails the test and leaves the input as WORKDIR/crash-* (or leak-*,
# timeout-*, oom-*) to reproduce with `fuzz_gearsc FILE`.
#
#   run.sh FUZZER SOURCE_DIR WORKDIR SECONDS [link]
#
# With `link`, FUZZER is fuzz_link and the seeds are manifests.
set -eu
fuzzer=$1 src=$2 work=$3 seconds=$4 kind=${5:-}
mkdir -p "$work/corpus"
sh "$src/tests/fuzz/seeds.sh" "$src" "$work/seeds" $kind
dict=$src/tests/fuzz/cbc.dict
[ "$kind" = link ] && dict=$src/tests/fuzz/manifest.dict
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict="$dict" -artifact_prefix="$work/" -print_final_stats=1 \
    "$work/corpus" "$work/seeds"
