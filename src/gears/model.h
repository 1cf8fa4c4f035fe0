/* model.h - the model of one file: everything the passes after the parse
 * share, built by one constructor and freed by one destructor.
 *
 *   model_init      an empty model (its own arena; reports to d)
 *   model_declare   pass "declare": the file scope of the file and of every
 *                   header it includes (src/sema/), with their C types
 *   model_build_gears  pass "Gears model": Interfaces, implementations,
 *                   data gears and what implements what (the bindings)
 *                   (src/gears/interface.c), in Gears mode
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

/* What the manifest needs that only the lowering resolves, handed from
 * lower_file to manifest_from_model (src/gears/manifest.c): the gears the
 * lowering defined (which definitions are gears is settled as the walk
 * types each definition) and, for each goto, its kind and target (resolved
 * in the scopes of the walk: a receiver's type, a continuation parameter, a
 * gear's symbol), in the order of the file.  Everything else in the
 * manifest (Interfaces, data gears, what implements what) is the model's.
 * The strings live in the model's arena. */
typedef struct LoweredGear {
    const char *name;
    uint32_t offset;        /* of its name */
} LoweredGear;

typedef struct LoweredGoto {
    const char *from;       /* the gear or function it is in */
    const char *to;         /* a gear, "Interface.method", or a continuation */
    const char *kind;       /* "interface", "continuation", "direct", "meta", "par" */
    uint32_t offset;        /* of the goto */
} LoweredGoto;

typedef struct Lowered {
    LoweredGear *gears;
    int gear_count, gear_cap;
    LoweredGoto *gotos;
    int goto_count, goto_cap;
} Lowered;

void lowered_add_gear(Lowered *l, const char *name, uint32_t offset);
void lowered_add_goto(Lowered *l, const char *from, const char *to, const char *kind,
                      uint32_t offset);
void lowered_free(Lowered *l);

/* m must not move afterwards (the scopes point into it). */
void model_init(Model *m, Diag *d);
void model_declare(Model *m, Source *src, TSTree *tree, const char **include_dirs,
                   int include_count);
void model_build_gears(Model *m);
void model_free(Model *m);

#endif
