#!/bin/sh
# gears_kernel.sh GEARSC CC - Gears mode the way a kernel builds it
# (examples/xv6, make GEARS=1): tests/cc/gears_kernel/main.cbc through the
# two-step flow of gearsc cc (manifest, gearsc link, compile with the
# context header first), with a kernel's flags for x86-64 and AArch64
# (-ffreestanding -nostdlib -mgeneral-regs-only; -mcmodel=kernel -mno-sse
# -mno-red-zone) and -Wall -Wextra -Werror, the runtime's freestanding core
# compiled the same way; then once hosted, run: 55 and 500500.
# main.cbc's gears goto gears defined further down with arguments, which
# the context header's `__gears_code g;` declarations must not hide.
set -u
gearsc=$1 cc=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
src=$root/tests/cc/gears_kernel rt=$root/runtime
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export GEARSC_CC="$cc"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
kernel="-std=gnu11 -ffreestanding -fno-builtin -nostdlib -fno-stack-protector -fno-pie -mgeneral-regs-only -O2 -Wall -Wextra -Werror"
for t in "--target=aarch64-none-elf" "--target=x86_64-elf -mno-red-zone -mcmodel=kernel -mno-sse -mno-mmx -mno-80387"; do
    # shellcheck disable=SC2086 # word lists
    "$gearsc" cc --gears $kernel $t -I"$rt/include" -E "$src/main.cbc" -o /dev/null --manifest=main.json \
        || fail "manifest ($t)"
    "$gearsc" link -o context.h --tables=gears_tables.c main.json || fail "link ($t)"
    # shellcheck disable=SC2086
    "$gearsc" cc --gears $kernel $t -I. -I"$rt/include" -c "$src/main.cbc" -o main.o || fail "compile ($t)"
    # shellcheck disable=SC2086
    "$cc" $kernel $t -I. -I"$rt/include" -c gears_tables.c -o tables.o || fail "tables ($t)"
    # shellcheck disable=SC2086
    "$cc" $kernel $t -I"$rt/include" -c "$rt/src/context.c" -o runtime.o || fail "runtime ($t)"
done
"$gearsc" cc --gears -I"$rt/include" -E "$src/main.cbc" -o /dev/null --manifest=main.json || fail "manifest (hosted)"
"$gearsc" link -o context.h --tables=gears_tables.c main.json || fail "link (hosted)"
"$gearsc" cc --gears -DHOSTED -I. -I"$rt/include" -Wall -Wextra -Werror -c "$src/main.cbc" -o main.o \
    || fail "compile (hosted)"
"$cc" -I. -I"$rt/include" main.o gears_tables.c "$rt/src/context.c" -o sum || fail "link the program"
[ "$(./sum)" = "55 500500" ] || fail "the program printed '$(./sum)', not '55 500500'"
[ $fails -eq 0 ] || exit 1
echo "gears: a kernel-style Gears program builds freestanding for both targets and runs"
