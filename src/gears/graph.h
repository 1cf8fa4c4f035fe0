/* graph.h - `gearsc graph` (see graph.c). */
#ifndef GEARSC_GRAPH_H
#define GEARSC_GRAPH_H

#include "../support/buf.h"
#include "../support/diag.h"

#include <stdbool.h>

/* The transition graph of the manifests: JSON, or Graphviz DOT if dot. */
bool gears_graph(Buf *out, const char **manifests, int count, bool dot, Diag *d);

#endif
