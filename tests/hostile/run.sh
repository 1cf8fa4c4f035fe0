#!/bin/sh
# Hostile-input test: gearsc on NAME.cbc must print exactly NAME.err and exit 1
# (or, for odd but valid input, write exactly NAME.expected), judged by the
# test driver (tests/run.sh) -- and it runs under tests/hostile/limit,
# so a crash, a hang (more than GEARSC_HOSTILE_SECONDS) or a peak RSS over
# GEARSC_HOSTILE_MAX_RSS_KB fails the test too.  Large inputs are not
# committed: when tests/hostile/NAME.cbc does not exist, hostile_gen writes it
# into a scratch directory next to a copy of NAME.err.
#
#   run.sh GEARSC LIMIT HOSTILE_GEN NAME [CC]
#
# GEARSC_UPDATE_GOLDEN=1 rewrites NAME.err / NAME.expected as for the goldens.
set -u
gearsc=$1 limit=$2 gen=$3 name=$4 cc=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
secs=${GEARSC_HOSTILE_SECONDS:-30}
max_kb=${GEARSC_HOSTILE_MAX_RSS_KB:-524288}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/gearsc" <<WRAPPER
#!/bin/sh
exec "$limit" --seconds=$secs --max-rss-kb=$max_kb -- "$gearsc" "\$@"
WRAPPER
chmod +x "$tmp/gearsc"

if [ -f "$here/$name.cbc" ]; then
    sh "$here/../run.sh" "$tmp/gearsc" "$cc" "$here/$name.cbc"
    exit $?
fi
mkdir "$tmp/case"
"$gen" "$name" >"$tmp/case/$name.cbc" || { echo "FAIL $name: hostile_gen failed"; exit 1; }
for f in "$here/$name.err" "$here/$name.expected"; do
    [ -f "$f" ] && cp "$f" "$tmp/case/"
done
sh "$here/../run.sh" "$tmp/gearsc" "$cc" "$tmp/case/$name.cbc"
status=$?
if [ "${GEARSC_UPDATE_GOLDEN:-}" = 1 ]; then
    rm -f "$here/$name.err" "$here/$name.expected"
    cp "$tmp/case/$name".err "$tmp/case/$name".expected "$here/" 2>/dev/null
fi
exit $status
