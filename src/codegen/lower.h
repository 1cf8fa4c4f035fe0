/* lower.h - plain CbC to C (see the design essay at the top of lower.c). */
#ifndef GEARSC_LOWER_H
#define GEARSC_LOWER_H

#include "../parse/parse.h"

typedef struct LowerOptions {
    bool line_directives;
    const char **include_dirs;
    int include_count;
} LowerOptions;

/* Appends the C for src to out; on errors (reported to d) appends nothing. */
void lower_plain_cbc(Buf *out, Source *src, TSTree *tree, const LowerOptions *opt, Diag *d);

#endif
