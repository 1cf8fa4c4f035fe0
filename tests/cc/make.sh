#!/bin/sh
# make.sh GEARSC CC - examples/multifile built by its Makefile (CC = gearsc cc,
# -MMD -MP), as a user's build would use it:
#   1. make -j2 builds it, and the program prints expected-output.txt;
#   2. a second make rebuilds nothing;
#   3. touching gears.h rebuilds exactly the files that include it;
#   4. changing a gear's parameter type (scale's int factor -> double) in the
#      header and the definition rebuilds every user, and the values stay right.
set -u
gearsc=$1 cc=$2
src=$(cd "$(dirname "$0")/../../examples/multifile" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$src"/*.h "$src"/*.c "$src"/*.cbc "$src"/Makefile "$src"/expected-output.txt "$work"/
cd "$work" || exit 1
export GEARSC_CC="$cc"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# The objects a make run compiled, sorted, from its commands.
built() { grep -o -- '-o [a-z]*\.o' "$1" | sed 's/-o //' | sort | tr '\n' ' '; }

make -j2 GEARSC="$gearsc" >log1 2>&1 || { cat log1; fail "make"; exit 1; }
./multifile | diff -u expected-output.txt - || fail "first build: wrong output"
[ "$(built log1)" = "chain.o main.o scale.o util.o " ] || fail "first build compiled: $(built log1)"

make -j2 GEARSC="$gearsc" >log2 2>&1 || fail "second make"
[ -z "$(built log2)" ] || fail "a make with nothing changed compiled: $(built log2)"
grep -q 'multifile' log2 && grep -q -- '-o multifile' log2 && fail "a make with nothing changed relinked"

sleep 1
touch gears.h
make -j2 GEARSC="$gearsc" >log3 2>&1 || fail "make after touching gears.h"
[ "$(built log3)" = "chain.o main.o scale.o " ] || fail "touching gears.h compiled: '$(built log3)', expected chain.o main.o scale.o"

sleep 1
sed -i 's/__code scale(long x, int factor,/__code scale(long x, double factor,/' gears.h scale.cbc
grep -q 'double factor' gears.h && grep -q 'double factor' scale.cbc || fail "the sed did not change the type"
make -j2 GEARSC="$gearsc" >log4 2>&1 || { cat log4; fail "make after changing the parameter type"; }
[ "$(built log4)" = "chain.o main.o scale.o " ] || fail "the type change compiled: '$(built log4)'"
./multifile | diff -u expected-output.txt - || fail "after the type change: wrong output"

[ $fails -eq 0 ] || exit 1
echo "make: dependencies right"
