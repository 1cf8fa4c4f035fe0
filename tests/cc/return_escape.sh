#!/bin/sh
# return_escape.sh GEARSC CC TARGET - the refused case of __return through
# nested chains (tests/cc/return_escape/through_c.cbc): a C function's frame
# lies between the chain that reaches __return and the chain of __return's
# function.  Hosted, the program must print gearsc's message on stderr and
# abort; built -ffreestanding (run hosted here) it must pass the message to
# gearsc_return_failed and trap.  Never a bare trap, never a wrong value.
set -eu
gearsc=$1 cc=$2 target=$3
. "$(dirname "$0")/../lib/target.sh"
src=$(dirname "$0")/return_escape/through_c.cbc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
msg='gearsc: __return was reached from a chain that is not nested in the chain of its C function'
status=0
for opt in -O0 -O2; do
    for mode in hosted freestanding; do
        extra=
        [ $mode = freestanding ] && extra="-ffreestanding -DDEFINE_HOOK"
        # shellcheck disable=SC2086 # word splitting of the flag lists is meant
        GEARSC_CC=$cc "$gearsc" cc $cflags $opt $extra -Wall -Wextra -Werror "$src" -o "$work/prog"
        rc=0
        run "$work/prog" >"$work/out" 2>"$work/err" || rc=$?
        if [ "$(cat "$work/out")" != before ]; then
            echo "FAIL $opt $mode: stdout is not 'before':"; cat "$work/out"; status=1
        fi
        if [ $rc -eq 0 ]; then
            echo "FAIL $opt $mode: exit status 0"; status=1
        fi
        if ! grep -q "$msg" "$work/err"; then
            echo "FAIL $opt $mode (exit $rc): no message on stderr:"; cat "$work/err"; status=1
        else
            echo "ok $opt $mode: exit $rc, message on stderr"
        fi
    done
done
exit $status
