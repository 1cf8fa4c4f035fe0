#!/bin/sh
# usertests.sh ARCH [CPUS [VAR=VALUE...]] -- boots the kernel with CPUS CPUs
# (default 2), runs usertests and halt, and checks that every test passed
# ("usertests: N passed, 0 failed") and that QEMU exited with status 0.
# Extra VAR=VALUE go to the build (CC=clang-19, O=0, KSTACK_STATS=1).
. "$(dirname "$0")/common.sh"
arch=${1:?usage: usertests.sh ARCH [CPUS [VAR=VALUE...]]}
cpus=${2:-2}
shift; [ $# -gt 0 ] && shift
boot_with 'usertests\nhalt\n' "${TIMEOUT:-180}" "$arch" CPUS="$cpus" "$@"
grep -q 'panic' "$out" && fail "$arch/$cpus cpus: kernel panic"
summary=$(grep -Eo 'usertests: [0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
[ -n "$summary" ] || fail "$arch/$cpus cpus: usertests did not finish"
case $summary in
  *" 0 failed") ;;
  *) grep 'FAILED' "$out" >&2; fail "$arch/$cpus cpus: $summary" ;;
esac
[ "$rc" = 0 ] || fail "$arch/$cpus cpus: exit status $rc after halt (0 expected)"
echo "ok: $arch, $cpus cpus: $summary (${seconds} s)"
grep -o 'kstack [a-z]* [0-9]*' "$out" || true
