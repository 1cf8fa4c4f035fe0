#!/usr/bin/env bash
# build-tree-sitter-cli.sh -- build the tree-sitter CLI 0.20.7 fully offline
# (apart from apt) from Debian 12's *source* package.
#
# Why this exists:
#   * `npm install tree-sitter-cli` does not work offline: the npm package is a
#     thin wrapper whose install step downloads a prebuilt binary from GitHub.
#   * Debian 12 (bookworm) ships no binary package for the CLI (only
#     libtree-sitter0 / libtree-sitter-dev), but its *source* package
#     `tree-sitter` 0.20.7 contains the whole Cargo workspace including the CLI
#     crate (cli/).
#   * Debian packages most of the CLI's Rust dependencies as librust-*-dev,
#     which install vendored crate sources under /usr/share/cargo/registry.
#     Pointing cargo at that directory lets us build without crates.io.
#   Debian's crate versions differ a little from what 0.20.7 asks for, so a
#   handful of manifest/source edits are applied below (all scripted here).
#
# Usage:
#   grammar/scripts/build-tree-sitter-cli.sh [DEST]
#     DEST  path of the resulting binary
#           (default: <script dir>/../.tools/tree-sitter, i.e. grammar/.tools/tree-sitter)
#   Environment:
#     TS_CLI_WORKDIR  scratch directory (default: ${TMPDIR:-/tmp}/gearsc-ts-cli)
#
# If DEST already exists and reports version 0.20.7, nothing is done.
# Requires root (or sudo) for the apt steps.
set -euo pipefail

TS_VERSION=0.20.7

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEST="${1:-$SCRIPT_DIR/../.tools/tree-sitter}"
WORKDIR="${TS_CLI_WORKDIR:-${TMPDIR:-/tmp}/gearsc-ts-cli}"

# Always use Debian's toolchain. A developer machine may have a rustup cargo
# (e.g. ~/.cargo/bin) first on PATH; CI and fresh Debian boxes only have
# Debian's, and the librust-*-dev crates are only guaranteed to build with it.
CARGO=/usr/bin/cargo
RUSTC=/usr/bin/rustc

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi

# Make DEST absolute and tidy (-m: its directory may not exist yet).
DEST="$(realpath -m -- "$DEST")"

# ---------------------------------------------------------------------------
# 0. Nothing to do if the binary is already there and has the right version.
# ---------------------------------------------------------------------------
if [ -x "$DEST" ] && "$DEST" --version 2>/dev/null | grep -q "^tree-sitter $TS_VERSION\b"; then
    log "$DEST already exists: $("$DEST" --version)"
    exit 0
fi

# ---------------------------------------------------------------------------
# 1. apt: enable deb-src for the Debian archive, install toolchain + crates.
# ---------------------------------------------------------------------------
enable_deb_src() {
    local f
    # deb822 format (bookworm default: /etc/apt/sources.list.d/debian.sources).
    # Only stanzas whose URIs point at a Debian archive are touched, and only
    # if their Types line is exactly "deb", so running this twice is a no-op.
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        if perl -00 -ne '$hit = 1 if /^URIs:.*debian/mi && /^Types:[ \t]*deb[ \t]*$/mi;
                       END { exit($hit ? 0 : 1) }' "$f"; then
            log "adding deb-src to Types: in $f"
            "${SUDO[@]}" perl -00 -pi -e \
                's/^Types:[ \t]*deb[ \t]*$/Types: deb deb-src/mi if /^URIs:.*debian/mi' "$f"
        fi
    done
    # Classic one-line format. For a file that has Debian "deb" lines but no
    # "deb-src" lines at all, add a deb-src twin after every Debian deb line.
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        grep -Eq '^[[:space:]]*deb[[:space:]].*debian' "$f" || continue
        grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && continue
        log "adding deb-src lines to $f"
        # shellcheck disable=SC2016  # $_ and $1 are perl variables
        "${SUDO[@]}" perl -pi -e \
            '$_ .= "deb-src$1\n" if /^\s*deb(\s.*debian.*?)\s*$/' "$f"
    done
}

# Debian package names of the Rust crates the CLI workspace (cli, cli/config,
# cli/loader, lib, highlight, tags) depends on. thiserror and memchr are
# needed by highlight/tags (normally pulled in transitively anyway).
RUST_CRATE_PKGS=(
    librust-ansi-term-dev       # ansi_term 0.12
    librust-anyhow-dev          # anyhow 1
    librust-atty-dev            # atty 0.2
    librust-cc-dev              # cc 1 (lib build script, loader)
    librust-clap-2-dev          # clap 2.x (librust-clap-dev is clap 3)
    librust-difference-dev      # difference 2 (used without default "bin" feature)
    librust-dirs-dev            # dirs 4 (upstream asks for 3)
    librust-glob-dev            # glob 0.3
    librust-html-escape-dev     # html-escape 0.2
    librust-indexmap-dev        # indexmap 1
    librust-lazy-static-dev     # lazy_static 1
    librust-libloading-dev      # libloading 0.7
    librust-log-dev             # log 0.4
    librust-memchr-dev          # memchr 2 (tags)
    librust-once-cell-dev       # once_cell 1
    librust-regex-dev           # regex 1
    librust-regex-syntax-dev    # regex-syntax 0.6
    librust-rustc-hash-dev      # rustc-hash 1
    librust-semver-dev          # semver 1
    librust-serde-dev           # serde 1
    librust-serde-derive-dev    # serde derive feature
    librust-serde-json-dev      # serde_json 1 (+ preserve_order)
    librust-smallbitvec-dev     # smallbitvec 2.5
    librust-thiserror-dev       # thiserror 1 (highlight, tags)
    librust-tiny-http-dev       # tiny_http 0.12 (upstream asks for 0.8)
    librust-toml-dev            # toml 0.5 (cli build script)
    librust-walkdir-dev         # walkdir 2
    librust-which-dev           # which 4
)

enable_deb_src
log "apt-get update"
"${SUDO[@]}" apt-get update -q

PKGS=(cargo rustc dpkg-dev "${RUST_CRATE_PKGS[@]}")
# `tree-sitter generate` runs grammar.js through node at run time.
command -v node >/dev/null 2>&1 || PKGS+=(nodejs)
log "apt-get install ${PKGS[*]}"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${PKGS[@]}"

# ---------------------------------------------------------------------------
# 2. Fetch and unpack the Debian source package into the scratch dir.
# ---------------------------------------------------------------------------
# Pick the 0.20.7 Debian revision that apt knows about (e.g. 0.20.7-1).
SRC_VER="$(apt-cache showsrc tree-sitter | sed -n "s/^Version: \($TS_VERSION-.*\)/\1/p" | head -n1)"
[ -n "$SRC_VER" ] || die "apt does not know source package tree-sitter $TS_VERSION (deb-src missing?)"

mkdir -p "$WORKDIR"
SRCDIR="$WORKDIR/tree-sitter-$TS_VERSION"
rm -rf "$SRCDIR"     # always start from pristine sources
log "apt-get source tree-sitter=$SRC_VER into $WORKDIR"
# (When run as root apt warns that the download is "unsandboxed"; harmless.)
(cd "$WORKDIR" && apt-get source -q "tree-sitter=$SRC_VER")
[ -f "$SRCDIR/cli/Cargo.toml" ] || die "unexpected source layout in $SRCDIR"

# ---------------------------------------------------------------------------
# 3. Point cargo at Debian's crate registry, offline.
# ---------------------------------------------------------------------------
# cargo picks up $WORKDIR/.cargo/config.toml because the build runs below it.
mkdir -p "$WORKDIR/.cargo"
cat >"$WORKDIR/.cargo/config.toml" <<'EOF'
[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "/usr/share/cargo/registry"

[net]
offline = true
EOF

# ---------------------------------------------------------------------------
# 4. Adapt manifests and sources to the crate versions Debian ships.
# ---------------------------------------------------------------------------
cd "$SRCDIR"

# The lock file pins crates.io versions that Debian's registry doesn't have;
# let cargo resolve against /usr/share/cargo/registry instead.
rm -f Cargo.lock

# dirs: Debian has 4.x only. The API used (home_dir, config_dir, cache_dir)
# is unchanged between 3 and 4.
sed -i 's/^dirs = "3\.0"$/dirs = "4"/' cli/Cargo.toml cli/config/Cargo.toml cli/loader/Cargo.toml

# tiny_http: Debian has 0.12 only. The playground's use of it
# (Server::http, Response::empty/with_data/with_header, Header) still compiles.
sed -i 's/^tiny_http = "0\.8"$/tiny_http = "0.12"/' cli/Cargo.toml

# difference: its default feature "bin" needs getopts, which Debian's package
# doesn't provide; the library part is all the CLI uses.
sed -i 's/^difference = "2\.0"$/difference = { version = "2.0", default-features = false }/' cli/Cargo.toml

# webbrowser: not packaged in Debian. It is only used to open the playground
# in a browser; drop it and just print the URL instead.
sed -i '/^webbrowser = /d' cli/Cargo.toml
sed -i '/^use webbrowser;$/d' cli/src/playground.rs
perl -0pi -e 's{if let Err\(_\) = webbrowser::open\(&url\) \{\s*eprintln!\("Failed to open \x27\{\}\x27 in a web browser", url\);\s*\}}{eprintln!("Open {} in a web browser (this build cannot launch one)", url);}' \
    cli/src/playground.rs

# dev-dependencies (rand, tempfile, pretty_assertions, ctor) are only for the
# test suite, but cargo resolves them for every build; not all are packaged.
# Remove every [dev-dependencies] table up to the next table header.
for f in Cargo.toml */Cargo.toml cli/*/Cargo.toml; do
    [ -f "$f" ] || continue
    perl -0pi -e 's/^\[dev-dependencies\]\n(?:(?!\[).*\n)*//mg' "$f"
done

# Sanity checks: fail loudly if an edit above silently did not apply
# (e.g. a different Debian revision changed the files).
for f in cli/Cargo.toml cli/config/Cargo.toml cli/loader/Cargo.toml; do
    grep -q '^dirs = "4"$' "$f" || die "dirs edit did not apply to $f"
done
grep -q '^tiny_http = "0.12"$' cli/Cargo.toml || die "tiny_http edit did not apply"
grep -q '^difference = { version = "2.0", default-features = false }$' cli/Cargo.toml \
    || die "difference edit did not apply"
grep -q 'this build cannot launch one' cli/src/playground.rs || die "playground.rs edit did not apply"
! grep -rq webbrowser cli/Cargo.toml cli/src/playground.rs || die "webbrowser still referenced"
! grep -rq '^\[dev-dependencies\]' --include=Cargo.toml . || die "dev-dependencies left over"

# ---------------------------------------------------------------------------
# 5. Build with Debian's cargo/rustc.
# ---------------------------------------------------------------------------
# RUSTC makes cargo call /usr/bin/rustc rather than whatever `rustc` is first
# on PATH (possibly a rustup proxy); /usr/bin first on PATH covers the rest
# (rustdoc, cc, ...). A private CARGO_HOME keeps a user's ~/.cargo/config
# (e.g. other source replacements) out of the build.
export RUSTC
export PATH="/usr/bin:/bin:$PATH"
export CARGO_HOME="$WORKDIR/cargo-home"
export CARGO_TARGET_DIR="$WORKDIR/target"
unset RUSTUP_TOOLCHAIN RUSTFLAGS CARGO_BUILD_TARGET || true

log "building with $("$CARGO" --version), $("$RUSTC" --version)"
start=$SECONDS
"$CARGO" build --offline --release -p tree-sitter-cli
log "build took $((SECONDS - start))s"

# ---------------------------------------------------------------------------
# 6. Install the binary.
# ---------------------------------------------------------------------------
# -s strips debug info (mostly from the Rust std library): ~25 MB -> ~12 MB.
mkdir -p "$(dirname "$DEST")"
install -s -m 0755 "$CARGO_TARGET_DIR/release/tree-sitter" "$DEST"
echo "$DEST"
"$DEST" --version
