#!/bin/sh
# stress.sh ARCH [CPUS [VAR=VALUE...]] -- boots with 4 CPUs (default) and
# runs user/stress.c: many processes forking, piping and writing files at
# once for a few seconds; it must print "stress: OK" and halt must work.
. "$(dirname "$0")/common.sh"
arch=${1:?usage: stress.sh ARCH [CPUS [VAR=VALUE...]]}
cpus=${2:-4}
shift; [ $# -gt 0 ] && shift
boot_with 'stress\nhalt\n' "${TIMEOUT:-120}" "$arch" CPUS="$cpus" "$@"
grep -q 'panic' "$out" && fail "$arch/$cpus cpus: kernel panic"
grep -q 'stress: OK' "$out" || fail "$arch/$cpus cpus: no 'stress: OK'"
[ "$rc" = 0 ] || fail "$arch/$cpus cpus: exit status $rc after halt (0 expected)"
echo "ok: $arch, $cpus cpus: $(grep -o 'stress: OK.*' "$out") (${seconds} s)"
