/* emit.h - write the C translation of a parsed CbC file. */
#ifndef GEARSC_EMIT_H
#define GEARSC_EMIT_H

#include "../parse/parse.h"

typedef struct EmitOptions {
    bool line_directives;   /* #line back to the .cbc (off with --no-line) */
} EmitOptions;

/* Appends the C for src to out.  Reports problems to d. */
void emit_c(Buf *out, Source *src, TSTree *tree, const EmitOptions *opt, Diag *d);

#endif
