/* manifest.c - writing manifests; see manifest.h (link.c reads them). */
#include "manifest.h"

#include "../support/arena.h"

#include <stdlib.h>
#include <string.h>

static json_t *checked(json_t *j)
{
    if (!j)
        fatal_out_of_memory();
    return j;
}

static void set(json_t *obj, const char *key, json_t *value)
{
    if (json_object_set_new(obj, key, checked(value)) != 0)
        fatal_out_of_memory();
}

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static void set_location(json_t *obj, Source *src, uint32_t offset)
{
    SourcePos pos = source_pos(src, offset);
    set(obj, "line", json_integer(pos.line));
    set(obj, "col", json_integer(pos.col));
}

void manifest_init(Manifest *m, Source *src)
{
    m->src = src;
    m->root = checked(json_object());
    set(m->root, "gearsc_manifest", json_integer(1));
    set(m->root, "source", json_string(src->path));
    set(m->root, "defines_meta", json_false());
    m->gears = checked(json_array());
    m->interfaces = checked(json_array());
    m->data_gears = checked(json_array());
    m->gotos = checked(json_array());
    set(m->root, "gears", json_incref(m->gears));
    set(m->root, "interfaces", json_incref(m->interfaces));
    set(m->root, "data_gears", json_incref(m->data_gears));
    set(m->root, "gotos", json_incref(m->gotos));
}

void manifest_add_gear(Manifest *m, const char *name, uint32_t offset, const char *implements)
{
    json_t *g = checked(json_object());
    set(g, "name", json_string(name));
    set_location(g, m->src, offset);
    set(g, "implements", string_or_null(implements));
    json_array_append_new(m->gears, g);
    if (strcmp(name, "meta") == 0)
        set(m->root, "defines_meta", json_true());
}

void manifest_add_interface(Manifest *m, const char *name, Source *src, uint32_t offset,
                            const char *c_struct, const char **methods, int method_count)
{
    json_t *i = checked(json_object());
    set(i, "name", json_string(name));
    set(i, "source", json_string(src->path));
    set_location(i, src, offset);
    set(i, "struct", json_string(c_struct));
    json_t *ms = checked(json_array());
    for (int k = 0; k < method_count; k++)
        json_array_append_new(ms, checked(json_string(methods[k])));
    set(i, "methods", ms);
    json_array_append_new(m->interfaces, i);
}

void manifest_add_data_gear(Manifest *m, const char *name, Source *src, uint32_t offset,
                            const char *c_struct, const char *implements)
{
    json_t *d = checked(json_object());
    set(d, "name", json_string(name));
    set(d, "source", json_string(src->path));
    set_location(d, src, offset);
    set(d, "struct", json_string(c_struct));
    set(d, "implements", string_or_null(implements));
    json_array_append_new(m->data_gears, d);
}

void manifest_add_goto(Manifest *m, const char *from, const char *to, const char *kind,
                       uint32_t offset)
{
    json_t *g = checked(json_object());
    set(g, "from", json_string(from));
    set(g, "to", json_string(to));
    set(g, "kind", json_string(kind));
    set_location(g, m->src, offset);
    json_array_append_new(m->gotos, g);
}

char *manifest_dump(Manifest *m)
{
    char *s = json_dumps(m->root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!s)
        fatal_out_of_memory();
    size_t n = strlen(s);
    char *t = xmalloc(n + 2);
    memcpy(t, s, n);
    t[n] = '\n';
    t[n + 1] = '\0';
    free(s);
    return t;
}

void manifest_free(Manifest *m)
{
    json_decref(m->gears);
    json_decref(m->interfaces);
    json_decref(m->data_gears);
    json_decref(m->gotos);
    json_decref(m->root);
    memset(m, 0, sizeof *m);
}
