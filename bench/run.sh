#!/usr/bin/env bash
# bench/run.sh - gearsc's benchmarks: transitions, stack, transpiler
# throughput, preserve_none.  One command builds everything into a scratch
# directory, measures, prints a markdown report and (full run) writes it to
# docs/performance.md.
#
#   bench/run.sh           full run (needs valgrind; about 5 minutes on 2
#                          cores): writes docs/performance.md
#   bench/run.sh --quick   tiny inputs, 1 run, no callgrind (< 30 s): checks
#                          that every benchmark builds, runs and agrees; for
#                          CI.  Prints the report, writes no docs.
#   bench/run.sh --keep    keep the scratch directory (printed at the end)
#
# Needs: cmake, clang (the default, clang 14 on Debian 12), clang-19 (for
# the preserve_none variants; rows are marked n/a without it), llvm-objdump,
# and for the full run valgrind.  The machine may be shared and noisy, so:
# instruction counts come from callgrind (repeatable), and wall times are the
# median of alternating runs (A B C A B C ...), reported as ratios per round.
set -euo pipefail

quick=0 keep=0
for a in "$@"; do
    case $a in
    --quick) quick=1 ;;
    --keep) keep=1 ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$a' (see --help)" >&2; exit 2 ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/bench
prog=$bench/programs
work=$(mktemp -d "${TMPDIR:-/tmp}/gearsc-bench.XXXXXX")
cleanup() { if [ $keep = 1 ]; then echo "scratch directory kept: $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
mkdir -p "$work/gen" "$work/bin" "$work/cg" "$work/wall" "$work/out" "$work/logs"
started=$(date +%s)

# ---- parameters ----
if [ $quick = 1 ]; then
    chain_n_ir=100000 chain_n_wall=100000
    interp_n_ir=10000 interp_n_wall=10000
    trans_n=100000 stack_n=1000000 big_bytes=200000
    rounds=1 big_rounds=1
else
    chain_n_ir=10000000 chain_n_wall=100000000   # f->g->h repeated 10^7 (Ir) / 10^8 (wall) times
    interp_n_ir=2000000 interp_n_wall=20000000   # bytecode loop iterations
    trans_n=10000000 stack_n=100000000 big_bytes=4200000
    rounds=7 big_rounds=5
fi

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || die "needs $1 ($2)"; }

need cmake "apt-get install cmake"
need clang "apt-get install clang"
cc14=clang
cc19=
command -v clang-19 >/dev/null && cc19=clang-19
objdump=
command -v llvm-objdump >/dev/null && objdump=llvm-objdump
if [ $quick = 0 ]; then
    need valgrind "apt-get install valgrind"
    need callgrind_annotate "apt-get install valgrind"
fi

# ---- build: gearsc, parse_only, timeit (bench/CMakeLists.txt) ----
say "building gearsc, parse_only and timeit in $work/build"
cmake -S "$bench" -B "$work/build" -DGEARSC_ROOT="$root" >"$work/logs/cmake.log" 2>&1 ||
    { cat "$work/logs/cmake.log"; die "cmake configure failed"; }
cmake --build "$work/build" -j2 >>"$work/logs/cmake.log" 2>&1 ||
    { tail -40 "$work/logs/cmake.log"; die "build failed"; }
gearsc=$work/build/gearsc/gearsc
parse_only=$work/build/parse_only
timeit=$work/build/timeit

# ---- lowering and compiling the benchmark programs ----
# lower SRC.cbc: gearsc's output, $work/gen/SRC.c
lower() {
    local out
    out=$work/gen/$(basename "${1%.cbc}").c
    if [ ! -f "$out" ]; then
        "$gearsc" "$1" -o "$out" 2>"$work/logs/gearsc-$(basename "$1").log" ||
            { cat "$work/logs/gearsc-$(basename "$1").log" >&2; die "gearsc failed on $1"; }
    fi
    echo "$out"
}

# preserve_none: gearsc has no option for it yet, so its output is post-
# processed.  clang >= 19's __attribute__((preserve_none)) goes on the uniform
# gear type (so every declaration `__cbc_code g;` and every gear pointer has
# it) and on every gear definition `void g(__CBC_GEAR_PARAMS)` (also
# `static void`, and return gears defined mid-line after `;` or `}`).
pn_sed='s/^typedef void __cbc_code(/typedef __attribute__((preserve_none)) void __cbc_code(/
s/\(^\|[;{}] \)\(static \)\{0,1\}void \([A-Za-z_][A-Za-z_0-9]*(__CBC_GEAR_PARAMS)\)/\1\2__attribute__((preserve_none)) void \3/g'
with_pn() {
    local out=${1%.c}_pn.c defs done_
    sed "$pn_sed" "$1" >"$out"
    defs=$(grep -o 'void [A-Za-z_][A-Za-z_0-9]*(__CBC_GEAR_PARAMS)' "$1" | wc -l)
    done_=$(grep -o 'preserve_none)) void [A-Za-z_][A-Za-z_0-9]*(__CBC_GEAR_PARAMS)' "$out" | wc -l)
    if [ "$defs" != "$done_" ] || ! grep -q 'typedef __attribute__((preserve_none)) void __cbc_code(' "$out"; then
        die "preserve_none: patched $done_ of $defs gear definitions in $1"
    fi
    echo "$out"
}

# build NAME CC FLAGS... -- SOURCES...
build() {
    local name=$1 cc=$2
    shift 2
    local flags=()
    while [ "$1" != -- ]; do flags+=("$1"); shift; done
    shift
    "$cc" -std=gnu11 -Wall -Wextra "${flags[@]}" -I"$prog" "$@" -o "$work/bin/$name" \
        >"$work/logs/cc-$name.log" 2>&1 ||
        { cat "$work/logs/cc-$name.log" >&2; die "compiling $name failed"; }
}

# gears_build NAME CC FLAGS... -- SOURCES.cbc...: a Gears-mode program: each
# source through `gearsc --gears`, the manifests through `gearsc link`, the C
# with the runtime's sources (bench/programs/gears/).
gears_build() {
    local name=$1 cc=$2 flags=() src dir log=$work/logs/gears-$1.log
    shift 2
    while [ "$1" != -- ]; do flags+=("$1"); shift; done
    shift
    dir=$work/gen/gears-$name
    mkdir -p "$dir"
    for src in "$@"; do
        "$gearsc" --gears -I"$prog/gears" -I"$prog" "$src" -o "$dir/$(basename "$src" .cbc).c" \
            --manifest="$dir/$(basename "$src" .cbc).json" 2>>"$log" ||
            { cat "$log" >&2; die "gearsc --gears failed on $src"; }
    done
    "$gearsc" link -o "$dir/context.h" --tables="$dir/gears_tables.c" "$dir"/*.json 2>>"$log" ||
        { cat "$log" >&2; die "gearsc link failed for $name"; }
    build "$name" "$cc" "${flags[@]}" -I"$dir" -I"$root/runtime/include" -- \
        "$dir"/*.c "$root"/runtime/src/*.c
}

# gears_build_loads NAME FROM CC FLAGS...: the Gears program FROM (built by
# gears_build) as gearsc link wrote it before the data gears and the dispatch
# table were at fixed offsets from the Context: the same gears, with Gearef
# loading context->gears and the default dispatch loading context->dispatch
# (both still valid in the runtime), for the before/after columns.
gears_build_loads() {
    local name=$1 from=$work/gen/gears-$2 cc=$3 dir=$work/gen/gears-$1
    shift 3
    rm -rf "$dir"
    cp -r "$from" "$dir"
    sed -i 's|^    (&((union Data \*)((char \*)(context) + GEARS_DATA_OFFSET))\[D_##t\]\.t)$|    (\&(context)->gears[D_##t].t)|
s|GEARS_CONTEXT_DISPATCH(context)\[|context->dispatch[|' "$dir/context.h" "$dir/gears_tables.c"
    grep -q '(&(context)->gears\[D_##t\]\.t)' "$dir/context.h" && ! grep -q 'GEARS_CONTEXT_DISPATCH' "$dir/context.h" \
        "$dir/gears_tables.c" || die "gears_build_loads: the context header of $2 has changed"
    build "$name" "$cc" "$@" -I"$dir" -I"$root/runtime/include" -- "$dir"/*.c "$root"/runtime/src/*.c
}

say "lowering and compiling the benchmark programs"
chain_cps=$(lower "$prog/chain_cps.cbc")
interp_gears=$(lower "$prog/interp_gears.cbc")
interp_gears_threaded=$(lower "$prog/interp_gears_threaded.cbc")
transition=$(lower "$prog/transition.cbc")
transition_pong=$(lower "$prog/transition_pong.cbc")
stack_depth=$(lower "$prog/stack_depth.cbc")
stack_depth_far=$(lower "$prog/stack_depth_far.cbc")

compilers=(c14)
[ -n "$cc19" ] && compilers+=(c19)
cc_of() { if [ "$1" = c14 ]; then echo "$cc14"; else echo "$cc19"; fi; }
cc_label() { echo "clang $("$(cc_of "$1")" --version | sed -n '1s/.*version \([0-9]*\)\..*/\1/p')"; }
for c in "${compilers[@]}"; do
    cc=$(cc_of $c)
    build chain_c.$c "$cc" -O2 -- "$prog/chain.c"
    build chain_c_ni.$c "$cc" -O2 -fno-inline -- "$prog/chain.c"
    build chain_cps.$c "$cc" -O2 -- "$chain_cps"
    build chain_cps_ni.$c "$cc" -O2 -fno-inline -- "$chain_cps"
    build interp_switch.$c "$cc" -O2 -- "$prog/interp_switch.c"
    build interp_gears.$c "$cc" -O2 -- "$interp_gears"
    build interp_musttail.$c "$cc" -O2 -- "$prog/interp_musttail.c"
    build interp_gears_threaded.$c "$cc" -O2 -- "$interp_gears_threaded"
    for o in O0 O2; do
        build stack_depth.$o.$c "$cc" -$o -- "$stack_depth" "$stack_depth_far"
    done
done
build transition.c14 "$cc14" -O2 -- "$transition" "$transition_pong"
# Gears mode: the chain, the interpreter and the transitions with their
# arguments in the Context; the transitions also with a program meta gear.
gp=$prog/gears
gears_build chain_gears.c14 "$cc14" -O2 -- "$gp/chain.cbc"
gears_build interp_gears_mode.c14 "$cc14" -O2 -- "$gp/interp.cbc"
gears_build gtrans.c14 "$cc14" -O2 -- "$gp/transition.cbc" "$gp/transition_pong.cbc"
gears_build gtrans_meta.c14 "$cc14" -O2 -- "$gp/transition.cbc" "$gp/transition_pong.cbc" "$gp/meta.cbc"
gears_build_loads gtrans_loads.c14 gtrans.c14 "$cc14" -O2
gears_build_loads gtrans_meta_loads.c14 gtrans_meta.c14 "$cc14" -O2
# Code placement: the same interpreters with every function 64-byte aligned.
build interp_switch_al64.c14 "$cc14" -O2 -falign-functions=64 -- "$prog/interp_switch.c"
build interp_gears_al64.c14 "$cc14" -O2 -falign-functions=64 -- "$interp_gears"
build interp_gears_threaded_al64.c14 "$cc14" -O2 -falign-functions=64 -- "$interp_gears_threaded"
build interp_musttail_al64.c14 "$cc14" -O2 -falign-functions=64 -- "$prog/interp_musttail.c"
if [ -n "$cc19" ]; then
    build chain_cps_pn.c19 "$cc19" -O2 -- "$(with_pn "$chain_cps")"
    build chain_cps_ni_pn.c19 "$cc19" -O2 -fno-inline -- "$(with_pn "$chain_cps")"
    build interp_gears_pn.c19 "$cc19" -O2 -- "$(with_pn "$interp_gears")"
    build interp_gears_threaded_pn.c19 "$cc19" -O2 -- "$(with_pn "$interp_gears_threaded")"
fi

# ---- what each benchmark runs ----
# name -> command line (binary, then arguments); N is filled in per use.
chain_cmd() { # chain_cmd VARIANT COMPILER N
    case $1 in
    c | c_ni | gears) echo "$work/bin/chain_$1.$2 $3" ;;
    cps | cps_ni | cps_pn | cps_ni_pn) echo "$work/bin/chain_$1.$2 gear $3" ;;
    cpsc) echo "$work/bin/chain_cps.$2 c $3" ;;
    cpsc_ni) echo "$work/bin/chain_cps_ni.$2 c $3" ;;
    esac
}
interp_cmd() { echo "$work/bin/interp_$1.$2 $3"; }
chain_variants_14=(c c_ni cps cps_ni cpsc cpsc_ni gears)
chain_variants_19=(c c_ni cps cps_pn cps_ni cps_ni_pn)
interp_variants_14=(switch gears gears_threaded musttail gears_mode switch_al64 gears_al64 gears_threaded_al64 musttail_al64)
interp_variants_19=(switch gears gears_pn gears_threaded gears_threaded_pn musttail)

# ---- correctness: every variant of a benchmark prints the same result ----
say "checking that the variants agree"
check_same() { # check_same WHAT CMD...
    local what=$1 first="" out c
    shift
    for c in "$@"; do
        # shellcheck disable=SC2086 # c is a command line
        out=$($c) || die "$what: '$c' failed"
        [ -z "$first" ] && first=$out
        [ "$out" = "$first" ] || die "$what: '$c' printed '$out', expected '$first'"
    done
    echo "$first"
}
cmds=()
for v in "${chain_variants_14[@]}"; do cmds+=("$(chain_cmd $v c14 $chain_n_ir)"); done
[ -n "$cc19" ] && for v in "${chain_variants_19[@]}"; do cmds+=("$(chain_cmd $v c19 $chain_n_ir)"); done
chain_result=$(check_same chain "${cmds[@]}")
cmds=()
for v in "${interp_variants_14[@]}"; do cmds+=("$(interp_cmd $v c14 $interp_n_ir)"); done
[ -n "$cc19" ] && for v in "${interp_variants_19[@]}"; do cmds+=("$(interp_cmd $v c19 $interp_n_ir)"); done
interp_result=$(check_same interp "${cmds[@]}")
trans_modes=(direct local reg mem iface loop)
for m in "${trans_modes[@]}"; do
    [ "$("$work/bin/transition.c14" $m 1000)" = "$m 1000" ] || die "transition $m failed"
done
for b in gtrans gtrans_meta gtrans_loads gtrans_meta_loads; do
    for m in direct iface; do
        [ "$("$work/bin/$b.c14" $m 1000)" = "$m 1000" ] || die "$b $m failed"
    done
done

# ---- the big CbC file and the transpiler inputs ----
say "generating a $big_bytes-byte CbC file"
big=$work/gen/big.cbc
sh "$bench/gen_big.sh" "$big_bytes" >"$big"
inputs=("$big" "$root/examples/hello/hello.cbc")
for f in "$root"/tests/exec/*.cbc; do inputs+=("$f"); done
# Gears-mode inputs: each example's files through `gearsc --gears` and its
# manifests through `gearsc link` first, so that clang has the context header.
declare -A gears_flags=() cc_flags=()
for d in "$root"/examples/stack "$root"/examples/meta; do
    gd=$work/out/gears-$(basename "$d")
    mkdir -p "$gd"
    for f in "$d"/*.cbc; do
        "$gearsc" --gears -I"$d" "$f" -o "$gd/$(basename "$f" .cbc).c" \
            --manifest="$gd/$(basename "$f" .cbc).json" || die "gearsc --gears failed on $f"
        inputs+=("$f")
        gears_flags[$f]="--gears -I$d"
        cc_flags[$f]="-I$gd -I$root/runtime/include"
    done
    "$gearsc" link -o "$gd/context.h" --tables="$gd/gears_tables.c" "$gd"/*.json || die "gearsc link failed for $d"
done
# key_of INPUT: its name in file names and run names (big, or the path
# below the repository with / as _)
key_of() {
    if [ "$1" = "$big" ]; then echo big; return; fi
    local r=${1#"$root"/}
    r=${r%.cbc}
    echo "${r//\//_}"
}
# Each input lowered once (for the clang baselines); an input gearsc or clang
# cannot take (hosted, -std=gnu11) is reported, not measured.
declare -A lowered=() skipped=()
for f in "${inputs[@]}"; do
    base=$(key_of "$f")
    out=$work/out/$base.c
    # shellcheck disable=SC2086 # flag lists
    if ! "$gearsc" ${gears_flags[$f]:-} "$f" -o "$out" 2>"$work/logs/in-$base.log"; then
        skipped[$f]="gearsc rejects it: $(head -1 "$work/logs/in-$base.log")"
    elif ! "$cc14" -std=gnu11 ${cc_flags[$f]:-} -O0 -c "$out" -o "$work/out/$base.o" 2>>"$work/logs/in-$base.log"; then
        skipped[$f]="clang -O0 -c fails on gearsc's output"
    else
        lowered[$f]=$out
    fi
done
[ -n "${lowered[$big]:-}" ] || { cat "$work/logs/in-big.log" >&2; die "the generated file does not build"; }
"$parse_only" "$big" >/dev/null || die "parse_only: the generated file has syntax errors"

# ---- callgrind: instruction counts (full run only) ----
# cg NAME [--pop-on-jump] CMD...: queued, two at a time (counts do not depend
# on load).  --pop-on-jump (the bare form: `--pop-on-jump=yes` would name a
# function) makes callgrind treat a jump between functions as return + call;
# without it its shadow call stack grows by one entry per tail jump and a
# 2*10^7-iteration interpreter run exhausts 19 GB.  It does not change Ir.
cg() {
    local name=$1
    shift
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n || die "a callgrind run failed"; done
    valgrind --tool=callgrind --callgrind-out-file="$work/cg/$name.out" "$@" \
        >"$work/cg/$name.stdout" 2>"$work/cg/$name.log" &
}
ir() { # Ir total of callgrind run NAME, or empty
    [ -f "$work/cg/$1.out" ] && awk '/^totals:/ { print $2 }' "$work/cg/$1.out" || true
}
if [ $quick = 0 ]; then
    say "callgrind runs (two at a time)"
    # The longest first.
    cg gearsc_big "$gearsc" "$big" -o "$work/cg/big.c"
    cg parse_big "$parse_only" "$big"
    for c in "${compilers[@]}"; do
        vs=("${chain_variants_14[@]}")
        [ $c = c19 ] && vs=("${chain_variants_19[@]}")
        for v in "${vs[@]}"; do
            # shellcheck disable=SC2046 # a command line
            cg chain_$v.$c --pop-on-jump $(chain_cmd $v $c $chain_n_ir)
        done
        vs=("${interp_variants_14[@]}")
        [ $c = c19 ] && vs=("${interp_variants_19[@]}")
        for v in "${vs[@]}"; do
            # shellcheck disable=SC2046
            cg interp_$v.$c --pop-on-jump $(interp_cmd $v $c $interp_n_ir)
        done
    done
    for m in "${trans_modes[@]}"; do
        cg trans_$m.N --pop-on-jump "$work/bin/transition.c14" $m $trans_n
        cg trans_$m.0 --pop-on-jump "$work/bin/transition.c14" $m 0
    done
    for b in gtrans gtrans_meta gtrans_loads gtrans_meta_loads; do
        for m in direct iface; do
            cg ${b}_$m.N --pop-on-jump "$work/bin/$b.c14" $m $trans_n
            cg ${b}_$m.0 --pop-on-jump "$work/bin/$b.c14" $m 0
        done
    done
    for f in "${inputs[@]}"; do
        [ -n "${lowered[$f]:-}" ] && [ "$f" != "$big" ] || continue
        base=$(key_of "$f")
        # shellcheck disable=SC2086
        cg gearsc_$base "$gearsc" ${gears_flags[$f]:-} "$f" -o "$work/cg/$base.c"
        cg parse_$base "$parse_only" "$f"
    done
    while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || die "a callgrind run failed"; done
    for c in "${compilers[@]}"; do
        for v in "${chain_variants_14[@]}" "${chain_variants_19[@]}"; do
            f=$work/cg/chain_$v.$c.stdout
            [ -f "$f" ] && { [ "$(cat "$f")" = "$chain_result" ] || die "chain $v ($c) under callgrind: wrong result"; }
        done
    done
fi

# ---- wall time: alternating runs ----
# wall GROUP ROUNDS NAME CMD... [:: NAME CMD...]: timeit's raw lines in
# $work/wall/GROUP
wall() {
    local group=$1 r=$2
    shift 2
    "$timeit" "$r" "$@" >"$work/wall/$group" 2>"$work/logs/wall-$group.log" ||
        { cat "$work/logs/wall-$group.log" >&2; die "timing $group failed"; }
}
# stats GROUP NAME [BASE]: "MEDIAN_MS RATIO RSS_KB" -- RATIO is the median
# over rounds of NAME's time / BASE's time in the same round
stats() {
    awk -v n="$2" -v b="${3:-}" '
        function median(a, k,    i, j, t) {
            for (i = 2; i <= k; i++) {
                t = a[i]
                for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
                a[j + 1] = t
            }
            return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
        }
        $2 == n { k++; t[k] = $3; rss[k] = $4; round[k] = $1 }
        $2 == b { bt[$1] = $3 }
        END {
            if (!k) { print "n/a n/a n/a"; exit }
            for (i = 1; i <= k; i++) if (b != "" && bt[round[i]] > 0) { m++; q[m] = t[i] / bt[round[i]] }
            ms = median(t, k) / 1e6
            printf "%.1f %s %d\n", ms, (m ? sprintf("%.2f", median(q, m)) : "n/a"), median(rss, k)
        }' "$work/wall/$1"
}
timed() { # timed GROUP ROUNDS MAKER COMPILER N VARIANT...: runs the variants' commands alternating
    local group=$1 r=$2 maker=$3 c=$4 n=$5 args=() v
    shift 5
    for v in "$@"; do
        [ ${#args[@]} -gt 0 ] && args+=(::)
        # shellcheck disable=SC2207 # a command line
        args+=("$v" $($maker $v $c $n))
    done
    wall "$group" "$r" "${args[@]}"
}
say "wall time: call chain and interpreter ($rounds alternating rounds each)"
timed chain.c14 $rounds chain_cmd c14 $chain_n_wall "${chain_variants_14[@]}"
timed interp.c14 $rounds interp_cmd c14 $interp_n_wall "${interp_variants_14[@]}"
if [ -n "$cc19" ]; then
    timed chain.c19 $rounds chain_cmd c19 $chain_n_wall "${chain_variants_19[@]}"
    timed interp.c19 $rounds interp_cmd c19 $interp_n_wall "${interp_variants_19[@]}"
fi

say "wall time and peak memory: gearsc vs parse, clang -fsyntax-only, clang -O0 -c"
for f in "${inputs[@]}"; do
    [ -n "${lowered[$f]:-}" ] || continue
    base=$(key_of "$f")
    r=$rounds
    [ "$f" = "$big" ] && r=$big_rounds
    # shellcheck disable=SC2086
    wall in-$base $r gearsc "$gearsc" ${gears_flags[$f]:-} "$f" -o "$work/out/$base.lowered.c" \
        :: parse "$parse_only" "$f" \
        :: syntax "$cc14" -std=gnu11 ${cc_flags[$f]:-} -fsyntax-only "${lowered[$f]}" \
        :: O0 "$cc14" -std=gnu11 ${cc_flags[$f]:-} -O0 -c "${lowered[$f]}" -o "$work/out/$base.t.o"
done
gnu_time_rss=
if [ $quick = 0 ] && [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$gearsc" "$big" -o "$work/out/big.gnutime.c" 2>"$work/logs/gnutime.log"
    gnu_time_rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/logs/gnutime.log")
fi

say "stack: a $stack_n-transition chain"
declare -A stack=() stack_small=() stack_rec=() stack_ok=()
for c in "${compilers[@]}"; do
    for o in O0 O2; do
        b=$work/bin/stack_depth.$o.$c
        out=$(sh -c 'ulimit -s 128 && exec "$0" "$@"' "$b" chain $stack_n) &&
            stack_ok[$o.$c]="yes" || { stack_ok[$o.$c]="NO (crashed)"; out="$stack_n n/a"; }
        stack[$o.$c]=${out#* }
        out=$("$b" chain 1000)
        stack_small[$o.$c]=${out#* }
        out=$("$b" rec 10000)
        stack_rec[$o.$c]=${out#* }
    done
done

# ---- the report ----
say "writing the report"
report=$work/report.md
fmt_m() { [ -n "$1" ] && awk -v x="$1" 'BEGIN { printf "%.1f M", x / 1e6 }' || echo "—"; }
div() { # div A B [DIGITS]
    if [ -n "$1" ] && [ -n "$2" ] && [ "$1" != n/a ] && [ "$2" != n/a ] && [ "$1" != "—" ] && [ "$2" != "—" ]; then
        awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b == 0) print "n/a"; else printf "%.*f\n", d, a / b }'
    else
        echo "—"
    fi
}
per() { # per IR N: Ir per iteration
    [ -n "$1" ] && awk -v a="$1" -v n="$2" 'BEGIN { printf "%.1f", a / n }' || echo "—"
}
verdict() { # verdict VALUE LIMIT
    if [ $quick = 1 ]; then echo "not judged (--quick)"; return; fi
    if [ -z "$1" ] || [ "$1" = "—" ] || [ "$1" = n/a ]; then echo "not measured"; return; fi
    awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l) ? "**met**" : "**missed**" }'
}
x() { case $1 in "" | "—" | n/a) echo "—" ;; *) echo "$1×" ;; esac; }
tenpow() { awk -v n="$1" 'BEGIN { e = 0; while (n >= 10 && n % 10 == 0) { n /= 10; e++ } if (e < 3) printf "%d", n * 10 ^ e; else if (n == 1) printf "10^%d", e; else printf "%d·10^%d", n, e }'; }

ver() { "$1" --version 2>/dev/null | sed -n 1p; }
gearsc_cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$work/build/CMakeCache.txt")
ts_version=$(dpkg-query -W -f='${Version}' libtree-sitter0 2>/dev/null || pkg-config --modversion tree-sitter 2>/dev/null || echo unknown)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && [ -n "$(git -C "$root" status --porcelain -- src grammar CMakeLists.txt 2>/dev/null)" ]; then
    commit="$commit + uncommitted changes in src/, grammar/ or CMakeLists.txt"
fi
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mode="a full run"
[ $quick = 1 ] && mode="--quick: tiny inputs, 1 run, no callgrind; only shows that everything builds and runs, the numbers mean nothing"

{
cat <<EOF
# Performance

Generated by \`bench/run.sh\` ($mode).  Do not edit by hand: re-run it
(about 5 minutes on 2 cores) and review the diff.  Each section says what
it runs and how; what the numbers mean is in "Discussion" at the end,
hand-written (\`bench/discussion.md\`, included as is).

## Machine and tools

| | |
| --- | --- |
| date | $(date -u '+%Y-%m-%d %H:%M UTC') |
| CPU | ${cpu:-unknown} |
| nproc | $(nproc) |
| clang (default) | $(ver "$cc14") |
| clang-19 | $([ -n "$cc19" ] && ver "$cc19" || echo "not installed: preserve_none rows are n/a") |
| gearsc built with | $(ver "$gearsc_cc"), CMake RelWithDebInfo (-O2 -g) |
| tree-sitter runtime | $ts_version |
| valgrind | $([ $quick = 0 ] && valgrind --version || echo "not used (--quick)") |
| gearsc commit | $commit |

## How it is measured

- **Instructions** (\`Ir\`): \`valgrind --tool=callgrind\`, whole process
  (dynamic loading and libc start-up are about 0.13 M instructions, which
  the ratios ignore).  Exactly repeatable, so these are the numbers to
  compare.  CbC programs run with \`--pop-on-jump\`: without it callgrind
  keeps one shadow call-stack entry per tail jump and runs out of memory on
  long chains (over 19 GB for a 2·10^7-iteration interpreter run); it does
  not change the counts.
- **Wall time**: the median of $rounds runs taken in alternation (A B C A B C
  ...: one round runs every variant once), so a noisy neighbour hits every
  variant alike.  Ratios are the median over rounds of (variant / baseline
  in the same round).  Wall-time runs use larger N than callgrind runs, so
  that the fastest variant runs for tens of milliseconds.
- All benchmark programs are in \`bench/programs/\`; every variant of a
  benchmark prints the same result, which \`run.sh\` checks before measuring.
- Compiled with \`-std=gnu11 -O2\` (plus the flags named), x86-64.

EOF

# ---- 1a ----
cat <<EOF
## 1. Transitions

### (a) Call chain f → g → h, repeated $(tenpow $chain_n_ir) times (Ir) / $(tenpow $chain_n_wall) times (wall), clang -O2

\`chain.c\`: \`f(x) = g(x + 1) * 3 - x\`, \`g(x) = h(x ^ 5) + x\`,
\`h(x) = x * 7 + 3\`, summed over a loop.  \`chain_cps.cbc\`: the same in
continuation-passing style, every call a goto with the return continuation
pushed on an explicit frame stack, every return a goto through the
continuation pointer on top of it (7 transitions per iteration, loop
included).  "loop in gears": the loop is a gear too, one chain for all
iterations; "entered from C": a C loop calls the chain as a function each
iteration (a chain entered and left each time).  "Gears mode"
(\`gears/chain.cbc\`): the same gears compiled by \`gearsc --gears\`, every
argument stored in its home in the Context and loaded by the gear it goes
to, the return continuation a gear number (\`next\`) pushed on the frame
stack by the caller, returns dispatched through the Context's dispatch
table.  Result: $chain_result.

| variant | Ir | Ir / iteration | Ir × C | Ir × C -fno-inline | wall ms | wall × C | wall × C -fno-inline |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
label_chain() {
    case $1 in
    c) echo "C calls" ;;
    c_ni) echo "C calls, -fno-inline" ;;
    cps) echo "CbC CPS, loop in gears" ;;
    cps_ni) echo "CbC CPS, loop in gears, -fno-inline" ;;
    cps_pn) echo "CbC CPS, loop in gears, preserve_none" ;;
    cps_ni_pn) echo "CbC CPS, loop in gears, -fno-inline, preserve_none" ;;
    cpsc) echo "CbC CPS, entered from C" ;;
    cpsc_ni) echo "CbC CPS, entered from C, -fno-inline" ;;
    gears) echo "CbC, Gears mode (arguments in the Context), loop in gears" ;;
    esac
}
chain_rows() { # chain_rows COMPILER VARIANT...
    local c=$1 v a wc wn
    shift
    local base base_ni
    base=$(ir chain_c.$c)
    base_ni=$(ir chain_c_ni.$c)
    for v in "$@"; do
        a=$(ir chain_$v.$c)
        read -r ms wc _ <<<"$(stats chain.$c $v c)"
        read -r _ wn _ <<<"$(stats chain.$c $v c_ni)"
        echo "| $(label_chain $v) | $(fmt_m "$a") | $(per "$a" $chain_n_ir) | $(div "$a" "$base") | $(div "$a" "$base_ni") | $ms | $wc | $wn |"
    done
}
chain_rows c14 "${chain_variants_14[@]}"

# ---- 1b ----
cat <<EOF

### (b) Bytecode interpreter, $(tenpow $interp_n_ir) (Ir) / $(tenpow $interp_n_wall) (wall) loop iterations, clang -O2

One bytecode program (\`interp.h\`: 17 bytecode instructions per
iteration, 21 on a rarely taken path) run by interpreters with the same
state (pc, stack pointer, variables): a C \`switch\` loop
(\`interp_switch.c\`, default case unreachable so clang drops the range
check); code gears dispatched through a table of gear pointers
(\`interp_gears.cbc\`, the state in the gears' arguments); the same gears
direct-threaded (\`interp_gears_threaded.cbc\`: the bytecode translated
once into gear pointers, a representation a switch cannot use); and, as a
reference, the table version written by hand in C with
\`__attribute__((musttail))\` (\`interp_musttail.c\`).  The
\`-falign-functions=64\` rows are the same programs with every function
64-byte aligned: the same instructions, placed differently.  "Gears
mode" (\`gears/interp.cbc\`): the table gears compiled by \`gearsc
--gears\`, the state (pc, stack pointer, variables) in its homes in the
Context, each gear taking the next gear's number from a table of gear
numbers and going there through the Context's dispatch table.  Result:
$interp_result.

| interpreter | Ir | Ir / iteration | Ir × switch | wall ms | wall × switch |
| --- | ---: | ---: | ---: | ---: | ---: |
EOF
label_interp() {
    case $1 in
    switch) echo "C switch loop" ;;
    gears) echo "CbC gears, table of gear pointers" ;;
    gears_pn) echo "CbC gears, table of gear pointers, preserve_none" ;;
    gears_threaded) echo "CbC gears, direct-threaded (gear pointers in the bytecode)" ;;
    gears_threaded_pn) echo "CbC gears, direct-threaded, preserve_none" ;;
    musttail) echo "hand-written C musttail (reference)" ;;
    switch_al64) echo "C switch loop, -falign-functions=64" ;;
    gears_al64) echo "CbC gears, table, -falign-functions=64" ;;
    gears_threaded_al64) echo "CbC gears, direct-threaded, -falign-functions=64" ;;
    musttail_al64) echo "hand-written C musttail, -falign-functions=64" ;;
    gears_mode) echo "CbC, Gears mode: state in the Context, dispatch by gear number" ;;
    esac
}
interp_rows() {
    local c=$1 v a wr
    shift
    local base
    base=$(ir interp_switch.$c)
    for v in "$@"; do
        a=$(ir interp_$v.$c)
        read -r ms wr _ <<<"$(stats interp.$c $v switch)"
        echo "| $(label_interp $v) | $(fmt_m "$a") | $(per "$a" $interp_n_ir) | $(div "$a" "$base") | $ms | $wr |"
    done
}
interp_rows c14 "${interp_variants_14[@]}"

# ---- 1c ----
cat <<EOF

### (c) Instructions per transition, clang -O2

\`transition.cbc\`: $(tenpow $trans_n) transitions in a row.  Every gear does
the loop work of a counted loop (compare i with n, stop or add one) and then
makes one transition; "C loop" is that loop work alone, in C.  Per transition
= (Ir(N) − Ir(0)) / N, which removes start-up; the transition itself = that
minus the C loop's.

| transition | Ir / transition | minus loop work | what it compiles to |
| --- | ---: | ---: | --- |
EOF
loop_per=""
[ $quick = 0 ] && loop_per=$(awk -v a="$(ir trans_loop.N)" -v b="$(ir trans_loop.0)" -v n=$trans_n 'BEGIN { printf "%.2f", (a - b) / n }')
trans_per() { # trans_per RUN TRANSITIONS_PER_ITERATION: (Ir(N) - Ir(0)) / transitions
    awk -v a="$(ir $1.N)" -v b="$(ir $1.0)" -v n=$trans_n -v k="$2" 'BEGIN { printf "%.2f", (a - b) / (n * k) }'
}
for m in "${trans_modes[@]}"; do
    case $m in
    direct) what="\`goto pong(i + 1, n)\`, pong in another file: \`jmp pong\`" ;;
    local) what="the same with both gears in one file: clang inlines both into the C caller as one loop (the goto becomes the loop branch)" ;;
    reg) what="\`goto next(i + 1, n, next)\`, next a gear pointer argument: \`jmp *%rcx\`" ;;
    mem) what="\`goto jump_target(i + 1, n)\`, a global gear pointer: load + \`jmp *%rax\`" ;;
    iface) what="client → \`goto add(t, 1, client, add)\` through a gear pointer, add_tally → \`goto next(...)\` back: the plain counterpart of an Interface call (per transition: a round trip is two; its loop work is in memory)" ;;
    loop) what="C loop: \`add; cmp; jne\` (the baseline)" ;;
    esac
    if [ $quick = 0 ]; then
        k=1
        [ $m = iface ] && k=2
        p=$(trans_per trans_$m $k)
        d=$(awk -v p="$p" -v l="$loop_per" 'BEGIN { printf "%.2f", p - l }')
        if [ $m = loop ] || [ $m = iface ]; then d="—"; fi
    else
        p="—" d="—"
    fi
    echo "| $m | $p | $d | $what |"
done
cat <<EOF

Gears mode (\`gears/transition.cbc\`, \`gearsc --gears\`): the same loop
work, the arguments in their homes in the Context.  "direct" is
\`goto pong(i + 1, n)\` with i and n in the Loop data gear; "Interface call"
is \`goto counter->add(1, step)\` and the implementation's
\`goto next(...)\` back (per transition: half the round trip).  Linked with the
default meta, a direct goto jumps straight to the gear and a gear number is
dispatched through the Context's dispatch table; linked with a program meta
gear (\`gears/meta.cbc\`: \`goto (context->code[next])(context);\`), every
transition goes through meta and the code table.  Each ratio is to the
plain-CbC row of the same computation above (direct; iface).  "now": the
data gears and the dispatch table at offsets from the Context fixed at link
time (\`Gearef\` and \`__GEARS_DISPATCH\` add a constant to \`context\`);
"loads": the same gears with the context header as \`gearsc link\` wrote it
before, \`Gearef\` loading \`context->gears\` and the default dispatch
loading \`context->dispatch\` (the header patched back; same run).

| transition | plain CbC Ir / transition | Gears, default meta: loads | × plain | Gears, default meta: now | × plain | program meta: loads | × plain | program meta: now | × plain |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
for m in direct iface; do
    if [ $quick = 0 ]; then
        k=1
        [ $m = iface ] && k=2
        pl=$(trans_per trans_$m $k) gd=$(trans_per gtrans_$m $k) gm=$(trans_per gtrans_meta_$m $k)
        gdl=$(trans_per gtrans_loads_$m $k) gml=$(trans_per gtrans_meta_loads_$m $k)
    else
        pl="—" gd="—" gm="—" gdl="—" gml="—"
    fi
    label="direct goto"
    [ $m = iface ] && label="Interface call and return"
    echo "| $label | $pl | $gdl | $(div "$gdl" "$pl") | $gd | $(div "$gd" "$pl") | $gml | $(div "$gml" "$pl") | $gm | $(div "$gm" "$pl") |"
done

# The disassembly, and the check of "a register-argument transition is one
# jump with no argument stores".
disasm() { # disasm BINARY SYMBOL
    "$objdump" -d --no-show-raw-insn --disassemble-symbols="$2" "$1" 2>/dev/null |
        awk '/^[0-9a-f]+ </ && !done { p = 1 } p && !NF && seen { p = 0; done = 1 } p && NF && $2 !~ /^nop/ { sub(/^ +/, "  "); print } p { seen = 1 }'
}
# store_count: instructions that write memory (a push, or a memory last
# operand of anything but cmp/test/jmp/call); jump_count: jmp instructions.
store_count() {
    awk '$1 ~ /^[0-9a-f]+:$/ {
        m = $2; ops = $0; sub(/^[^\t]*\t[^\t]*\t?/, "", ops)
        gsub(/\([^)]*\)/, "(M)", ops); n = split(ops, o, ",")
        if (m ~ /^push/ || (n >= 2 && m !~ /^(cmp|test|jmp|call)/ && o[n] ~ /\(M\)/)) s++
    } END { print s + 0 }'
}
jump_count() { awk '$2 ~ /^jmp/ { j++ } END { print j + 0 }'; }
reg_check=""
if [ -n "$objdump" ]; then
    bin=$work/bin/transition.c14
    ping_d=$(disasm "$bin" ping) hop_d=$(disasm "$bin" hop)
    ping_s=$(store_count <<<"$ping_d") ping_j=$(jump_count <<<"$ping_d")
    hop_s=$(store_count <<<"$hop_d") hop_j=$(jump_count <<<"$hop_d")
    reg_check="ping: $ping_s stores, $ping_j jmp; hop: $hop_s stores, $hop_j jmp"
    reg_ok=missed
    [ "$ping_s$ping_j$hop_s$hop_j" = 0101 ] && reg_ok=met
    cat <<EOF

The gears of the table as gearsc writes them (\`transition.cbc\`, prelude
omitted) and as $(cc_label c14) -O2 compiles them, from
\`llvm-objdump -d --no-show-raw-insn\` on x86-64:

\`\`\`c
$(grep -v '^#line' "$transition" | awk '/^void (ping|hop)\(__CBC_GEAR_PARAMS\)/ { p = 1 } p { print } /^}/ { p = 0 }')
\`\`\`

\`\`\`
$ping_d

$hop_d

$(disasm "$bin" jump)
\`\`\`

A direct goto with its arguments in registers is \`add\` (the new i) and one
\`jmp\`: n is already in its register (the slot is forwarded), nothing is
stored, no frame is made ($reg_check).  For comparison, a C call of the
chain with -fno-inline (\`g\` of \`chain.c\`) saves a register for the value
it needs after the call:

\`\`\`
$(disasm "$work/bin/chain_c_ni.c14" g)
\`\`\`

One instruction of the bytecode interpreter, \`op_add\`, as gears
($(cc_label c14); the state is in %rsi/%rdx/%rcx after the chain pointer in %rdi):

\`\`\`
$(disasm "$work/bin/interp_gears.c14" op_add)
\`\`\`
EOF
    if [ -n "$cc19" ]; then
        cat <<EOF

and with \`preserve_none\` ($(cc_label c19); arguments in %r12, %r13, ...: the
copy of the stack pointer between registers is gone):

\`\`\`
$(disasm "$work/bin/interp_gears_pn.c19" op_add)
\`\`\`
EOF
    fi
fi

if [ -n "$objdump" ]; then
    gsrc=$work/gen/gears-gtrans.c14/transition.c
    cat <<EOF

The Gears gears as gearsc writes them (\`gears/transition.cbc\`, \`#line\`
lines omitted) and as $(cc_label c14) -O2 compiles them with the default meta
(%rdi is the Context; the dispatch table and the data gears are at constant
offsets from it, \`GEARS_CONTEXT_DISPATCH(context)\` and
\`GEARS_DATA_OFFSET\` in the context header: a field of a data gear is
\`N(%rdi)\`, an entry of the dispatch table \`M(%rdi,%rax,8)\`):

\`\`\`c
$(grep -v '^#line' "$gsrc" | awk '/^void (ping|addTally|step)\(struct Context/ { p = 1 } p { print } /^}/ { p = 0 }')
\`\`\`

\`\`\`
$(disasm "$work/bin/gtrans.c14" ping)

$(disasm "$work/bin/gtrans.c14" step)

$(disasm "$work/bin/gtrans.c14" addTally)
\`\`\`

and, for comparison, the "loads" column's build of the same gears: each
gear loads \`context->gears\` (\`40(%rdi)\`) and each dispatch
\`context->dispatch\` (\`16(%rdi)\`):

\`\`\`
$(disasm "$work/bin/gtrans_loads.c14" ping)

$(disasm "$work/bin/gtrans_loads.c14" step)

$(disasm "$work/bin/gtrans_loads.c14" addTally)
\`\`\`
EOF
fi

# ---- 2: stack ----
cat <<EOF

## 2. Stack: peak depth of a $(tenpow $stack_n)-transition chain

\`stack_depth.cbc\` + \`stack_depth_far.cbc\`: a chain of direct gotos
(ping ↔ pong), a goto through a gear pointer every 16th step, and a struct
passed by value through the spill area; the gears are in two files so that
every goto is a real jump.  **Method:** the C function entering the chain
records its stack pointer (\`%rsp\`, one inline-asm instruction) just
before the goto; every gear reads \`%rsp\` at every transition and keeps the
lowest value; the difference is the peak stack the chain used below the C
function.  It does not see the 128-byte red zone below \`%rsp\`.  The same
figure for 1000 transitions shows it does not depend on the length, and the
$(tenpow $stack_n)-transition run is done with \`ulimit -s 128\` (KiB).
"C recursion" is the same bookkeeping in C calls that are not tail calls,
10^4 deep: per level, and what $(tenpow $stack_n) levels would need.

| compiler | opt | peak stack, $(tenpow $stack_n) transitions | peak stack, 1000 transitions | ran in 128 KiB | C recursion, bytes per level | C recursion of $(tenpow $stack_n) levels |
| --- | --- | ---: | ---: | --- | ---: | ---: |
EOF
for c in "${compilers[@]}"; do
    for o in O0 O2; do
        perlevel=$(awk -v b="${stack_rec[$o.$c]}" 'BEGIN { printf "%.0f", b / 10000 }')
        total=$(awk -v p="$perlevel" -v n=$stack_n 'BEGIN { b = p * n
            if (b >= 1e9) printf "%.1f GB", b / 1e9; else if (b >= 1e6) printf "%.1f MB", b / 1e6; else printf "%.0f kB", b / 1e3 }')
        echo "| $(cc_label $c) | -$o | ${stack[$o.$c]} bytes | ${stack_small[$o.$c]} bytes | ${stack_ok[$o.$c]} | $perlevel | $total |"
    done
done
cat <<EOF

At -O2 the chain needs only the return address of the call that entered it:
every gear jumps on without a frame.  At -O0 clang gives each gear a frame
(its parameters unpacked into locals) but pops it before the jump, so the
peak is one gear frame, the same after 1000 or $(tenpow $stack_n) transitions.

EOF

# ---- 3: transpiler ----
big_kb=$(( $(wc -c <"$big") / 1024 ))
cat <<EOF
## 3. Transpiler throughput

Inputs: \`big.cbc\`, ${big_kb} KiB generated by \`bench/gen_big.sh $big_bytes\`
($(grep -c '^/\* ---- unit' "$big") units of a struct, typedefs, an enum, a
macro, comments, C helpers, 5 code gears with gotos by name, through a member
and through a table, a struct passed by value, and a C function entering a
chain), \`examples/hello/hello.cbc\`, \`tests/exec/*.cbc\`, and in Gears
mode (\`gearsc --gears\`) the files of \`examples/stack\` and
\`examples/meta\` (clang then compiles them with the context header
\`gearsc link\` wrote).  Each is run
$rounds times in alternation ($big_rounds for big.cbc) with: **gearsc**
(\`gearsc FILE -o OUT\`), the bare **parse** (\`bench/parse_only.c\`: read,
\`ts_parser_parse_string\` with gearsc's parser, free: no error walk),
\`clang -fsyntax-only\` and \`clang -O0 -c\` of gearsc's output ($(cc_label c14)).
Times are wall medians; the Ir columns are callgrind counts of gearsc and of
the parse.  Peak memory is the child's max RSS (\`wait4\`'s \`ru_maxrss\`,
what GNU time's "Maximum resident set size" reports$([ -n "$gnu_time_rss" ] && echo "; \`/usr/bin/time -v gearsc big.cbc\` said $gnu_time_rss kB")).  Wall times of
the small inputs are mostly process start-up.

| input | KiB | gearsc ms | × parse | × clang -fsyntax-only | × clang -O0 -c | gearsc Ir | Ir × parse |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
for f in "${inputs[@]}"; do
    base=$(key_of "$f")
    name=$base.cbc
    [ "$f" = "$big" ] || name=${f#"$root"/}
    [ -n "${gears_flags[$f]:-}" ] && name="$name (--gears)"
    if [ -z "${lowered[$f]:-}" ]; then
        echo "| \`$name\` | | ${skipped[$f]} | | | | | |"
        continue
    fi
    kb=$(awk -v b="$(wc -c <"$f")" 'BEGIN { printf "%.1f", b / 1024 }')
    read -r ms rp _ <<<"$(stats in-$base gearsc parse)"
    read -r _ rs _ <<<"$(stats in-$base gearsc syntax)"
    read -r _ ro _ <<<"$(stats in-$base gearsc O0)"
    gi=$(ir gearsc_$base) pi=$(ir parse_$base)
    [ "$f" = "$big" ] && gi=$(ir gearsc_big) pi=$(ir parse_big)
    echo "| \`$name\` | $kb | $ms | $rp | $rs | $ro | $(fmt_m "$gi") | $(div "$gi" "$pi") |"
done
cat <<EOF

| input | gearsc max RSS MiB | parse | clang -fsyntax-only | clang -O0 -c | gearsc × parse | gearsc × -fsyntax-only | gearsc × -O0 -c |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
for f in "${inputs[@]}"; do
    [ -n "${lowered[$f]:-}" ] || continue
    base=$(key_of "$f")
    name=$base.cbc
    [ "$f" = "$big" ] || name=${f#"$root"/}
    [ -n "${gears_flags[$f]:-}" ] && name="$name (--gears)"
    read -r _ _ g <<<"$(stats in-$base gearsc)"
    read -r _ _ p <<<"$(stats in-$base parse)"
    read -r _ _ s <<<"$(stats in-$base syntax)"
    read -r _ _ o <<<"$(stats in-$base O0)"
    echo "| \`$name\` | $(mib "$g") | $(mib "$p") | $(mib "$s") | $(mib "$o") | $(div "$g" "$p") | $(div "$g" "$s") | $(div "$g" "$o") |"
done

if [ $quick = 0 ]; then
    total=$(ir gearsc_big)
    cat <<EOF

### Where gearsc's time goes (callgrind, big.cbc)

$(fmt_m "$total") instructions in all.  Inclusive cost of gearsc's own
functions (the phases), then the top functions by their own (exclusive)
cost, libraries included (the tree-sitter runtime is stripped: its static
functions show as addresses):

| inclusive | % | function |
| ---: | ---: | --- |
EOF
    callgrind_annotate --inclusive=yes "$work/cg/gearsc_big.out" 2>/dev/null |
        awk -v root="$root/" -v t="$total" '
            /^ *[0-9,]+ \(/ && index($0, "=>") == 0 && index($0, root) && index($0, "/main.c:main ") == 0 {
                n = $1; gsub(/,/, "", n); f = $0; sub(/^.*\) +/, "", f); sub(/ \[.*$/, "", f)
                sub(root, "", f)
                if (++k <= 14) printf "| %.1f M | %.1f | `%s` |\n", n / 1e6, 100 * n / t, f
            }' || true
    cat <<EOF

| self | % | function |
| ---: | ---: | --- |
EOF
    callgrind_annotate --inclusive=no "$work/cg/gearsc_big.out" 2>/dev/null |
        awk -v root="$root/" -v t="$total" '
            /^ *[0-9,]+ \(/ && $0 !~ /PROGRAM TOTALS/ {
                n = $1; gsub(/,/, "", n); f = $0; sub(/^.*\) +/, "", f)
                lib = f; sub(/^.*\[/, "", lib); sub(/\]$/, "", lib); sub(/^.*\//, "", lib)
                sub(/ \[.*$/, "", f); sub(root, "", f)
                if (lib ~ /^libc\./) { sub(/^.*:/, "", f); f = "libc: " f }
                if (++k <= 18) printf "| %.1f M | %.1f | `%s` (%s) |\n", n / 1e6, 100 * n / t, f, lib
            }' || true
fi

# ---- 4: preserve_none ----
cat <<EOF

## 4. preserve_none (clang-19 only)

gearsc has no option for it yet, so \`run.sh\` post-processes gearsc's
output with

\`\`\`sh
sed '$pn_sed'
\`\`\`

which puts \`__attribute__((preserve_none))\` on the uniform gear type
\`__cbc_code\` (so on every gear declaration and gear pointer) and on every
gear definition \`void NAME(__CBC_GEAR_PARAMS)\`, \`static\` or not, also
those gearsc writes mid-line (return gears); \`run.sh\` checks that every
definition was patched.  A C function entering a chain then calls a
preserve_none function, which clang supports (it saves its own callee-saved
registers around the call).  Everything below is \`$([ -n "$cc19" ] && ver "$cc19" || echo clang-19)\`, -O2;
ratios are to the C baseline compiled by clang-19 too.

EOF
if [ -n "$cc19" ]; then
    cat <<EOF
| benchmark | variant | Ir | Ir × C baseline | Ir × same without preserve_none | wall ms | wall × C baseline |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
EOF
    base=$(ir interp_switch.c19)
    for v in "${interp_variants_19[@]}"; do
        a=$(ir interp_$v.c19)
        read -r ms wr _ <<<"$(stats interp.c19 $v switch)"
        np="—"
        [ $v = gears_pn ] && np=$(div "$a" "$(ir interp_gears.c19)" 3)
        [ $v = gears_threaded_pn ] && np=$(div "$a" "$(ir interp_gears_threaded.c19)" 3)
        echo "| interpreter | $(label_interp $v) | $(fmt_m "$a") | $(div "$a" "$base") | $np | $ms | $wr |"
    done
    base=$(ir chain_c.c19)
    base_ni=$(ir chain_c_ni.c19)
    for v in "${chain_variants_19[@]}"; do
        a=$(ir chain_$v.c19)
        b=$base wb=c
        case $v in *ni*) b=$base_ni wb=c_ni ;; esac
        read -r ms wr _ <<<"$(stats chain.c19 $v $wb)"
        np="—"
        case $v in
        cps_pn) np=$(div "$a" "$(ir chain_cps.c19)" 3) ;;
        cps_ni_pn) np=$(div "$a" "$(ir chain_cps_ni.c19)" 3) ;;
        esac
        bn="C calls"
        [ $wb = c_ni ] && bn="C calls -fno-inline"
        echo "| call chain (vs $bn) | $(label_chain $v) | $(fmt_m "$a") | $(div "$a" "$b") | $np | $ms | $wr |"
    done
else
    echo "n/a: clang-19 is not installed."
fi

# ---- targets ----
if [ $quick = 0 ]; then
    i_ir=$(div "$(ir interp_gears.c14)" "$(ir interp_switch.c14)")
    t_ir=$(div "$(ir interp_gears_threaded.c14)" "$(ir interp_switch.c14)")
    read -r _ i_wall _ <<<"$(stats interp.c14 gears switch)"
    read -r _ t_wall _ <<<"$(stats interp.c14 gears_threaded switch)"
    c_ir=$(div "$(ir chain_cps.c14)" "$(ir chain_c_ni.c14)")
    c_ir_ni=$(div "$(ir chain_cps_ni.c14)" "$(ir chain_c_ni.c14)")
    g_ir=$(div "$(ir gearsc_big)" "$(ir parse_big)")
    read -r _ g_wall _ <<<"$(stats in-big gearsc parse)"
    gt_direct=$(div "$(trans_per gtrans_direct 1)" "$(trans_per trans_direct 1)")
    gt_iface=$(div "$(trans_per gtrans_iface 2)" "$(trans_per trans_iface 2)")
else
    i_ir="—" t_ir="—" c_ir="—" c_ir_ni="—" g_ir="—" gt_direct="—" gt_iface="—"
    read -r _ i_wall _ <<<"$(stats interp.c14 gears switch)"
    read -r _ t_wall _ <<<"$(stats interp.c14 gears_threaded switch)"
    read -r _ g_wall _ <<<"$(stats in-big gearsc parse)"
fi
cat <<EOF

## Design targets

Measured here, not asserted by any test: $(cc_label c14), -O2.

| target | measured | verdict |
| --- | --- | --- |
| interpreter: gears ≤ 0.90× the switch loop's instructions | $(x "$i_ir") | $(verdict "$i_ir" 0.90) |
| interpreter: gears ≤ 0.80× the switch loop's wall time | $(x "$i_wall") | $(verdict "$i_wall" 0.80) |
| the same two with direct-threaded gears (instructions; wall) | $(x "$t_ir"); $(x "$t_wall") | $(verdict "$t_ir" 0.90); $(verdict "$t_wall" 0.80) |
| CPS chain ≤ 1.2× the instructions of C calls with -fno-inline (CbC at -O2) | $(x "$c_ir") | $(verdict "$c_ir" 1.2) |
| the same, CbC also at -O2 -fno-inline (every goto a jump, like for like) | $(x "$c_ir_ni") | $(verdict "$c_ir_ni" 1.2) |
| a register-argument transition is one jump with no argument stores | ${reg_check:-no llvm-objdump} | $([ -n "$reg_check" ] && echo "**$reg_ok**" || echo "not measured") |
| a Gears-mode transition ≤ 2× a plain one: direct goto (instructions) | $(x "$gt_direct") | $(verdict "$gt_direct" 2) |
| a Gears-mode transition ≤ 2× a plain one: Interface call and return (instructions) | $(x "$gt_iface") | $(verdict "$gt_iface" 2) |
| gearsc ≤ 1.5× the bare parse (big.cbc, wall) | $(x "$g_wall") | $(verdict "$g_wall" 1.5) |
| gearsc ≤ 1.5× the bare parse (big.cbc, instructions) | $(x "$g_ir") | $(verdict "$g_ir" 1.5) |
EOF

cat <<EOF

## Kernel-grade transitions (bench/kernel.sh)

A gear that calls C and goes on, and a C function entering a chain, as gearsc
output and as hand-written musttail C with natural signatures, hosted and with
kernel flags, on both architectures.  Instruction counts from the disassembly
(AArch64 cannot run under callgrind; qemu-user in Debian 12 has no
instruction-count plugin); the last row from callgrind.  Goal: ≤ 1.2× the
hand-written C.

EOF
if [ $quick = 1 ]; then
    bash "$bench/kernel.sh" "$gearsc" 1000 2>/dev/null || echo "(bench/kernel.sh failed)"
else
    bash "$bench/kernel.sh" "$gearsc" 1000000 || echo "(bench/kernel.sh failed)"
fi

cat <<EOF

## par goto: tasks on the task manager (bench/par.sh)

Speedup of examples/par against 1 worker, and the cost of a task; wall
times of the parallel part, median of alternating runs.

EOF
if [ $quick = 1 ]; then
    bash "$bench/par.sh" --quick "$gearsc" 2>/dev/null || echo "(bench/par.sh failed)"
else
    bash "$bench/par.sh" "$gearsc" || echo "(bench/par.sh failed)"
fi

if [ -f "$bench/discussion.md" ]; then
    echo
    cat "$bench/discussion.md"
fi
} >"$report"

cat "$report"
if [ $quick = 0 ]; then
    cp "$report" "$root/docs/performance.md"
    say "wrote docs/performance.md"
fi
say "done in $(( $(date +%s) - started )) s"
