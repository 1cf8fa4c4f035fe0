#!/bin/sh
# transcript.sh ARCH [CPUS [VAR=VALUE...]] -- types the shell commands of
# test/transcript.in (echo, a pipe, > and < redirection, ls, cat of a file
# written earlier, ;, &, cd, mkdir, rm) and compares the shell's output with
# test/transcript.expected.
#
# The comparison is robust against the console echo of typed input: each
# line is typed only once the shell has printed its prompt (common.sh,
# converse), so the echo of a command comes before its output and never
# inside it; still, the output holds the commands as well as their results,
# and a background job prints whenever the scheduler lets it.  We therefore
#   - keep only what follows the output line "BEGIN-TRANSCRIPT" (the echoed
#     command is "echo BEGIN-TRANSCRIPT", so it does not match),
#   - strip the "$ " prompts from the start of lines,
#   - drop every line that is exactly one of the typed commands,
#   - drop the line halt prints about gear chains ("cbc: N chain sleeps,
#     M resumed on another CPU"; absent with CBC_SYSCALLS=none),
#   - check that the background job's line "bg-job" came out once, wherever
#     the scheduler put it, and drop it,
# and compare the rest line by line; a line of transcript.expected is a
# shell pattern, so `*` stands for what may change (inode numbers, sizes).
. "$(dirname "$0")/common.sh"
arch=${1:?usage: transcript.sh ARCH [CPUS [VAR=VALUE...]]}
cpus=${2:-2}
shift; [ $# -gt 0 ] && shift
here=$(dirname "$0")
converse "$here/transcript.in" "${TIMEOUT:-90}" "$arch" CPUS="$cpus" "$@"
grep -q 'panic' "$out" && fail "$arch: kernel panic"
[ "$rc" = 0 ] || fail "$arch: exit status $rc after halt (0 expected)"

got=$(mktemp)
trap 'rm -f "$out" "$out.raw" "$got"' EXIT
sed -n '/^\(\$ \)*BEGIN-TRANSCRIPT$/,$p' "$out" | sed 's/^\(\$ \)*//' |
  grep -v -x -F -f "$here/transcript.in" | grep -v '^$' |
  grep -v '^cbc: [0-9]* chain sleeps, [0-9]* resumed on another CPU$' >"$got.all"
bg=$(grep -c -x 'bg-job' "$got.all")
grep -v -x 'bg-job' "$got.all" >"$got"
rm -f "$got.all"
[ "$bg" = 1 ] || fail "$arch: the background job printed 'bg-job' $bg times (1 expected)"

n=0
exec 3<"$here/transcript.expected" 4<"$got"
while :; do
  IFS= read -r want <&3; w=$?
  IFS= read -r have <&4; h=$?
  n=$((n + 1))
  [ $w != 0 ] && [ $h != 0 ] && break
  if [ $w != 0 ]; then fail "$arch: line $n: unexpected extra output: $have"; fi
  if [ $h != 0 ]; then fail "$arch: line $n: output ended; expected: $want"; fi
  # shellcheck disable=SC2254
  case $have in
    $want) ;;
    *) echo "expected:" >&2; cat "$here/transcript.expected" >&2
       echo "got:" >&2; cat "$got" >&2
       fail "$arch: line $n: got '$have', expected '$want'" ;;
  esac
done
echo "ok: $arch, $cpus cpus: shell transcript matches (${seconds} s; first prompt after ${first_prompt} s)"
