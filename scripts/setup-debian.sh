#!/usr/bin/env bash
# Installs what gearsc needs to build and test on Debian 12 (bookworm).
# Run as root (or through sudo).  This is the one list of packages: the README
# and CI (.ci/run) both use it.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

packages=(
    # build gearsc
    cmake make pkg-config gcc libc6-dev
    libtree-sitter-dev      # tree-sitter runtime 0.20.7 (parser ABI 13-14)
    libjansson-dev          # manifests (JSON)
    # compile and check gearsc's output
    clang lld llvm
    clang-19                # the newest clang in bookworm: tests/exec also use it
    libclang-rt-14-dev      # ASan/UBSan/libFuzzer runtimes: GEARSC_SANITIZE, GEARSC_FUZZ
    # tests/exec on AArch64: cross libc and libgcc for clang, and qemu to run
    qemu-user libc6-dev-arm64-cross libgcc-12-dev-arm64-cross
    # bench/run.sh's full run: instruction counts (callgrind)
    valgrind
)

$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
