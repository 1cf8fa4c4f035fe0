#!/usr/bin/env bash
# bench/kernel.sh - the kernel-grade rows of the benchmark (issue 13): a
# gear that calls C and goes on, a C function that enters a chain, each as
# gearsc output and as hand-written musttail C with natural signatures, for
# x86-64 and AArch64, hosted layouts and kernel builds (integer-only layouts,
# -mno-sse -mno-mmx -msoft-float / -mgeneral-regs-only).
#
#   bench/kernel.sh GEARSC [N]     prints a markdown table
#
# Counts: "instructions" is the number of instructions of the function in
# llvm-objdump's disassembly (clang -O2; step_b and sys_read are straight
# line, so it is the path of one transition); "Ir per iteration" is callgrind's instructions per iteration of the calling
# gear on x86-64 hosted ((Ir(N) - Ir(0)) / N, --pop-on-jump), work() included
# on both sides.  AArch64 counts are static only (callgrind does not run
# AArch64 code; qemu-user has no instruction-count plugin in Debian 12).
# "stack" is the frame the function reserves (sub rsp / sub sp immediates
# plus pushes), in bytes.
set -euo pipefail
gearsc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
n=${2:-1000000}
dir=$(cd "$(dirname "$0")/kernel" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc=${CC:-clang}

flags_of() { # flags_of ARCH KERNEL
    case $1-$2 in
    x86_64-no) echo "--target=x86_64-linux-gnu" ;;
    x86_64-yes) echo "--target=x86_64-elf -ffreestanding -mno-red-zone -mcmodel=kernel -mno-sse -mno-mmx -msoft-float" ;;
    aarch64-no) echo "--target=aarch64-linux-gnu" ;;
    aarch64-yes) echo "--target=aarch64-none-elf -ffreestanding -mgeneral-regs-only" ;;
    esac
}
layout_of() { case $1-$2 in *-yes) echo "$1-int" ;; *) echo "$1" ;; esac; }

count() { # count OBJECT SYMBOL: instructions of SYMBOL
    llvm-objdump -d --no-show-raw-insn --disassemble-symbols="$2" "$1" |
        awk '$1 ~ /^[0-9a-f]+:$/ && $2 !~ /^(nop|int3|udf)/ && NF > 1 { n++ } END { print n + 0 }'
}
frame() { # frame OBJECT SYMBOL: stack bytes reserved
    llvm-objdump -d --no-show-raw-insn --disassemble-symbols="$2" "$1" | awk '
        $2 ~ /^push/ { b += 8 }
        $2 == "subq" && $4 == "%rsp" && $3 ~ /^\$[0-9]+,$/ { v = $3; gsub(/[$,]/, "", v); b += v }
        $2 == "sub" && $3 == "sp," && $4 == "sp," { v = $5; sub(/^#/, "", v); b += v }
        $2 == "stp" && $0 ~ /\[sp, #-[0-9]+\]!/ { match($0, /#-[0-9]+/); b += substr($0, RSTART + 2, RLENGTH - 2) }
        $2 == "str" && $0 ~ /\[sp, #-[0-9]+\]!/ { match($0, /#-[0-9]+/); b += substr($0, RSTART + 2, RLENGTH - 2) }
        END { print b + 0 }'
}

echo "| row | arch | build | gearsc | hand-written musttail C | ratio |"
echo "| --- | --- | --- | ---: | ---: | ---: |"
for arch in x86_64 aarch64; do
    for kernel in no yes; do
        fl=$(flags_of $arch $kernel) lay=$(layout_of $arch $kernel)
        build=hosted; [ $kernel = yes ] && build="kernel flags, --layout=$lay"
        [ $kernel = no ] && build="--layout=$lay"
        for prog in calls calls_b enter; do
            "$gearsc" --layout="$lay" "$dir/$prog.cbc" -o "$work/$prog.c"
            # shellcheck disable=SC2086
            $cc -std=gnu11 -O2 $fl -c "$work/$prog.c" -o "$work/$prog-g.o"
            # shellcheck disable=SC2086
            $cc -std=gnu11 -O2 $fl -c "$dir/${prog}_hand.c" -o "$work/$prog-h.o"
            # shellcheck disable=SC2086
            $cc -std=gnu11 -O2 $fl -DCBC_SPILL_BYTES=256 -c "$work/$prog.c" -o "$work/$prog-g0.o"
        done
        g=$(count "$work/calls_b-g.o" step_b) h=$(count "$work/calls_b-h.o" step_b)
        echo "| gear calls C, goes on (instructions of step_b) | $arch | $build | $g | $h | $(awk -v a="$g" -v b="$h" 'BEGIN { printf "%.2f", a / b }')× |"
        g=$(count "$work/enter-g.o" sys_read) h=$(count "$work/enter-h.o" sys_read)
        g0=$(count "$work/enter-g0.o" sys_read)
        echo "| C enters a chain (instructions of sys_read; with -DCBC_SPILL_BYTES=256) | $arch | $build | $g ($g0) | $h | $(awk -v a="$g" -v b="$h" 'BEGIN { printf "%.2f", a / b }')× |"
        g=$(frame "$work/enter-g.o" sys_read) g0=$(frame "$work/enter-g0.o" sys_read) h=$(frame "$work/enter-h.o" sys_read)
        echo "| C enters a chain (stack bytes of sys_read; with -DCBC_SPILL_BYTES=256) | $arch | $build | $g ($g0) | $h | — |"
    done
done

# Ir per iteration, x86-64 hosted, callgrind.
if command -v valgrind >/dev/null; then
    for v in g h; do
        if [ $v = g ]; then
            "$gearsc" --layout=x86_64 "$dir/calls.cbc" -o "$work/calls.c"
            "$gearsc" --layout=x86_64 "$dir/calls_b.cbc" -o "$work/calls_b.c"
            src="$work/calls.c $work/calls_b.c"
        else
            src="$dir/calls_hand.c $dir/calls_b_hand.c"
        fi
        # shellcheck disable=SC2086
        $cc -std=gnu11 -O2 $src "$dir/work.c" "$dir/main.c" -o "$work/calls-$v"
        for k in 0 "$n"; do
            valgrind --tool=callgrind --pop-on-jump --callgrind-out-file="$work/cg-$v-$k" "$work/calls-$v" "$k" >/dev/null 2>&1
        done
    done
    ir() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'; }
    per() { awk -v a="$(ir "$work/cg-$1-$n")" -v b="$(ir "$work/cg-$1-0")" -v n="$n" 'BEGIN { printf "%.2f", (a - b) / n }'; }
    g=$(per g) h=$(per h)
    echo "| gear calls C, goes on (callgrind Ir per iteration, work() included) | x86_64 | --layout=x86_64 | $g | $h | $(awk -v a="$g" -v b="$h" 'BEGIN { printf "%.2f", a / b }')× |"
fi
