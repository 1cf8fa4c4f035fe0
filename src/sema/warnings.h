/* warnings.h - gearsc's own warnings on the code gears of a file
 * (docs/usage.md, "Warnings"):
 *
 *   -Wunused-gear-parameter   a named gear parameter the body never uses
 *   -Wgear-fall-off           a gear with a continuation parameter whose body
 *                             can reach its closing brace without a goto
 *
 * Both look at the syntax of each gear definition (and its declared type);
 * whether each is on, an error (-Werror) or off (-w) is the Diag's business
 * (support/diag.c).  The walk is bounded: statements nested deeper than a
 * fixed depth count as ending in a goto, so no warning comes from them. */
#ifndef GEARSC_WARNINGS_H
#define GEARSC_WARNINGS_H

#include "declarations.h"

/* Warns about the gears defined in tree (the file src).  wanted, when not
 * NULL, says whether the definition at an offset is to be looked at (gearsc
 * cc: only those of the file compiled, not of the headers it includes). */
void warn_gears(TypeEnv *env, Source *src, TSTree *tree, bool (*wanted)(void *ctx, size_t offset),
                void *ctx);

#endif
