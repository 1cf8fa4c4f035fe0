#!/bin/sh
# kernel_flags.sh GEARSC CC - gearsc cc picks the slot layout from the target
# and the flags (issue 13): a kernel built with -mgeneral-regs-only (both
# arches), -mno-sse or -msoft-float (x86-64) gets the integer-only layout,
# so its gears compile and touch no FP register; without those flags the
# full layout of the target.  The target may come after the flags.
set -u
gearsc=$1 cc=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
export GEARSC_CC="$cc"
cat >k.cbc <<'C'
extern void acquire(void *lock);
__code step(long n, void *lock, __code (*next)(long, void *))
{
    acquire(lock);
    goto next(n + 1, lock);
}
long enter(long n, void *lock) { goto step(n, lock, __return); }
C
layout_of() { # FLAGS... -> the layout name the lowered text was made for
    "$gearsc" cc -E "$@" k.cbc -o k.i || return 1
    sed -n 's/.*lowered for the slot layout \([a-z0-9_-]*\).*/\1/p' k.i | head -n 1
}
check() { # EXPECTED FLAGS...
    want=$1; shift
    got=$(layout_of "$@") || { fail "gearsc cc -E $*"; return; }
    [ "$got" = "$want" ] || fail "$*: layout '$got', want '$want'"
}
check x86_64-int --target=x86_64-unknown-elf -ffreestanding -mgeneral-regs-only
check x86_64-int -mno-sse -mno-mmx --target=x86_64-unknown-elf
check x86_64-int --target=x86_64-unknown-elf -msoft-float
check x86_64 --target=x86_64-unknown-elf
check x86_64 --target=x86_64-unknown-elf -mno-sse -msse2
check aarch64-int --target=aarch64-unknown-elf -mgeneral-regs-only
check aarch64-int -target aarch64-unknown-elf -march=armv8-a+nofp
check aarch64 --target=aarch64-unknown-elf
# The integer-only objects build and keep FP registers out of every gear.
for t in x86_64 aarch64; do
    "$gearsc" cc -c -O2 -ffreestanding --target=$t-unknown-elf -mgeneral-regs-only k.cbc -o k-$t.o \
        || { fail "$t: gearsc cc -c -mgeneral-regs-only"; continue; }
    if command -v llvm-objdump >/dev/null 2>&1; then
        llvm-objdump -d k-$t.o >k-$t.s || { fail "$t: objdump"; continue; }
        if grep -Eq '%xmm|[[:space:]](d|q|v|s)[0-9]+[,.]' k-$t.s; then
            fail "$t: an FP register in the gears:"; grep -E '%xmm|[[:space:]](d|q|v|s)[0-9]+[,.]' k-$t.s | head -3
        fi
    fi
done
# A kernel's -DCBC_SPILL_BYTES=N reaches the prelude (the compile step reads
# preprocessed text, where command-line -D options do not apply); -U too.
# The object's room mark names the level of its chain frames' spill room:
# N (a power of two), or 8 for none -- k.cbc's gears spill nothing, so
# without the macro its entry's frame holds no spill area.
marker() { # FLAGS... -> the room level in the object's mark
    "$gearsc" cc -c "$@" k.cbc -o m.o || return 1
    nm m.o | sed -n 's/.*__gearsc_spill_over_\([0-9]*\)_bytes_not_held_by_a_chain_frame__CBC_SPILL_BYTES$/\1/p' | head -n 1
}
for flags in "-DCBC_SPILL_BYTES=64:64" "-D CBC_SPILL_BYTES=32:32" "-DCBC_SPILL_BYTES=64 -UCBC_SPILL_BYTES:8" ":8"; do
    want=${flags##*:}
    # shellcheck disable=SC2086
    got=$(marker ${flags%:*}) || { fail "gearsc cc -c ${flags%:*}"; continue; }
    [ "$got" = "$want" ] || fail "${flags%:*}: spill room level $got, want $want"
done
[ $fails -eq 0 ] || exit 1
echo "ok kernel flags select the integer-only layout; CBC_ macros reach the prelude"
