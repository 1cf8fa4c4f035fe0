/* linemarkers.h - positions in preprocessed text, through its line markers.
 *
 * The preprocessor's output says where each line came from:
 *
 *     # 12 "kernel/read.cbc" 1 3        (gcc and clang -E)
 *     #line 12 "kernel/read.cbc"        (-fuse-line-directives, or #line in the source)
 *
 * so an offset in the preprocessed text maps to a file and line; the column
 * comes from aligning the preprocessed line with the original one (the
 * preprocessor drops comments and squeezes spaces, so the two are compared
 * with whitespace and comments skipped; where a macro expansion makes them
 * differ, the caret goes to the start of the macro's name).  gearsc cc
 * installs linemarkers_locate as the Diag's `locate` hook, so gearsc's own
 * diagnostics show the original file, line, column, source line and caret. */
#ifndef GEARSC_LINEMARKERS_H
#define GEARSC_LINEMARKERS_H

#include "../support/diag.h"
#include "../support/arena.h"

typedef struct LineMarkers {
    Arena arena;            /* the original files read so far */
    struct OriginalFile *files;
} LineMarkers;

/* A DiagLocate: ctx is a LineMarkers.  False when no marker precedes offset. */
bool linemarkers_locate(void *ctx, Source *src, size_t offset, DiagLocation *loc);
void linemarkers_free(LineMarkers *m);

#endif
