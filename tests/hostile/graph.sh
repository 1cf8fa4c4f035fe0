#!/bin/sh
# graph.sh - `gearsc graph` on source files must survive hostile input: every
# hostile input of this folder (the committed ones and those hostile_gen
# writes) through `gearsc graph --dot` (the committed, small ones also
# through `gearsc graph`, JSON) under the
# time and memory limits of hostile/limit.c.  Each run must end with exit
# status 0 and a whole graph (a closing brace, JSON that ends in one), or 1
# with a diagnostic and nothing on standard output -- never a crash, a hang
# or a limit.  Then a graph that would be quadratic in its input (N gears,
# each going through the one member all of them are stored into: N^2 edges)
# must be refused quickly with the "too large" error, and a large linear one
# (hostile_gen many_members: a goto through each of 20000 members) drawn.
#   graph.sh GEARSC LIMIT HOSTILE_GEN
set -u
gearsc=$1 limit=$2 gen=$3
here=$(cd "$(dirname "$0")" && pwd)
secs=${GEARSC_HOSTILE_SECONDS:-30}
max_kb=${GEARSC_HOSTILE_MAX_RSS_KB:-524288}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/../lib/check.sh"

# graph_of FILE [OPTIONS...]: status 0 with a whole graph, or 1 with a
# diagnostic and no output
graph_of() {
    file=$1
    shift
    "$limit" --seconds="$secs" --max-rss-kb="$max_kb" -- "$gearsc" graph "$@" "$file" \
        >"$tmp/out" 2>"$tmp/err"
    status=$?
    case $status in
        0) [ "$(tail -c 2 "$tmp/out")" = "}" ] || { echo "  $file: exit 0 without a whole graph"; return 1; } ;;
        1) [ ! -s "$tmp/out" ] && grep -q "error" "$tmp/err" || { echo "  $file: exit 1 without a diagnostic, or with output"; return 1; } ;;
        *) echo "  $file: exit status $status"; head -5 "$tmp/err"; return 1 ;;
    esac
}

for expectation in "$here"/*.err "$here"/*.expected; do
    name=$(basename "${expectation%.*}")
    input=$here/$name.cbc
    if [ ! -f "$input" ]; then
        input=$tmp/$name.cbc
        [ -f "$input" ] || "$gen" "$name" >"$input" || { check "hostile_gen $name" false; continue; }
    fi
    check "graph --dot $name" graph_of "$input" --dot
    case $input in
        "$tmp"/*) rm -f "$input" ;;                 # large: DOT only, for time
        *) check "graph (JSON) $name" graph_of "$input" ;;
    esac
done

n=3000
awk -v n=$n 'BEGIN {
    print "struct s { __code (*k)(int); };"
    print "struct s v;"
    for (i = 0; i < n; i++) printf "__code g%d(int x) { v.k = g%d; goto v.k(x); }\n", i, (i + 1) % n
}' >"$tmp/square.cbc"
check "a quadratic graph ($n gears, $n^2 edges) is refused under the limits" \
    sh -c "! '$limit' --seconds=$secs --max-rss-kb=$max_kb -- '$gearsc' graph --dot '$tmp/square.cbc' >'$tmp/out' 2>'$tmp/err'; [ \$? -eq 0 ] && grep -q 'too large' '$tmp/err' && [ ! -s '$tmp/out' ]"
"$gen" many_members 20000 >"$tmp/members.cbc"
check "a linear one (20000 members, a goto through each) is drawn" \
    sh -c "'$limit' --seconds=$secs --max-rss-kb=$max_kb -- '$gearsc' graph --dot '$tmp/members.cbc' >'$tmp/out' && test \$(grep -c ' -> ' '$tmp/out') -ge 20000"
checks_done
