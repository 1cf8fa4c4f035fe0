#!/bin/sh
# gtrace.sh ARCH [VAR=VALUE...] -- the Gears transition tracer (issue 17):
# boots a GEARS=1 GTRACE=1 kernel, runs `gtrace echo hi` and `gtrace cat
# README | wc`, and checks the paths by gear name: echo's write goes
# sysWrite -> writeConsoleIO -> sysReturn; cat's reads go sysRead ->
# readInodeIO -> sysReturn, its writes into the pipe through writePipeIO,
# and its close through closeInodeIO -> sysCloseDone.
. "$(dirname "$0")/common.sh"
arch=${1:?usage: gtrace.sh ARCH [VAR=VALUE...]}
shift
boot_with 'gtrace echo hi\ngtrace cat README | wc\nhalt\n' "${TIMEOUT:-120}" "$arch" CPUS=2 GTRACE=1 "$@"
grep -q panic "$out" && fail "$arch: kernel panic"
[ "$rc" = 0 ] || fail "$arch: exit status $rc after halt"
grep -q '^gtrace: pid [0-9]*, exit status 0; its Gears transitions:' "$out" || fail "no trace header"
# The gears of each system call, in order (counters dropped).
tr -s ' ' <"$out" | sed -n 's/^[0-9][0-9]* \([A-Za-z0-9_]*\)$/\1/p' | tr '\n' ' ' >"$out.path"
for want in 'sysWrite writeConsoleIO sysReturn' 'sysRead readInodeIO sysReturn' \
            'sysWrite writePipeIO writePipeIO1' 'sysClose closeInodeIO sysCloseDone sysReturn'; do
  grep -q "$want" "$out.path" || fail "$arch: no '$want' in the traced path: $(cat "$out.path")"
done
echo "ok: $arch: gtrace shows the gear paths ($(wc -w <"$out.path") transitions)"
rm -f "$out.path"
