/* graph_command.c - gearsc graph [--dot] [-o FILE] [--from NAME]... [-I DIR]... FILE...
 * The gear transition graph of a program: of its manifests (src/gears/graph.c)
 * or of its plain CbC source files (src/gears/source_graph.c), told apart by
 * their names: .cbc, .c and .h are sources, anything else a manifest. */
#include "cli.h"

#include "../gears/graph.h"
#include "../gears/source_graph.h"
#include "../support/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char graph_help[] =
    "usage: gearsc graph [--dot] [-o FILE] MANIFEST...\n"
    "       gearsc graph [--dot] [-o FILE] [--from NAME]... [-I DIR]... SOURCE...\n"
    "\n"
    "Writes the gear transition graph of a program: JSON, or Graphviz DOT.\n"
    "From manifests (written by gearsc --gears --manifest=FILE): the gears\n"
    "and the gotos they record.  From source files (.cbc, .c, .h; plain CbC,\n"
    "read with gearsc's parser, not preprocessed): every gear defined (an\n"
    "ellipse) and every C function with a gear goto (a box); a goto to a\n"
    "named gear is a solid edge; through a member x.f, a table T[i] or a\n"
    "variable, dashed edges to every gear stored there; else a dotted edge to\n"
    "a grey node naming the expression; a gear passed as an argument gets a\n"
    "dotted edge from the goto's target (the chain continues there).\n"
    "Manifests and source files cannot be mixed.\n"
    "\n"
    "options:\n"
    "  --dot            write DOT (dot -Tsvg draws it) instead of JSON\n"
    "  -o FILE          write to FILE (default: standard output)\n"
    "  --from NAME      sources: keep only what gear or function NAME reaches\n"
    "                   (repeatable)\n"
    "  -I DIR           sources: search DIR for headers named in #include \"...\"\n"
    "  -h, --help       print this help and exit\n";

typedef struct GraphArgs {
    const char **inputs, **roots, **dirs;
    int input_count, root_count, dir_count, source_count;
    const char *output;
    bool dot;
} GraphArgs;

static void parse_graph_args(int argc, char **argv, GraphArgs *a)
{
    size_t room = sizeof(char *) * (size_t)argc;
    *a = (GraphArgs){ .inputs = xmalloc(room), .roots = xmalloc(room), .dirs = xmalloc(room),
                      .output = "-" };
    for (int i = 2; i < argc; i++) {
        const char *v;
        help_option(argv[i], graph_help);
        if (strcmp(argv[i], "--dot") == 0)
            a->dot = true;
        else if (strncmp(argv[i], "--from=", 7) == 0 && argv[i][7])
            a->roots[a->root_count++] = argv[i] + 7;
        else if (strcmp(argv[i], "--from") == 0 && i + 1 < argc)
            a->roots[a->root_count++] = argv[++i];
        else if (strcmp(argv[i], "--from") == 0 || strcmp(argv[i], "--from=") == 0)
            usage_error("missing argument to '%s'", "--from");
        else if ((v = option_value(argc, argv, &i, "-o")))
            a->output = v;
        else if ((v = option_value(argc, argv, &i, "-I")))
            a->dirs[a->dir_count++] = v;
        else if (argv[i][0] == '-')
            usage_error("unknown option '%s' for gearsc graph", argv[i]);
        else {
            a->source_count += is_graph_source_file(argv[i]);
            a->inputs[a->input_count++] = argv[i];
        }
    }
    if (a->input_count == 0)
        usage_error("%s", "gearsc graph needs at least one manifest or source file");
    if (a->source_count > 0 && a->source_count < a->input_count)
        usage_error("%s", "gearsc graph reads manifests or source files (.cbc, .c, .h), not both");
    if (a->source_count == 0 && (a->root_count > 0 || a->dir_count > 0))
        usage_error("%s", "--from and -I apply to source files, not manifests");
}

int graph_command(int argc, char **argv)
{
    GraphArgs a;
    parse_graph_args(argc, argv, &a);
    Diag diag;
    diag_init(&diag, stderr);
    Buf out = { 0 };
    bool ok;
    if (a.source_count > 0) {
        SourceGraphOptions o = { a.inputs, a.input_count, a.dirs, a.dir_count,
                                 a.roots, a.root_count, a.dot };
        ok = gears_source_graph(&out, &o, &diag);
    } else {
        ok = gears_graph(&out, a.inputs, a.input_count, a.dot, &diag);
    }
    int status = finish_command(&diag, ok, a.output, &out, a.inputs, a.input_count);
    free(a.inputs);
    free(a.roots);
    free(a.dirs);
    return status;
}
