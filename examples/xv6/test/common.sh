# common.sh -- shared by the test scripts (sourced, not run).
#
# boot_with INPUT TIMEOUT ARCH [VAR=VALUE...]: builds (outside the time
# limit), then boots with INPUT on the console, under `timeout`.  The
# console output, with carriage returns removed, is left in $out; the exit
# status in $rc.  fail MESSAGE prints why and the end of the output.
xv6=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp)
trap 'rm -f "$out" "$out.raw"' EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "---- last lines of the console output ----" >&2
  tail -n 25 "$out" >&2
  exit 1
}

boot_with() {
  input=$1; limit=$2; arch=$3; shift 3
  # The build first, so that the time limit covers only the boot.
  make_args=""
  for a; do case $a in CPUS=*) ;; *) make_args="$make_args $a" ;; esac; done
  # shellcheck disable=SC2086
  if ! make -s -C "$xv6" -j2 ARCH="$arch" $make_args >"$out" 2>&1; then
    fail "build of $arch failed"
  fi
  start=$(date +%s.%N)
  printf "$input" | timeout "$limit" "$xv6/boot" "$arch" "$@" >"$out.raw" 2>&1
  rc=$?
  end=$(date +%s.%N)
  tr -d '\r' <"$out.raw" >"$out"
  seconds=$(echo "$end - $start" | bc 2>/dev/null || echo "?")
  if [ "$rc" = 124 ]; then
    fail "$arch: no halt within $limit s"
  fi
}

# converse INPUTFILE TIMEOUT ARCH [VAR=VALUE...]: like boot_with, but types
# the lines of INPUTFILE one at a time, each only once the shell has printed
# its next prompt ("$ "), as a person would.  So the console's echo of a
# command never mixes with the output of the one before.  $first_prompt is
# the time from starting QEMU to the first prompt, in seconds.
prompts() {
  tr -cd '$' <"$out.raw" | wc -c
}
wait_prompts() {   # wait_prompts N DEADLINE
  while [ "$(prompts)" -lt "$1" ]; do
    if [ "$(date +%s)" -ge "$2" ] || ! kill -0 "$qpid" 2>/dev/null; then
      return 1
    fi
    sleep 0.05
  done
}
converse() {
  input=$1; limit=$2; arch=$3; shift 3
  make_args=""
  for a; do case $a in CPUS=*) ;; *) make_args="$make_args $a" ;; esac; done
  # shellcheck disable=SC2086
  if ! make -s -C "$xv6" -j2 ARCH="$arch" $make_args >"$out" 2>&1; then
    fail "build of $arch failed"
  fi
  fifo=$(mktemp -u)
  mkfifo "$fifo"
  trap 'rm -f "$out" "$out.raw" "$fifo"' EXIT
  : >"$out.raw"
  start=$(date +%s.%N)
  deadline=$(( $(date +%s) + limit ))
  timeout "$limit" "$xv6/boot" "$arch" "$@" <"$fifo" >"$out.raw" 2>&1 &
  qpid=$!
  exec 5>"$fifo"
  n=1
  first_prompt="?"
  while IFS= read -r line; do
    if ! wait_prompts "$n" "$deadline"; then
      break
    fi
    if [ "$n" = 1 ]; then
      first_prompt=$(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo "?")
    fi
    printf '%s\n' "$line" >&5
    n=$((n + 1))
  done <"$input"
  exec 5>&-
  wait "$qpid"
  rc=$?
  end=$(date +%s.%N)
  tr -d '\r' <"$out.raw" >"$out"
  seconds=$(echo "$end - $start" | bc 2>/dev/null || echo "?")
  if [ "$rc" = 124 ]; then
    fail "$arch: no halt within $limit s"
  fi
}

# expect_ok PROGRAM ARCH CPUS [VAR=VALUE...]: boots, runs the user program
# PROGRAM, halts; it must print "PROGRAM: OK", nothing may panic, and halt
# must end QEMU with status 0.
expect_ok() {
  prog=$1 arch=$2 cpus=$3; shift 3
  boot_with "$prog\\nhalt\\n" "${TIMEOUT:-120}" "$arch" CPUS="$cpus" "$@"
  grep -q 'panic' "$out" && fail "$arch/$cpus cpus: kernel panic"
  grep -q "$prog: OK" "$out" || fail "$arch/$cpus cpus: no '$prog: OK'"
  [ "$rc" = 0 ] || fail "$arch/$cpus cpus: exit status $rc after halt (0 expected)"
  echo "ok: $arch, $cpus cpus: $(grep -o "$prog: OK.*" "$out") (${seconds} s)"
}
