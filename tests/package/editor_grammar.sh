#!/bin/sh
# The editor grammar (libtree-sitter-cbc.so) as an editor uses it: grammar_so
# dlopens it, parses every example without an error, and runs our queries;
# a few captures are checked.  Where grammar/node_modules/tree-sitter-c is
# (after grammar/scripts/generate.sh or `npm install` in grammar/), C's
# highlights and tags joined with ours (package.json's order) must compile
# against the CbC grammar too.
#
#   editor_grammar.sh GRAMMAR_SO LIB.so SOURCE_DIR
set -u
tool=$1 lib=$2 src=$3
q=$src/grammar/queries
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for f in "$src"/examples/*/*.cbc "$src"/examples/*/*.h; do
    "$tool" "$lib" "$f" >"$tmp/parse" || { cat "$tmp/parse"; fail "$f"; }
    grep -q ': 0 errors$' "$tmp/parse" || { cat "$tmp/parse"; fail "$f does not parse cleanly"; }
done
echo "ok every example parses through $lib"

# expect FILE QUERY... -- LINE...: each LINE is in the captures
expect() {
    file=$1; shift
    queries=
    while [ "$1" != -- ]; do queries="$queries $1"; shift; done
    shift
    # shellcheck disable=SC2086 # queries is a word list
    "$tool" "$lib" "$src/$file" $queries >"$tmp/out" || { cat "$tmp/out"; fail "$file"; }
    for line in "$@"; do
        grep -qxF "$line" "$tmp/out" || { cat "$tmp/out"; fail "$file: no capture '$line'"; }
    done
    echo "ok $file:$queries"
}
# locals: continuation parameters are definitions, gotos reference them
expect examples/hello/hello.cbc "$q/locals.scm" -- \
    "15:1 @local.scope __code countdown(int n, __code (*done)(int, void *), void *env) {" \
    "15:34 @local.definition done" "17:14 @local.reference done" \
    "18:10 @local.reference print_and_continue"
expect examples/stack/Stack.h "$q/locals.scm" -- \
    "4:22 @local.definition Type" "10:30 @local.reference Type"
# tags: Interfaces, methods, implementations, gotos as calls
expect examples/stack/Stack.h "$q/tags.scm" -- \
    "4:1 @definition.interface typedef struct Stack<Type, Impl> {" "4:16 @name Stack" \
    "10:5 @definition.method __code push(Impl* stack, Type* data, __code next(...));" "10:12 @name push"
expect examples/stack/ArrayStack.cbc "$q/tags.scm" -- \
    "7:16 @name ArrayStack" "7:44 @name Stack" \
    "7:1 @reference.implementation typedef struct ArrayStack <Type, Isa> impl Stack {"
expect examples/stack/main.cbc "$q/tags.scm" -- \
    "22:5 @reference.call goto stack->push(v, test_push2);" "22:17 @name push"
# highlights: what CbC adds
expect examples/stack/main.cbc "$q/highlights.scm" -- \
    "19:1 @type.builtin __code" "22:5 @keyword goto" "22:17 @function.method push" \
    "20:16 @keyword new Value"
expect examples/stack/Stack.h "$q/highlights.scm" -- "10:12 @function.method push"
"$tool" "$lib" "$src/examples/stack/main.cbc" "$q/injections.scm" >/dev/null || fail "injections.scm"

c_queries=$src/grammar/node_modules/tree-sitter-c/queries
if [ -d "$c_queries" ]; then
    expect examples/stack/main.cbc "$c_queries/highlights.scm" "$q/highlights.scm" -- \
        "19:1 @type.builtin __code" "22:5 @keyword goto"
    expect examples/stack/ArrayStack.cbc "$c_queries/tags.scm" "$q/tags.scm" -- \
        "7:1 @definition.class typedef struct ArrayStack <Type, Isa> impl Stack {"
else
    echo "note: no $c_queries (npm install in grammar/): C's queries joined with ours not checked"
fi
