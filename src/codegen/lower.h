/* lower.h - CbC to C: plain CbC (lower.c) and Gears mode (gears_lower.c). */
#ifndef GEARSC_LOWER_H
#define GEARSC_LOWER_H

#include "../parse/parse.h"

typedef struct LowerOptions {
    bool line_directives;
    bool gears;                 /* --gears: lower to the Context ABI */
    const char *context_header; /* Gears mode: the header `gearsc link` writes; NULL when
                                 * the text has it already (gearsc cc: -include) */
    const char **include_dirs;
    int include_count;
} LowerOptions;

/* Appends the C for src to out; on errors (reported to d) appends nothing.
 * In Gears mode, also appends the file's manifest (JSON) to manifest_out. */
void lower_file(Buf *out, Buf *manifest_out, Source *src, TSTree *tree, const LowerOptions *opt,
                Diag *d);

#endif
