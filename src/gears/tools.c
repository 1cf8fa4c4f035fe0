/* tools.c - `gearsc skeleton` and `gearsc graph`: two views of the meta model.
 *
 *   gearsc skeleton [-I DIR]... HEADER IMPL [INTERFACE]
 *       an implementation of the Interface declared in HEADER: the data gear,
 *       the create function assigning every method's gear number, and a gear
 *       per method with the right parameters, that builds as it stands.
 *   gearsc graph [--dot] MANIFEST...
 *       the gear transition graph of a program, as JSON or Graphviz DOT. */
#include "tools.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- skeleton ---- */

static const char *param_cbc(Arena *a, const Interface *i, const Param *p, const char *impl)
{
    const char *name = p->name ? p->name : "";
    if (p->type->kind == TYPE_POINTER && p->type->base && p->type->base->kind == TYPE_GEAR) {
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
        if (!(p->type->kind == TYPE_POINTER && p->type->base && p->type->base->kind == TYPE_GEAR))
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

bool gears_skeleton(Buf *out, TypeEnv *env, GearsModel *model, const char *header,
                    const char *impl, const char *iface_name, Diag *d)
{
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
    Arena *a = env->arena;
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
    (void)d;
    return true;
}

/* ---- graph ---- */

static void dot_quote(Buf *out, const char *s)
{
    buf_putc(out, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_putc(out, '\\');
        buf_putc(out, *s);
    }
    buf_putc(out, '"');
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool gears_graph(Buf *out, const char **manifests, int count, bool dot, Diag *d)
{
    json_t *nodes = json_array(), *edges = json_array();
    char **lines = NULL; /* DOT lines, sorted for determinism */
    size_t nlines = 0;
    for (int m = 0; m < count; m++) {
        json_error_t err;
        json_t *root = json_load_file(manifests[m], 0, &err);
        json_t *gears = json_object_get(root, "gears"), *gotos = json_object_get(root, "gotos");
        if (!root || !json_is_array(gears) || !json_is_array(gotos)) {
            fprintf(d->out, "%s: error: not a manifest%s%s\n", manifests[m], root ? "" : ": ",
                    root ? "" : err.text);
            d->errors++;
            json_decref(root);
            continue;
        }
        size_t k;
        json_t *g;
        json_array_foreach(gears, k, g) {
            const char *name = json_string_value(json_object_get(g, "name"));
            const char *impl = json_string_value(json_object_get(g, "implements"));
            if (!name)
                continue;
            json_array_append_new(nodes, json_pack("{s:s, s:s?}", "name", name, "implements", impl));
            if (impl) {
                Buf b = { 0 };
                dot_quote(&b, impl);
                buf_puts(&b, " -> ");
                dot_quote(&b, name);
                buf_puts(&b, " [style=dashed];");
                lines = xrealloc(lines, (nlines + 1) * sizeof *lines);
                lines[nlines++] = b.data;
            }
        }
        json_array_foreach(gotos, k, g) {
            const char *from = json_string_value(json_object_get(g, "from"));
            const char *to = json_string_value(json_object_get(g, "to"));
            const char *kind = json_string_value(json_object_get(g, "kind"));
            if (!from || !to || !kind)
                continue;
            json_array_append_new(edges, json_pack("{s:s, s:s, s:s, s:O?, s:O?}", "from", from, "to", to,
                                                   "kind", kind, "line", json_object_get(g, "line"),
                                                   "source", json_object_get(root, "source")));
            Buf b = { 0 };
            dot_quote(&b, from);
            buf_puts(&b, " -> ");
            dot_quote(&b, to);
            buf_printf(&b, " [label=\"%s\"];", strcmp(kind, "interface") == 0 ? "call"
                                              : strcmp(kind, "continuation") == 0 ? "next"
                                              : strcmp(kind, "meta") == 0 ? "meta" : "");
            lines = xrealloc(lines, (nlines + 1) * sizeof *lines);
            lines[nlines++] = b.data;
        }
        json_decref(root);
    }
    if (!d->errors) {
        if (dot) {
            if (nlines > 1) /* no transitions: lines is NULL, and qsort(NULL, ...) is undefined */
                qsort(lines, nlines, sizeof *lines, by_text);
            buf_puts(out, "digraph gears {\n    rankdir=LR;\n    node [shape=box, style=rounded];\n");
            for (size_t i = 0; i < nlines; i++)
                if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0)
                    buf_printf(out, "    %s\n", lines[i]);
            buf_puts(out, "}\n");
        } else {
            json_t *root = json_pack("{s:o, s:o}", "gears", json_incref(nodes), "transitions",
                                     json_incref(edges));
            char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            buf_puts(out, s);
            buf_putc(out, '\n');
            free(s);
            json_decref(root);
        }
    }
    for (size_t i = 0; i < nlines; i++)
        free(lines[i]);
    free(lines);
    json_decref(nodes);
    json_decref(edges);
    return !d->errors;
}
