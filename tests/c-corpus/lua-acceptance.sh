#!/bin/sh
# Issue 19's acceptance on C no one here wrote: the Lua 5.4.4 sources of
# Debian's source package (61 .c and .h files, 34 .c), through real-c.sh:
# source mode (`gearsc FILE`, unpreprocessed) must accept every file and
# give output that compiles to the same object as the input
# (clang -c -DLUA_USE_LINUX on both), and `gearsc cc -c` (and -x cbc, where
# gearsc parses and lowers the preprocessed unit) must compile every .c.
# Not run by CTest: it needs the download, done by hand (as root):
#
#   grep -q deb-src /etc/apt/sources.list.d/* /etc/apt/sources.list 2>/dev/null ||
#       echo 'deb-src http://deb.debian.org/debian bookworm main' > /etc/apt/sources.list.d/src.list
#   apt-get update
#   mkdir -p /tmp/lua && cd /tmp/lua && apt-get source lua5.4
#
# (Debian 12's debian.sources may already carry deb-src; a second deb-src
# entry for the same archive makes apt refuse both.)
#
#   lua-acceptance.sh GEARSC [LUA_SRC_DIR] [CC]
#
# LUA_SRC_DIR defaults to /tmp/lua/lua5.4-5.4.4/src, CC to clang.
set -u
gearsc=$1
dir=${2:-/tmp/lua/lua5.4-5.4.4/src}
cc=${3:-clang}
if [ ! -f "$dir/lua.h" ]; then
    echo "no Lua sources in $dir: fetch them as the header of $0 says" >&2
    exit 2
fi
# Debian's patches include a header its build writes (the multiarch triplet).
extra=$(mktemp -d)
trap 'rm -rf "$extra"' EXIT
if [ ! -f "$dir/lua5.4-deb-multiarch.h" ]; then
    echo "#define DEB_HOST_MULTIARCH \"$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)\"" \
        >"$extra/lua5.4-deb-multiarch.h"
fi
sh "$(dirname "$0")/real-c.sh" "$gearsc" "$cc" "$dir" -DLUA_USE_LINUX -I"$extra"
