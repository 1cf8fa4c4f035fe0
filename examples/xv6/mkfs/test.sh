#!/bin/sh
# test.sh -- host-side test of mkfs: builds images, reads them back with
# `mkfs --check`, and checks every error mkfs reports.
#
#   sh mkfs/test.sh [PATH-TO-MKFS]      (default build/mkfs; `make mkfs-test`)
#
# Prints "mkfs-test: N checks passed" and exits 0, or names the failed
# checks and exits 1.
mkfs=${1:-build/mkfs}
case $mkfs in /*) ;; *) mkfs=$(pwd)/$mkfs ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
checks=0
failed=0
ok()   { checks=$((checks + 1)); }
bad()  { checks=$((checks + 1)); failed=$((failed + 1)); echo "mkfs-test: FAILED: $*"; }

# expect_fail WHAT PATTERN ARGS...: mkfs must exit non-zero, say PATTERN, and leave no image
expect_fail() {
  what=$1; pattern=$2; shift 2
  rm -f img
  if "$mkfs" img "$@" >out 2>err; then
    bad "$what: mkfs succeeded"
  elif ! grep -q "$pattern" err; then
    bad "$what: message was: $(cat err)"
  elif [ -e img ]; then
    bad "$what: left an image behind"
  else
    ok
  fi
}

# 1. A good image with files of the interesting sizes.
printf 'hello\n' > small
: > empty
head -c 12288 /dev/zero | tr '\0' 'd' > direct         # exactly NDIRECT blocks
head -c 12289 /dev/zero | tr '\0' 'i' > indirect       # one byte into the indirect block
head -c 274432 /dev/zero | tr '\0' 'm' > maxfile       # MAXFILE blocks (268 KiB)
cp small _underscore
if "$mkfs" img small empty direct indirect maxfile _underscore small:renamed >out 2>err; then ok; else bad "good image: $(cat err)"; fi
if "$mkfs" --check img >list 2>err; then ok; else bad "check of a good image: $(cat err)"; fi
for want in "small 2 2 6" "empty 2 3 0" "direct 2 4 12288" "indirect 2 5 12289" \
            "maxfile 2 6 274432" "underscore 2 7 6" "renamed 2 8 6"; do
  name=${want%% *}; rest=${want#* }
  if awk -v n="$name" -v r="$rest" '$1 == n && ($2" "$3" "$4) == r { found = 1 } END { exit !found }' list; then ok
  else bad "listing lacks \"$want\": $(cat list)"; fi
done
if grep -q "img: 7 files" list; then ok; else bad "file count: $(tail -1 list)"; fi
if [ "$(wc -c < img)" -eq $((2000 * 1024)) ]; then ok; else bad "image size $(wc -c < img)"; fi

# 2. Errors.
head -c 274433 /dev/zero > toobig
expect_fail "file over MAXFILE" "too big" toobig
expect_fail "name over DIRSIZ" "name too long" small:abcdefghijklmno
expect_fail "duplicate name" "duplicate" small small
expect_fail "name ." "duplicate" small:.
expect_fail "missing file" "cannot open" nonexistent
expect_fail "disk full" "file system full" maxfile maxfile:m2 maxfile:m3 maxfile:m4 maxfile:m5 maxfile:m6 maxfile:m7 maxfile:m8
i=0; set --
while [ $i -lt 210 ]; do set -- "$@" small:f$i; i=$((i + 1)); done
expect_fail "too many files" "too many files" "$@"
if "$mkfs" >/dev/null 2>&1; then bad "no arguments accepted"; else ok; fi

# 3. --check notices damage.
"$mkfs" img small direct >/dev/null 2>&1
printf 'XXXX' | dd of=img bs=1 seek=1024 conv=notrunc 2>/dev/null       # superblock magic
if "$mkfs" --check img >/dev/null 2>&1; then bad "--check accepted a bad superblock"; else ok; fi
"$mkfs" img small direct >/dev/null 2>&1
bmap=$(od -A n -t u4 -j $((1024 + 20)) -N 4 img | tr -d ' ')             # superblock.bmapstart
dd if=/dev/zero of=img bs=1024 seek="$bmap" count=1 conv=notrunc 2>/dev/null
if "$mkfs" --check img >/dev/null 2>err; then bad "--check accepted a cleared bitmap"
elif grep -q "free in the bitmap" err; then ok; else bad "bitmap damage message: $(cat err)"; fi
head -c 1000 /dev/zero > short
if "$mkfs" --check short >/dev/null 2>&1; then bad "--check accepted a short image"; else ok; fi

if [ $failed -ne 0 ]; then
  echo "mkfs-test: $failed of $checks checks FAILED"
  exit 1
fi
echo "mkfs-test: $checks checks passed"
