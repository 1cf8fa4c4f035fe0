/* skeleton.c - `gearsc skeleton`: a view of the Gears model.
 *
 *   gearsc skeleton [-I DIR]... HEADER IMPL [INTERFACE]
 *       an implementation of the Interface declared in HEADER: the data gear,
 *       the create function assigning every method's gear number, and a gear
 *       per method with the right parameters, that builds as it stands. */
#include "skeleton.h"

#include <stdlib.h>
#include <string.h>

static const char *param_cbc(Arena *a, const Interface *i, const Param *p, const char *impl)
{
    const char *name = p->name ? p->name : "";
    if (type_is_code_pointer(p->type)) {
        const Type *cont = p->type->base;
        Buf b = { 0 };
        buf_printf(&b, "__code %s(", name);
        for (int k = 0; k < cont->param_count; k++)
            buf_printf(&b, "%s, ", param_cbc(a, i, &cont->params[k], impl));
        buf_puts(&b, "...)");
        const char *s = arena_strndup(a, b.data, b.len);
        buf_free(&b);
        return s;
    }
    if (is_type_parameter(i, p->type)) {
        bool is_impl = strcmp(p->type->base->spec, "Impl") == 0;
        return is_impl ? arena_printf(a, "struct %s* %s", impl, name)
                       : arena_printf(a, "union Data* %s", name);
    }
    return type_to_c(a, p->type, name, false);
}

static void write_method_gear(Buf *out, Arena *a, const Interface *i, const Method *m,
                              const char *impl)
{
    buf_printf(out, "__code %s%s(", m->name, impl);
    for (int k = 0; k < m->sig->param_count; k++)
        buf_printf(out, "%s%s", k ? ", " : "", param_cbc(a, i, &m->sig->params[k], impl));
    buf_puts(out, ") {\n    /* TODO: the method's work */\n");
    /* continue to the first continuation, with empty outputs */
    for (int k = 0; k < m->sig->param_count; k++) {
        const Param *p = &m->sig->params[k];
        if (!type_is_code_pointer(p->type))
            continue;
        buf_printf(out, "    goto %s(", p->name);
        const Type *cont = p->type->base;
        for (int q = 0; q < cont->param_count; q++) {
            const Type *t = cont->params[q].type;
            buf_puts(out, t->kind == TYPE_POINTER ? "NULL, " : "0, ");
        }
        buf_puts(out, "...);\n");
        break;
    }
    buf_puts(out, "}\n\n");
}

bool gears_skeleton(Buf *out, Model *mod, const char *header, const char *impl,
                    const char *iface_name, Diag *d)
{
    GearsModel *model = &mod->gears;
    /* IMPL names a struct, its create function and a gear per method */
    const char *problem = gears_name_problem(impl, strlen(impl), GEARS_NAME_DATA);
    if (problem) {
        diag_plain(d, "implementation name '%s' %s", impl, problem);
        return false;
    }
    Interface *i = NULL;
    if (iface_name) {
        i = gears_interface(model, iface_name, strlen(iface_name));
    } else if (model->iface_count == 1) {
        i = model->ifaces[0];
    }
    if (!i) {
        diag_plain(d, iface_name ? "no Interface '%s' in the header"
                                 : "%s declares %s Interfaces: name the one to implement",
                   iface_name ? iface_name : header,
                   model->iface_count ? "several" : "no");
        return false;
    }
    if (strcmp(impl, i->name) == 0) {
        diag_plain(d, "implementation name '%s' is the name of the Interface it implements", impl);
        return false;
    }
    Arena *a = &mod->arena;
    const char *receiver = "self";
    for (int k = 0; k < i->method_count; k++)
        if (i->methods[k].sig->param_count > 0 && i->methods[k].sig->params[0].name
            && is_type_parameter(i, i->methods[k].sig->params[0].type)) {
            receiver = i->methods[k].sig->params[0].name;
            break;
        }
    const char *slash = strrchr(header, '/');
    buf_printf(out, "/* %s.cbc - an implementation of the Interface %s.\n"
                    " * Written by `gearsc skeleton`: fill in the state and the gears. */\n"
                    "#interface \"%s\"\n\n", impl, i->name, slash ? slash + 1 : header);
    buf_printf(out, "typedef struct %s <Type, Isa> impl %s {\n"
                    "    int count; /* TODO: the implementation's state */\n} %s;\n\n",
               impl, i->name, impl);
    buf_printf(out, "%s* create%s(struct Context* context) {\n"
                    "    struct %s* %s = new %s();\n"
                    "    struct %s* impl = new %s();\n"
                    "    %s->%s = (union Data*)impl;\n",
               i->name, impl, i->name, receiver, i->name, impl, impl, receiver, receiver);
    for (int k = 0; k < i->method_count; k++)
        buf_printf(out, "    %s->%s = C_%s%s;\n", receiver, i->methods[k].name, i->methods[k].name, impl);
    buf_printf(out, "    return %s;\n}\n\n", receiver);
    for (int k = 0; k < i->method_count; k++)
        write_method_gear(out, a, i, &i->methods[k], impl);
    return true;
}
