/* gearsc - Continuation based C (CbC) to C, and the Gears meta level.
 *
 * compile() is the pass list, one call per pass, one folder per phase:
 *
 *     read      support/source.c     the file, whole
 *     parse     parse/passthrough.c  tree-sitter-cbc; syntax errors, gear-free C passed through
 *     declare   sema/                C scopes and types, the include closure
 *     Gears     gears/interface.c    Interfaces, implementations, data gears
 *     check     sema/check.c         gear types: declarations, gear pointer conversions
 *     warn      sema/warnings.c      gearsc's own warnings (-Wgear-fall-off ...)
 *     lower     codegen/             checks every goto, and writes the C
 *     manifest  gears/manifest.c     --gears: the manifest, from the Gears model and
 *                                    the gears and gotos lowering resolved (Lowered)
 *     write     support/output.c     all or nothing
 *
 * model_init / model_free (gears/model.c) make and free what declare and
 * Gears build; `gearsc skeleton` builds the same model.  Each pass reports
 * to one Diag; if any reported an error, gearsc exits 1 and writes nothing.
 * The subcommands live in src/cli/, one file each. */
#include "cli/cli.h"
#include "codegen/lower.h"
#include "driver/cc.h"
#include "gears/manifest.h"
#include "parse/parse.h"
#include "sema/check.h"
#include "sema/warnings.h"
#include "support/arena.h"
#include "support/output.h"
#include "support/prefix_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GEARSC_VERSION
#define GEARSC_VERSION "0.0.0-dev"
#endif

typedef enum EmitKind { EMIT_C, EMIT_TREE, EMIT_NOTHING } EmitKind;

typedef struct Options {
    const char *input;
    const char *output;         /* "-" is standard output */
    const char **include_dirs;
    int include_count;
    EmitKind emit;
    bool line_directives;
    bool gears;
    const SlotLayout *layout;
    const char *context_header;
    const char *manifest;       /* Gears mode: where to write the manifest */
} Options;

static const char usage_text[] =
    "usage: gearsc [options] INPUT.cbc\n"
    "       gearsc link -o CONTEXT.h --tables=TABLES.c [--include=HEADER]... MANIFEST...\n"
    "       gearsc skeleton [-I DIR]... [-o FILE] HEADER IMPL [INTERFACE]\n"
    "       gearsc graph [--dot] [-o FILE] MANIFEST...\n"
    "       gearsc graph [--dot] [-o FILE] [--from NAME]... [-I DIR]... SOURCE...\n"
    "       gearsc cc [clang/gcc options] FILE...     (a compiler driver; docs/driver.md)\n"
    "       gearsc --preprocess [-D/-U/-I/... options] INPUT.cbc [-o OUT.c]\n"
    "\n"
    "Translates Continuation based C (code gears, goto continuations, Gears\n"
    "interfaces) to C for clang (>= 14) or gcc (>= 15).\n"
    "\n"
    "options:\n"
    "  -o FILE          write the output to FILE (default: standard output).\n"
    "                   FILE is replaced only when gearsc succeeds.\n"
    "  -I DIR           search DIR for headers named in #include \"...\"\n"
    "  --emit=c         write C (default): code gears lowered to musttail calls,\n"
    "                   everything else kept byte-for-byte\n"
    "  --emit=tree      write the parse tree as an S-expression\n"
    "  --check          parse, check and lower, but write nothing\n"
    "  --gears          Gears mode: gears run on the Context (struct Context *),\n"
    "                   Interfaces, implementations, new T(); see docs/gears.md\n"
    "  --manifest=FILE  Gears mode: write the file's manifest (JSON) for\n"
    "                   'gearsc link' to FILE\n"
    "  --context-header=NAME  Gears mode: the header 'gearsc link' writes\n"
    "                   (default context.h), included by the output\n"
    "  --layout=NAME    the slot layout of plain CbC gears (docs/lowering.md):\n"
    "                   portable (default: x86-64 or AArch64, 5 word + 8 double\n"
    "                   slots), x86_64, aarch64 (7 word slots), x86_64-int,\n"
    "                   aarch64-int (no FP register: -mgeneral-regs-only, -mno-sse);\n"
    "                   every file of a program needs the same layout\n"
    "  --no-line        do not write #line directives\n"
    "  -w               no warnings\n"
    "  -Werror          warnings are errors (-Werror=gear-fall-off: that one only)\n"
    "  -Wall, -Wextra   accepted (gearsc's default warnings are its -Wall)\n"
    "  -Wunused-gear-parameter  warn about a gear parameter that is never used\n"
    "                   (off by default, and not in -Wextra)\n"
    "  -Wgear-fall-off  warn about a gear with a continuation parameter whose body\n"
    "                   can end without a goto, unless it says (void)next; (on by\n"
    "                   default); -Wno-gear-fall-off\n"
    "                   and -Wno-unused-gear-parameter turn them off\n"
    "  -ffile-prefix-map=OLD=NEW  write paths that start with OLD (in #line, the\n"
    "                   prelude's comment, manifests) with NEW instead; also\n"
    "                   -fdebug-prefix-map=OLD=NEW and -fmacro-prefix-map=OLD=NEW\n"
    "  -fdiagnostics-color=WHEN  colour the diagnostics: never, always, or auto\n"
    "                   (the default: when standard error is a terminal)\n"
    "  --help           print this help and exit\n"
    "  --version        print the version and exit\n"
    "\n"
    "gearsc link merges the manifests of a program's Gears files into the context\n"
    "header (enum Code, enum DataType, union Data, Gearef/GearImpl, prototypes) and\n"
    "the code table; --include=HEADER adds '#include HEADER' (write \"x.h\" or <x.h>).\n"
    "\n"
    "gearsc skeleton writes an implementation IMPL of the Interface in HEADER (its\n"
    "create function and a gear per method) that builds as it stands.\n"
    "gearsc graph writes the gear transition graph of the manifests, or of plain\n"
    "CbC source files (.cbc, .c, .h), as JSON or Graphviz DOT.\n"
    "\n"
    "Diagnostics go to standard error as FILE:LINE:COL: error: MESSAGE, and\n"
    "warnings as FILE:LINE:COL: warning: MESSAGE with the option that controls it.\n"
    "Exit status: 0 on success, 1 if the input has errors, 2 on a usage error.\n";

/* The -I list.  At file scope so that it stays reachable when a usage error
 * exits from inside parse_options (LeakSanitizer saw a leak there whenever
 * the only pointer to it was in a register of the caller). */
static const char **include_dir_list;

static Options parse_options(int argc, char **argv)
{
    Options opt = { .output = "-", .emit = EMIT_C, .line_directives = true,
                    .context_header = "context.h" };
    opt.include_dirs = include_dir_list = xmalloc(sizeof(char *) * (size_t)(argc > 0 ? argc : 1));
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (opt.input)
                usage_error("more than one input file ('%s')", a);
            opt.input = a;
        } else if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf("gearsc %s (tree-sitter-cbc parser ABI %u)\n", GEARSC_VERSION,
                   ts_language_version(tree_sitter_cbc()));
            exit(0);
        } else if (strcmp(a, "--emit=c") == 0) {
            opt.emit = EMIT_C;
        } else if (strcmp(a, "--emit=tree") == 0) {
            opt.emit = EMIT_TREE;
        } else if (strncmp(a, "--emit=", 7) == 0) {
            usage_error("unknown --emit kind '%s' (expected c or tree)", a + 7);
        } else if (strcmp(a, "--check") == 0) {
            opt.emit = EMIT_NOTHING;
        } else if (strcmp(a, "--gears") == 0) {
            opt.gears = true;
        } else if (strncmp(a, "--manifest=", 11) == 0) {
            opt.manifest = a + 11;
        } else if (strncmp(a, "--context-header=", 17) == 0) {
            opt.context_header = a + 17;
        } else if (strncmp(a, "--layout=", 9) == 0) {
            opt.layout = slot_layout_named(a + 9);
            if (!opt.layout)
                usage_error("unknown --layout '%s' (expected portable, x86_64, aarch64, "
                            "x86_64-int or aarch64-int)", a + 9);
        } else if (strcmp(a, "--no-line") == 0) {
            opt.line_directives = false;
        } else if (strncmp(a, "--output=", 9) == 0) {
            opt.output = a + 9;
        } else if ((v = option_value(argc, argv, &i, "-o"))) {
            opt.output = v;
        } else if ((v = option_value(argc, argv, &i, "-I"))) {
            opt.include_dirs[opt.include_count++] = v;
        } else {
            PrefixMapOption map = prefix_map_option(a);
            if (map == PREFIX_MAP_TAKEN)
                continue;
            if (map == PREFIX_MAP_BAD)
                usage_error("invalid argument '%s': expected OLD=NEW", a);
            switch (diag_option(&diag_options, a)) {
            case DIAG_OPTION_SHARED:
            case DIAG_OPTION_OWN:
                break;
            case DIAG_OPTION_OTHER:
                usage_error("unknown warning option '%s' (gearsc's warnings: "
                            "-Wunused-gear-parameter, -Wgear-fall-off)", a);
            case DIAG_OPTION_BAD:
                usage_error("bad value in '%s' (expected never, always or auto)", a);
            case DIAG_OPTION_NONE:
                usage_error("unknown option '%s'", a);
            }
        }
    }
    if (!opt.input)
        usage_error("%s", "no input file");
    if (opt.manifest && !opt.gears)
        usage_error("%s", "--manifest needs --gears");
    if (*opt.output == '\0')
        usage_error("%s", "empty output file name");
    return opt;
}

/* read -> parse -> declare -> Gears model -> check -> warn -> lower (checks,
 * then C) -> manifest -> write.
 * After the parse, the passes run to the end even after errors, so that one
 * run reports the errors of all of them. */
static int compile(const Options *opt)
{
    Arena arena = { 0 };
    Diag diag;
    diag_init(&diag, stderr);
    Buf out = { 0 }, manifest = { 0 };
    TSTree *tree = NULL;

    const char *read_error = NULL;
    Source *src = source_read(&arena, opt->input, &read_error);
    if (!src) {
        diag_plain(&diag, "cannot read '%s': %s", opt->input, read_error);
        goto finish;
    }

    tree = parse_source_passthrough(src, &diag);
    if (diag.errors)
        goto finish;

    if (opt->emit == EMIT_TREE) {
        print_tree_sexp(&out, ts_tree_root_node(tree), true);
    } else {
        /* --check lowers too (that is where gotos are checked), writing nothing */
        Model model;
        model_init(&model, &diag);
        model_declare(&model, src, tree, opt->include_dirs, opt->include_count);
        if (opt->gears)
            model_build_gears(&model);
        check_file(&model.env, &model.main_unit, model.headers, opt->gears);
        warn_gears(&model.env, src, tree, NULL, NULL); /* -Wgear-fall-off ... */
        LowerOptions lo = { .line_directives = opt->line_directives,
                            .gears = opt->gears,
                            .context_header = opt->context_header,
                            .layout = opt->layout };
        Lowered lowered = { 0 };
        lower_file(&out, &lowered, &model, &lo);
        /* the manifest: Interfaces, data gears, bindings from the model;
         * gears and gotos as lowering resolved them, the one hand-off */
        if (opt->manifest && !diag.errors)
            manifest_from_model(&manifest, &model, &lowered);
        lowered_free(&lowered);
        model_free(&model);
    }
    if (diag.errors || opt->emit == EMIT_NOTHING)
        goto finish;

    /* the C and the manifest appear together or not at all */
    OutputFile outputs[2] = { { opt->output, &out, false }, { opt->manifest, &manifest, false } };
    write_outputs(outputs, opt->manifest ? 2 : 1, &opt->input, 1, &diag);

finish:
    diag_finish(&diag);
    if (tree)
        ts_tree_delete(tree);
    buf_free(&out);
    buf_free(&manifest);
    arena_release(&arena);
    return diag.errors ? 1 : 0;
}

/* The last component of a path. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int main(int argc, char **argv)
{
    /* gearsc cc (or a link named gearsc-cc) and --preprocess: src/driver/cc.c */
    if (argc > 1 && strcmp(argv[1], "cc") == 0)
        return cc_main(argc - 1, argv + 1);
    if (argc > 0 && strcmp(base_name(argv[0]), "gearsc-cc") == 0)
        return cc_main(argc, argv);
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--preprocess") == 0) {
            memmove(argv + i, argv + i + 1, sizeof *argv * (size_t)(argc - i));
            return cc_preprocess_main(argc - 1, argv);
        }
    if (argc > 1 && strcmp(argv[1], "link") == 0)
        return link_command(argc, argv);
    if (argc > 1 && strcmp(argv[1], "skeleton") == 0)
        return skeleton_command(argc, argv);
    if (argc > 1 && strcmp(argv[1], "graph") == 0)
        return graph_command(argc, argv);
    Options opt = parse_options(argc, argv);
    int status = compile(&opt);
    free(opt.include_dirs);
    prefix_map_clear();
    return status;
}
