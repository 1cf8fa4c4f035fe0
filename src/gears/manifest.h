/* manifest.h - what one Gears file defines and uses, for `gearsc link`.
 *
 * Gear numbers (enum Code), data gear numbers (enum DataType) and union Data
 * span the whole program, so, like a compiler and a linker, compiling a file
 * writes its C and a manifest, and `gearsc link` merges the manifests into the
 * context header and the code table.  A manifest is JSON:
 *
 *   { "gearsc_manifest": 1, "source": "stack.cbc", "defines_meta": false,
 *     "gears":      [ { "name", "line", "col", "implements": "Stack.push" or null } ],
 *     "interfaces": [ { "name", "source", "line", "col", "struct", "methods": [ ... ] } ],
 *     "data_gears": [ { "name", "source", "line", "col", "struct",
 *                       "implements": "Stack" or null } ],
 *     "gotos":      [ { "from", "to", "kind", "line", "col" } ] }
 *
 * "struct" is the C definition of the data gear as it goes into union Data.
 * kind is "interface", "continuation", "direct" or "meta". */
#ifndef GEARSC_MANIFEST_H
#define GEARSC_MANIFEST_H

#include "../support/source.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct Manifest {
    json_t *root;
    json_t *gears, *interfaces, *data_gears, *gotos;
    Source *src;
} Manifest;

void manifest_init(Manifest *m, Source *src);
void manifest_add_gear(Manifest *m, const char *name, uint32_t offset, const char *implements);
void manifest_add_interface(Manifest *m, const char *name, Source *src, uint32_t offset,
                            const char *c_struct, const char **methods, int method_count);
void manifest_add_data_gear(Manifest *m, const char *name, Source *src, uint32_t offset,
                            const char *c_struct, const char *implements);
void manifest_add_goto(Manifest *m, const char *from, const char *to, const char *kind,
                       uint32_t offset);
/* The JSON text, deterministic (keys in insertion order), with a final newline. */
char *manifest_dump(Manifest *m);
void manifest_free(Manifest *m);

#endif
