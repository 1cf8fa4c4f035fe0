#!/bin/sh
# Command-line behaviour: options, exit statuses, and that output files are
# written whole or not at all.
set -u
gearsc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/check.sh"
status_of() { "$@" >"$tmp/stdout" 2>"$tmp/stderr"; echo $?; }

check "--help exits 0 and prints usage" \
    sh -c "'$gearsc' --help | grep -q '^usage: gearsc'"
for cmd in link graph skeleton cc; do
    check "gearsc $cmd --help exits 0 and prints its usage" \
        sh -c "'$gearsc' $cmd --help | grep -q '^usage: gearsc $cmd'"
    check "gearsc $cmd -h exits 0" sh -c "'$gearsc' $cmd -h >/dev/null"
done
check "gearsc link --help wins over a missing -o" \
    sh -c "'$gearsc' link x.json --help | grep -q -- '--tables='"
check "--version names gearsc" \
    sh -c "'$gearsc' --version | grep -q '^gearsc [0-9]'"
check "unknown option is a usage error (2)" \
    test "$(status_of "$gearsc" --frobnicate x.cbc)" = 2
check "unknown option is named" grep -q "unknown option '--frobnicate'" "$tmp/stderr"
check "no input is a usage error (2)" test "$(status_of "$gearsc")" = 2
check "-o without a file is a usage error" test "$(status_of "$gearsc" in.cbc -o)" = 2

check "missing input: exit 1" test "$(status_of "$gearsc" "$tmp/nope.cbc")" = 1
check "missing input: says so" grep -q "cannot read '.*nope.cbc': No such file" "$tmp/stderr"
check "directory as input: exit 1" test "$(status_of "$gearsc" "$tmp")" = 1

printf '__code f(int x) { goto f(x); }\n' >"$tmp/ok.cbc"
check "output into a missing directory: exit 1" \
    test "$(status_of "$gearsc" "$tmp/ok.cbc" -o "$tmp/no/such/dir/out.c")" = 1
check "output into a missing directory: says so" grep -q "cannot write" "$tmp/stderr"

echo 'previous contents' >"$tmp/out.c"
printf 'int f( {\n' >"$tmp/bad.cbc"
check "syntax error: exit 1" test "$(status_of "$gearsc" "$tmp/bad.cbc" -o "$tmp/out.c")" = 1
check "syntax error: existing output untouched" grep -qx 'previous contents' "$tmp/out.c"
check "syntax error: no temporary files left" \
    test "$(ls "$tmp" | grep -c gearsc-)" = 0
check "syntax error: nothing on stdout" \
    test "$(status_of "$gearsc" "$tmp/bad.cbc")" = 1 -a ! -s "$tmp/stdout"

: >"$tmp/empty.cbc"
check "empty file: exit 0" test "$(status_of "$gearsc" "$tmp/empty.cbc" -o "$tmp/empty.c")" = 0
check "empty file: empty output" test -f "$tmp/empty.c" -a ! -s "$tmp/empty.c"

check "stdin as input" \
    sh -c "printf 'int x;\n' | '$gearsc' --no-line - | grep -qx 'int x;'"
check "--check writes nothing" \
    test "$(status_of "$gearsc" --check "$tmp/ok.cbc")" = 0 -a ! -s "$tmp/stdout"
printf '__code f(int x) { goto nowhere(x); }\n' >"$tmp/undeclared.cbc"
check "--check reports lowering errors (exit 1)" \
    test "$(status_of "$gearsc" --check "$tmp/undeclared.cbc")" = 1
check "--check names the undeclared gear" grep -q "undeclared code gear 'nowhere'" "$tmp/stderr"
check "-oFILE spelling" sh -c "'$gearsc' '$tmp/ok.cbc' -o'$tmp/joined.c' && test -s '$tmp/joined.c'"

# The generated C refuses a compiler without musttail (gcc before 15) with a
# clear #error instead of building a program whose gotos grow the stack.
if command -v gcc >/dev/null && [ "$(gcc -dumpversion | cut -d. -f1)" -lt 15 ]; then
    "$gearsc" "$tmp/ok.cbc" -o "$tmp/ok.c"
    check "gcc < 15 stops at the prelude's #error" \
        sh -c "! gcc -std=gnu11 -c '$tmp/ok.c' -o '$tmp/ok.o' 2>'$tmp/gcc.err' && grep -q 'needs __attribute__((musttail))' '$tmp/gcc.err'"
fi
check "output is deterministic" \
    sh -c "'$gearsc' '$tmp/ok.cbc' -o '$tmp/d1.c' && '$gearsc' '$tmp/ok.cbc' -o '$tmp/d2.c' && cmp '$tmp/d1.c' '$tmp/d2.c'"

# gearsc graph tells source files from manifests by their names.
check "graph: sources and manifests mixed is a usage error (2)" \
    test "$(status_of "$gearsc" graph "$tmp/ok.cbc" "$tmp/x.json")" = 2
check "graph: the mix is named" grep -q "manifests or source files" "$tmp/stderr"
check "graph: --from with manifests is a usage error (2)" \
    test "$(status_of "$gearsc" graph --from f "$tmp/x.json")" = 2
check "graph: --from without a name is a usage error (2)" \
    test "$(status_of "$gearsc" graph "$tmp/ok.cbc" --from)" = 2
check "graph --dot of a source draws its gear (--from=NAME spelling)" \
    sh -c "'$gearsc' graph --dot --from=f '$tmp/ok.cbc' | grep -qx '    \"f\" -> \"f\" \\[style=solid\\];'"
check "graph of a source that does not parse: exit 1, file:line:col, no output" \
    test "$(status_of "$gearsc" graph "$tmp/bad.cbc")" = 1 -a ! -s "$tmp/stdout"
check "graph: the parse error is located" grep -q "bad.cbc:1:[0-9]*: error:" "$tmp/stderr"

checks_done
