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
    gears_model_free(&m->gears);
    units_free(m->headers);
    arena_release(&m->arena);
    memset(m, 0, sizeof *m);
}

void lowered_add_gear(Lowered *l, const char *name, uint32_t offset)
{
    l->gears = xgrow(l->gears, l->gear_count, &l->gear_cap, sizeof *l->gears);
    l->gears[l->gear_count++] = (LoweredGear){ name, offset };
}

void lowered_add_goto(Lowered *l, const char *from, const char *to, const char *kind,
                      uint32_t offset)
{
    l->gotos = xgrow(l->gotos, l->goto_count, &l->goto_cap, sizeof *l->gotos);
    l->gotos[l->goto_count++] = (LoweredGoto){ from, to, kind, offset };
}

void lowered_free(Lowered *l)
{
    free(l->gears);
    free(l->gotos);
    memset(l, 0, sizeof *l);
}
