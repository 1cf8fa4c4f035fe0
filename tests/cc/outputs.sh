#!/bin/sh
# outputs.sh GEARSC CC - what gearsc cc writes besides an object: -E, -S,
# -save-temps, -MD/-MMD/-MF/-MT/-M, -v, -###, gearsc --preprocess, an -o
# that names an input (refused), the
# backend choice (--cc, GEARSC_CC with spaces), .S and .o inputs passing
# through, a .c without CbC compiled without lowering, exit statuses and the
# backend's own diagnostics pointing at the .cbc.
set -u
gearsc=$1 cc=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
export GEARSC_CC="$cc"

mkdir inc sub
cat >inc/gear.h <<'H'
__code add(long x, long y, __code (*k)(long, void *), void *env);
H
cat >x.cbc <<'C'
#include "gear.h"
#define SCALE(v) ((v) * FACTOR)
__code add(long x, long y, __code (*k)(long, void *), void *env)
{
    goto k(SCALE(x + y), env);
}
long sum(long x, long y) { goto add(x, y, __return, __environment); }
C
cat >main.c <<'C'
#include <stdio.h>
long sum(long, long);
long twice(long);
int main(void) { printf("%ld %ld\n", sum(2, 3), twice(4)); return 0; }
C
cat >asm.S <<'C'
#define RET ret
    .text
    .globl twice
twice:
    lea (%rdi,%rdi), %rax
    RET
    .section .note.GNU-stack,"",@progbits
C

# -c with -MD: the .d is named after the object and names the header.
"$gearsc" cc -Iinc -DFACTOR=10 -MD -c x.cbc -o sub/x.o || fail "-c -MD"
[ -f sub/x.o ] || fail "-c wrote no sub/x.o"
grep -q '^sub/x.o:' sub/x.d 2>/dev/null || fail "-MD: sub/x.d does not name sub/x.o"
grep -q 'inc/gear.h' sub/x.d 2>/dev/null || fail "-MD: sub/x.d does not name inc/gear.h"
grep -q 'x.cbc' sub/x.d 2>/dev/null || fail "-MD: sub/x.d does not name x.cbc"
# -MMD -MF -MT as given
"$gearsc" cc -Iinc -DFACTOR=10 -MMD -MF deps.txt -MT custom-target -c x.cbc -o x.o || fail "-MMD -MF -MT"
grep -q '^custom-target:' deps.txt 2>/dev/null || fail "-MT not kept"
# -M alone: rules on standard output, target x.o
"$gearsc" cc -Iinc -M x.cbc >m.txt || fail "-M"
grep -q '^x.o:.*x.cbc' m.txt || fail "-M: no 'x.o: x.cbc' rule"
# -c without -o: x.o in the current directory; a plain .c, a .S, then the link
rm -f x.o
"$gearsc" cc -Iinc -DFACTOR=10 -c x.cbc && [ -f x.o ] || fail "-c without -o"
if [ "$(uname -m)" = x86_64 ]; then
    "$gearsc" cc -c asm.S -o asm.o || fail ".S input"
    "$gearsc" cc main.c x.o asm.o -o prog || fail "link"
    [ "$(./prog)" = "50 8" ] || fail "program printed '$(./prog)', expected '50 8'"
    # one command: sources of three kinds and the link
    "$gearsc" cc -Iinc -DFACTOR=1 main.c x.cbc asm.S -o prog2 || fail "compile and link in one"
    [ "$(./prog2)" = "5 8" ] || fail "prog2 printed '$(./prog2)', expected '5 8'"
fi

# -E writes the lowered C (no CbC left), to -o or standard output
"$gearsc" cc -Iinc -DFACTOR=10 -E x.cbc -o x.lowered.c || fail "-E -o"
grep -q '__cbc_code' x.lowered.c || fail "-E: no lowered gear"
grep -q '__code' x.lowered.c && fail "-E: __code left in the output"
grep -q '(x + y) \* 10' x.lowered.c || fail "-E: macros not expanded"
"$gearsc" cc -Iinc -DFACTOR=10 -E x.cbc | cmp -s - x.lowered.c || fail "-E to stdout differs"
# gearsc --preprocess: the same pass
"$gearsc" --preprocess -Iinc -DFACTOR=10 x.cbc -o pp.c || fail "--preprocess"
cmp -s pp.c x.lowered.c || fail "--preprocess differs from cc -E"
# -S
"$gearsc" cc -Iinc -DFACTOR=10 -S x.cbc -o x.s || fail "-S"
grep -q 'sum' x.s || fail "-S: no 'sum' in x.s"
# -save-temps: the preprocessed CbC and the lowered C beside the object
mkdir st && (cd st && "$gearsc" cc -I../inc -DFACTOR=10 -save-temps -c ../x.cbc -o x.o) || fail "-save-temps"
[ -f st/x.cbc.i ] && [ -f st/x.i ] || fail "-save-temps: st/x.cbc.i and st/x.i expected, have: $(ls st)"
grep -q '__cbc_code' st/x.i 2>/dev/null || fail "-save-temps: x.i is not the lowered C"
# a .c file without CbC is compiled from its preprocessed text, not lowered
mkdir st2 && (cd st2 && "$gearsc" cc -save-temps -c ../main.c -o main.o) || fail "-save-temps main.c"
grep -q '__CBC_PRELUDE' st2/main.i && fail "main.c (no CbC) was lowered"
# ... and straight to the backend (no preprocessing step) when neither it
# nor its own headers hold a CbC token; a .c that includes a gear header is
# preprocessed and lowered
"$gearsc" cc -v -c main.c -o main.o 2>plain.txt || fail "main.c"
grep -q -- ' -E ' plain.txt && fail "main.c (no CbC) went through a preprocessing step"
printf '#include "gear.h"\nint f(void) { return 1; }\n' >uses_gear.c
"$gearsc" cc -v -Iinc -c uses_gear.c -o uses_gear.o 2>ug.txt || fail "uses_gear.c"
grep -q -- ' -E ' ug.txt || fail "uses_gear.c (includes a gear header) was not preprocessed"
# -v prints the commands; -### prints them and runs nothing
"$gearsc" cc -v -Iinc -DFACTOR=10 -c x.cbc -o v.o 2>v.txt || fail "-v"
grep -q -- '-E .*x.cbc' v.txt && grep -q -- '-x cpp-output' v.txt || fail "-v: commands not printed"
"$gearsc" cc -### -Iinc -c x.cbc -o never.o 2>dry.txt || fail "-###"
[ -f never.o ] && fail "-### ran the compiler"
grep -q -- '-E' dry.txt || fail "-###: commands not printed"
# the backend: --cc and GEARSC_CC (split on spaces)
"$gearsc" cc --cc="env $cc" -Iinc -DFACTOR=10 -v -c x.cbc -o cc1.o 2>cc.txt || fail "--cc with spaces"
grep -q "^env $cc -E" cc.txt || fail "--cc: the backend command is not 'env $cc'"
GEARSC_CC="env $cc" "$gearsc" cc -Iinc -DFACTOR=10 -v -c x.cbc -o cc2.o 2>cc2.txt || fail "GEARSC_CC with spaces"
grep -q "^env $cc -c" cc2.txt || fail "GEARSC_CC: the backend command is not 'env $cc'"
"$gearsc" cc --cc=no-such-compiler-gearsc -c x.cbc -o x.o 2>/dev/null
[ $? -eq 1 ] || fail "a missing backend: exit status not 1"
# exit statuses: the backend's; gearsc's own errors 1
printf '__code g(int x)\n{\n    struct nope s;\n    goto g(x);\n}\n' >bad.cbc
"$gearsc" cc -c bad.cbc -o bad.o 2>bad.txt
[ $? -ne 0 ] || fail "a backend error: exit status 0"
grep -q '^bad.cbc:3:' bad.txt || fail "the backend's diagnostic does not point at bad.cbc:3: $(cat bad.txt)"
printf '#include <stdio.h>\nint f(void) { return missing_function(1); }\n' >plain_bad.c
"$gearsc" cc -Werror -c plain_bad.c -o pb.o 2>pb.txt
[ $? -eq 1 ] || fail "a plain .c error: exit status not 1"
grep -q '^plain_bad.c:2:' pb.txt || fail "the backend's diagnostic for plain_bad.c: $(cat pb.txt)"
# an -o that names an input is refused (as gcc does) and the input is kept
cp x.cbc same.cbc
for mode in -E -c -S ''; do
    "$gearsc" cc -Iinc -DFACTOR=10 $mode same.cbc -o same.cbc 2>same.txt
    [ $? -eq 1 ] || fail "cc $mode same.cbc -o same.cbc: exit status not 1"
    cmp -s same.cbc x.cbc || fail "cc $mode same.cbc -o same.cbc overwrote its input"
    grep -q "input file 'same.cbc' is the same as output file" same.txt || fail "cc $mode -o input: $(cat same.txt)"
done
ln -s same.cbc alias.cbc
"$gearsc" --preprocess -Iinc same.cbc -o alias.cbc 2>/dev/null && fail "--preprocess wrote through a link to its input"
cmp -s same.cbc x.cbc || fail "--preprocess overwrote its input through a link"
# no input: the backend answers (--version)
"$gearsc" cc --version | grep -qi 'version' || fail "--version not answered by the backend"

[ $fails -eq 0 ] || exit 1
echo "all outputs right"
