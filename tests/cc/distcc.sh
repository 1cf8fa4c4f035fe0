#!/bin/sh
# distcc.sh GEARSC CC - gearsc cc with distcc in front of the backend
# (GEARSC_CC="distcc clang"): the preprocessing runs here, gearsc lowers the
# preprocessed text here, and distcc sends the lowered C to a compile server.
# The server is a distccd on 127.0.0.1 only (a free port, --jobs 2, stopped
# by the trap); DISTCC_FALLBACK=0 makes a compile that cannot be sent fail
# instead of running locally.  examples/multifile is built through it and
# every object must equal the one a local build makes (debug information
# with -gdwarf-4 -fdebug-compilation-dir=.: the server compiles in a
# directory of its own, and DWARF 5 checksums only sources compiled from
# their text); the server's log must show all four compiles.
# Skipped (77) where distcc or distccd is missing.
set -u
gearsc=$1 cc=$(basename "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in distcc distccd; do
    command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is not installed (apt-get install distcc)"; exit 77; }
done
work=$(mktemp -d)
pid=
stop() {
    [ -s "$work/run/pid" ] && kill "$(cat "$work/run/pid")" 2>/dev/null
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$work"
}
trap stop EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

if command -v python3 >/dev/null 2>&1; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
else
    port=$((20000 + $$ % 20000))
fi
# distccd run as root becomes nobody: its pid file goes in a directory anyone may write
chmod 711 "$work"
mkdir -m 1777 "$work/run"
distccd --daemon --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "$port" --jobs 2 \
    --pid-file "$work/run/pid" --log-stderr --log-level info 2>"$work/distccd.log" &
pid=$!
export DISTCC_HOSTS="127.0.0.1:$port/2" DISTCC_FALLBACK=0 DISTCC_DIR="$work/distcc"
mkdir "$DISTCC_DIR"
# wait until it compiles (at most 30 s: a loaded machine starts it slowly)
printf 'int probe(void) { return 1; }\n' >"$work/probe.c"
tries=0
until distcc "$cc" -c "$work/probe.c" -o "$work/probe.o" 2>"$work/probe.err"; do
    tries=$((tries + 1))
    if [ $tries -ge 100 ] || ! kill -0 "$pid" 2>/dev/null; then
        cat "$work/probe.err" "$work/distccd.log"
        echo "SKIP: distccd on 127.0.0.1:$port does not compile here"
        exit 77
    fi
    sleep 0.3
done
before=$(grep -c COMPILE_OK "$work/distccd.log")

cflags="-O2 -g -gdwarf-4 -fdebug-compilation-dir=."
for build in remote local; do
    mkdir -p "$work/$build"
    cp "$root"/examples/multifile/*.[ch] "$root"/examples/multifile/*.cbc \
       "$root"/examples/multifile/Makefile "$root"/examples/multifile/expected-output.txt "$work/$build/"
done
(cd "$work/remote" && GEARSC_CC="distcc $cc" make -s GEARSC="$gearsc" CFLAGS="$cflags" >make.log 2>&1) \
    || { cat "$work/remote/make.log"; fail "the build through distcc"; }
(cd "$work/local" && GEARSC_CC="$cc" make -s GEARSC="$gearsc" CFLAGS="$cflags" >make.log 2>&1) \
    || { cat "$work/local/make.log"; fail "the local build"; }
for o in main.o chain.o scale.o util.o; do
    cmp "$work/remote/$o" "$work/local/$o" || fail "$o through distcc differs from the local build"
done
"$work/remote/multifile" | diff -u "$work/remote/expected-output.txt" - || fail "the program built through distcc"
sent=$(($(grep -c COMPILE_OK "$work/distccd.log") - before))
[ "$sent" -eq 4 ] || { cat "$work/distccd.log"; fail "the server compiled $sent files, not 4"; }
# main.c includes gears.h (gear prototypes): lowered like chain.cbc and scale.cbc
lowered=$(grep COMPILE_OK "$work/distccd.log" | grep -c 'gearsc-[A-Za-z0-9]*\.i')
[ "$lowered" -eq 3 ] || fail "the server compiled $lowered lowered files, not 3"

[ $fails -eq 0 ] || exit 1
echo "ok distcc: 4 objects compiled on 127.0.0.1:$port, equal to a local build"
