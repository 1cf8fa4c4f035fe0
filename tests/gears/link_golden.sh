#!/bin/sh
# gearsc link on the Stack example's manifests: the context header and the
# tables match the goldens in tests/gears/expected/, and giving the manifests
# in the opposite order changes nothing.  The per-file manifests are goldens
# too.   link_golden.sh GEARSC    (GEARSC_UPDATE_GOLDEN=1 rewrites them)
set -u
gearsc=$1
here=$(cd "$(dirname "$0")" && pwd)
expected=$here/expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$here/../../examples/stack" || exit 1
for f in ArrayStack SingleLinkedStack main; do
    "$gearsc" --gears "$f.cbc" -o "$tmp/$f.c" --manifest="$tmp/$f.json" || exit 1
done
cd "$tmp" || exit 1
mkdir -p a b
"$gearsc" link -o a/context.h --tables=a/gears_tables.c ArrayStack.json SingleLinkedStack.json main.json || exit 1
"$gearsc" link -o b/context.h --tables=b/gears_tables.c main.json SingleLinkedStack.json ArrayStack.json || exit 1
"$gearsc" graph --dot -o a/graph.dot ArrayStack.json SingleLinkedStack.json main.json || exit 1
"$gearsc" graph -o a/graph.json main.json || exit 1
if [ "${GEARSC_UPDATE_GOLDEN:-}" = 1 ]; then
    mkdir -p "$expected"
    cp a/context.h a/gears_tables.c a/graph.dot a/graph.json SingleLinkedStack.json "$expected/"
    exit 0
fi
cmp a/context.h b/context.h && cmp a/gears_tables.c b/gears_tables.c \
    || { echo "FAIL: link output depends on the order of the manifests"; exit 1; }
for f in context.h gears_tables.c graph.dot graph.json; do
    diff -u "$expected/$f" "a/$f" || { echo "FAIL: $f differs (- expected, + actual)"; exit 1; }
done
diff -u "$expected/SingleLinkedStack.json" SingleLinkedStack.json || { echo "FAIL: manifest differs"; exit 1; }
echo "ok"
