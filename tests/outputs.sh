#!/bin/sh
# Safe outputs (issue 11 items 8-10): an output that is an input or another
# output is refused (by device and inode, not by name) and the input is left
# as it was; the outputs of one command appear together or not at all; any
# name the file system accepts works; a symbolic link is written through;
# input paths are escaped in the prelude comment and in #line.
#   outputs.sh GEARSC [CC]
set -u
gearsc=$1 cc=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/check.sh"
status_of() { "$@" >"$tmp/stdout" 2>"$tmp/stderr"; echo $?; }
no_temporaries() { test -z "$(ls -A "$1" | grep gearsc-)"; }

mkdir "$tmp/w"
cd "$tmp/w" || exit 1
printf '__code f(int x) { goto f(x); }\n' >in.cbc
cp in.cbc in.orig
cp "$root/examples/stack/Stack.h" "$root/examples/stack/SingleLinkedStack.cbc" .
cp Stack.h Stack.orig

# ---- 8. an output that is an input ----
check "-o INPUT: exit 1" test "$(status_of "$gearsc" in.cbc -o in.cbc)" = 1
check "-o INPUT: says so" grep -q "output 'in.cbc' is the same file as the input 'in.cbc'" "$tmp/stderr"
check "-o INPUT: input untouched" cmp -s in.cbc in.orig
check "-o ./INPUT (another name): exit 1" test "$(status_of "$gearsc" in.cbc -o ./in.cbc)" = 1
check "-o ./INPUT: input untouched" cmp -s in.cbc in.orig
ln in.cbc hard.cbc
check "-o HARD-LINK-TO-INPUT: exit 1" test "$(status_of "$gearsc" in.cbc -o hard.cbc)" = 1
check "-o HARD-LINK-TO-INPUT: input untouched" cmp -s in.cbc in.orig
ln -s in.cbc soft.c
check "-o SYMLINK-TO-INPUT: exit 1" test "$(status_of "$gearsc" in.cbc -o soft.c)" = 1
check "-o SYMLINK-TO-INPUT: input untouched" cmp -s in.cbc in.orig
check "--manifest=INPUT: exit 1" \
    test "$(status_of "$gearsc" --gears SingleLinkedStack.cbc -o sls.c --manifest=SingleLinkedStack.cbc)" = 1
check "--manifest=INPUT: says so" grep -q "output 'SingleLinkedStack.cbc' is the same file as the input" "$tmp/stderr"
check "--manifest=INPUT: input untouched" cmp -s SingleLinkedStack.cbc "$root/examples/stack/SingleLinkedStack.cbc"
check "--manifest=INPUT: no C written either" test ! -e sls.c
check "no temporary files left" no_temporaries .

# ---- 8. two outputs that are one file ----
check "-o X --manifest=X: exit 1" \
    test "$(status_of "$gearsc" --gears SingleLinkedStack.cbc -o X --manifest=X)" = 1
check "-o X --manifest=X: says so" grep -q "outputs 'X' and 'X' are the same file" "$tmp/stderr"
check "-o X --manifest=X: nothing written" test ! -e X
check "-o X --manifest=./X (a new file, two names): exit 1" \
    test "$(status_of "$gearsc" --gears SingleLinkedStack.cbc -o X --manifest=./X)" = 1
check "-o X --manifest=./X: nothing written" test ! -e X
"$gearsc" --gears SingleLinkedStack.cbc -o sls.c --manifest=sls.json || echo "FAIL: setup"
cp sls.json sls.json.orig
check "link -o X --tables=X: exit 1" \
    test "$(status_of "$gearsc" link -o X --tables=X sls.json)" = 1
check "link -o X --tables=X: says so" grep -q "outputs 'X' and 'X' are the same file" "$tmp/stderr"
check "link -o X --tables=X: nothing written" test ! -e X
check "link -o MANIFEST: exit 1" \
    test "$(status_of "$gearsc" link -o sls.json --tables=t.c sls.json)" = 1
check "link -o MANIFEST: manifest untouched" cmp -s sls.json sls.json.orig
check "link -o MANIFEST: no tables either" test ! -e t.c
check "skeleton -o HEADER: exit 1" test "$(status_of "$gearsc" skeleton -o Stack.h Stack.h MyStack)" = 1
check "skeleton -o HEADER: header untouched" cmp -s Stack.h Stack.orig
check "graph -o MANIFEST: exit 1" test "$(status_of "$gearsc" graph -o sls.json sls.json)" = 1
check "graph -o MANIFEST: manifest untouched" cmp -s sls.json sls.json.orig
check "-o /dev/null --manifest=/dev/null (not files) still works" \
    test "$(status_of "$gearsc" --gears SingleLinkedStack.cbc -o /dev/null --manifest=/dev/null)" = 0

# ---- 8. all or nothing ----
echo 'old header' >ctx.h
mkdir ro
check "link, tables in a missing directory: exit 1" \
    test "$(status_of "$gearsc" link -o ctx.h --tables=nodir/t.c sls.json)" = 1
check "link, tables not writable: header untouched" grep -qx 'old header' ctx.h
check "link, tables not writable: no temporary left" no_temporaries .
mkdir tdir.c
check "link, tables is a directory: exit 1" \
    test "$(status_of "$gearsc" link -o ctx.h --tables=tdir.c sls.json)" = 1
check "link, tables is a directory: header untouched" grep -qx 'old header' ctx.h
check "link, tables is a directory: no temporary left" no_temporaries .
echo 'old C' >old.c
check "--manifest in a missing directory: exit 1" \
    test "$(status_of "$gearsc" --gears SingleLinkedStack.cbc -o old.c --manifest=nodir/m.json)" = 1
check "--manifest in a missing directory: C untouched" grep -qx 'old C' old.c
check "--manifest in a missing directory: no temporary left" no_temporaries .
check "both outputs written" \
    test "$(status_of "$gearsc" link -o ctx.h --tables=tables.c sls.json)" = 0
check "both outputs written: header" grep -q 'enum Code' ctx.h
check "both outputs written: tables" grep -q 'gears_code_table' tables.c

# ---- 9. long names ----
n255=$(printf '%0255d' 0 | tr 0 a)
n250=$(printf '%0248d' 0 | tr 0 b).c
check "a 255-byte output name: exit 0" test "$(status_of "$gearsc" in.cbc -o "$n255")" = 0
check "a 255-byte output name: written" grep -q 'Generated by gearsc' "$n255"
check "a 250-byte output name: exit 0" test "$(status_of "$gearsc" in.cbc -o "$n250")" = 0
m255=$(printf '%0255d' 0 | tr 0 m)
h255=$(printf '%0255d' 0 | tr 0 h)
check "a 255-byte manifest, header and tables name" \
    sh -c "'$gearsc' --gears SingleLinkedStack.cbc -o '$n250' '--manifest=$m255' && '$gearsc' link -o '$h255' '--tables=$n255' '$m255' && grep -q 'enum Code' '$h255'"
check "long names: no temporary left" no_temporaries .

# ---- 9. a symbolic link is written through ----
mkdir sub
echo 'old target' >sub/target.c
ln -s sub/target.c link.c
check "-o LINK: exit 0" test "$(status_of "$gearsc" in.cbc -o link.c)" = 0
check "-o LINK: still a link" test -L link.c
check "-o LINK: the target holds the C" grep -q 'Generated by gearsc' sub/target.c
check "-o LINK: no temporary beside the link or the target" sh -c "! ls -A . sub | grep -q gearsc-"
ln -s target.c sub/rel.c
ln -s sub/rel.c chain.c
echo 'old target' >sub/target.c
check "-o LINK-TO-RELATIVE-LINK: exit 0" test "$(status_of "$gearsc" in.cbc -o chain.c)" = 0
check "-o LINK-TO-RELATIVE-LINK: links kept, target written" \
    sh -c 'test -L chain.c && test -L sub/rel.c && grep -q "Generated by gearsc" sub/target.c'
ln -s sub/new.c dangling.c
check "-o DANGLING-LINK: creates the target" \
    sh -c "'$gearsc' in.cbc -o dangling.c && test -L dangling.c && grep -q 'Generated by gearsc' sub/new.c"
chmod 640 sub/target.c
"$gearsc" in.cbc -o link.c
check "-o over an existing file keeps its mode" test "$(stat -c %a sub/target.c)" = 640
ln -s loop1 loop2
ln -s loop2 loop1
check "-o LINK-CYCLE: exit 1" test "$(status_of "$gearsc" in.cbc -o loop1)" = 1
check "-o LINK-CYCLE: says so" grep -q "cannot write 'loop1': Too many levels of symbolic links" "$tmp/stderr"

# ---- 10. input paths escaped in the prelude comment and in #line ----
odd=$(printf 'we*/ird\nd"ir\\x')
mkdir -p "$odd"
printf '__code f(int x) { goto f(x); }\n#warning here\n' >"$odd/in.cbc"
cp SingleLinkedStack.cbc Stack.h "$odd/"
check "odd path: gearsc succeeds" "$gearsc" "$odd/in.cbc" -o odd.c
check "odd path: '*/' does not end the prelude comment" \
    grep -q '^/\* Generated by gearsc from we\*\\/ird\\012d"ir\\x/in.cbc: do not edit. \*/$' odd.c
check "odd path: #line escapes newline, quote and backslash" \
    grep -q '^#line 1 "we\*/ird\\012d\\"ir\\\\x/in.cbc"$' odd.c
check "odd path, --gears: gearsc succeeds" \
    "$gearsc" --gears "$odd/SingleLinkedStack.cbc" -o oddg.c --manifest=oddg.json
check "odd path, --gears: one line of prelude comment" \
    grep -q '^/\* Generated by gearsc --gears from we\*\\/ird\\012d"ir\\x/SingleLinkedStack.cbc: do not edit. \*/$' oddg.c
if [ -n "$cc" ]; then
    check "odd path: clang compiles the output and places its diagnostics in the source" \
        sh -c "'$cc' -fsyntax-only odd.c 2>odd.err && grep -q 'in.cbc:2:2: warning: here' odd.err"
fi
check "link -o a header whose name #include cannot spell: exit 1" \
    test "$(status_of "$gearsc" link -o 'q"h.h' --tables=qt.c sls.json)" = 1
check "link -o a header whose name #include cannot spell: nothing written" \
    sh -c "test ! -e 'q\"h.h' && test ! -e qt.c"

# ---- 11. #interface lines keep the output line-exact ----
mkdir il
cp Stack.h il/
printf '#interface "Stack.h" /* the Stack */\n#interface "Stack.h"\n\n__code done(void) {\n}\n#warning line6\n' >il/a.cbc
check "#interface: gearsc --gears and link" \
    sh -c "'$gearsc' --gears il/a.cbc -o il/a.c --manifest=il/a.json && '$gearsc' link -o il/context.h --tables=il/t.c il/a.json"
if [ -n "$cc" ]; then
    check "#interface: clang's diagnostic on the line after two #interface lines is on its line" \
        sh -c "'$cc' -fsyntax-only -Iil -I'$root/runtime/include' il/a.c 2>il/err && grep -q 'a.cbc:6:2: warning: line6' il/err"
fi

# ---- 13. gearsc graph given one manifest twice lists its gears once ----
"$gearsc" graph sls.json >graph1.json
check "graph: the same manifest twice (and by another name) lists each gear once" \
    sh -c "'$gearsc' graph sls.json sls.json ./sls.json | cmp -s - graph1.json"

# ---- 13. a NUL byte inside a string literal: a warning, kept, as gcc and clang ----
printf 'static const char t[] = "x\0y\0z";\n__code f(int x) { goto f(x); }\n' >nul.cbc
check "NUL in a string literal: exit 0" test "$(status_of "$gearsc" nul.cbc -o nul.c)" = 0
check "NUL in a string literal: a located warning, once" \
    test "$(grep -c '^nul.cbc:1:27: warning: null character preserved in string literal$' "$tmp/stderr")" = 1
check "NUL in a string literal: kept in the output" \
    test "$(tr -cd '\000' <nul.c | wc -c)" = 2
printf 'int x;\n\0 int y;\n' >nul2.cbc
check "NUL outside a literal: still an error" test "$(status_of "$gearsc" nul2.cbc -o nul2.c)" = 1
check "NUL outside a literal: says so" grep -q '^nul2.cbc:2:1: error: null character in source file' "$tmp/stderr"

checks_done
