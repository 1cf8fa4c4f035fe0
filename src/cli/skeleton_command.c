/* skeleton_command.c - gearsc skeleton [-I DIR]... [-o FILE] HEADER IMPL [INTERFACE]
 * (src/gears/skeleton.c does the work, on the same model as a compilation). */
#include "cli.h"

#include "../gears/skeleton.h"
#include "../parse/parse.h"

#include <stdio.h>
#include <stdlib.h>

static const char skeleton_help[] =
    "usage: gearsc skeleton [-I DIR]... [-o FILE] HEADER IMPL [INTERFACE]\n"
    "\n"
    "Writes a new implementation IMPL of the Interface declared in HEADER (or\n"
    "of INTERFACE when HEADER declares several): its data gear, its create\n"
    "function and a gear per method, a file that builds as it stands.\n"
    "\n"
    "options:\n"
    "  -I DIR           search DIR for headers named in #include \"...\"\n"
    "  -o FILE          write to FILE (default: standard output)\n"
    "  -h, --help       print this help and exit\n";

int skeleton_command(int argc, char **argv)
{
    const char *words[3] = { 0 }, *output = "-";
    const char **dirs = xmalloc(sizeof(char *) * (size_t)argc);
    int nwords = 0, ndirs = 0;
    for (int i = 2; i < argc; i++) {
        const char *v;
        help_option(argv[i], skeleton_help);
        if ((v = option_value(argc, argv, &i, "-o")))
            output = v;
        else if ((v = option_value(argc, argv, &i, "-I")))
            dirs[ndirs++] = v;
        else if (argv[i][0] == '-')
            usage_error("unknown option '%s' for gearsc skeleton", argv[i]);
        else if (nwords < 3)
            words[nwords++] = argv[i];
        else
            usage_error("unexpected argument '%s'", argv[i]);
    }
    if (nwords < 2)
        usage_error("%s", "gearsc skeleton needs HEADER and IMPL");
    Arena arena = { 0 };
    Diag diag;
    diag_init(&diag, stderr);
    Buf out = { 0 };
    bool ok = false;
    const char *err = NULL;
    Source *src = source_read(&arena, words[0], &err);
    if (!src) {
        diag_plain(&diag, "cannot read '%s': %s", words[0], err);
    } else {
        TSTree *tree = parse_source(src, &diag);
        if (tree && !diag.errors) {
            Model model;
            model_init(&model, &diag);
            model_declare(&model, src, tree, dirs, ndirs);
            model_build_gears(&model);
            ok = !diag.errors && gears_skeleton(&out, &model, words[0], words[1], words[2], &diag);
            model_free(&model);
        }
        if (tree)
            ts_tree_delete(tree);
    }
    free(dirs);
    int status = finish_command(&diag, ok, output, &out, words, 1);
    arena_release(&arena);
    return status;
}
