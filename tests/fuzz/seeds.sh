#!/bin/sh
# Builds fuzz_gearsc's seed corpus in OUTDIR from the repository's inputs:
# tests/golden/*/ (.cbc, .h), grammar/test/listings/, tests/exec/*.cbc, tests/c-corpus/* (and two
# files of real C that needs its macros, tests/c-corpus/macros/), the small
# tests/hostile/*.cbc cases, and every input of grammar/test/corpus/*.txt
# (the code between a test's ==== header and its ---- line).  Among the goldens,
# gears/gears_many_args.cbc (with include/Wide.h) keeps a Gears goto with 100
# arguments covered: 65 and more overflowed a fixed array once (issue 11.7).  With `link`,
# fuzz_link's instead: the manifests of tests/gears, alone and in pairs
# separated by a "---" line.
#
#   seeds.sh SOURCE_DIR OUTDIR [link]
set -eu
src=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
if [ "${3:-}" = link ]; then
    n=0
    for f in "$src"/tests/gears/expected/*.json "$src"/tests/gears/link-errors/*/*.json; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        cp "$f" "$out/manifest_$n.json"
    done
    for d in "$src"/tests/gears/link-errors/*/; do
        set -- "$d"*.json
        [ $# -ge 2 ] || continue
        n=$((n + 1))
        { cat "$1"; printf '\n---\n'; cat "$2"; } >"$out/pair_$n.json"
    done
    single="$src/tests/gears/expected/SingleLinkedStack.json"
    if [ -f "$single" ]; then
        { cat "$single"; printf '\n---\n'; cat "$single"; } >"$out/pair_twice.json"
    fi
    echo "$(ls "$out" | wc -l) seeds in $out"
    exit 0
fi
for f in "$src"/tests/golden/*/*.cbc "$src"/tests/golden/*/*.h "$src"/tests/golden/*/include/*.h \
         "$src"/grammar/test/listings/*.cbc "$src"/grammar/test/listings/*.h \
         "$src"/tests/exec/*.cbc "$src"/tests/c-corpus/*.[ch] "$src"/tests/hostile/*.cbc \
         "$src"/tests/c-corpus/macros/statements.c "$src"/tests/c-corpus/macros/conditionals.c; do
    [ -f "$f" ] || continue
    # hostile cases generated at test time are big; libFuzzer wants small seeds
    [ "$(wc -c <"$f")" -le 65536 ] || continue
    cp "$f" "$out/$(basename "$(dirname "$f")")_$(basename "$f")"
done
for f in "$src"/grammar/test/corpus/*.txt; do
    awk -v prefix="$out/grammar_$(basename "$f" .txt)_" '
        /^===+/ { if (state == 2) { close(file) } state = (state == 1) ? 2 : 1; if (state == 2) { n++; file = prefix n ".cbc"; printf "" > file }; next }
        /^---+[ \t]*$/ && state == 2 { close(file); state = 0; next }
        state == 1 { next }
        state == 2 { print > file }
    ' "$f"
done
# Many methods, Interfaces and members (issue 11 item 14: the lookups were
# linear): an Interface with 200 methods and a gear per method, 50 small
# Interfaces, a struct with 200 gear pointers reached by 200 gotos, as
# tests/hostile/gen.c writes them larger.
awk 'BEGIN {
    print "typedef struct Big<Type, Impl> {"
    for (i = 0; i < 200; i++) printf "    __code m%d(Impl* self, int v%d, __code next(...));\n", i, i
    print "    __code next(...);\n} Big;\n"
    print "typedef struct BigImpl <Type, Isa> impl Big {\n    int count;\n} BigImpl;\n"
    for (i = 0; i < 200; i++)
        printf "__code m%dBigImpl(struct BigImpl* self, int v%d, __code next(...)) {\n    self->count += v%d;\n    goto next(...);\n}\n", i, i, i
    for (i = 0; i < 50; i++)
        printf "typedef struct I%d<Type, Impl> {\n    __code run%d(Impl* self, int x%d, __code next(...));\n    __code next(...);\n} I%d;\n", i, i, i, i
}' >"$out/many_methods.cbc"
awk 'BEGIN {
    print "struct s {"
    for (i = 0; i < 200; i++) printf "    __code (*k%d)(struct s *s, int x);\n", i
    print "};"
    for (i = 0; i < 200; i++) printf "__code g%d(struct s *s, int x) { goto s->k%d(s, x + 1); }\n", i, i
}' >"$out/many_members.cbc"
echo "$(ls "$out" | wc -l) seeds in $out"
