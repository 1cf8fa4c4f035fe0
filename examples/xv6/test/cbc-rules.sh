#!/bin/sh
# cbc-rules.sh -- two rules of the gear system calls (issue 15), checked
# without booting:
#   1. every system call (the 21 of the paper and halt) has a gear version:
#      `make print-cbc` lists none that is C only;
#   2. no gear file calls the C version of a system call -- sys_NAME(), or
#      the C function the gears stand beside: fork exit wait kill sleep
#      fileread filewrite piperead pipewrite consoleread consolewrite --
#      outside comments (they may call the helpers below: allocproc,
#      readi, exec, ...); the Gears-mode files (kernel/gears/) too, where
#      `goto sched->sleep(...)` is an Interface call, not sleep().
#   sh test/cbc-rules.sh     (from examples/xv6)
xv6=$(cd "$(dirname "$0")/.." && pwd)
cd "$xv6"
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
list=$(make -s ARCH=x86_64 BUILD="$tmp" print-cbc) || { echo "cbc-rules: make print-cbc failed"; exit 1; }
conly=$(printf '%s\n' "$list" | sed -n 's/^C only: *//p')
gears=$(printf '%s\n' "$list" | sed -n 's/^gears: *//p' | wc -w)
if [ -n "$conly" ]; then
  echo "cbc-rules: FAILED: no gear version of: $conly"
  status=1
fi
if [ "$gears" -ne 22 ]; then
  echo "cbc-rules: FAILED: $gears system calls with gear versions, 22 expected"
  status=1
fi
for f in kernel/*.cbc kernel/gears/*.cbc; do
  # comments out (keeping lines), then calls of the C versions
  bad=$(perl -0777 -pe 's{/\*.*?\*/}{ my $c = $&; $c =~ tr/\n//cd; $c }gse; s{//[^\n]*}{}g' "$f" |
        grep -nE '(^|[^A-Za-z0-9_>])(sys_[a-z]+|fork|exit|wait|kill|sleep|fileread|filewrite|piperead|pipewrite|consoleread|consolewrite)[[:space:]]*\(' |
        grep -vE '^[0-9]+:(static )?__code ' || true)
  if [ -n "$bad" ]; then
    echo "cbc-rules: FAILED: $f calls a C system call:"
    printf '%s\n' "$bad"
    status=1
  fi
done
[ "$status" = 0 ] && echo "cbc-rules: all $gears system calls have gear versions; no gear file calls a C system call"
exit $status
