/* link.h - `gearsc link`: manifests in, the program's Gears meta level out.
 *
 *   gearsc link -o context.h --tables=gears_tables.c a.json b.json ...
 *
 * writes the context header (enum Code, enum DataType, union Data, Gearef
 * and GearImpl, the gear prototypes) and the C file that fills the code table
 * and sets a Context up.  Numbering is sorted by name, so the same manifests
 * in any order give byte-identical files, and adding a gear renumbers only
 * what sorts after it. */
#ifndef GEARSC_LINK_H
#define GEARSC_LINK_H

#include "../support/diag.h"
#include "../support/buf.h"

#include <stdbool.h>

typedef struct LinkOptions {
    const char **manifests;
    int manifest_count;
    const char **includes;      /* extra #include lines for the context header */
    int include_count;
    const char *context_name;   /* how the tables file includes the header */
} LinkOptions;

/* Returns false after reporting to d. */
bool gears_link(const LinkOptions *opt, Buf *context_h, Buf *tables_c, Diag *d);

#endif
