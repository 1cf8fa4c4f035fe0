#!/bin/sh
# stress.sh ARCH [CPUS [VAR=VALUE...]] -- boots with 4 CPUs (default) and
# runs user/stress.c: many processes forking, piping and writing files at
# once for a few seconds; it must print "stress: OK" and halt must work.
. "$(dirname "$0")/common.sh"
arch=${1:?usage: stress.sh ARCH [CPUS [VAR=VALUE...]]}
cpus=${2:-4}
shift; [ $# -gt 0 ] && shift
expect_ok stress "$arch" "$cpus" "$@"
