/* model.h - the model of one file: everything the passes after the parse
 * share, built by one constructor and freed by one destructor.
 *
 *   model_init      an empty model (its own arena; reports to d)
 *   model_declare   pass "declare": the file scope of the file and of every
 *                   header it includes (src/sema/), with their C types
 *   model_build_gears  pass "Gears model": Interfaces, implementations and
 *                   data gears (src/gears/interface.c), in Gears mode
 *   model_free      everything above, and the arena
 *
 * `gearsc` (compile) and `gearsc skeleton` build it the same way. */
#ifndef GEARSC_MODEL_H
#define GEARSC_MODEL_H

#include "interface.h"

typedef struct Model {
    Arena arena;            /* the model's memory, and the lowering's */
    Diag *diag;
    TypeEnv env;            /* scopes and types (src/sema/) */
    Unit main_unit;         /* the file */
    Unit *headers;          /* the headers it includes, transitively */
    bool has_gears;         /* model_build_gears ran */
    GearsModel gears;       /* Interfaces, implementations, data gears */
} Model;

/* m must not move afterwards (the scopes point into it). */
void model_init(Model *m, Diag *d);
void model_declare(Model *m, Source *src, TSTree *tree, const char **include_dirs,
                   int include_count);
void model_build_gears(Model *m);
void model_free(Model *m);

#endif
