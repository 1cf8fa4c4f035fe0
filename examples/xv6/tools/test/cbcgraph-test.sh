#!/bin/sh
# cbcgraph-test.sh -- checks tools/cbcgraph.sh on test/readchain.cbc, a
# model of the paper's read system call: the edges of figure 4 must be
# there, the goto in a string and in a comment must not, and --svg must
# write an SVG when Graphviz is installed.
#   sh tools/test/cbcgraph-test.sh        (from examples/xv6)
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(sh "$here/cbcgraph.sh" --from syscall "$here/test/readchain.cbc") || { echo "cbcgraph-test: FAILED: the script failed"; exit 1; }
failed=0
checks=0
want() {   # want FROM TO STYLE
  checks=$((checks + 1))
  if ! printf '%s\n' "$out" | grep -qF "\"$1\" -> \"$2\" [style=$3];"; then
    echo "cbcgraph-test: FAILED: no $3 edge $1 -> $2"
    failed=$((failed + 1))
  fi
}
want syscall cbc_read dashed                 # goto (cbccodes[num])(cbc_ret): the table
want cbc_read cbc_fileread solid
want cbc_fileread cbc_readi solid
want cbc_fileread cbc_piperead solid
want cbc_readi cbc_consoleread dashed        # goto cbc_devsw[major].read(...)
want cbc_readi cbc_fileread1 dotted          # cbc_fileread hands cbc_fileread1 on as next
want cbc_consoleread cbc_consoleread2 solid
want cbc_consoleread2 cbc_consoleread1 solid
want cbc_consoleread1 cbc_consoleread2 solid
want cbc_consoleread2 cbc_sleep solid
want cbc_sleep cbc_sched solid
want cbc_sleep cbc_consoleread2 dotted       # sleep continues where it was told
want cbc_fileread1 cbc_ret solid
out=$(sh "$here/cbcgraph.sh" "$here/test/readchain.cbc")   # the whole file from here on
want cbc_attr cbc_ret solid                  # a definition with __attribute__ after its parameters
want cbc_go1 cbc_stop1 dashed                # a positional struct initializer, a cast callee
checks=$((checks + 1))
if sh "$here/cbcgraph.sh" --from cbc_read "$here/test/readchain.cbc" | grep -q cbc_other2; then
  echo "cbcgraph-test: FAILED: --from cbc_read followed another chain's continuation through cbc_sleep"
  failed=$((failed + 1))
fi
want cbc_sleep cbc_other2 dotted             # ... but the whole graph has it
checks=$((checks + 1))
if printf '%s\n' "$out" | grep -qE 'fake|nope'; then
  echo "cbcgraph-test: FAILED: a goto inside a string or comment was read"
  failed=$((failed + 1))
fi
if command -v dot >/dev/null 2>&1; then
  checks=$((checks + 1))
  svg=$(mktemp)
  if sh "$here/cbcgraph.sh" --from cbc_read --svg "$svg" "$here/test/readchain.cbc" && grep -q "<svg" "$svg"; then :; else
    echo "cbcgraph-test: FAILED: no SVG"
    failed=$((failed + 1))
  fi
  rm -f "$svg"
fi
if [ $failed -ne 0 ]; then
  echo "cbcgraph-test: $failed of $checks checks FAILED"
  exit 1
fi
echo "cbcgraph-test: $checks checks passed"
