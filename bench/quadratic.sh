#!/bin/sh
# quadratic.sh - CPU seconds of gearsc on the issue 11 item 14 shapes, at
# growing N: a table to read, not a pass/fail test (tests/hostile/
# quadratic.sh is the test).  Linear lookups make the time grow 4x when N
# doubles; hashed ones, 2x.
#
#   quadratic.sh GEARSC HOSTILE_GEN [N...]      (default N: 10000 20000 40000 80000)
#
# HOSTILE_GEN is build/tests/hostile_gen.  Shapes (tests/hostile/gen.c):
#   many_methods     one Interface with N methods + an implementation (--gears)
#   many_assignments the same, bound old-style by N assignments in a create function
#   many_interfaces  N Interfaces (--gears)
#   many_members     a struct with N gear-pointer members, N `goto s->kI(s, x)`
# Times are user+system CPU seconds of one run (/usr/bin/time), so a loaded
# machine changes them less than wall time.
set -eu
gearsc=$1 gen=$2
shift 2
[ $# -gt 0 ] || set -- 10000 20000 40000 80000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-16s %8s %10s\n' shape N cpu_s
for shape in many_methods many_assignments many_interfaces many_members; do
    flags=--gears
    [ $shape = many_members ] && flags=
    for n in "$@"; do
        "$gen" $shape "$n" >"$tmp/in.cbc"
        /usr/bin/time -f '%U %S' -o "$tmp/time" "$gearsc" $flags "$tmp/in.cbc" -o "$tmp/out.c"
        printf '%-16s %8s %10s\n' $shape "$n" "$(awk '{ printf "%.2f", $1 + $2 }' "$tmp/time")"
    done
done
