#!/bin/sh
# ccache.sh GEARSC CC - gearsc cc with ccache in front of the backend
# (GEARSC_CC="ccache clang"): examples/multifile built, cleaned and built
# again with a fresh cache (CCACHE_DIR in a temporary directory); the second
# build's four compiles must all be cache hits (ccache's statistics), its
# objects equal the first build's, and the program right.  The preprocessing
# step is ccache's "called for preprocessing" (run, not cached); the compile
# of the lowered C is what hits.  Skipped (77) where ccache is missing.
set -u
gearsc=$1 cc=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v ccache >/dev/null 2>&1 || { echo "SKIP: ccache is not installed (apt-get install ccache)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
export CCACHE_DIR="$work/cache" CCACHE_TEMPDIR="$work/cache-tmp" CCACHE_CONFIGPATH="$work/ccache.conf"
: >"$CCACHE_CONFIGPATH"
export GEARSC_CC="ccache $cc"
cp "$root"/examples/multifile/*.[ch] "$root"/examples/multifile/*.cbc \
   "$root"/examples/multifile/Makefile "$root"/examples/multifile/expected-output.txt "$work/"
cd "$work" || exit 1

# hits as ccache counts them: --print-stats (ccache >= 4.4), else ccache -s
hits() {
    if ccache --print-stats >stats.txt 2>/dev/null; then
        awk '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { n += $2 } END { print n + 0 }' stats.txt
    else
        ccache -s | awk 'tolower($0) ~ /cache hit/ { n += $NF } END { print n + 0 }'
    fi
}

make -s GEARSC="$gearsc" CFLAGS="-O2 -g" >make1.log 2>&1 || { cat make1.log; fail "the first build"; }
mkdir first && cp ./*.o first/
[ "$(hits)" -eq 0 ] || fail "hits in the first build, with an empty cache"
make -s clean
ccache --zero-stats >/dev/null
make -s GEARSC="$gearsc" CFLAGS="-O2 -g" >make2.log 2>&1 || { cat make2.log; fail "the second build"; }
n=$(hits)
ccache -s
[ "$n" -eq 4 ] || fail "the rebuild hit the cache $n times, not 4 (main.o chain.o scale.o util.o)"
for o in main.o chain.o scale.o util.o; do
    cmp "$o" "first/$o" || fail "$o from the cache differs from the first build's"
done
./multifile | diff -u expected-output.txt - || fail "the program built from the cache"

[ $fails -eq 0 ] || exit 1
echo "ok ccache: the rebuild's 4 compiles were cache hits"
