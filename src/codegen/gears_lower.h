/* gears_lower.h - Gears mode lowering (gears_lower.c): wraps plain CbC's
 * operations (cbc_lower.c) and falls back to them. */
#ifndef GEARSC_GEARS_LOWER_H
#define GEARSC_GEARS_LOWER_H

#include "lowering.h"

/* A gear bound to an Interface method: by its name (m + Impl), or by a
 * create function's assignment `stack->push = C_pushSingleLinkedStack;`
 * (old-style implementations). */
typedef struct Binding {
    const char *gear;
    Interface *iface;
    Method *method;
} Binding;

/* --gears: lower_file in Gears mode; the manifest goes to manifest_out. */
void gears_lower_file(Buf *out, Buf *manifest_out, Model *model, const LowerOptions *opt);

#endif
