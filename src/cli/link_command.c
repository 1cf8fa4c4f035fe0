/* link_command.c - gearsc link -o CONTEXT.h --tables=TABLES.c [--include=H]... MANIFEST...
 * (src/gears/link.c does the work). */
#include "cli.h"

#include "../gears/link.h"
#include "../support/arena.h"
#include "../support/output.h"

#include <stdlib.h>
#include <string.h>

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static const char link_help[] =
    "usage: gearsc link -o CONTEXT.h --tables=TABLES.c [--include=HEADER]... MANIFEST...\n"
    "\n"
    "Merges the manifests of a program's Gears files (gearsc --gears\n"
    "--manifest=FILE) into the context header (enum Code, enum DataType,\n"
    "union Data, Gearef/GearImpl, prototypes) and the code table.\n"
    "\n"
    "options:\n"
    "  -o CONTEXT.h       the context header to write (required)\n"
    "  --tables=TABLES.c  the tables file to write (required)\n"
    "  --include=HEADER   add '#include HEADER' to the context header\n"
    "                     (write \"x.h\" or <x.h>); may be repeated\n"
    "  -h, --help         print this help and exit\n";

int link_command(int argc, char **argv)
{
    LinkOptions lo = { 0 };
    const char *header = NULL, *tables = NULL;
    lo.manifests = xmalloc(sizeof(char *) * (size_t)argc);
    lo.includes = xmalloc(sizeof(char *) * (size_t)argc);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        help_option(a, link_help);
        if (strncmp(a, "--tables=", 9) == 0)
            tables = a + 9;
        else if (strncmp(a, "--include=", 10) == 0)
            lo.includes[lo.include_count++] = a + 10;
        else if ((v = option_value(argc, argv, &i, "-o")))
            header = v;
        else if (a[0] == '-' && a[1])
            usage_error("unknown option '%s' for gearsc link", a);
        else
            lo.manifests[lo.manifest_count++] = a;
    }
    if (!header || !tables)
        usage_error("%s", "gearsc link needs -o CONTEXT.h and --tables=TABLES.c");
    if (lo.manifest_count == 0)
        usage_error("%s", "gearsc link needs at least one manifest");
    lo.context_name = base_name(header);
    Diag diag;
    diag_init(&diag, stderr);
    Buf h = { 0 }, c = { 0 };
    if (gears_link(&lo, &h, &c, &diag)) {
        /* the header and the tables appear together or not at all */
        OutputFile outputs[2] = { { header, &h, true }, { tables, &c, true } };
        write_outputs(outputs, 2, lo.manifests, lo.manifest_count, &diag);
    }
    diag_finish(&diag);
    buf_free(&h);
    buf_free(&c);
    free(lo.manifests);
    free(lo.includes);
    return diag.errors ? 1 : 0;
}
