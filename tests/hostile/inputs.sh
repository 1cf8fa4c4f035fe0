#!/bin/sh
# Inputs and outputs gearsc cannot use: each must give exit status 1, a
# "cannot read" / "cannot write" diagnostic naming the file, nothing on
# stdout, and no output or temporary file left behind.
#
#   inputs.sh GEARSC
#
# Covered elsewhere, not repeated here: a missing input file, a directory as
# input and an output file in a missing directory (tests/cli.sh); truncated,
# unbalanced, binary and NUL-byte input (tests/golden/errors/error_*.cbc).
#
# An unreadable file (chmod 000) only fails for a user without
# CAP_DAC_OVERRIDE: CI runs as root, where the case is skipped (and said so)
# -- the read failures below reach the same error path without permissions.
set -u
gearsc=$1
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
# fails_cleanly DESCRIPTION PATTERN ARGS...: gearsc ARGS exits 1, says PATTERN,
# prints nothing on stdout and leaves $tmp/out as it was (absent).
fails_cleanly() {
    what=$1 pattern=$2
    shift 2
    "$gearsc" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    check "$what: exit 1" test $status = 1
    check "$what: says '$pattern'" grep -q "$pattern" "$tmp/stderr"
    check "$what: nothing on stdout" test ! -s "$tmp/stdout"
    check "$what: no output file" test ! -e "$tmp/out/out.c"
    check "$what: no temporary file" test -z "$(ls -A "$tmp/out")"
}

mkdir "$tmp/out"
printf '__code f(int x) { goto f(x); }\n' >"$tmp/ok.cbc"

fails_cleanly "input path through a regular file (ENOTDIR)" \
    "cannot read '.*ok.cbc/x.cbc': Not a directory" "$tmp/ok.cbc/x.cbc" -o "$tmp/out/out.c"
ln -s loop "$tmp/loop"
fails_cleanly "input is a symlink loop (ELOOP)" \
    "cannot read '.*loop': Too many levels of symbolic links" "$tmp/loop" -o "$tmp/out/out.c"
ln -s "$tmp/nowhere.cbc" "$tmp/dangling.cbc"
fails_cleanly "input is a dangling symlink" \
    "cannot read '.*dangling.cbc': No such file" "$tmp/dangling.cbc" -o "$tmp/out/out.c"
long=$(printf '%0300d' 0)
fails_cleanly "input name too long (ENAMETOOLONG)" \
    "File name too long" "$tmp/$long.cbc" -o "$tmp/out/out.c"
fails_cleanly "input is a directory, output to a file" \
    "cannot read '.*': Is a directory" "$tmp/out" -o "$tmp/out/out.c"

chmod 000 "$tmp/ok.cbc"
if [ -r "$tmp/ok.cbc" ]; then
    echo "skip unreadable input (chmod 000): running as root, which reads it anyway"
else
    fails_cleanly "unreadable input (chmod 000)" "Permission denied" "$tmp/ok.cbc" -o "$tmp/out/out.c"
fi
chmod 644 "$tmp/ok.cbc"

mkdir "$tmp/out/out.c"
"$gearsc" "$tmp/ok.cbc" -o "$tmp/out/out.c" >"$tmp/stdout" 2>"$tmp/stderr"
check "output path is a directory: exit 1" test $? = 1
check "output path is a directory: says so" grep -q "cannot write '.*out.c'" "$tmp/stderr"
check "output path is a directory: no temporary file" test "$(ls -A "$tmp/out")" = out.c
rmdir "$tmp/out/out.c"

"$gearsc" "$tmp/ok.cbc" -o "$tmp/ok.cbc/out.c" >"$tmp/stdout" 2>"$tmp/stderr"
check "output under a regular file: exit 1" test $? = 1
check "output under a regular file: says so" grep -q "cannot write '.*ok.cbc/out.c': Not a directory" "$tmp/stderr"

# An output that is not a regular file (/dev/null, a FIFO) is written to, not
# replaced: gearsc -o /dev/null as root used to rename a regular file over
# /dev/null.  Checked on a FIFO of our own (a reader drains it).
if mkfifo "$tmp/fifo" 2>/dev/null; then
    (timeout 20 cat "$tmp/fifo" >"$tmp/from_fifo") &
    reader=$!
    timeout 20 "$gearsc" "$tmp/ok.cbc" -o "$tmp/fifo" 2>"$tmp/stderr"
    check "output to a FIFO: exit 0" test $? = 0
    check "output to a FIFO: still a FIFO" test -p "$tmp/fifo"
    wait $reader
    check "output to a FIFO: the C arrived" grep -q '__cbc_code' "$tmp/from_fifo"
    check "output to a FIFO: no temporary file" test -z "$(ls -A "$tmp" | grep gearsc-)"
else
    echo "skip output to a FIFO: mkfifo failed"
fi

# Tools on empty input: a manifest of a file without gears has no
# transitions; `gearsc graph` sorted a NULL array (undefined behaviour that
# the sanitizer build reports).
printf 'int x;\n' >"$tmp/plain.cbc"
check "manifest of a file without gears" \
    "$gearsc" --gears "--manifest=$tmp/plain.json" "$tmp/plain.cbc" -o "$tmp/plain.c"
check "gearsc graph --dot with no transitions" \
    sh -c "'$gearsc' graph --dot '$tmp/plain.json' | grep -q '^digraph gears'"
check "gearsc graph (JSON) with no transitions" \
    sh -c "'$gearsc' graph '$tmp/plain.json' >/dev/null"

checks_done
