#!/bin/sh
# gears-docs.sh -- renders the transition graphs of the kernel's code gears
# into examples/xv6/docs/ (committed as documentation):
#   docs/gears.svg   every gear of kernel/*.cbc and arch/*/*.cbc
#   docs/read.svg    what the read system call can reach from cbc_read
#                    (the paper's figure 4)
# with tools/cbcgraph.sh (a stopgap: see its header).  Needs Graphviz.
#   sh tools/gears-docs.sh          (from anywhere)
set -e
xv6=$(cd "$(dirname "$0")/.." && pwd)
cd "$xv6"
files=$(ls kernel/*.cbc arch/*/*.cbc 2>/dev/null || true)
if [ -z "$files" ]; then
  echo "gears-docs: no .cbc files in kernel/ or arch/*/" >&2
  exit 1
fi
mkdir -p docs
# shellcheck disable=SC2086
sh tools/cbcgraph.sh --svg docs/gears.svg kernel/cbc.h $files
# shellcheck disable=SC2086
sh tools/cbcgraph.sh --from cbc_read --svg docs/read.svg kernel/cbc.h $files
echo "gears-docs: docs/gears.svg and docs/read.svg from $(echo $files | wc -w) files"
