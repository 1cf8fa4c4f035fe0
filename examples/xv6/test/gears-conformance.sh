#!/bin/sh
# gears-conformance.sh [ARCH] -- a Gears implementation that disagrees with
# its Interface stops the kernel build with gearsc's located error, instead
# of building a kernel that misbehaves (issue 17, item 4).
#
# It copies kernel/gears/ and breaks one method implementation: the `n`
# parameter of writePipeIO (IO.write's `int n`) becomes `long n` -- after
# lowering every gear is `void g(struct Context *)`, so clang alone could
# not see it, and the gear would read 8 bytes from a 4-byte home.  The build
# (GEARS_SRCDIR= the copy) must fail, gearsc's error must name the file,
# line and column of that parameter, and no object may be made.  A second
# copy, unbroken, must build: the check is about the change, not the copy.
#   sh test/gears-conformance.sh [aarch64|x86_64]     (from examples/xv6)
arch=${1:-x86_64}
xv6=$(cd "$(dirname "$0")/.." && pwd)
cd "$xv6" || exit 1
GEARSC=${GEARSC:-$(cd ../.. && pwd)/build/gearsc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
bad() { echo "gears-conformance: FAILED: $*"; status=1; }

cp -r kernel/gears "$tmp/good"
cp -r kernel/gears "$tmp/broken"
sed -i 's/^__code writePipeIO(struct PipeIO\* io, struct file\* file, uint64 addr, int n,/__code writePipeIO(struct PipeIO* io, struct file* file, uint64 addr, long n,/' \
    "$tmp/broken/gears_io.cbc"
cmp -s kernel/gears/gears_io.cbc "$tmp/broken/gears_io.cbc" && bad "the sed did not change writePipeIO"
line=$(grep -n '^__code writePipeIO(' "$tmp/broken/gears_io.cbc" | cut -d: -f1)

# The Gears objects only (the rest of the kernel is not in question).
if make -s ARCH="$arch" BUILD="$tmp/b1" GEARSC="$GEARSC" GEARS_SRCDIR="$tmp/broken" \
        "$tmp/b1/$arch/gears/gears_io.o" >"$tmp/out" 2>&1; then
  bad "gears_io.o built with a broken implementation"
fi
[ -e "$tmp/b1/$arch/gears/gears_io.o" ] && bad "an object was made"
grep -E "gears_io\.cbc:$line:[0-9]+: error: " "$tmp/out" >"$tmp/err" || {
  cat "$tmp/out"; bad "no gearsc error at gears_io.cbc:$line"; }
grep -q writePipeIO "$tmp/err" || bad "the error does not name writePipeIO: $(cat "$tmp/err")"
grep -q 'signature is incompatible' "$tmp/out" && bad "clang's musttail error surfaced"

make -s ARCH="$arch" BUILD="$tmp/b2" GEARSC="$GEARSC" GEARS_SRCDIR="$tmp/good" \
     "$tmp/b2/$arch/gears/gears_io.o" >"$tmp/out2" 2>&1 || { cat "$tmp/out2"; bad "the unbroken copy did not build"; }

[ "$status" = 0 ] && echo "gears-conformance: $arch: $(head -1 "$tmp/err" | sed "s|$tmp/broken/||")"
exit $status
