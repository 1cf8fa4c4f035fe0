/* graph_command.c - gearsc graph [--dot] [-o FILE] MANIFEST...
 * (src/gears/graph.c does the work). */
#include "cli.h"

#include "../gears/graph.h"
#include "../support/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char graph_help[] =
    "usage: gearsc graph [--dot] [-o FILE] MANIFEST...\n"
    "\n"
    "Writes the gear transition graph of the program the manifests describe\n"
    "(written by gearsc --gears --manifest=FILE): JSON, or Graphviz DOT.\n"
    "\n"
    "options:\n"
    "  --dot            write DOT (dot -Tsvg draws it) instead of JSON\n"
    "  -o FILE          write to FILE (default: standard output)\n"
    "  -h, --help       print this help and exit\n";

int graph_command(int argc, char **argv)
{
    const char **manifests = xmalloc(sizeof(char *) * (size_t)argc);
    const char *output = "-";
    int n = 0;
    bool dot = false;
    for (int i = 2; i < argc; i++) {
        const char *v;
        help_option(argv[i], graph_help);
        if (strcmp(argv[i], "--dot") == 0)
            dot = true;
        else if ((v = option_value(argc, argv, &i, "-o")))
            output = v;
        else if (argv[i][0] == '-')
            usage_error("unknown option '%s' for gearsc graph", argv[i]);
        else
            manifests[n++] = argv[i];
    }
    if (n == 0)
        usage_error("%s", "gearsc graph needs at least one manifest");
    Diag diag;
    diag_init(&diag, stderr);
    Buf out = { 0 };
    bool ok = gears_graph(&out, manifests, n, dot, &diag);
    int status = finish_command(&diag, ok, output, &out, manifests, n);
    free(manifests);
    return status;
}
