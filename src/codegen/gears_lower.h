/* gears_lower.h - Gears mode lowering (gears_lower.c): wraps plain CbC's
 * operations (cbc_lower.c) and falls back to them. */
#ifndef GEARSC_GEARS_LOWER_H
#define GEARSC_GEARS_LOWER_H

#include "lowering.h"

/* --gears: lower_file in Gears mode; what the manifest needs of the
 * lowering goes to lowered (see Lowered in src/gears/model.h). */
void gears_lower_file(Buf *out, Lowered *lowered, Model *model, const LowerOptions *opt);

#endif
