#!/bin/sh
# gears.sh GEARSC CC TARGET -OPT - Gears mode through gearsc cc, in the
# two-step flow, on examples/stack:
#   1. gearsc cc --gears -E x.cbc -o /dev/null --manifest=x.json   (each file)
#   2. gearsc link -o context.h --tables=gears_tables.c *.json
#   3. gearsc cc --gears -c x.cbc -o x.o -MMD   (context.h found through -I)
# then the link with the runtime, the run, stdout against expected.out; the
# .d files name the .cbc (not the copy #interface needs) and Stack.h, and
# the manifests give the files' own lines, as source mode's do.
set -u
gearsc=$1 cc=$2 target=$3 opt=$4
root=$(cd "$(dirname "$0")/../.." && pwd)
stack=$root/examples/stack rt=$root/runtime
. "$root/tests/lib/target.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export GEARSC_CC="$cc"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
for n in SingleLinkedStack ArrayStack main; do
    # shellcheck disable=SC2086 # cflags is a word list
    "$gearsc" cc --gears $cflags -I"$rt/include" -E "$stack/$n.cbc" -o /dev/null --manifest=$n.json \
        || fail "step 1 (manifest) of $n"
done
# compiling before the link step: the backend's error, then gearsc's note
# saying which step is missing
mkdir early
# shellcheck disable=SC2086
(cd early && "$gearsc" cc --gears $cflags -I"$stack" -I"$rt/include" -c "$stack/main.cbc" -o main.o 2>err.txt) \
    && fail "compiling with no context header succeeded"
grep -q "note: Gears mode compiles against the context header that 'gearsc link' writes" early/err.txt \
    || fail "no note on the missing context header: $(cat early/err.txt)"
# positions in the manifests: those of the files, as source mode writes them
for n in SingleLinkedStack ArrayStack main; do
    "$gearsc" --gears -I"$stack" "$stack/$n.cbc" -o /dev/null --manifest=src_$n.json || fail "source mode $n"
    grep -E '"(line|col|source)"' src_$n.json >src_pos.txt
    grep -E '"(line|col|source)"' $n.json | diff -u src_pos.txt - || fail "$n.json: positions differ from source mode's"
done
"$gearsc" link -o context.h --tables=gears_tables.c SingleLinkedStack.json ArrayStack.json main.json \
    || fail "gearsc link"
for n in SingleLinkedStack ArrayStack main; do
    # shellcheck disable=SC2086
    "$gearsc" cc --gears $cflags -I. -I"$rt/include" -std=gnu11 -Wall -Wextra -Werror "$opt" -MMD \
        -c "$stack/$n.cbc" -o $n.o || fail "step 3 (compile) of $n"
done
grep -q "^ArrayStack.o: $stack/ArrayStack.cbc" ArrayStack.d || fail "ArrayStack.d: $(cat ArrayStack.d)"
grep -q 'Stack.h' ArrayStack.d || fail "ArrayStack.d does not name Stack.h"
grep -q 'gearsc-' ArrayStack.d && fail "ArrayStack.d names a temporary file"
# shellcheck disable=SC2086
"$gearsc" cc $cflags -I. -I"$rt/include" "$opt" SingleLinkedStack.o ArrayStack.o main.o gears_tables.c \
    "$rt/src/context.c" "$rt/src/hosted.c" -o stack || fail "link"
run ./stack >out || fail "the program failed"
diff -u "$stack/expected.out" out || fail "stdout differs"
[ $fails -eq 0 ] || exit 1
echo "gears: two-step flow through gearsc cc right"
