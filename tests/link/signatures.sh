#!/bin/sh
# Gear signatures across files (docs/lowering.md, "Gear types"): a gear
# defined with one parameter list in one file and declared with another in a
# second must not link, and the linker's message must name the gear with the
# parameter types the second file expects; files that agree link and run.
# With -DCBC_NO_SIGNATURE_CHECK nothing is checked (the mismatched program
# then links).  Each of lld and GNU ld, with --gc-sections, for TARGET
# (native or aarch64: cross-compiled, run under qemu-aarch64; GNU ld for
# AArch64 needs binutils-aarch64-linux-gnu and is skipped without it).
#
#   signatures.sh GEARSC CC TARGET
set -u
gearsc=$1 cc=$2 target=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/target.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

cat >"$tmp/sink.cbc" <<'CBC'
#include <stdio.h>
__code sink(int tag, long extra)
{
    printf("sink %d %ld\n", tag, extra);
}
CBC
cat >"$tmp/good.cbc" <<'CBC'
typedef long word;
__code sink(const int tag, word extra);
int main(void) { goto sink(7, 35); }
CBC
cat >"$tmp/stale.cbc" <<'CBC'
__code sink(int tag);
int main(void) { goto sink(7); }
CBC

# gearsc does not evaluate #if: a use in a branch the compiler leaves out
# must not reference the gear, one it keeps must
cat >"$tmp/cond.cbc" <<'CBC'
__code sink(int tag);
#ifdef USE_STALE
__code go(void) { goto sink(1); }
#endif
int main(void) { return 0; }
CBC

for f in sink good stale cond; do
    "$gearsc" "$tmp/$f.cbc" -o "$tmp/$f.c" || fail "gearsc $f.cbc"
done
grep -q '__gearsc_sig:sink(int, long)' "$tmp/good.c" || fail "good.c does not reference sink(int, long)"
# target.sh's flags, less its linker: each linker is chosen here
cflags=$(echo "$cflags" | sed 's/-fuse-ld=[^ ]*//')
build() { # OUT DEFS LINKER FILES...
    out=$1 defs=$2 ld=$3
    shift 3
    for f in "$@"; do
        # shellcheck disable=SC2086
        $cc $cflags $defs -std=gnu11 -Wall -Wextra -Werror -O2 -ffunction-sections \
            -c "$tmp/$f.c" -o "$tmp/$f.o" || return 2
    done
    objs=
    for f in "$@"; do objs="$objs $tmp/$f.o"; done
    # shellcheck disable=SC2086
    $cc $cflags -fuse-ld=$ld -Wl,--gc-sections $objs -o "$tmp/$out" 2>"$tmp/err"
}

linkers=lld
if [ "$target" = native ] || command -v aarch64-linux-gnu-ld >/dev/null; then
    linkers="lld bfd"
else
    echo "skip: GNU ld for AArch64 (binutils-aarch64-linux-gnu) is not installed"
fi
for ld in $linkers; do
    if build good "" $ld sink good; then
        got=$(run "$tmp/good")
        [ "$got" = "sink 7 35" ] && echo "ok: matching declarations link and run ($ld): $got" \
            || fail "$ld: the matching program printed '$got'"
    else
        cat "$tmp/err"; fail "$ld: matching declarations do not link"
    fi
    build stale "" $ld sink stale
    rc=$?
    if [ $rc -eq 0 ]; then
        fail "$ld: a stale declaration of sink linked"
    elif grep -q '__gearsc_sig:sink(int)' "$tmp/err"; then
        echo "ok: $ld refuses the stale declaration: $(grep -m1 'undefined.*__gearsc_sig:sink' "$tmp/err")"
    else
        cat "$tmp/err"; fail "$ld: refused without naming __gearsc_sig:sink(int) (status $rc)"
    fi
    if build stale -DCBC_NO_SIGNATURE_CHECK $ld sink stale; then
        echo "ok: -DCBC_NO_SIGNATURE_CHECK leaves the check out ($ld)"
    else
        cat "$tmp/err"; fail "$ld: -DCBC_NO_SIGNATURE_CHECK still fails to link"
    fi
    if build cond "" $ld sink cond; then
        echo "ok: a stale declaration used only in a branch left out links ($ld)"
    else
        cat "$tmp/err"; fail "$ld: a use in a branch left out was checked"
    fi
    if build cond -DUSE_STALE $ld sink cond; then
        fail "$ld: a stale declaration used in a branch kept linked"
    elif grep -q '__gearsc_sig:sink(int)' "$tmp/err"; then
        echo "ok: $ld refuses it when the branch is kept"
    else
        cat "$tmp/err"; fail "$ld: the kept branch refused without naming __gearsc_sig:sink(int)"
    fi
done
exit $status
