#!/bin/sh
# gdb.sh GEARSC CC - debugging a lowered program (docs/debugging.md):
# built with `gearsc cc -g -O0`, driven by `gdb -batch`:
#   - a breakpoint on a gear by name, on its header line and on a one-line
#     gear stops where the parameters hold their values (print n);
#   - with scripts/gearsc-gdb.py, `info args` shows the gear's parameters and
#     no slot word, `bt` names the gear with its parameters and the C
#     function that entered the chain, `info gear` names both.
# Skipped (77) without gdb.
set -eu
gearsc=$1 cc=$2
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v gdb >/dev/null; then
    echo "skipped: gdb is not installed (apt-get install gdb)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/gdb/countdown.cbc" "$work/"
cd "$work"
GEARSC_CC=$cc "$gearsc" cc -g -O0 countdown.cbc -o countdown
[ "$(./countdown)" = 16 ] || { echo "FAIL: the program does not print 16"; exit 1; }
status=0
# check NAME GDB-COMMANDS EXPECTED-LINE... : every expected line (a grep -x
# pattern) is in gdb's output.
check() {
    name=$1 cmds=$2
    shift 2
    printf '%s\n' "$cmds" >"$name.gdb"
    gdb -nx -batch -x "$name.gdb" ./countdown >"$name.out" 2>&1 || true
    for want in "$@"; do
        if ! grep -qx -- "$want" "$name.out"; then
            echo "FAIL $name: no line '$want' in gdb's output:"
            cat "$name.out"
            status=1
            return
        fi
    done
    echo "ok $name"
}
# check_absent NAME PATTERN: no line of NAME's output matches PATTERN.
check_absent() {
    if grep -q -- "$2" "$1.out"; then
        echo "FAIL $1: gdb's output has '$2':"
        cat "$1.out"
        status=1
    fi
}

check break-by-name 'break countdown
run
print n
print acc' '\$1 = 3' '\$2 = 10'

check break-header-line 'break countdown.cbc:14
run
print n
print acc' '\$1 = 3' '\$2 = 10'

check break-brace-line 'break countdown.cbc:8
run
print p
print f
print n' '\$1 = {x = 2, y = 5}' '\$2 = 1.5' '\$3 = 3'

check break-one-line-gear 'break start
run
print n' '\$1 = 3'

check helper "source $here/../../scripts/gearsc-gdb.py
break countdown
run
continue
info args
bt
info gear" \
    'n = 2' 'acc = 13' 'env = 0x[0-9a-f]*' 'done = 0x[0-9a-f]* <__cbc_return_long>' \
    '#0  countdown (n=2, acc=13, done=0x[0-9a-f]* <__cbc_return_long>, env=0x[0-9a-f]*) at .*countdown.cbc:16' \
    '#1  0x[0-9a-f]* in sum_to (n=3) at .*countdown.cbc:25' \
    'gear countdown' 'chain entered by sum_to at .*countdown.cbc:25'
check_absent helper '^__cbc_w0 = '

check helper-c-frame "source $here/../../scripts/gearsc-gdb.py
break sum_to
run
info args" 'n = 3'
exit $status
