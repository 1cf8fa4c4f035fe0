#!/bin/sh
# lto.sh GEARSC CC - gearsc cc under -flto and -flto=thin: gearsc's
# link-time checks are symbols defined by module-level asm in COMDAT groups,
# which LTO cannot merge (lld: "duplicate symbol"), so gearsc cc leaves them
# out of LTO compiles (CBC_NO_LINK_CHECKS) and every chain frame then holds
# CBC_SPILL_BYTES.  The program below enters its chain in a file that cannot
# see the gear receiving 64 spilled bytes: it links and runs under LTO, and
# without LTO the spill-room check refuses it (docs/lowering.md, "Spill
# room").  Skipped (77) where the backend cannot link LTO objects with lld.
set -u
gearsc=$1 cc=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
export GEARSC_CC="$cc"
# LTO needs an lld of the backend's own LLVM version.
printf 'int main(void) { return 0; }\n' >plain.c
if ! $cc -flto -fuse-ld=lld plain.c -o plain 2>/dev/null; then
    echo "skip: $cc -flto -fuse-ld=lld does not link a plain C program here"
    exit 77
fi

cat >chain.h <<'H'
__code start(long n, long *out);
H
cat >a.cbc <<'C'
#include "chain.h"
long enter(long n) { long out = 0; start(n, &out); return out; }
int main(void) { return enter(5) == 5 + 28 ? 0 : 1; }
C
cat >b.cbc <<'C'
#include "chain.h"
struct big { long x[8]; };
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
C
for lto in -flto -flto=thin; do
    for f in a b; do
        "$gearsc" cc -O2 $lto -c $f.cbc -o $f.o || fail "gearsc cc $lto -c $f.cbc"
    done
    if "$gearsc" cc $lto -fuse-ld=lld a.o b.o -o prog 2>err && ./prog; then
        echo "ok: $lto links and runs"
    else
        cat err; fail "$lto: the program does not link or run"
    fi
done
for f in a b; do "$gearsc" cc -O2 -flto -fno-lto -c $f.cbc -o $f.o || fail "gearsc cc -c $f.cbc"; done
if "$gearsc" cc -fuse-ld=lld a.o b.o -o prog 2>err; then
    fail "without LTO, an entry with no room linked with a gear receiving 64 spilled bytes"
elif grep -q '__gearsc_spill_over_' err; then
    echo "ok: without LTO (-fno-lto last) the spill-room check refuses the program"
else
    cat err; fail "without LTO: refused without naming the spill level"
fi
[ $fails -eq 0 ] || exit 1
