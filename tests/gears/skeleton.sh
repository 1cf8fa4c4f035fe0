#!/bin/sh
# gearsc skeleton writes an implementation that builds as it stands: the
# skeleton of examples/stack/Stack.h through gearsc --gears, gearsc link
# (which checks every method has its gear) and clang -Wall -Wextra -Werror.
#   skeleton.sh GEARSC CC
set -u
gearsc=$1 cc=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gearsc" skeleton "$root/examples/stack/Stack.h" MyStack -o "$tmp/MyStack.cbc" || exit 1
grep -q '^Stack\* createMyStack(struct Context\* context) {' "$tmp/MyStack.cbc" \
    || { echo "FAIL: no create function"; exit 1; }
for m in clear push pop pop2 isEmpty get get2; do
    grep -q "^__code ${m}MyStack(" "$tmp/MyStack.cbc" || { echo "FAIL: no gear for $m"; exit 1; }
done
"$gearsc" --gears -I "$root/examples/stack" "$tmp/MyStack.cbc" -o "$tmp/MyStack.c" \
    --manifest="$tmp/MyStack.json" || exit 1
"$gearsc" link -o "$tmp/context.h" --tables="$tmp/tables.c" "$tmp/MyStack.json" || exit 1
for c in MyStack.c tables.c; do
    "$cc" -std=gnu11 -Wall -Wextra -Werror -I"$tmp" -I"$root/runtime/include" -c "$tmp/$c" \
        -o "$tmp/$c.o" || { echo "FAIL: $c does not compile"; exit 1; }
done
# IMPL becomes a struct, a create function and gear names: one that would
# not build is refused, with nothing written.
for bad in int "My Stack" "" Stack gears_impl Data; do
    "$gearsc" skeleton "$root/examples/stack/Stack.h" "$bad" -o "$tmp/bad.cbc" 2>"$tmp/err"
    [ $? = 1 ] || { echo "FAIL: skeleton accepted the implementation name '$bad'"; exit 1; }
    grep -q "^gearsc: error: implementation name '$bad' " "$tmp/err" \
        || { echo "FAIL: no error for implementation name '$bad'"; cat "$tmp/err"; exit 1; }
    [ ! -e "$tmp/bad.cbc" ] || { echo "FAIL: skeleton wrote output for '$bad'"; exit 1; }
done
echo "ok"
