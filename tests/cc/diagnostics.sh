#!/bin/sh
# diagnostics.sh GEARSC CC - gearsc's warnings and colour, plain and through
# gearsc cc:
#   - a warning prints, exits 0 and writes the output; -w silences it;
#     -Werror (and -Werror=NAME) makes it an error: exit 1, nothing written;
#     -Wno-NAME turns it off; an unknown -W option is a usage error (2);
#   - gearsc cc: -Werror stops before the backend (exit 1, no object), -w
#     compiles silently, gearsc's own -W options never reach the backend
#     (clang would call them unknown), -w and -Werror do;
#   - -fdiagnostics-color=always colours (ESC[ in the output), never and
#     auto (standard error is a file here) do not; gearsc cc passes the flag
#     to the backend too;
#   - "did you mean" through gearsc cc, at the .cbc's line.
set -u
gearsc=$1 cc=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
status_of() { "$@" >out.txt 2>err.txt; echo $?; }
esc=$(printf '\033[')
export GEARSC_CC="$cc"

cat >fall.cbc <<'C'
__code done(int n);
__code fall(int n, __code (*next)(int)) {
    if (n > 0)
        goto next(n);
}
int main(void) { return 0; }
C

# ---- plain gearsc ----
[ "$(status_of "$gearsc" fall.cbc -o fall.c)" = 0 ] || fail "a warning: exit status not 0"
grep -q "^fall.cbc:5:1: warning: code gear 'fall' can reach the end of its body without a goto.* \[-Wgear-fall-off\]$" err.txt \
    || { cat err.txt; fail "no -Wgear-fall-off warning at fall.cbc:5:1"; }
grep -qx '1 warning generated.' err.txt || fail "no '1 warning generated.'"
[ -s fall.c ] || fail "a warning: the output was not written"
rm -f fall.c
[ "$(status_of "$gearsc" -w fall.cbc -o fall.c)" = 0 ] && [ ! -s err.txt ] || fail "-w: not silent"
[ "$(status_of "$gearsc" -Wno-gear-fall-off fall.cbc -o fall.c)" = 0 ] && [ ! -s err.txt ] \
    || fail "-Wno-gear-fall-off: not silent"
rm -f fall.c
[ "$(status_of "$gearsc" -Werror fall.cbc -o fall.c)" = 1 ] || fail "-Werror: exit status not 1"
grep -q 'error: .*\[-Werror,-Wgear-fall-off\]$' err.txt || fail "-Werror: not reported as an error"
[ ! -e fall.c ] || fail "-Werror: the output was written"
[ "$(status_of "$gearsc" -Werror=gear-fall-off fall.cbc -o fall.c)" = 1 ] || fail "-Werror=gear-fall-off: exit status not 1"
[ "$(status_of "$gearsc" -Werror -Wno-error=gear-fall-off fall.cbc -o fall.c)" = 0 ] \
    || fail "-Werror -Wno-error=gear-fall-off: exit status not 0"
[ "$(status_of "$gearsc" -w -Werror fall.cbc -o fall.c)" = 0 ] || fail "-w -Werror: exit status not 0"
[ "$(status_of "$gearsc" -Wall -Wextra fall.cbc -o fall.c)" = 0 ] || fail "-Wall -Wextra: not accepted"
[ "$(status_of "$gearsc" -Wunused-gear-parameter -Werror fall.cbc -o fall.c)" = 1 ] \
    || fail "-Wunused-gear-parameter -Werror: exit status not 1"
[ "$(status_of "$gearsc" -Wfrobnicate fall.cbc)" = 2 ] || fail "-Wfrobnicate: not a usage error"
grep -q "unknown warning option '-Wfrobnicate'" err.txt || fail "-Wfrobnicate: not named"
[ "$(status_of "$gearsc" -fdiagnostics-color=sometimes fall.cbc)" = 2 ] \
    || fail "-fdiagnostics-color=sometimes: not a usage error"

# colour
"$gearsc" -fdiagnostics-color=always fall.cbc -o fall.c 2>err.txt
grep -qF "$esc" err.txt || fail "-fdiagnostics-color=always: no escape codes"
grep -qF "${esc}1;35mwarning:" err.txt || fail "-fdiagnostics-color=always: warning: not in magenta"
grep -qF "${esc}1;32m^" err.txt || fail "-fdiagnostics-color=always: the caret not in green"
"$gearsc" -fdiagnostics-color=always -fdiagnostics-color=never fall.cbc -o fall.c 2>err.txt
grep -qF "$esc" err.txt && fail "-fdiagnostics-color=never (the last one wins): escape codes"
"$gearsc" -fdiagnostics-color=auto fall.cbc -o fall.c 2>err.txt
grep -qF "$esc" err.txt && fail "-fdiagnostics-color=auto on a file: escape codes"
printf '__code f(int n) { goto g(n); }\n' >bad.cbc
"$gearsc" -fdiagnostics-color=always bad.cbc 2>err.txt
grep -qF "${esc}1;31merror:" err.txt || fail "-fdiagnostics-color=always: error: not in red"
if command -v script >/dev/null 2>&1; then
    # a terminal: auto (the default) colours
    script -qec "'$gearsc' '$work/bad.cbc'" /dev/null >tty.txt 2>&1
    grep -qF "$esc" tty.txt || fail "on a terminal: no colour by default"
fi

# ---- gearsc cc ----
rm -f fall.o
[ "$(status_of "$gearsc" cc -c fall.cbc -o fall.o)" = 0 ] || { cat err.txt; fail "cc: a warning: exit status not 0"; }
grep -q "^fall.cbc:5:1: warning: .*\[-Wgear-fall-off\]" err.txt || { cat err.txt; fail "cc: no warning at fall.cbc:5:1"; }
[ -s fall.o ] || fail "cc: a warning: no object"
rm -f fall.o
[ "$(status_of "$gearsc" cc -Werror -c fall.cbc -o fall.o)" = 1 ] || fail "cc -Werror: exit status not 1"
[ ! -e fall.o ] || fail "cc -Werror: an object was written"
[ "$(status_of "$gearsc" cc -w -Werror -c fall.cbc -o fall.o)" = 0 ] && [ ! -s err.txt ] \
    || { cat err.txt; fail "cc -w -Werror: not silent"; }
"$gearsc" cc -### -Werror -w -Wgear-fall-off -Wno-unused-gear-parameter -Werror=gear-fall-off \
    -fdiagnostics-color=always -c fall.cbc -o fall.o 2>cmds.txt
grep -q -- '-Wgear-fall-off\|-Wno-unused-gear-parameter\|-Werror=gear-fall-off' cmds.txt \
    && fail "cc: gearsc's own warning options were passed to the backend"
grep -q -- ' -Werror ' cmds.txt && grep -q -- ' -w ' cmds.txt \
    || fail "cc: -Werror and -w were not passed to the backend"
grep -q -- '-fdiagnostics-color=always' cmds.txt || fail "cc: -fdiagnostics-color not passed on"
# the backend's own diagnostics are coloured too
printf 'int f(void) { return undeclared_thing; }\n__code g(int n) { goto g(n); }\n' >cerr.cbc
"$gearsc" cc -fdiagnostics-color=always -c cerr.cbc -o cerr.o 2>err.txt
grep -qF "$esc" err.txt && grep -q 'undeclared_thing' err.txt || fail "cc: the backend's diagnostic is not coloured"
# did you mean, through the preprocessor's line markers
printf '#define LIMIT 3\n__code finish(int n);\n__code start(int n) {\n    goto finsh(n + LIMIT);\n}\n' >dym.cbc
[ "$(status_of "$gearsc" cc -c dym.cbc -o dym.o)" = 1 ] || fail "cc: a misspelled gear: exit status not 1"
grep -q "^dym.cbc:4:10: error: use of undeclared code gear 'finsh'; did you mean 'finish'?" err.txt \
    || { cat err.txt; fail "cc: no did you mean at dym.cbc:4:10"; }

[ $fails -eq 0 ] || exit 1
echo "ok diagnostics"
