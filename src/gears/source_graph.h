/* source_graph.h - `gearsc graph` on plain CbC source files (see
 * source_graph.c): the transition graph of the code gears they define. */
#ifndef GEARSC_SOURCE_GRAPH_H
#define GEARSC_SOURCE_GRAPH_H

#include "../support/buf.h"
#include "../support/diag.h"

#include <stdbool.h>

typedef struct SourceGraphOptions {
    const char **files;         /* .cbc, .c or .h files, in the order given */
    int file_count;
    const char **include_dirs;  /* -I: where #include "..." headers are found */
    int include_count;
    const char **roots;         /* --from: keep only what these reach (none: all) */
    int root_count;
    bool dot;                   /* Graphviz DOT instead of JSON */
} SourceGraphOptions;

/* Is path a source file (by its extension: .cbc, .c, .h) rather than a
 * manifest? */
bool is_graph_source_file(const char *path);

/* Writes the graph into out; false (with every error reported to d) if a
 * file cannot be read or parsed, or a root names nothing. */
bool gears_source_graph(Buf *out, const SourceGraphOptions *o, Diag *d);

#endif
