#!/bin/sh
# link_unchanged.sh GEARSC - `gearsc link` leaves context.h and the tables
# alone (not even their time stamps) when their content would not change,
# so make and CMake rebuild nothing after a manifest is rewritten unchanged;
# a real change is written.
set -u
gearsc=$1
stack=$(cd "$(dirname "$0")/../../examples/stack" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
for n in SingleLinkedStack ArrayStack main; do
    "$gearsc" --gears -I "$stack" "$stack/$n.cbc" -o $n.c --manifest=$n.json || fail "gearsc --gears $n"
done
"$gearsc" link -o context.h --tables=gears_tables.c SingleLinkedStack.json ArrayStack.json main.json || fail "link"
before=$(stat -c '%i %Y.%y' context.h gears_tables.c)
sleep 1
"$gearsc" link -o context.h --tables=gears_tables.c SingleLinkedStack.json ArrayStack.json main.json || fail "link again"
[ "$(stat -c '%i %Y.%y' context.h gears_tables.c)" = "$before" ] || fail "an unchanged link touched context.h or gears_tables.c"
"$gearsc" link -o context.h --tables=gears_tables.c SingleLinkedStack.json main.json || fail "link without ArrayStack"
[ "$(stat -c '%i %Y.%y' context.h)" != "$(echo "$before" | head -1)" ] || fail "a changed link did not write context.h"
grep -q ArrayStack context.h && fail "context.h still names ArrayStack"
[ $fails -eq 0 ] || exit 1
echo "link: unchanged outputs untouched"
