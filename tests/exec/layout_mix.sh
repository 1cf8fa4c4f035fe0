#!/bin/sh
# Slot layouts must agree across a program (docs/lowering.md, "Slot
# layouts").  Checks, with compiler CC:
#  - two files lowered for different layout shapes link with neither lld
#    nor GNU ld, and the message names the marker __gearsc_slot_layout_...;
#    two files of one layout link;
#  - the same two files #included into one translation unit stop at #error;
#  - a file lowered for x86_64 (float slots) compiled with -mno-sse, and a
#    file lowered for aarch64 compiled for x86-64, stop at #error.
#
#   layout_mix.sh GEARSC CC
set -u
gearsc=$1 cc=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

cat >"$tmp/a.cbc" <<'CBC'
__code b_gear(long x, long *out);
long enter(long x) { long out = 0; b_gear(x, &out); return out; }
int main(void) { return enter(41) == 42 ? 0 : 1; }
CBC
cat >"$tmp/b.cbc" <<'CBC'
__code b_gear(long x, long *out) { *out = x + 1; }
CBC

cflags="-std=gnu11 -Wall -Wextra -Werror -O2"
lower() { "$gearsc" --layout="$1" "$tmp/$2.cbc" -o "$tmp/$2_$1.c" || fail "gearsc --layout=$1 $2"; }
for l in x86_64 x86_64-int; do lower $l a; lower $l b; done
# shellcheck disable=SC2086
for l in x86_64 x86_64-int; do
    for f in a b; do $cc $cflags -c "$tmp/${f}_$l.c" -o "$tmp/${f}_$l.o" || fail "compile ${f}_$l"; done
done
for ld in lld bfd; do
    # shellcheck disable=SC2086
    if $cc -fuse-ld=$ld "$tmp/a_x86_64.o" "$tmp/b_x86_64.o" -o "$tmp/same" && "$tmp/same"; then
        echo "ok: one layout links and runs ($ld)"
    else
        fail "one layout does not link or run with $ld"
    fi
    if $cc -fuse-ld=$ld "$tmp/a_x86_64.o" "$tmp/b_x86_64-int.o" -o "$tmp/mixed" 2>"$tmp/err"; then
        fail "x86_64 and x86_64-int objects linked with $ld"
    elif grep -q '__gearsc_slot_layout_5_word_0_float_slots' "$tmp/err"; then
        echo "ok: $ld refuses the mix: $(grep -m1 __gearsc_slot_layout "$tmp/err")"
    else
        cat "$tmp/err"; fail "$ld refused the mix without naming the layout"
    fi
done

printf '#include "a_x86_64.c"\n#include "b_x86_64-int.c"\n' >"$tmp/one.c"
# shellcheck disable=SC2086
if $cc $cflags -c "$tmp/one.c" -o "$tmp/one.o" 2>"$tmp/err"; then
    fail "two layouts in one translation unit compiled"
elif grep -q 'different slot layouts' "$tmp/err"; then
    echo "ok: two layouts in one translation unit: #error"
else
    cat "$tmp/err"; fail "two layouts in one translation unit: no #error"
fi

# shellcheck disable=SC2086
if $cc $cflags -mno-sse -c "$tmp/b_x86_64.c" -o "$tmp/x.o" 2>"$tmp/err"; then
    fail "the x86_64 layout compiled with -mno-sse"
elif grep -q 'lower the file with --layout=x86_64-int' "$tmp/err"; then
    echo "ok: the x86_64 layout with -mno-sse: #error"
else
    cat "$tmp/err"; fail "the x86_64 layout with -mno-sse: no #error"
fi

lower aarch64-int b
# shellcheck disable=SC2086
if $cc $cflags --target=x86_64-elf -c "$tmp/b_aarch64-int.c" -o "$tmp/x.o" 2>"$tmp/err"; then
    fail "the aarch64-int layout compiled for x86-64"
elif grep -q 'compile it for AArch64' "$tmp/err"; then
    echo "ok: the aarch64-int layout for x86-64: #error"
else
    cat "$tmp/err"; fail "the aarch64-int layout for x86-64: no #error"
fi
exit $status
