#!/bin/sh
# hostile.sh ARCH [CPUS [VAR=VALUE...]] -- runs user/hostile.c, which passes
# hostile arguments (bad pointers, kernel addresses, huge sizes, bad file
# descriptors, ...) to every system call: the kernel must survive (no
# panic, halt still works) and hostile must print "hostile: OK".
. "$(dirname "$0")/common.sh"
arch=${1:?usage: hostile.sh ARCH [CPUS [VAR=VALUE...]]}
cpus=${2:-2}
shift; [ $# -gt 0 ] && shift
boot_with 'hostile\nhalt\n' "${TIMEOUT:-120}" "$arch" CPUS="$cpus" "$@"
grep -q 'panic' "$out" && fail "$arch: kernel panic"
grep -q 'hostile: OK' "$out" || fail "$arch: no 'hostile: OK'"
[ "$rc" = 0 ] || fail "$arch: exit status $rc after halt (0 expected)"
echo "ok: $arch, $cpus cpus: $(grep -o 'hostile: OK.*' "$out") (${seconds} s)"
