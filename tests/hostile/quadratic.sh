#!/bin/sh
# quadratic.sh - gearsc stays linear on the shapes of issue 11 item 14:
# one Interface with N methods and its implementation, N Interfaces, and a
# plain struct with N gear-pointer members reached by N `goto s->kI(...)`.
# When the Interface, method, field and member lookups were linear searches
# these took 12 s at N = 20000 and four times as long at each doubling; the
# sizes here would take minutes.  Each run gets a CPU-time limit (ulimit -t,
# not wall time: the machine may be loaded), about 4x what the linear code
# needs, and must finish with the whole output.
#   quadratic.sh GEARSC HOSTILE_GEN
set -u
gearsc=$1 gen=$2
limit=${GEARSC_QUADRATIC_CPU_SECONDS:-40}
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

check "one Interface with 50000 methods and its implementation" \
    run many_methods 50000 --gears "--manifest=$tmp/m.json"
check "  every method's gear lowered" \
    test "$(grep -c '^void m[0-9]*BigImpl(struct Context \*context)' "$tmp/many_methods.c")" = 50000
check "  gearsc link on its manifest" \
    sh -c "(ulimit -t $limit && exec '$gearsc' link -o '$tmp/context.h' '--tables=$tmp/t.c' '$tmp/m.json')"
check "  every gear in enum Code" test "$(grep -c '^    C_m[0-9]*BigImpl,$' "$tmp/context.h")" = 50000
check "80000 Interfaces" run many_interfaces 80000 --gears
check "  every Interface dropped to the context header" \
    test "$(grep -c '^/\* Interface I[0-9]*: defined in the context header \*/' "$tmp/many_interfaces.c")" = 80000
check "a struct with 160000 gear-pointer members, a goto through each" run many_members 160000
check "  every goto lowered" test "$(grep -c '__CBC_TAIL s->k[0-9]*(' "$tmp/many_members.c")" = 160000
checks_done
