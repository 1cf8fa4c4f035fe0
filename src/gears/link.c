/* link.c - merging manifests into the context header and tables; see link.h.
 *
 * A manifest is input like any other: it may be truncated, not JSON, or
 * JSON of the wrong shape.  Every such problem is a located error
 * (file:line:col for JSON syntax, file: key path for shape), never a crash,
 * and names that end up in generated C must be C identifiers. */
#include "link.h"

#include "../support/arena.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct Entry {
    const char *name;
    const char *file;       /* the manifest, for messages */
    const char *source;     /* the .cbc or header it came from */
    long line, col;
    const char *c_struct;   /* data gears */
    const char *implements; /* gears: "Stack.push"; data gears: "Stack" */
    json_t *methods;        /* Interfaces */
    bool is_interface;
} Entry;

typedef struct Table {
    Entry *items;
    size_t count, cap;
} Table;

typedef struct Linker {
    Diag *d;
    Table gears, data;
    bool meta_defined;
    json_t **roots;
    int root_count;
} Linker;

static void push(Table *t, Entry e)
{
    if (t->count == t->cap)
        t->items = xrealloc(t->items, (t->cap = t->cap ? t->cap * 2 : 32) * sizeof *t->items);
    t->items[t->count++] = e;
}

static void error_in(Linker *k, const char *file, const char *fmt, const char *a, const char *b)
{
    fprintf(k->d->out, "%s: error: ", file);
    fprintf(k->d->out, fmt, a, b);
    fputc('\n', k->d->out);
    k->d->errors++;
}

static void error_at(Linker *k, const Entry *e, const char *level, const char *fmt, const char *a,
                     const char *b)
{
    fprintf(k->d->out, "%s:%ld:%ld: %s: ", e->source, e->line, e->col, level);
    fprintf(k->d->out, fmt, a, b);
    fputc('\n', k->d->out);
    if (strcmp(level, "error") == 0)
        k->d->errors++;
}

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

/* ---- reading ---- */

typedef struct Reader {
    Linker *k;
    const char *file;
    bool ok;
} Reader;

static const char *get_string(Reader *r, json_t *obj, const char *key, const char *where,
                              bool nullable, bool identifier)
{
    json_t *v = json_object_get(obj, key);
    if (nullable && v && json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        char path[256];
        snprintf(path, sizeof path, "%s.%s", where, key);
        error_in(r->k, r->file, "'%s' must be a %s", path, nullable ? "string or null" : "string");
        r->ok = false;
        return NULL;
    }
    const char *s = json_string_value(v);
    if (identifier && !is_identifier(s)) {
        char path[256];
        snprintf(path, sizeof path, "%s.%s", where, key);
        error_in(r->k, r->file, "'%s' must be a C identifier, not \"%s\"", path, s);
        r->ok = false;
        return NULL;
    }
    return s;
}

static long get_position(Reader *r, json_t *obj, const char *key, const char *where)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > INT_MAX) {
        char path[256];
        snprintf(path, sizeof path, "%s.%s", where, key);
        error_in(r->k, r->file, "'%s' must be an integer from 1 to %s", path, "2147483647");
        r->ok = false;
        return 1;
    }
    return (long)json_integer_value(v);
}

static json_t *get_array(Reader *r, json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_array(v)) {
        error_in(r->k, r->file, "'%s' must be an array%s", key, "");
        r->ok = false;
        return NULL;
    }
    return v;
}

static void read_entries(Reader *r, json_t *root, const char *source, const char *key,
                         bool data, bool interface)
{
    json_t *arr = get_array(r, root, key);
    size_t i;
    json_t *item;
    json_array_foreach(arr, i, item) {
        char where[64];
        snprintf(where, sizeof where, "%s[%zu]", key, i);
        if (!json_is_object(item)) {
            error_in(r->k, r->file, "'%s' must be an object%s", where, "");
            r->ok = false;
            continue;
        }
        Entry e = { 0 };
        e.file = r->file;
        e.is_interface = interface;
        e.name = get_string(r, item, "name", where, false, true);
        e.source = data ? get_string(r, item, "source", where, false, false) : source;
        e.line = get_position(r, item, "line", where);
        e.col = get_position(r, item, "col", where);
        if (data)
            e.c_struct = get_string(r, item, "struct", where, false, false);
        if (interface) {
            e.methods = json_object_get(item, "methods");
            size_t j;
            json_t *m;
            bool good = json_is_array(e.methods);
            json_array_foreach(e.methods, j, m) good &= json_is_string(m) && is_identifier(json_string_value(m));
            if (!good) {
                error_in(r->k, r->file, "'%s.methods' must be an array of C identifiers%s", where, "");
                r->ok = false;
            }
        } else {
            e.implements = get_string(r, item, "implements", where, true, false);
        }
        if (!r->ok || !e.name)
            continue;
        push(data ? &r->k->data : &r->k->gears, e);
    }
}

static void read_manifest(Linker *k, const char *file)
{
    json_error_t err;
    json_t *root = json_load_file(file, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        if (err.line > 0)
            fprintf(k->d->out, "%s:%d:%d: error: not a manifest: %s\n", file, err.line,
                    err.column > 0 ? err.column : 1, err.text);
        else
            fprintf(k->d->out, "%s: error: %s\n", file, err.text);
        k->d->errors++;
        return;
    }
    k->roots = xrealloc(k->roots, (size_t)(k->root_count + 1) * sizeof *k->roots);
    k->roots[k->root_count++] = root;
    Reader r = { k, file, true };
    if (!json_is_object(root) || json_integer_value(json_object_get(root, "gearsc_manifest")) != 1
        || !json_is_integer(json_object_get(root, "gearsc_manifest"))) {
        error_in(k, file, "not a gearsc manifest (version 1): %s%s", "expected an object with "
                 "\"gearsc_manifest\": 1", "");
        return;
    }
    const char *source = get_string(&r, root, "source", "manifest", false, false);
    json_t *meta = json_object_get(root, "defines_meta");
    if (!json_is_boolean(meta)) {
        error_in(k, file, "'%s' must be true or false%s", "defines_meta", "");
        return;
    }
    if (!r.ok)
        return;
    k->meta_defined |= json_is_true(meta);
    read_entries(&r, root, source, "gears", false, false);
    read_entries(&r, root, source, "interfaces", true, true);
    read_entries(&r, root, source, "data_gears", true, false);
    json_t *gotos = get_array(&r, root, "gotos");
    (void)gotos; /* the transition graph reads them; link checks their shape only */
}

/* ---- merging and checking ---- */

static int by_name(const void *a, const void *b)
{
    const Entry *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    c = strcmp(x->source, y->source);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Sorted, with duplicates reported (gears) or merged when identical (data
 * gears: a header's Interface appears in every manifest that includes it). */
static void unique(Linker *k, Table *t, bool may_repeat)
{
    if (t->count > 1) /* an empty table has no items array: qsort(NULL, ...) is undefined */
        qsort(t->items, t->count, sizeof *t->items, by_name);
    size_t out = 0;
    for (size_t i = 0; i < t->count; i++) {
        Entry *e = &t->items[i];
        if (out > 0 && strcmp(t->items[out - 1].name, e->name) == 0) {
            Entry *first = &t->items[out - 1];
            if (!may_repeat) {
                error_at(k, e, "error", "gear '%s' is defined twice%s", e->name, "");
                error_at(k, first, "note", "'%s' is also defined here%s", first->name, "");
            } else if (strcmp(first->c_struct, e->c_struct) != 0 || first->is_interface != e->is_interface) {
                error_at(k, e, "error", "data gear '%s' is declared differently in %s", e->name,
                         first->source);
            }
            continue;
        }
        t->items[out++] = *e;
    }
    t->count = out;
}

static Entry *find(Table *t, const char *name)
{
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->items[i].name, name) == 0)
            return &t->items[i];
    return NULL;
}

static void check_implementations(Linker *k)
{
    for (size_t i = 0; i < k->data.count; i++) {
        Entry *impl = &k->data.items[i];
        if (!impl->implements)
            continue;
        Entry *iface = find(&k->data, impl->implements);
        if (!iface || !iface->is_interface) {
            error_at(k, impl, "error", "'%s' implements unknown Interface '%s'", impl->name,
                     impl->implements);
            continue;
        }
        size_t j;
        json_t *m;
        json_array_foreach(iface->methods, j, m) {
            const char *method = json_string_value(m);
            char *want = xmalloc(strlen(method) + strlen(impl->name) + 1);
            strcpy(want, method);
            strcat(want, impl->name);
            if (!find(&k->gears, want))
                error_at(k, impl, "error", "implementation '%s' has no gear for method '%s'",
                         impl->name, method);
            free(want);
        }
    }
    for (size_t i = 0; i < k->gears.count; i++) {
        Entry *g = &k->gears.items[i];
        if (!g->implements)
            continue;
        const char *dot = strchr(g->implements, '.');
        size_t n = dot ? (size_t)(dot - g->implements) : strlen(g->implements);
        char iface[256];
        snprintf(iface, sizeof iface, "%.*s", (int)(n < 255 ? n : 255), g->implements);
        Entry *e = find(&k->data, iface);
        if (!e || !e->is_interface)
            error_at(k, g, "error", "gear '%s' implements a method of unknown Interface '%s'",
                     g->name, iface);
    }
}

/* ---- writing ---- */

static void write_context_header(Linker *k, const LinkOptions *opt, Buf *h)
{
    buf_puts(h, "/* Generated by gearsc link: do not edit.  The Gears meta level of the program:\n"
                " * gear numbers, data gear numbers, union Data, and the gears' prototypes. */\n"
                "#ifndef GEARS_CONTEXT_H\n#define GEARS_CONTEXT_H\n\n"
                "#if !defined(__has_attribute)\n"
                "#error \"gearsc output needs __attribute__((musttail)): use clang >= 14 or gcc >= 15\"\n"
                "#elif !__has_attribute(musttail)\n"
                "#error \"gearsc output needs __attribute__((musttail)): use clang >= 14 or gcc >= 15\"\n"
                "#endif\n"
                "#define __CBC_TAIL __attribute__((musttail)) return\n"
                "#define __CBC_UNUSED __attribute__((unused))\n\n"
                "#include <gears/context.h>\n");
    for (int i = 0; i < opt->include_count; i++)
        buf_printf(h, "#include %s\n", opt->includes[i]);
    buf_puts(h, "\nenum Code {\n");
    for (size_t i = 0; i < k->gears.count; i++)
        buf_printf(h, "    C_%s,\n", k->gears.items[i].name);
    buf_puts(h, "    GEARS_CODE_COUNT\n};\n\nenum DataType {\n");
    for (size_t i = 0; i < k->data.count; i++)
        buf_printf(h, "    D_%s,\n", k->data.items[i].name);
    buf_puts(h, "    GEARS_DATA_COUNT\n};\n\n");
    for (size_t i = 0; i < k->data.count; i++)
        buf_printf(h, "typedef struct %s %s;\n", k->data.items[i].name, k->data.items[i].name);
    buf_puts(h, "\nunion Data {\n");
    for (size_t i = 0; i < k->data.count; i++)
        buf_printf(h, "    %s %s;\n", k->data.items[i].c_struct, k->data.items[i].name);
    buf_puts(h, "};\n\n"
                "/* The Context's data gear of type t, and the implementation behind the\n"
                " * Interface instance in its field `name`. */\n"
                "#define Gearef(context, t) (&(context)->gears[D_##t].t)\n"
                "#define GearImpl(context, intf, name) (Gearef(context, intf)->name->intf.name)\n\n");
    for (size_t i = 0; i < k->gears.count; i++)
        buf_printf(h, "__gears_code %s;\n", k->gears.items[i].name);
    if (!k->meta_defined)
        buf_puts(h, "__gears_code meta;\n");
    /* The two ways gearsc --gears output leaves a gear: to gear number `code`
     * (Interface calls, continuations, goto meta) and to a named gear. */
    if (k->meta_defined)
        buf_puts(h, "\n/* Every transition goes through the program's meta gear. */\n"
                    "#define __GEARS_DISPATCH(code) context->next = (code); __CBC_TAIL meta(context)\n"
                    "#define __GEARS_GOTO(gear) context->next = C_##gear; __CBC_TAIL meta(context)\n\n");
    else
        buf_puts(h, "\n/* meta is the default: a transition to a gear number jumps through the\n"
                    " * dispatch table (the code table, until the heap runs out), a goto to a\n"
                    " * named gear jumps straight there. */\n"
                    "#define __GEARS_DISPATCH(code) __CBC_TAIL context->dispatch[code](context)\n"
                    "#define __GEARS_GOTO(gear) __CBC_TAIL gear(context)\n\n");
    buf_puts(h, "/* Sets a Context up over [region, region + size): returns 0, or -1 if the\n"
                " * region is too small for the data gears. */\n"
                "int gears_setup(struct Context *context, void *region, unsigned long size);\n\n"
                "#endif\n");
}

static void write_tables(Linker *k, const LinkOptions *opt, Buf *c)
{
    buf_printf(c, "/* Generated by gearsc link: do not edit.  The code table, the default meta\n"
                  " * gear, and Context set-up. */\n#include \"%s\"\n\n", opt->context_name);
    buf_puts(c, "static __gears_code *const gears_code_table[GEARS_CODE_COUNT ? GEARS_CODE_COUNT : 1] = {\n");
    for (size_t i = 0; i < k->gears.count; i++)
        buf_printf(c, "    [C_%s] = %s,\n", k->gears.items[i].name, k->gears.items[i].name);
    buf_puts(c, "};\n\n");
    if (!k->meta_defined)
        buf_puts(c, "/* The default meta gear: run gear context->next through the dispatch\n"
                    " * table, which sends every gear number to gears_heap_exhausted once the\n"
                    " * heap has run out (the chain ends; the caller sees context->status). */\n"
                    "void meta(struct Context *context)\n{\n"
                    "    __CBC_TAIL context->dispatch[context->next](context);\n}\n\n");
    buf_puts(c, "int gears_setup(struct Context *context, void *region, unsigned long size)\n{\n"
                "    return gears_context_init(context, region, size, gears_code_table, GEARS_CODE_COUNT,\n"
                "                              GEARS_DATA_COUNT, sizeof(union Data), _Alignof(union Data));\n}\n");
}

bool gears_link(const LinkOptions *opt, Buf *context_h, Buf *tables_c, Diag *d)
{
    Linker k = { .d = d };
    for (int i = 0; i < opt->manifest_count; i++)
        read_manifest(&k, opt->manifests[i]);
    if (!d->errors) {
        unique(&k, &k.gears, false);
        unique(&k, &k.data, true);
        check_implementations(&k);
    }
    if (!d->errors) {
        write_context_header(&k, opt, context_h);
        write_tables(&k, opt, tables_c);
    }
    for (int i = 0; i < k.root_count; i++)
        json_decref(k.roots[i]);
    free(k.roots);
    free(k.gears.items);
    free(k.data.items);
    return !d->errors;
}
