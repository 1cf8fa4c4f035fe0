/* model.c - see model.h. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

void model_init(Model *m, Diag *d)
{
    memset(m, 0, sizeof *m);
    m->diag = d;
    type_env_init(&m->env, &m->arena, d);
}

void model_declare(Model *m, Source *src, TSTree *tree, const char **include_dirs,
                   int include_count)
{
    m->main_unit = (Unit){ src, tree, NULL };
    m->headers = declare_file_scope(&m->env, &m->main_unit, include_dirs, include_count);
}

void model_build_gears(Model *m)
{
    gears_model_build(&m->gears, &m->env, &m->main_unit, m->headers);
    m->has_gears = true;
}

void model_free(Model *m)
{
    free(m->gears.ifaces);
    free(m->gears.impls);
    free(m->gears.data_gears);
    units_free(m->headers);
    arena_release(&m->arena);
    memset(m, 0, sizeof *m);
}
