/* tools.h - `gearsc skeleton` and `gearsc graph` (see tools.c). */
#ifndef GEARSC_TOOLS_H
#define GEARSC_TOOLS_H

#include "interface.h"

/* An implementation IMPL of the Interface iface_name (or the header's only
 * one) declared in header. */
bool gears_skeleton(Buf *out, TypeEnv *env, GearsModel *model, const char *header,
                    const char *impl, const char *iface_name, Diag *d);

/* The transition graph of the manifests: JSON, or Graphviz DOT if dot. */
bool gears_graph(Buf *out, const char **manifests, int count, bool dot, Diag *d);

#endif
