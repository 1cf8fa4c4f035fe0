/* lower.h - CbC to C: plain CbC (lower.c) and Gears mode (gears_lower.c). */
#ifndef GEARSC_LOWER_H
#define GEARSC_LOWER_H

#include "../gears/model.h"
#include "layout.h"

typedef struct LowerOptions {
    bool line_directives;
    bool gears;                 /* --gears: lower to the Context ABI */
    const char *context_header; /* Gears mode: the header `gearsc link` writes; NULL when
                                 * the text has it already (gearsc cc: -include) */
    const SlotLayout *layout;   /* plain CbC: the slot layout (NULL: the default) */
    bool exact_columns;         /* with line_directives: each argument of a goto on a line
                                 * of its own at its .cbc line and column, so that clang's
                                 * messages about it point there (gearsc cc) */
} LowerOptions;

/* Appends the C for the model's file to out; on errors (reported to the
 * model's Diag) appends nothing.  In Gears mode (the model has its Gears
 * model built), also records in lowered the gears and gotos it lowered,
 * for manifest_from_model. */
void lower_file(Buf *out, Lowered *lowered, Model *model, const LowerOptions *opt);

#endif
