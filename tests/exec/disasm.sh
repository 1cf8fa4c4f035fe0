#!/bin/sh
# Freestanding compile and disassembly test: lower NAME.cbc, compile it
# freestanding for ARCH (x86_64 or aarch64) with -c, and check in
# llvm-objdump's disassembly that no gear makes a call other than to
# memcpy/memset/memmove; at -O0 also that each gear has exactly one tail jump
# (jmp/b/br to another function, or indirect) per goto in the lowered C.
#
#   disasm.sh GEARSC CC ARCH OPT NAME
set -u
gearsc=$1 cc=$2 arch=$3 opt=$4 name=$5
dir=$(cd "$(dirname "$0")" && pwd)

case $arch in
x86_64) cflags="--target=x86_64-elf -ffreestanding -mno-red-zone -mcmodel=kernel" ;;
aarch64) cflags="--target=aarch64-none-elf -ffreestanding" ;;
*) echo "unknown arch $arch" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gearsc" "$dir/$name.cbc" -o "$tmp/$name.c" || exit 1
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
awk -v arch="$arch" -v gears=" $(tr '\n' ' ' <"$tmp/gears")" '
    function settle(sym) {
        sub(/[-+]0x[0-9a-f]+$/, "", sym)
        if (kind == "call" && sym ~ /^(memcpy|memset|memmove)$/)
            libcalls++
        else if (kind == "call" && index(gears, " " fn " "))
            printf "error: %s calls %s\n", fn, (sym == "" ? "through a pointer" : sym)
        if (kind == "jump" && sym != "" && sym != fn)
            tails[fn]++
        kind = ""
    }
    /^[0-9a-f]+ <.*>:$/ { fn = substr($2, 2, length($2) - 3); tails[fn] += 0; next }
    $2 ~ /^R_/ { if (kind != "") settle($3); next }
    $1 ~ /^[0-9a-f]+:$/ {
        if (kind != "") settle(target)
        m = $2
        target = ""
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
