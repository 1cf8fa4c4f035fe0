# check.sh - sourced by the tests that are a list of checks (tests/cli.sh,
# tests/hostile/inputs.sh):
#   check DESCRIPTION COMMAND...   the command must succeed; counted, reported
#   checks_done                    the tally; exits 0 only if every check passed
failures=0
total=0
check() {
    desc=$1
    shift
    total=$((total + 1))
    if "$@"; then echo "ok   $desc"; else echo "FAIL $desc"; failures=$((failures + 1)); fi
}
checks_done() {
    echo "$((total - failures)) passed, $failures failed"
    test $failures -eq 0
    exit
}
