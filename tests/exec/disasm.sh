#!/bin/sh
# Freestanding compile and disassembly test: lower NAME.cbc, compile it
# freestanding for ARCH (x86_64 or aarch64) with -c, and check in
# llvm-objdump's disassembly that no gear calls a gear (directly or through
# a pointer) -- C functions it may call; at -O0 also that each gear has exactly one tail jump
# (jmp/b/br to another function, or indirect) per goto in the lowered C.
# ARCH x86_64-int or aarch64-int is a kernel build: lowered with that
# --layout= and compiled with -mno-sse -mno-mmx -msoft-float (x86-64) or
# -mgeneral-regs-only (AArch64); then also no instruction may name an FP/SIMD
# register, and at -O2 a gear that calls nothing may not touch the stack
# (no slot is passed there).  Soft-float helpers (__adddf3, ...) count as
# library calls.
#
#   disasm.sh GEARSC CC ARCH OPT NAME
set -u
gearsc=$1 cc=$2 arch=$3 opt=$4 name=$5
dir=$(cd "$(dirname "$0")" && pwd)

layout=
case $arch in
x86_64) cflags="--target=x86_64-elf -ffreestanding -mno-red-zone -mcmodel=kernel" ;;
aarch64) cflags="--target=aarch64-none-elf -ffreestanding" ;;
x86_64-int)
    layout=--layout=$arch
    cflags="--target=x86_64-elf -ffreestanding -mno-red-zone -mcmodel=kernel -mno-sse -mno-mmx -msoft-float" ;;
aarch64-int)
    layout=--layout=$arch
    cflags="--target=aarch64-none-elf -ffreestanding -mgeneral-regs-only" ;;
*) echo "unknown arch $arch" >&2; exit 2 ;;
esac
kernel=false
[ -n "$layout" ] && kernel=true

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gearsc" $layout "$dir/$name.cbc" -o "$tmp/$name.c" || exit 1
# shellcheck disable=SC2086 # cflags is a word list
"$cc" -std=gnu11 -Wall -Wextra -Werror "$opt" $cflags -c "$tmp/$name.c" -o "$tmp/$name.o" || exit 1
llvm-objdump -d -r --no-show-raw-insn "$tmp/$name.o" >"$tmp/dis" || exit 1

# The gears of the file (the prelude declares them all), and per gear the
# number of gotos: `__CBC_TAIL` in the body of `NAME(__CBC_GEAR_PARAMS)`.
sed -n 's/^\(static \)\{0,1\}__cbc_code \([A-Za-z_0-9]*\);$/\2/p' "$tmp/$name.c" >"$tmp/gears"
awk 'match($0, /[A-Za-z_][A-Za-z_0-9]*\(__CBC_GEAR_PARAMS\)/) {
         fn = substr($0, RSTART, RLENGTH - 19); n[fn] += 0 }
     fn != "" { n[fn] += gsub(/__CBC_TAIL/, "&") }
     END { for (f in n) print f, n[f] }' "$tmp/$name.c" | sort >"$tmp/gotos"

# Per function of the object: its tail jumps, and an error line for each
# call in a gear that is not to memcpy/memset/memmove.  A direct jump or call
# is resolved by its relocation if it has one, else by its printed <target>.
awk -v arch="${arch%-int}" -v kernel=$kernel -v opt="$opt" -v gears=" $(tr '\n' ' ' <"$tmp/gears")" '
    function settle(sym) {
        sub(/[-+]0x[0-9a-f]+$/, "", sym)
        if (kind == "call" && sym ~ /^(memcpy|memset|memmove)$/)
            libcalls++
        else if (kind == "call" && kernel == "true" && sym ~ /^__[a-z]+[sdt]f[0-9a-z]*$/)
            libcalls++
        else if (kind == "call" && index(gears, " " fn " ") && (sym == "" || index(gears, " " sym " ")))
            printf "error: %s calls %s\n", fn, (sym == "" ? "through a pointer" : sym)
        if (kind == "jump" && sym != "" && sym != fn)
            tails[fn]++
        kind = ""
    }
    function finish(f) {
        if (f != "" && kernel == "true" && opt == "-O2" && index(gears, " " f " ") && !calls[f] && stack[f])
            printf "error: %s calls nothing but touches the stack: %s\n", f, stack[f]
    }
    # AArch64 mapping symbols ($x.N, $d.N: clang 14 names them so, and
    # objdump heads a block with them, e.g. after an asm statement that
    # switched sections) are not functions: the block belongs to the last one.
    /^[0-9a-f]+ <\$[a-z](\.[0-9]+)?>:$/ { next }
    /^[0-9a-f]+ <.*>:$/ { finish(fn); fn = substr($2, 2, length($2) - 3); tails[fn] += 0; next }
    $2 ~ /^R_/ { if (kind != "") settle($3); next }
    $1 ~ /^[0-9a-f]+:$/ {
        if (kind != "") settle(target)
        m = $2
        target = ""
        if (kernel == "true") {
            ops = $0
            sub(/^[^\t]*\t[^\t]*\t?/, "", ops)  # the operands
            sub(/<.*$/, "", ops)
            gsub(/0x[0-9a-f]+/, "", ops)
            if ((arch == "x86_64" && ops ~ /%([xyz]mm|st|mm)/) || \
                (arch == "aarch64" && (m ~ /^f/ || ops ~ /(^|[ ,\[{])[bhsdqvz][0-9]+(\.|,|$| |\])/)))
                printf "error: %s uses an FP/SIMD register: %s\n", fn, $0
            if ((arch == "x86_64" && ops ~ /\(%r[sb]p\)/) || (arch == "aarch64" && ops ~ /\[(sp|x29)/))
                stack[fn] = m " " ops
            if ((arch == "x86_64" && m ~ /^call/) || (arch == "aarch64" && m ~ /^blr?$/))
                calls[fn] = 1
        }
        if (match($0, /<[^>+]*>$/)) target = substr($0, RSTART + 1, RLENGTH - 2)
        if (arch == "x86_64") {
            if (m ~ /^call/) kind = "call"
            else if (m ~ /^j/ && $3 ~ /^\*/) tails[fn]++
            else if (m ~ /^j/) kind = "jump"
        } else {
            if (m == "bl" || m == "blr") kind = "call"
            else if (m == "br") tails[fn]++
            else if (m ~ /^(b|b\..*|cbn?z|tbn?z)$/) kind = "jump"
        }
    }
    END {
        if (kind != "") settle(target)
        finish(fn)
        for (f in tails) print "tails", f, tails[f]
        print "libcalls", libcalls + 0
    }
' "$tmp/dis" | sort >"$tmp/tails"

status=0
if grep '^error:' "$tmp/tails"; then status=1; fi
[ -s "$tmp/gears" ] || { echo "no gears found in the output of gearsc"; status=1; }
while read -r g; do
    want=$(sed -n "s/^$g //p" "$tmp/gotos")
    have=$(sed -n "s/^tails $g //p" "$tmp/tails")
    if [ -z "$have" ]; then
        echo "gear $g is not in the object"; status=1
    elif [ "$opt" = -O0 ] && [ "$have" != "$want" ]; then
        echo "gear $g: $want gotos but $have tail jumps"; status=1
    fi
done <"$tmp/gears"
if [ $status -ne 0 ]; then
    cat "$tmp/dis"
    echo "FAIL $name ($arch $opt)"
    exit 1
fi
checked="no call between gears"
[ "$opt" = -O0 ] && checked="every goto a tail jump"
echo "ok $name ($arch $opt): $(wc -l <"$tmp/gears") gears, $checked;" \
    "$(sed -n 's/^libcalls //p' "$tmp/tails") calls to memcpy/memset"
