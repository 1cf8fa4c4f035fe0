#!/bin/sh
# quadratic.sh - gearsc stays linear on the shapes of issue 11 item 14:
# one Interface with N methods and its implementation (and the same bound
# by N assignments, the older style), N Interfaces, and a
# plain struct with N gear-pointer members reached by N `goto s->kI(...)`.
# When the Interface, method, field and member lookups were linear searches
# these took (CPU seconds, bench/quadratic.sh) 12 / 56 s at N = 20000 / 40000
# methods, 5 / 25 s at 20000 / 40000 Interfaces, 3.7 / 11 s at 20000 / 40000
# members; the sizes here would take about 55, 55 and 100 s, the linear code
# takes 6-12 s each.  Each run gets a CPU-time limit (ulimit -t, not wall
# time: the machine may be loaded) and must finish with the whole output.
#   quadratic.sh GEARSC HOSTILE_GEN
set -u
gearsc=$1 gen=$2
limit=${GEARSC_QUADRATIC_CPU_SECONDS:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"

# run SHAPE N FLAGS...: gearsc on hostile_gen SHAPE N under the CPU limit
run() {
    shape=$1 n=$2
    shift 2
    "$gen" "$shape" "$n" >"$tmp/$shape.cbc" || return 1
    (ulimit -t "$limit" && exec "$gearsc" "$@" "$tmp/$shape.cbc" -o "$tmp/$shape.c") 2>"$tmp/stderr"
    status=$?
    [ $status = 0 ] || { echo "  $shape $n: exit $status (CPU limit ${limit} s)"; cat "$tmp/stderr"; }
    return $status
}

check "one Interface with 40000 methods and its implementation" \
    run many_methods 40000 --gears "--manifest=$tmp/m.json"
check "  every method's gear lowered" \
    test "$(grep -c '^void m[0-9]*BigImpl(struct Context \*context __CBC_UNUSED)' "$tmp/many_methods.c")" = 40000
check "  gearsc link on its manifest" \
    sh -c "(ulimit -t $limit && exec '$gearsc' link -o '$tmp/context.h' '--tables=$tmp/t.c' '$tmp/m.json')"
check "  every gear in enum Code" test "$(grep -c '^    C_m[0-9]*BigImpl,$' "$tmp/context.h")" = 40000
check "60000 methods bound old-style, by assignments in a create function" \
    run many_assignments 60000 --gears
check "  every method's gear lowered" \
    test "$(grep -c '^void m[0-9]*Old(struct Context \*context __CBC_UNUSED)' "$tmp/many_assignments.c")" = 60000
check "60000 Interfaces" run many_interfaces 60000 --gears
check "  every Interface dropped to the context header" \
    test "$(grep -c '^/\* Interface I[0-9]*: defined in the context header \*/' "$tmp/many_interfaces.c")" = 60000
check "a struct with 120000 gear-pointer members, a goto through each" run many_members 120000
check "  every goto lowered" test "$(grep -c '__CBC_TAIL s->k[0-9]*(' "$tmp/many_members.c")" = 120000
checks_done
