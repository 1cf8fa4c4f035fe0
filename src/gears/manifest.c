/* manifest.c - writing and reading manifests; see manifest.h. */
#include "manifest.h"

#include "../support/arena.h"
#include "../support/prefix_map.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A manifest being written: the root and its four arrays. */
typedef struct Manifest {
    json_t *root;
    json_t *gears, *interfaces, *data_gears, *gotos;
    Source *src;
} Manifest;

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

static void manifest_init(Manifest *m, Source *src)
{
    m->src = src;
    m->root = checked(json_object());
    set(m->root, "gearsc_manifest", json_integer(1));
    set(m->root, "source", json_string(prefix_map_path(src->path)));
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

static void manifest_add_gear(Manifest *m, const char *name, uint32_t offset, const char *implements)
{
    json_t *g = checked(json_object());
    set(g, "name", json_string(name));
    set_location(g, m->src, offset);
    set(g, "implements", string_or_null(implements));
    json_array_append_new(m->gears, g);
    if (strcmp(name, "meta") == 0)
        set(m->root, "defines_meta", json_true());
}

static void manifest_add_interface(Manifest *m, const char *name, Source *src, uint32_t offset,
                            const char *c_struct, const char **methods, int method_count)
{
    json_t *i = checked(json_object());
    set(i, "name", json_string(name));
    set(i, "source", json_string(prefix_map_path(src->path)));
    set_location(i, src, offset);
    set(i, "struct", json_string(c_struct));
    json_t *ms = checked(json_array());
    for (int k = 0; k < method_count; k++)
        json_array_append_new(ms, checked(json_string(methods[k])));
    set(i, "methods", ms);
    json_array_append_new(m->interfaces, i);
}

static void manifest_add_data_gear(Manifest *m, const char *name, Source *src, uint32_t offset,
                            const char *c_struct, const char *implements)
{
    json_t *d = checked(json_object());
    set(d, "name", json_string(name));
    set(d, "source", json_string(prefix_map_path(src->path)));
    set_location(d, src, offset);
    set(d, "struct", json_string(c_struct));
    set(d, "implements", string_or_null(implements));
    json_array_append_new(m->data_gears, d);
}

static void manifest_add_goto(Manifest *m, const char *from, const char *to, const char *kind,
                       uint32_t offset)
{
    json_t *g = checked(json_object());
    set(g, "from", json_string(from));
    set(g, "to", json_string(to));
    set(g, "kind", json_string(kind));
    set_location(g, m->src, offset);
    json_array_append_new(m->gotos, g);
}

static char *manifest_dump(Manifest *m)
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

static void manifest_free(Manifest *m)
{
    json_decref(m->gears);
    json_decref(m->interfaces);
    json_decref(m->data_gears);
    json_decref(m->gotos);
    json_decref(m->root);
    memset(m, 0, sizeof *m);
}

/* The manifest of the model's file: its Interfaces and data gears (those
 * the file and its headers declare) and what implements what, from the
 * Gears model; its gears and gotos as lowering resolved them. */
void manifest_from_model(Buf *out, Model *model, const Lowered *lowered)
{
    Manifest m;
    manifest_init(&m, model->main_unit.src);
    GearsModel *g = &model->gears;
    for (int i = 0; i < g->iface_count; i++) {
        Interface *f = g->ifaces[i];
        const char **names = arena_alloc(&model->arena, (size_t)(f->method_count + 1) * sizeof *names);
        for (int k = 0; k < f->method_count; k++)
            names[k] = f->methods[k].name;
        manifest_add_interface(&m, f->name, f->src, f->offset, interface_c_struct(&model->arena, f),
                               names, f->method_count);
    }
    for (int i = 0; i < g->impl_count; i++) {
        Implementation *impl = g->impls[i];
        manifest_add_data_gear(&m, impl->name, impl->src, impl->offset,
                               arena_printf(&model->arena, "struct %s %s", impl->name, impl->body),
                               impl->iface);
    }
    for (int i = 0; i < g->data_gear_count; i++) {
        DataGear *d = g->data_gears[i];
        manifest_add_data_gear(&m, d->name, d->src, d->offset, d->c_struct, NULL);
    }
    for (int i = 0; i < lowered->gear_count; i++) {
        const LoweredGear *lg = &lowered->gears[i];
        Binding b = gears_binding_of(g, lg->name);
        manifest_add_gear(&m, lg->name, lg->offset,
                          b.iface ? arena_printf(&model->arena, "%s.%s", b.iface->name, b.method->name)
                                  : NULL);
    }
    for (int i = 0; i < lowered->goto_count; i++) {
        const LoweredGoto *t = &lowered->gotos[i];
        manifest_add_goto(&m, t->from, t->to, t->kind, t->offset);
    }
    char *json = manifest_dump(&m);
    buf_puts(out, json);
    free(json);
    manifest_free(&m);
}

/* ---- reading ---- */

typedef struct Reader {
    Diag *d;
    const char *file;
    bool ok;
} Reader;

static bool is_identifier(const char *s)
{
    if (!s || !*s || (*s >= '0' && *s <= '9'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')
              || *s == '_'))
            return false;
    return true;
}

/* A shape error: the manifest and the key path. */
#define shape_error(r, ...) \
    ((r)->ok = false, diag_in_file((r)->d, DIAG_ERROR, (r)->file, 0, 0, __VA_ARGS__))

static const char *get_string(Reader *r, json_t *obj, const char *key, const char *where,
                              bool nullable, bool identifier)
{
    json_t *v = json_object_get(obj, key);
    if (nullable && v && json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        shape_error(r, "'%s.%s' must be a %s", where, key, nullable ? "string or null" : "string");
        return NULL;
    }
    const char *s = json_string_value(v);
    if (identifier && !is_identifier(s)) {
        shape_error(r, "'%s.%s' must be a C identifier, not \"%s\"", where, key, s);
        return NULL;
    }
    return s;
}

static long get_position(Reader *r, json_t *obj, const char *key, const char *where)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > INT_MAX) {
        shape_error(r, "'%s.%s' must be an integer from 1 to %d", where, key, INT_MAX);
        return 1;
    }
    return (long)json_integer_value(v);
}

static json_t *get_array(Reader *r, json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_array(v)) {
        shape_error(r, "'%s' must be an array", key);
        return NULL;
    }
    return v;
}

static bool read_methods(Reader *r, json_t *item, const char *where, ManifestEntry *e)
{
    e->methods = json_object_get(item, "methods");
    size_t j;
    json_t *m;
    bool good = json_is_array(e->methods);
    json_array_foreach(e->methods, j, m) good &= json_is_string(m) && is_identifier(json_string_value(m));
    if (!good)
        shape_error(r, "'%s.methods' must be an array of C identifiers", where);
    return good;
}

/* The entries of array `key`, appended to *items while the manifest is good. */
static void read_entries(Reader *r, ManifestFile *mf, const char *key, bool data, bool interface,
                         ManifestEntry **items, size_t *count)
{
    json_t *arr = get_array(r, mf->root, key);
    /* Room for the whole array at once: growing by one entry per item is
       quadratic wherever realloc moves the block (it always does under ASan). */
    *items = xrealloc(*items, (*count + json_array_size(arr)) * sizeof **items);
    size_t i;
    json_t *item;
    json_array_foreach(arr, i, item) {
        char where[64];
        snprintf(where, sizeof where, "%s[%zu]", key, i);
        if (!json_is_object(item)) {
            shape_error(r, "'%s' must be an object", where);
            continue;
        }
        ManifestEntry e = { .file = r->file, .is_interface = interface };
        e.name = get_string(r, item, "name", where, false, true);
        e.source = data ? get_string(r, item, "source", where, false, false) : mf->source;
        e.line = get_position(r, item, "line", where);
        e.col = get_position(r, item, "col", where);
        if (data)
            e.c_struct = get_string(r, item, "struct", where, false, false);
        if (interface)
            read_methods(r, item, where, &e);
        else
            e.implements = get_string(r, item, "implements", where, true, false);
        if (!r->ok || !e.name)
            continue;
        (*items)[(*count)++] = e;
    }
}

bool manifest_read(ManifestFile *mf, const char *path, Diag *d)
{
    memset(mf, 0, sizeof *mf);
    mf->path = path;
    json_error_t err;
    mf->root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!mf->root) {
        if (err.line > 0)
            diag_in_file(d, DIAG_ERROR, path, err.line, err.column > 0 ? err.column : 1,
                         "not a manifest: %s", err.text);
        else
            diag_in_file(d, DIAG_ERROR, path, 0, 0, "%s", err.text);
        return false;
    }
    Reader r = { d, path, true };
    json_t *version = json_object_get(mf->root, "gearsc_manifest");
    if (!json_is_object(mf->root) || !json_is_integer(version) || json_integer_value(version) != 1) {
        shape_error(&r, "not a gearsc manifest (version 1): expected an object with "
                        "\"gearsc_manifest\": 1");
        return false;
    }
    mf->source = get_string(&r, mf->root, "source", "manifest", false, false);
    json_t *meta = json_object_get(mf->root, "defines_meta");
    if (!json_is_boolean(meta)) {
        shape_error(&r, "'defines_meta' must be true or false");
        return false;
    }
    if (!r.ok)
        return false;
    mf->defines_meta = json_is_true(meta);
    read_entries(&r, mf, "gears", false, false, &mf->gears, &mf->gear_count);
    read_entries(&r, mf, "interfaces", true, true, &mf->data, &mf->data_count);
    read_entries(&r, mf, "data_gears", true, false, &mf->data, &mf->data_count);
    mf->gotos = get_array(&r, mf->root, "gotos");
    return r.ok;
}

void manifest_file_free(ManifestFile *mf)
{
    free(mf->gears);
    free(mf->data);
    json_decref(mf->root);
    memset(mf, 0, sizeof *mf);
}
