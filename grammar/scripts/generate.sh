#!/usr/bin/env bash
# Regenerate grammar/src/parser.c (and grammar.json, node-types.json) from
# grammar/grammar.js.  A maintainer step, run after editing grammar.js; the
# result is committed, so neither CI nor users need the tree-sitter CLI or Rust.
#
#   grammar/scripts/generate.sh          # builds the CLI first if it is missing
#
# Needs node and npm (tree-sitter-c's grammar.js is loaded from node_modules).
# The CLI is tree-sitter 0.20.7 built from Debian's source package (see
# build-tree-sitter-cli.sh), which writes ABI 14 parsers: the newest ABI that
# Debian 12's libtree-sitter accepts.
set -euo pipefail
grammar_dir=$(cd "$(dirname "$0")/.." && pwd)
cli=${TREE_SITTER:-$grammar_dir/.tools/tree-sitter}

if [ ! -x "$cli" ]; then
    echo "generate.sh: no tree-sitter CLI at $cli; building it" >&2
    "$grammar_dir/scripts/build-tree-sitter-cli.sh" "$cli"
fi

cd "$grammar_dir"
if [ ! -d node_modules/tree-sitter-c ]; then
    # --ignore-scripts: we need tree-sitter-c's grammar.js, not its node bindings.
    npm install --ignore-scripts --no-audit --no-fund
fi

"$cli" generate --abi 14 --no-bindings grammar.js
grep -q '#define LANGUAGE_VERSION 14' src/parser.c || {
    echo "generate.sh: src/parser.c is not ABI 14" >&2
    exit 1
}
echo "generate.sh: regenerated $grammar_dir/src/parser.c with $("$cli" --version)"
