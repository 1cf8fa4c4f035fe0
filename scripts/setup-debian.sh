#!/usr/bin/env bash
# Installs what gearsc needs on Debian 12 (bookworm).  Runs as root, or as a
# user through sudo (it calls sudo itself when not root).  This is the one
# list of packages: the README and CI (.ci/run) both use it.
#
#   scripts/setup-debian.sh              everything: build, tests, benchmarks
#   scripts/setup-debian.sh --minimal    only build gearsc and compile its output
#   scripts/setup-debian.sh --list [--minimal]   print the packages, install nothing
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

minimal=false list=false
for arg in "$@"; do
    case $arg in
        --minimal) minimal=true ;;
        --list) list=true ;;
        -h|--help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "setup-debian.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

# Building gearsc and using it: enough for `cmake --install`, a Makefile or
# CMake project that runs gearsc, and clang for the C it writes.
minimal_packages=(
    cmake make pkg-config gcc libc6-dev
    libtree-sitter-dev      # tree-sitter runtime 0.20.7 (parser ABI 13-14)
    libjansson-dev          # manifests (JSON)
    clang                   # compiles gearsc's output (musttail: clang >= 14)
)
# The test suite, the benchmarks and the kernel work on top of that.
extra_packages=(
    lld llvm
    clang-19                # the newest clang in bookworm: tests/exec also use it
    libclang-rt-14-dev      # ASan/UBSan/libFuzzer runtimes: GEARSC_SANITIZE, GEARSC_FUZZ
    # tests/exec on AArch64: cross libc and libgcc for clang, and qemu to run
    qemu-user libc6-dev-arm64-cross libgcc-12-dev-arm64-cross
    # the kernel (examples/xv6): boots on QEMU's AArch64 virt and x86-64 machines
    qemu-system-arm qemu-system-x86
    graphviz                # `gearsc graph --dot` output to pictures
    # bench/run.sh's full run: instruction counts (callgrind)
    valgrind
    gdb                     # tests/cc/gdb.sh, scripts/gearsc-gdb.py (docs/debugging.md)
    # tests/cc/distcc.sh and ccache.sh: gearsc cc behind distcc and ccache
    distcc ccache
)

packages=("${minimal_packages[@]}")
$minimal || packages+=("${extra_packages[@]}")

if $list; then
    printf '%s\n' "${packages[@]}"
    exit 0
fi

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
