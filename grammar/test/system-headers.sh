#!/bin/sh
# The C library's headers, preprocessed, must parse: gearsc --check and a
# plain lowering of a file that includes every C11 header and common POSIX
# ones, preprocessed by clang for one target.
#
#   system-headers.sh GEARSC TARGET [CC]
#     TARGET  native (the host's headers) or aarch64 (Debian's
#             libc6-dev-arm64-cross, /usr/aarch64-linux-gnu/include)
#     CC      clang (default: clang)
#
# Exits 77 (skipped) when the target's headers or clang are missing.
set -u
gearsc=$1
target=$2
cc=${3:-clang}

command -v "$cc" >/dev/null 2>&1 || { echo "skip: no $cc"; exit 77; }

case $target in
native)
    flags=""
    ;;
aarch64)
    sysinc=/usr/aarch64-linux-gnu/include
    [ -f "$sysinc/stdio.h" ] || { echo "skip: no $sysinc (libc6-dev-arm64-cross)"; exit 77; }
    # Only the cross headers and clang's own: never the host's /usr/include.
    resource=$("$cc" -print-resource-dir)
    flags="--target=aarch64-linux-gnu -nostdinc -isystem $resource/include -isystem $sysinc"
    ;;
*)
    echo "system-headers.sh: unknown target '$target'" >&2
    exit 2
    ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for h in assert.h complex.h ctype.h errno.h fenv.h float.h inttypes.h iso646.h \
         limits.h locale.h math.h setjmp.h signal.h stdalign.h stdarg.h \
         stdatomic.h stdbool.h stddef.h stdint.h stdio.h stdlib.h stdnoreturn.h \
         string.h tgmath.h threads.h time.h uchar.h wchar.h wctype.h \
         unistd.h fcntl.h pthread.h sys/types.h sys/stat.h sys/wait.h sys/mman.h \
         sys/socket.h netinet/in.h arpa/inet.h dirent.h poll.h termios.h \
         sys/time.h sys/ioctl.h dlfcn.h sched.h semaphore.h; do
    echo "#include <$h>"
done >"$tmp/all.c"
echo 'int main(void) { return 0; }' >>"$tmp/all.c"

# shellcheck disable=SC2086  # $flags is a list of words
"$cc" -std=gnu11 $flags -E -P "$tmp/all.c" -o "$tmp/all.i" \
    || { echo "FAIL: $cc $flags could not preprocess the headers"; exit 1; }
lines=$(wc -l <"$tmp/all.i")

"$gearsc" --check "$tmp/all.i" 2>"$tmp/check.err" || {
    head -n 20 "$tmp/check.err"
    echo "FAIL: gearsc --check refused the $target headers ($lines lines)"
    exit 1
}
"$gearsc" --no-line "$tmp/all.i" -o "$tmp/out.c" 2>"$tmp/lower.err" || {
    head -n 20 "$tmp/lower.err"
    echo "FAIL: gearsc refused to lower the $target headers"
    exit 1
}
cmp -s "$tmp/all.i" "$tmp/out.c" || { echo "FAIL: the lowering changed the $target headers"; exit 1; }
echo "ok: the $target headers ($lines lines) parse and pass through"
