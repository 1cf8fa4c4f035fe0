#!/bin/sh
# chaintests.sh ARCH [CPUS [VAR=VALUE...]] -- boots with 4 CPUs (default) and
# runs user/chaintests.c: system calls suspended half-way (as gear chains
# asleep in cbc_sleep, or as C) under interrupts, traps and kill, many at
# once, a ring of pipes across CPUs; then `chaintests console` (a console
# read killed while it waits; typed only after the prompt, so nothing is
# pending on the console), then halt.  Checks:
#   - "chaintests: N passed, 0 failed" for both runs, no panic, halt status 0;
#   - with gears built (not CBC_SYSCALLS=none), the kernel's counters that
#     halt prints: "cbc: S chain sleeps, M resumed on another CPU"
#     (cbc_sleep records p->cbc.sleep_cpu, cbc_sched p->cbc.resume_cpu):
#     S > 0, and with more than one CPU M > 0 -- a chain slept on one CPU
#     and went on on another.
. "$(dirname "$0")/common.sh"
arch=${1:?usage: chaintests.sh ARCH [CPUS [VAR=VALUE...]]}
cpus=${2:-4}
shift; [ $# -gt 0 ] && shift
input=$(mktemp)
printf 'chaintests\nchaintests console\nhalt\n' >"$input"
converse "$input" "${TIMEOUT:-240}" "$arch" CPUS="$cpus" "$@"
rm -f "$input"
grep -q 'panic' "$out" && fail "$arch/$cpus cpus: kernel panic"
[ "$rc" = 0 ] || fail "$arch/$cpus cpus: exit status $rc after halt (0 expected)"
runs=$(grep -Ec '^chaintests: [0-9]+ passed, 0 failed$' "$out")
[ "$runs" = 2 ] || { grep 'FAILED' "$out" >&2; fail "$arch/$cpus cpus: chaintests failed"; }
grep '^chaintests: migrate:' "$out" || true
case " $* " in
  *" CBC_SYSCALLS=none "*)
    grep -q '^cbc: ' "$out" && fail "$arch: CBC_SYSCALLS=none, yet halt reported gear chains"
    echo "ok: $arch, $cpus cpus, C system calls: chaintests passed (${seconds} s)"
    exit 0 ;;
esac
line=$(grep -E '^cbc: [0-9]+ chain sleeps, [0-9]+ resumed on another CPU$' "$out" | tail -n 1)
[ -n "$line" ] || fail "$arch: halt did not report the gear chains' sleeps"
sleeps=$(echo "$line" | awk '{print $2}')
moved=$(echo "$line" | awk '{print $5}')
[ "$sleeps" -gt 0 ] || fail "$arch: no gear chain ever slept ($line)"
if [ "$cpus" -gt 1 ] && [ "$moved" -eq 0 ]; then
  fail "$arch/$cpus cpus: no chain resumed on another CPU than it slept on ($line)"
fi
echo "ok: $arch, $cpus cpus: chaintests passed; $line (${seconds} s)"
