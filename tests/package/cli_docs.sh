#!/bin/sh
# The man page (docs/gearsc.1) and the bash completion
# (scripts/gearsc-completion.bash) against `gearsc --help`: every option and
# command the help names is in both, so neither falls behind the program.
#
#   cli_docs.sh GEARSC SOURCE_DIR
set -u
gearsc=$1 src=$2
man=$src/docs/gearsc.1 completion=$src/scripts/gearsc-completion.bash
help=$("$gearsc" --help) || { echo "FAIL: gearsc --help"; exit 1; }
options=$(printf '%s\n' "$help" | grep -oE '(^| |\[)--?[a-zA-Z][a-zA-Z-]*=?' | tr -d ' [' | sort -u)
commands=$(printf '%s\n' "$help" | sed -n 's/^ *\(usage:\)\{0,1\} *gearsc \([a-z][a-z]*\) .*/\2/p' | sort -u)
[ -n "$options" ] && [ -n "$commands" ] || { echo "FAIL: no options or commands found in --help"; exit 1; }
failures=0 checked=0
for word in $options $commands; do
    # the man page writes a hyphen as \-
    roff=$(printf '%s' "$word" | sed 's/-/\\\\-/g')
    grep -q -- "$roff" "$man" || { echo "FAIL: docs/gearsc.1 does not mention $word"; failures=$((failures + 1)); }
    grep -q -- "$word" "$completion" || { echo "FAIL: the bash completion does not offer $word"; failures=$((failures + 1)); }
    checked=$((checked + 1))
done
echo "checked $checked options and commands:" $options $commands
# Each subcommand's --help: its options are in the man page and in the
# completion's case for that subcommand.
for cmd in link graph skeleton cc; do
    sub=$("$gearsc" $cmd --help) || { echo "FAIL: gearsc $cmd --help"; failures=$((failures + 1)); continue; }
    section=$(sed -n "/^        $cmd)/,/;;/p" "$completion")
    for word in $(printf '%s\n' "$sub" | grep -oE '^ +--?[a-zA-Z][a-zA-Z-]*=?' | tr -d ' ' | sort -u); do
        roff=$(printf '%s' "$word" | sed 's/-/\\\\-/g')
        grep -q -- "$roff" "$man" || { echo "FAIL: docs/gearsc.1 does not mention $word (gearsc $cmd)"; failures=$((failures + 1)); }
        [ "$word" = -h ] || printf '%s\n' "$section" | grep -q -- " $word" \
            || printf '%s\n' "$section" | grep -q -- "\"$word" \
            || { echo "FAIL: the completion of gearsc $cmd does not offer $word"; failures=$((failures + 1)); }
        checked=$((checked + 1))
    done
done
version=$("$gearsc" --version | sed -n 's/^gearsc \([0-9][0-9.]*\).*/\1/p')
grep -q "^\.TH GEARSC 1 .*\"gearsc $version\"" "$man" \
    || { echo "FAIL: docs/gearsc.1's .TH line does not say gearsc $version"; failures=$((failures + 1)); }
[ $failures -eq 0 ] || exit 1
# The completion completes in a shell: options, commands, and option values.
bash -c '
    . "$1"
    complete_line() { COMP_WORDS=($1); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _gearsc; echo "${COMPREPLY[*]}"; }
    [ "$(complete_line "gearsc --ge")" = "--gears" ] || { echo "FAIL: gearsc --ge<TAB>"; exit 1; }
    [ "$(complete_line "gearsc li")" = "link" ] || { echo "FAIL: gearsc li<TAB>"; exit 1; }
    [ "$(complete_line "gearsc link --ta")" = "--tables=" ] || { echo "FAIL: gearsc link --ta<TAB>"; exit 1; }
    [ "$(complete_line "gearsc graph --")" = "--dot --from --help" ] || { echo "FAIL: gearsc graph --<TAB>"; exit 1; }
' sh "$completion" || exit 1
echo "ok man page and completion"
