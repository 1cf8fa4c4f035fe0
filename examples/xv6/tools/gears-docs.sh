#!/bin/sh
# gears-docs.sh -- the transition graphs of the kernel's code gears, as
# documentation in examples/xv6/docs/ (committed):
#   docs/gears.dot, docs/gears.svg   every gear of kernel/*.cbc and arch/*/*.cbc
#   docs/read.dot,  docs/read.svg    what the read system call can reach from
#                                    cbc_read: the paper's figure 4 (cbc_read,
#                                    cbc_fileread, cbc_readi, cbc_consoleread,
#                                    cbc_consoleread1/2, cbc_sleep, cbc_sched),
#                                    with the pipe branch and the chain's end
# made by `gearsc graph --dot` from the sources (docs/usage.md says what its
# nodes and edges are).
#   sh tools/gears-docs.sh           writes the four files (the SVGs need Graphviz)
#   sh tools/gears-docs.sh --check   writes nothing: the .dot files made now
#                                    must equal the committed ones, and read.dot
#                                    must hold every edge of the paper's
#                                    figure 4; exit status 1 with a diff if not
# GEARSC names the gearsc to run, as for the Makefile (default: the in-tree
# ../../build/gearsc).
set -e
xv6=$(cd "$(dirname "$0")/.." && pwd)
cd "$xv6"
gearsc=${GEARSC:-$xv6/../../build/gearsc}
if [ ! -x "$gearsc" ]; then
  echo "gears-docs: no gearsc at $gearsc (build it, or set GEARSC)" >&2
  exit 1
fi
check=0
[ "${1:-}" = --check ] && check=1
files=$(ls kernel/*.cbc arch/*/*.cbc 2>/dev/null || true)
if [ -z "$files" ]; then
  echo "gears-docs: no .cbc files in kernel/ or arch/*/" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
"$gearsc" graph --dot -o "$tmp/gears.dot" kernel/cbc.h $files
# shellcheck disable=SC2086
"$gearsc" graph --dot --from cbc_read -o "$tmp/read.dot" kernel/cbc.h $files

# Figure 4 of the paper, edge by edge (solid: a goto to a named gear; dashed:
# through cbc_devsw[major].read).
missing=0
for e in 'cbc_read cbc_fileread solid' 'cbc_fileread cbc_readi solid' \
         'cbc_readi cbc_consoleread dashed' 'cbc_consoleread cbc_consoleread2 solid' \
         'cbc_consoleread2 cbc_consoleread1 solid' 'cbc_consoleread1 cbc_consoleread2 solid' \
         'cbc_consoleread2 cbc_sleep solid' 'cbc_sleep cbc_sched solid'; do
  set -- $e
  if ! grep -qF "    \"$1\" -> \"$2\" [style=$3];" "$tmp/read.dot"; then
    echo "gears-docs: read.dot has no $3 edge $1 -> $2 (figure 4)" >&2
    missing=1
  fi
done
[ "$missing" = 0 ] || exit 1

if [ "$check" = 1 ]; then
  status=0
  for g in gears read; do
    if ! diff -u "docs/$g.dot" "$tmp/$g.dot" >&2; then
      echo "gears-docs: docs/$g.dot is not what the sources give now: run sh tools/gears-docs.sh" >&2
      status=1
    fi
  done
  [ "$status" = 0 ] && echo "gears-docs: docs/gears.dot and docs/read.dot match the sources; read.dot holds figure 4"
  exit $status
fi
mkdir -p docs
cp "$tmp/gears.dot" "$tmp/read.dot" docs/
for g in gears read; do
  dot -Tsvg -o "docs/$g.svg" "docs/$g.dot"
done
echo "gears-docs: docs/{gears,read}.{dot,svg} from $(echo $files | wc -w) files"
