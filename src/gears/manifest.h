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
 * kind is "interface", "continuation", "direct" or "meta".
 *
 * manifest_from_model writes one (from the Gears model, and the gears and
 * gotos lowering resolved); manifest_read is the one reader, used by `gearsc link` and `gearsc graph`.
 * A manifest is input like any other: it may be truncated, not JSON, or JSON
 * of the wrong shape.  Every such problem is a located error (file:line:col
 * for JSON syntax, file and key path for shape), never a crash, and names
 * that end up in generated C must be C identifiers. */
#ifndef GEARSC_MANIFEST_H
#define GEARSC_MANIFEST_H

#include "model.h"

#include <jansson.h>
#include <stdbool.h>

/* Pass "manifest": appends the JSON (deterministic, keys in insertion
 * order, with a final newline) of the file of model, a model with its
 * Gears model built, and what lowering it resolved (lowered). */
void manifest_from_model(Buf *out, Model *model, const Lowered *lowered);

/* A gear, Interface or data gear of a manifest that was read. */
typedef struct ManifestEntry {
    const char *name;
    const char *file;       /* the manifest, for messages */
    const char *source;     /* the .cbc or header it came from */
    long line, col;
    const char *c_struct;   /* data gears and Interfaces */
    const char *implements; /* gears: "Stack.push"; data gears: "Stack" */
    json_t *methods;        /* Interfaces: an array of C identifiers */
    bool is_interface;
} ManifestEntry;

typedef struct ManifestFile {
    const char *path;
    json_t *root;           /* owns every string above */
    const char *source;
    bool defines_meta;
    ManifestEntry *gears;   /* "gears" */
    size_t gear_count;
    ManifestEntry *data;    /* "interfaces", then "data_gears" */
    size_t data_count;
    json_t *gotos;          /* an array (the items are read by `gearsc graph`) */
} ManifestFile;

/* Reads and checks the manifest at path; false after reporting to d. */
bool manifest_read(ManifestFile *mf, const char *path, Diag *d);
void manifest_file_free(ManifestFile *mf);

#endif
