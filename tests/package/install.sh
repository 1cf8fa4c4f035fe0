#!/bin/sh
# `cmake --install` to a temporary prefix, then use it as an outside project
# would: find_package(gearsc) and gearsc_target_sources() on copies of
# examples/hello (plain CbC) and examples/stack (Gears), built and run; a
# rebuild after touching a header the Gears sources read; the runtime through
# pkg-config (the Stack example by hand, hosted, and a tiny freestanding
# program against the core); the man page, completion and editor files.
#
#   install.sh CMAKE BUILD_DIR SOURCE_DIR CC
#
# GEARSC_PACKAGE_CFLAGS: flags every compile and link here needs (sanitizer
# builds install instrumented runtime libraries).
set -u
cmake=$1 build=$2 src=$3 cc=$4
cflags=${GEARSC_PACKAGE_CFLAGS-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
prefix=$tmp/prefix

"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log"; fail "cmake --install"; }
for f in bin/gearsc lib/libgears_runtime.a lib/libgears_runtime_hosted.a \
         include/gears/context.h include/gears/hosted.h \
         lib/cmake/gearsc/gearscConfig.cmake lib/cmake/gearsc/gearscConfigVersion.cmake \
         lib/cmake/gearsc/gearscTargets.cmake lib/cmake/gearsc/GearscFunctions.cmake \
         lib/pkgconfig/gears-runtime.pc lib/pkgconfig/gears-runtime-hosted.pc \
         share/man/man1/gearsc.1 share/bash-completion/completions/gearsc \
         lib/libtree-sitter-cbc.so share/tree-sitter-cbc/queries/highlights.scm \
         share/tree-sitter-cbc/queries/locals.scm share/tree-sitter-cbc/queries/tags.scm \
         share/tree-sitter-cbc/queries/injections.scm; do
    [ -f "$prefix/$f" ] || fail "not installed: $f"
done
echo "ok installed files"

# The man page formats without warnings; the completion script loads.
if command -v groff >/dev/null 2>&1; then
    warnings=$(groff -man -Tutf8 -ww -z "$prefix/share/man/man1/gearsc.1" 2>&1)
    [ -z "$warnings" ] || fail "groff warns on gearsc.1: $warnings"
    echo "ok man page"
fi
bash -c ". '$prefix/share/bash-completion/completions/gearsc' && complete -p gearsc" >/dev/null \
    || fail "bash completion does not load"

# ---- an outside CMake project ----
proj=$tmp/project
mkdir -p "$proj/hello" "$proj/stack" "$proj/countdown/include"
cp "$src/examples/hello/hello.cbc" "$proj/hello/"
cp "$src/examples/stack/"*.cbc "$src/examples/stack/"*.h "$proj/stack/"
# countdown: plain CbC in two files and a header of gear prototypes
cat >"$proj/countdown/include/gears.h" <<'CBC'
__code countdown(int n, __code (*done)(int, void *), void *env);
CBC
cat >"$proj/countdown/gears.cbc" <<'CBC'
#include <stdio.h>
#include "gears.h"
__code countdown(int n, __code (*done)(int, void *), void *env) {
    if (n == 0)
        goto done(7, env);
    printf("%d\n", n);
    goto countdown(n - 1, done, env);
}
CBC
cat >"$proj/countdown/main.cbc" <<'CBC'
#include <stdio.h>
#include "gears.h"
static int run(void) { goto countdown(2, __return, __environment); }
int main(void) { printf("got %d\n", run()); return 0; }
CBC
printf '2\n1\ngot 7\n' >"$tmp/countdown.expected"
cat >"$proj/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.11) # older policies than gearsc's own tree
project(outside LANGUAGES C)
find_package(gearsc 0.1 REQUIRED)

add_executable(hello)
gearsc_target_sources(hello SOURCES hello/hello.cbc)

add_executable(stack)
gearsc_target_sources(stack GEARS INCLUDE_DIRECTORIES stack
  SOURCES stack/SingleLinkedStack.cbc stack/ArrayStack.cbc stack/main.cbc)
target_link_libraries(stack PRIVATE gearsc::gears_runtime_hosted)

add_executable(countdown)
gearsc_target_sources(countdown INCLUDE_DIRECTORIES countdown/include
  HEADERS countdown/include/gears.h SOURCES countdown/main.cbc countdown/gears.cbc)
CMAKE
"$cmake" -S "$proj" -B "$proj/build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_FLAGS="$cflags" -DCMAKE_EXE_LINKER_FLAGS="$cflags" \
    >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; fail "configure the outside project"; }
"$cmake" --build "$proj/build" -v >"$tmp/build.log" 2>&1 \
    || { cat "$tmp/build.log"; fail "build the outside project"; }
grep -q "$prefix/bin/gearsc" "$tmp/build.log" || fail "the build did not run the installed gearsc"
printf '3\n2\n1\ncountdown(3) returned 42\n' >"$tmp/hello.expected"
"$proj/build/hello" >"$tmp/hello.out" || fail "hello exits $?"
diff -u "$tmp/hello.expected" "$tmp/hello.out" || fail "hello's output"
"$proj/build/stack" >"$tmp/stack.out" || fail "stack exits $?"
diff -u "$src/examples/stack/expected.out" "$tmp/stack.out" || fail "stack's output"
"$proj/build/countdown" >"$tmp/countdown.out" || fail "countdown exits $?"
diff -u "$tmp/countdown.expected" "$tmp/countdown.out" || fail "countdown's output"
echo "ok find_package(gearsc): hello, stack and countdown built and run"

# A header that the Gears sources read (#interface "Stack.h") makes them rebuild.
sleep 1
touch "$proj/stack/Stack.h"
"$cmake" --build "$proj/build" >"$tmp/rebuild.log" 2>&1 || { cat "$tmp/rebuild.log"; fail "rebuild"; }
for f in SingleLinkedStack ArrayStack main; do
    grep -q "gearsc --gears stack/$f.cbc" "$tmp/rebuild.log" \
        || { cat "$tmp/rebuild.log"; fail "touching Stack.h did not rerun gearsc on $f.cbc"; }
done
grep -q "gearsc.*hello" "$tmp/rebuild.log" && fail "touching Stack.h reran gearsc on hello.cbc"
touch "$proj/countdown/include/gears.h"
"$cmake" --build "$proj/build" >"$tmp/rebuild.log" 2>&1 || { cat "$tmp/rebuild.log"; fail "rebuild"; }
for f in countdown/main.cbc countdown/gears.cbc gears.h; do
    grep -q "gearsc $f" "$tmp/rebuild.log" \
        || { cat "$tmp/rebuild.log"; fail "touching gears.h did not rerun gearsc on $f"; }
done
echo "ok dependencies: Stack.h, gears.h"

# ---- pkg-config ----
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pkg-config --exists gears-runtime gears-runtime-hosted || fail "pkg-config does not find the runtime"
libs=$(pkg-config --libs gears-runtime-hosted)
case $libs in
    "-L$prefix/lib/pkgconfig/../../lib -lgears_runtime_hosted -lgears_runtime"*) ;;
    *) fail "pkg-config --libs gears-runtime-hosted: $libs" ;;
esac
gearsc=$prefix/bin/gearsc
out=$tmp/pc
mkdir -p "$out"
for f in SingleLinkedStack ArrayStack main; do
    "$gearsc" --gears -I "$proj/stack" "$proj/stack/$f.cbc" -o "$out/$f.c" --manifest="$out/$f.json" \
        || fail "gearsc $f.cbc"
done
"$gearsc" link -o "$out/context.h" --tables="$out/gears_tables.c" "$out"/*.json || fail "gearsc link"
# shellcheck disable=SC2046,SC2086 # pkg-config prints a word list; cflags is one
"$cc" $cflags -std=gnu11 -Wall -Wextra -Werror -I "$out" "$out"/*.c \
    $(pkg-config --cflags --libs gears-runtime-hosted) -o "$out/stack" || fail "compile with pkg-config"
"$out/stack" | diff -u "$src/examples/stack/expected.out" - || fail "stack via pkg-config"
cat >"$out/tiny.c" <<'C'
/* The freestanding core alone: a Context and its region in one static
 * block (the region GEARS_CONTEXT_HEADER bytes after the Context). */
#include <gears/context.h>

static _Alignas(64) unsigned char block[4096];
static void stop(struct Context *c) { (void)c; }
static __gears_code *const table[] = { stop };

int main(void)
{
    struct Context *context = (struct Context *)(void *)block;
    if (gears_context_init(context, block + GEARS_CONTEXT_HEADER, sizeof block - GEARS_CONTEXT_HEADER,
                           table, 1, 1, 16, 16) != 0)
        return 1;
    if (!gears_alloc(context, 32, 8))
        return 2;
    gears_run(context, 0);
    return context->status == GEARS_RUNNING ? 0 : 3;
}
C
# shellcheck disable=SC2046,SC2086
"$cc" $cflags -std=c11 -Wall -Wextra -Werror "$out/tiny.c" $(pkg-config --cflags --libs gears-runtime) \
    -o "$out/tiny" || fail "compile tiny.c with pkg-config gears-runtime"
"$out/tiny" || fail "tiny exits $?"
echo "ok pkg-config: gears-runtime-hosted (stack), gears-runtime (tiny.c)"

# ---- docs/usage.md's two Makefiles, as printed there ----
extract_make() { # N: the Nth ```make block of docs/usage.md
    awk -v n="$1" '/^```make$/ { k++; on = (k == n); next } /^```$/ { on = 0 } on' "$src/docs/usage.md"
}
PATH=$prefix/bin:$PATH
export PATH
cp -r "$proj/countdown" "$tmp/make-plain"
extract_make 1 >"$tmp/make-plain/Makefile"
make -C "$tmp/make-plain" CC="$cc $cflags" >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; fail "usage.md's plain Makefile"; }
"$tmp/make-plain/app" | diff -u "$tmp/countdown.expected" - || fail "usage.md's plain Makefile: app's output"
cp -r "$proj/stack" "$tmp/make-gears"
extract_make 2 >"$tmp/make-gears/Makefile"
make -C "$tmp/make-gears" CC="$cc $cflags" >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; fail "usage.md's Gears Makefile"; }
"$tmp/make-gears/build/stack" | diff -u "$src/examples/stack/expected.out" - \
    || fail "usage.md's Gears Makefile: stack's output"
[ "$(make -C "$tmp/make-gears" -q; echo $?)" = 0 ] || fail "usage.md's Gears Makefile: not up to date after a build"
echo "ok docs/usage.md's Makefiles"
