#!/usr/bin/env bash
# bench/par.sh - par goto on the task manager: the speedup of examples/par's
# twice and bitonic at 1, 2 and 4 workers against 1 worker, and the cost of
# a task (tests/par/stress: spawn, run and end an empty task; and one with a
# data gear dependency).  Prints a markdown table.
#
#   bench/par.sh [--quick] [GEARSC]     GEARSC default: build/gearsc
#
# The programs are built by tests/par/build.sh (clang -O2, $CC to change) and
# time their parallel part themselves (spawn, run, wait: the sequential
# reference run and the set-up are left out).  Each figure is the median of
# 5 runs, the worker counts alternating (1 2 4 1 2 4 ...), so that a machine
# shared with other work slows each count alike.  --quick: small inputs, 1
# run (CI: checks that it builds and runs).
set -euo pipefail
quick=0
if [ "${1:-}" = --quick ]; then quick=1; shift; fi
root=$(cd "$(dirname "$0")/.." && pwd)
gearsc=${1:-$root/build/gearsc}
cc=${CC:-clang}
work=$(mktemp -d "${TMPDIR:-/tmp}/gearsc-par.XXXXXX")
trap 'rm -rf "$work"' EXIT
sh "$root/tests/par/build.sh" "$gearsc" "$cc" "$work" >/dev/null

if [ $quick = 1 ]; then
    runs=1 twice_len=100000 twice_rounds=2 bitonic_log=14 tasks=10000
else
    runs=5 twice_len=$((1 << 23)) twice_rounds=4 bitonic_log=20 tasks=200000
fi
workers="1 2 4"

# median FILE: the median of the numbers in FILE, one a line
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure KEY PATTERN COMMAND...: runs the command (WORKERS in it replaced),
# keeps the number after PATTERN ("in " for ms, ", " or ": " before "ns")
measure() {
    local key=$1 field=$2
    shift 2
    for w in $workers; do
        local args=()
        for a in "$@"; do args+=("${a//WORKERS/$w}"); done
        out=$("${args[@]}") || { echo "$out" >&2; echo "bench/par.sh: ${args[*]} failed" >&2; exit 1; }
        case $field in
        ms) echo "$out" | sed -n 's/.* in \([0-9.]*\) ms$/\1/p' ;;
        ns) echo "$out" | sed -n 's/.* \([0-9.]*\) ns per task$/\1/p' ;;
        esac >>"$work/$key.$w"
    done
}

for _ in $(seq $runs); do
    measure twice16 ms "$work/twice/twice" $twice_len 16 WORKERS $twice_rounds
    measure twice256 ms "$work/twice/twice" $twice_len 256 WORKERS $twice_rounds
    measure bitonic16 ms "$work/bitonic/bitonic" $bitonic_log 16 WORKERS
    measure bitonic64 ms "$work/bitonic/bitonic" $bitonic_log 64 WORKERS
    measure empty ns "$work/stress/stress" $tasks 0 WORKERS
    measure deps ns "$work/stress/stress" $tasks 64 WORKERS
done

row() { # row LABEL KEY: ms at each worker count and the speedup against 1
    local label=$1 key=$2 t1
    t1=$(median "$work/$key.1")
    printf '| %s |' "$label"
    for w in $workers; do
        t=$(median "$work/$key.$w")
        printf ' %s ms (%s×) |' "$t" "$(awk -v a="$t1" -v b="$t" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')"
    done
    printf '\n'
}
cost() { # cost LABEL KEY: ns per task at each worker count
    printf '| %s |' "$1"
    for w in $workers; do printf ' %s ns |' "$(median "$work/$2.$w")"; done
    printf '\n'
}

echo "Machine: $(nproc) CPUs online ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), load average $(cut -d' ' -f1-3 /proc/loadavg); $("$cc" --version | head -n1), -O2; median of $runs run(s)."
echo
echo "| program (parallel part) | 1 worker | 2 workers | 4 workers |"
echo "| --- | --- | --- | --- |"
row "twice, $twice_len elements × $twice_rounds rounds, 16 tasks a round" twice16
row "twice, $twice_len elements × $twice_rounds rounds, 256 tasks a round" twice256
row "bitonic, 2^$bitonic_log elements, 16 blocks" bitonic16
row "bitonic, 2^$bitonic_log elements, 64 blocks" bitonic64
echo
echo "| cost of a task (spawn, run, end), $tasks tasks | 1 worker | 2 workers | 4 workers |"
echo "| --- | --- | --- | --- |"
cost "empty task, no data gears" empty
cost "a task reading one cell and writing another (64 cells)" deps
