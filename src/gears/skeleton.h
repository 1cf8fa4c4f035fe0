/* skeleton.h - `gearsc skeleton` (see skeleton.c). */
#ifndef GEARSC_SKELETON_H
#define GEARSC_SKELETON_H

#include "model.h"

/* An implementation IMPL of the Interface iface_name (or the header's only
 * one) declared in header, whose model (with its Gears model) is m. */
bool gears_skeleton(Buf *out, Model *m, const char *header, const char *impl,
                    const char *iface_name, Diag *d);

#endif
