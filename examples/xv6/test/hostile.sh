#!/bin/sh
# hostile.sh ARCH [CPUS [VAR=VALUE...]] -- runs user/hostile.c, which passes
# hostile arguments (bad pointers, kernel addresses, huge sizes, bad file
# descriptors, ...) to every system call: the kernel must survive (no
# panic, halt still works) and hostile must print "hostile: OK".
. "$(dirname "$0")/common.sh"
arch=${1:?usage: hostile.sh ARCH [CPUS [VAR=VALUE...]]}
cpus=${2:-2}
shift; [ $# -gt 0 ] && shift
expect_ok hostile "$arch" "$cpus" "$@"
