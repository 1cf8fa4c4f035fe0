#!/usr/bin/env bash
# bench/small_structs.sh - the measurement behind "small structs in two word
# slots" (docs/lowering.md, "Measured choices"): for each gearsc given (the
# current one, and a baseline build to compare with), a markdown table of
#   - the instructions of each gear of tests/exec/kernel_gears.cbc, built
#     freestanding with the integer-only layouts and kernel flags (clang -O2,
#     x86-64 and AArch64; llvm-objdump, whole function);
#   - callgrind's instructions per transition of a chain of two gears in two
#     files passing (struct {int a, b;}, struct {long x, y;}, long, gear
#     pointer), x86-64 hosted, ((Ir(N) - Ir(0)) / N).
#
#   bench/small_structs.sh GEARSC [BASELINE_GEARSC] [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cc=${CC:-clang}
n=${3:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count() { # count OBJECT SYMBOL
    llvm-objdump -d --no-show-raw-insn --disassemble-symbols="$2" "$1" |
        awk '$1 ~ /^[0-9a-f]+:$/ && $2 !~ /^(nop|int3|udf)/ && NF > 1 { n++ } END { print n + 0 }'
}

decls='struct pair { int a, b; };
struct vec { long x, y; };
__code step_a(struct pair p, struct vec v, long n, __code (*done)(struct vec, long));
__code step_b(struct pair p, struct vec v, long n, __code (*done)(struct vec, long));'
step() { # step NAME NEXT
    printf '%s\n__code %s(struct pair p, struct vec v, long n, __code (*done)(struct vec, long))\n{\n    if (n == 0)\n        goto done(v, p.a);\n    goto %s((struct pair){ p.b, p.a + p.b }, (struct vec){ v.y, v.x + 1 }, n - 1, done);\n}\n' "$decls" "$1" "$2"
}
step step_a step_b >"$work/a.cbc"
cat >>"$work/a.cbc" <<'EOF'
long result;
__code finish(struct vec v, long a) { result = v.x + v.y + a; }
void run(long n) { goto step_a((struct pair){ 0, 1 }, (struct vec){ 1, 2 }, n, finish); }
EOF
step step_b step_a >"$work/b.cbc"
cat >"$work/main.c" <<'EOF'
#include <stdlib.h>
void run(long n);
int main(int argc, char **argv) { run(argc > 1 ? atol(argv[1]) : 0); return 0; }
EOF

gears=$(sed -n 's/^__code \([a-z_]*\)(.*{*$/\1/p' "$root/tests/exec/kernel_gears.cbc" | sort -u)
echo "| gearsc | gear | x86_64-int | aarch64-int |"
echo "|---|---|---|---|"
for g in "$1" ${2:+"$2"}; do
    for arch in x86_64 aarch64; do
        case $arch in
        x86_64) flags="--target=x86_64-elf -ffreestanding -mno-red-zone -mcmodel=kernel -mno-sse -mno-mmx -msoft-float" ;;
        aarch64) flags="--target=aarch64-none-elf -ffreestanding -mgeneral-regs-only" ;;
        esac
        "$g" --layout=$arch-int "$root/tests/exec/kernel_gears.cbc" -o "$work/k.c"
        # shellcheck disable=SC2086 # flags is a word list
        $cc -std=gnu11 -O2 $flags -c "$work/k.c" -o "$work/k.$arch.o"
    done
    for gear in $gears; do
        echo "| $g | $gear | $(count "$work/k.x86_64.o" "$gear") | $(count "$work/k.aarch64.o" "$gear") |"
    done
done
echo
echo "| gearsc | Ir per transition (x86-64, callgrind) |"
echo "|---|---|"
for g in "$1" ${2:+"$2"}; do
    "$g" "$work/a.cbc" -o "$work/a.c"
    "$g" "$work/b.cbc" -o "$work/b.c"
    $cc -std=gnu11 -O2 "$work/a.c" "$work/b.c" "$work/main.c" -o "$work/chain"
    ir() { valgrind --tool=callgrind --callgrind-out-file="$work/cg" "$work/chain" "$1" 2>&1 |
               sed -n 's/.*refs: *\([0-9,]*\).*/\1/p' | tr -d ,; }
    i0=$(ir 0)
    iN=$(ir "$n")
    echo "| $g | $(awk -v a="$i0" -v b="$iN" -v n="$n" 'BEGIN { printf "%.2f", (b - a) / n }') |"
done
