#!/bin/sh
# The spill room of chain frames (docs/lowering.md, "Spill room").  Checks,
# with compiler CC:
#  - a file whose gears spill nothing gives its chain entry no spill area
#    (the frame of `enter` stays small: -fstack-usage), a file that can
#    spill gives it CBC_SPILL_BYTES (256);
#  - a program whose chain, entered from a file with no room, reaches a gear
#    that receives spilled arguments does not link, with lld or GNU ld, and
#    the message names __gearsc_spill_over_..._bytes_...; the same program
#    links and runs when the entering file declares that gear (it can see
#    the spill, so its entry has room), or defines CBC_SPILL_BYTES;
#  - a file fixing CBC_SPILL_BYTES below what another file's gear needs
#    does not link;
#  - the two files #included into one translation unit stop in the
#    assembler, with a message that says to define CBC_SPILL_BYTES.
#
#   spill_room.sh GEARSC CC
set -u
gearsc=$1 cc=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# 64 bytes travel in the spill area under every layout.
cat >"$tmp/big.h" <<'C'
struct big { long x[8]; };
C
# a: the entry; it knows only the first gear of the chain.
cat >"$tmp/a.cbc" <<'CBC'
__code start(long n, long *out);
long enter(long n) { long out = 0; start(n, &out); return out; }
int main(void) { return enter(5) == 5 + 28 ? 0 : 1; }
CBC
# a_sees: the same, and it declares the gear that receives the spill.
cat >"$tmp/a_sees.cbc" <<'CBC'
#include "big.h"
__code start(long n, long *out);
__code finish(struct big b, long n, long *out);
long enter(long n) { long out = 0; start(n, &out); return out; }
int main(void) { return enter(5) == 5 + 28 ? 0 : 1; }
CBC
# b: the chain; start spills a struct big into the chain's frame.
cat >"$tmp/b.cbc" <<'CBC'
#include "big.h"
__code finish(struct big b, long n, long *out)
{
    long s = n;
    for (int i = 0; i < 8; i++)
        s += b.x[i];
    *out = s;
}
__code start(long n, long *out)
{
    struct big b = { { 0, 1, 2, 3, 4, 5, 6, 7 } };
    goto finish(b, n, out);
}
CBC

cflags="-std=gnu11 -Wall -Wextra -Werror -O2"
for f in a a_sees b; do
    "$gearsc" -I "$tmp" "$tmp/$f.cbc" -o "$tmp/$f.c" || fail "gearsc $f.cbc"
done
compile() { # NAME OBJECT [FLAGS...]
    name=$1 obj=$2; shift 2
    # shellcheck disable=SC2086
    $cc $cflags -I "$tmp" "$@" -c "$tmp/$name.c" -o "$tmp/$obj.o" || fail "compile $name.c $*"
}
compile a a -fstack-usage
compile a_sees a_sees -fstack-usage
compile a a256 -DCBC_SPILL_BYTES=256
compile a a32 -DCBC_SPILL_BYTES=32
compile b b

# The entry's frame: no spill area where nothing spills.
frame() { sed -n 's/.*:enter[[:space:]]\([0-9]*\).*/\1/p' "$1"; }
if [ -f "$tmp/a.su" ] && [ -f "$tmp/a_sees.su" ]; then
    small=$(frame "$tmp/a.su") big=$(frame "$tmp/a_sees.su")
    if [ -n "$small" ] && [ "$small" -lt 64 ] && [ -n "$big" ] && [ "$big" -ge 256 ]; then
        echo "ok: enter's frame: $small bytes with no spill in sight, $big bytes with one"
    else
        fail "enter's frame: $small bytes without a spilling gear in sight (want < 64), $big with one (want >= 256)"
    fi
else
    fail "no stack usage files from -fstack-usage"
fi

for ld in lld bfd; do
    if $cc -fuse-ld=$ld "$tmp/a.o" "$tmp/b.o" -o "$tmp/bad" 2>"$tmp/err"; then
        fail "an entry with no room linked with a gear that needs 64 spilled bytes ($ld)"
    elif grep -q '__gearsc_spill_over_[0-9]*_bytes_' "$tmp/err"; then
        echo "ok: $ld refuses the entry with no room: $(grep -m1 -o '__gearsc_spill_over_[0-9a-z_]*' "$tmp/err")"
    else
        cat "$tmp/err"; fail "$ld refused the program without naming the spill level"
    fi
    for good in a_sees a256; do
        if $cc -fuse-ld=$ld "$tmp/$good.o" "$tmp/b.o" -o "$tmp/good" && "$tmp/good"; then
            echo "ok: $good + b links and runs ($ld)"
        else
            fail "$good + b does not link or run ($ld)"
        fi
    done
    if $cc -fuse-ld=$ld "$tmp/a32.o" "$tmp/b.o" -o "$tmp/bad" 2>"$tmp/err"; then
        fail "CBC_SPILL_BYTES=32 linked with a gear that needs 64 spilled bytes ($ld)"
    elif grep -q '__gearsc_spill_over_32_bytes_' "$tmp/err"; then
        echo "ok: $ld refuses CBC_SPILL_BYTES=32 against 64 spilled bytes"
    else
        cat "$tmp/err"; fail "$ld refused CBC_SPILL_BYTES=32 without naming level 32"
    fi
done

printf '#include "a.c"\n#include "b.c"\n' >"$tmp/one.c"
# shellcheck disable=SC2086
if $cc $cflags -I "$tmp" -c "$tmp/one.c" -o "$tmp/one.o" 2>"$tmp/err"; then
    fail "an entry with no room and a spilling gear compiled in one translation unit"
elif grep -q 'define CBC_SPILL_BYTES' "$tmp/err"; then
    echo "ok: one translation unit: $(grep -m1 -o 'gearsc: a gear.*holds at most [0-9]*' "$tmp/err")"
else
    cat "$tmp/err"; fail "one translation unit: no message about CBC_SPILL_BYTES"
fi
exit $status
