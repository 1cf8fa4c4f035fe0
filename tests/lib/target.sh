# target.sh - sourced by the execution scripts: sets `cflags` and defines
# `run BINARY` for $target: `native` (on a 256 KiB stack, so chains of
# gotos must not grow it) or `aarch64` (cross-compiled against Debian's
# libc6-dev-arm64-cross, run under qemu-aarch64 with a 256 KiB stack).
# Exits 77 (skipped) when the aarch64 tools are missing.
sysroot=/usr/aarch64-linux-gnu
case $target in
native)
    cflags=
    run() { sh -c 'ulimit -s 256 && exec "$0"' "$1"; } ;;
aarch64)
    if ! command -v qemu-aarch64 >/dev/null || [ ! -d $sysroot/lib ]; then
        echo "skipped: needs qemu-user and libc6-dev-arm64-cross"
        exit 77
    fi
    cflags="--target=aarch64-linux-gnu -fuse-ld=lld"
    run() { qemu-aarch64 -L $sysroot -s 262144 "$1"; } ;;
*)
    echo "unknown target $target" >&2
    exit 2 ;;
esac
