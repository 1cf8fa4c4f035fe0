#!/bin/sh
# cmake.sh GEARSC CC - examples/multifile built by its CMakeLists.txt with
# CMAKE_C_COMPILER = gearsc-cc (the link next to GEARSC); the program must
# print expected-output.txt, a second build must compile nothing, and touching
# gears.h must recompile exactly the files that include it.
set -u
gearsc=$1 cc=$2
src=$(cd "$(dirname "$0")/../../examples/multifile" && pwd)
driver=$(cd "$(dirname "$gearsc")" && pwd)/gearsc-cc
[ -x "$driver" ] || { echo "FAIL: no $driver"; exit 1; }
command -v cmake >/dev/null || { echo "skipped: no cmake"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$src"/*.h "$src"/*.c "$src"/*.cbc "$src"/CMakeLists.txt "$src"/expected-output.txt "$work"/
export GEARSC_CC="$cc"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
built() { grep -o 'Building C object [^ ]*' "$1" | sed 's/.*multifile.dir\///' | sort | tr '\n' ' '; }
cmake -S "$work" -B "$work/b" -DCMAKE_C_COMPILER="$driver" -G "Unix Makefiles" >"$work/conf" 2>&1 \
    || { cat "$work/conf"; echo "FAIL: configure"; exit 1; }
cmake --build "$work/b" -j2 >"$work/log1" 2>&1 || { cat "$work/log1"; echo "FAIL: build"; exit 1; }
"$work/b/multifile" | diff -u "$work/expected-output.txt" - || fail "wrong output"
cmake --build "$work/b" -j2 >"$work/log2" 2>&1 || fail "second build"
[ -z "$(built "$work/log2")" ] || fail "a build with nothing changed compiled: $(built "$work/log2")"
sleep 1
touch "$work/gears.h"
cmake --build "$work/b" -j2 >"$work/log3" 2>&1 || fail "build after touching gears.h"
[ "$(built "$work/log3")" = "chain.cbc.o main.c.o scale.cbc.o " ] \
    || fail "touching gears.h compiled: '$(built "$work/log3")'"
[ $fails -eq 0 ] || exit 1
echo "cmake: built, dependencies right"
