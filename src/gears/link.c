/* link.c - merging manifests into the context header and tables; see link.h.
 * The manifests are read and checked by manifest_read (manifest.c). */
#include "link.h"

#include "interface.h"
#include "manifest.h"
#include "../support/arena.h"
#include "../support/prelude.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef ManifestEntry Entry;

typedef struct Table {
    Entry *items;
    size_t count, cap;
} Table;

typedef struct Linker {
    Diag *d;
    Table gears, data;
    bool meta_defined;
    ManifestFile *files;
    int file_count, file_cap;
} Linker;

static void push(Table *t, Entry e)
{
    if (t->count == t->cap)
        t->items = xrealloc(t->items, (t->cap = t->cap ? t->cap * 2 : 32) * sizeof *t->items);
    t->items[t->count++] = e;
}

/* Is c_struct, which goes into union Data as it stands, one struct
 * definition `struct NAME { ... }` and nothing more: braces balanced
 * outside comments and literals, every comment and literal closed?  NULL
 * if so, else what is wrong. */
static const char *struct_text_problem(const char *text, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(text, "struct", 6) != 0 || (text[6] != ' ' && text[6] != '\t' && text[6] != '\n'))
        return "does not start with 'struct'";
    const char *p = text + 6;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (strncmp(p, name, n) != 0)
        return "does not define a struct of the data gear's name";
    p += n;
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')
        return "does not define a struct of the data gear's name";
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p != '{')
        return "has no body '{ ... }' after the struct's name";
    int depth = 0;
    for (; *p; p++) {
        if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            if (!end)
                return "has an unterminated comment";
            p = end + 1;
        } else if (p[0] == '/' && p[1] == '/') {
            p = strchr(p, '\n');
            if (!p)
                return "has a '//' comment without a line end";
        } else if (*p == '"' || *p == '\'') {
            char quote = *p;
            for (p++; *p && *p != quote && *p != '\n'; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (*p != quote)
                return "has an unterminated literal";
        } else if (*p == '{') {
            depth++;
        } else if (*p == '}') {
            if (--depth == 0)
                return p[1] ? "has text after the struct's closing '}'" : NULL;
        }
    }
    return "has unbalanced braces";
}

/* Names and struct texts go into C as they stand: each is checked. */
static void check_entry(Linker *k, const Entry *e, bool data)
{
    const char *problem = gears_name_problem(e->name, strlen(e->name), data ? GEARS_NAME_DATA : GEARS_NAME_GEAR);
    size_t j;
    json_t *m;
    json_array_foreach(e->methods, j, m) {
        const char *method = json_string_value(m);
        const char *bad = gears_name_problem(method, strlen(method), GEARS_NAME_MEMBER);
        if (bad)
            diag_in_file(k->d, DIAG_ERROR, e->source, e->line, e->col,
                         "method name '%s' of Interface '%s' %s", method, e->name, bad);
    }
    if (problem)
        diag_in_file(k->d, DIAG_ERROR, e->source, e->line, e->col, "%s name '%s' %s",
                     data ? "data gear" : "gear", e->name, problem);
    else if (data && (problem = struct_text_problem(e->c_struct, e->name)))
        diag_in_file(k->d, DIAG_ERROR, e->file, 0, 0,
                     "the struct of data gear '%s' (from %s:%ld:%ld) %s", e->name, e->source,
                     e->line, e->col, problem);
}

static void read_manifest(Linker *k, const char *file)
{
    k->files = xgrow(k->files, k->file_count, &k->file_cap, sizeof *k->files);
    ManifestFile *mf = &k->files[k->file_count++];
    if (!manifest_read(mf, file, k->d))
        return;
    k->meta_defined |= mf->defines_meta;
    for (size_t i = 0; i < mf->gear_count; i++) {
        check_entry(k, &mf->gears[i], false);
        push(&k->gears, mf->gears[i]);
    }
    for (size_t i = 0; i < mf->data_count; i++) {
        check_entry(k, &mf->data[i], true);
        push(&k->data, mf->data[i]);
    }
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
                diag_in_file(k->d, DIAG_ERROR, e->source, e->line, e->col,
                             "gear '%s' is defined twice", e->name);
                diag_in_file(k->d, DIAG_NOTE, first->source, first->line, first->col,
                             "'%s' is also defined here", first->name);
            } else if (strcmp(first->c_struct, e->c_struct) != 0 || first->is_interface != e->is_interface) {
                diag_in_file(k->d, DIAG_ERROR, e->source, e->line, e->col,
                             "data gear '%s' is declared differently in %s", e->name, first->source);
            }
            continue;
        }
        t->items[out++] = *e;
    }
    t->count = out;
}

static int name_order(const void *key, const void *item)
{
    return strcmp(key, ((const Entry *)item)->name);
}

/* The entry named name of a table made unique (sorted by name). */
static Entry *find(Table *t, const char *name)
{
    return t->count ? bsearch(name, t->items, t->count, sizeof *t->items, name_order) : NULL;
}

static void check_implementations(Linker *k)
{
    /* a data gear's typedef and a gear's prototype share C's ordinary names */
    for (size_t i = 0; i < k->gears.count; i++) {
        Entry *g = &k->gears.items[i], *d = find(&k->data, g->name);
        if (d) {
            diag_in_file(k->d, DIAG_ERROR, g->source, g->line, g->col,
                         "gear '%s' has the name of a data gear", g->name);
            diag_in_file(k->d, DIAG_NOTE, d->source, d->line, d->col,
                         "data gear '%s' is declared here", d->name);
        }
    }
    for (size_t i = 0; i < k->data.count; i++) {
        Entry *impl = &k->data.items[i];
        if (!impl->implements)
            continue;
        Entry *iface = find(&k->data, impl->implements);
        if (!iface || !iface->is_interface) {
            diag_in_file(k->d, DIAG_ERROR, impl->source, impl->line, impl->col,
                         "'%s' implements unknown Interface '%s'", impl->name, impl->implements);
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
                diag_in_file(k->d, DIAG_ERROR, impl->source, impl->line, impl->col,
                             "implementation '%s' has no gear for method '%s'", impl->name, method);
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
            diag_in_file(k->d, DIAG_ERROR, g->source, g->line, g->col,
                         "gear '%s' implements a method of unknown Interface '%s'", g->name, iface);
    }
}

/* ---- writing ---- */

static void write_context_header(Linker *k, const LinkOptions *opt, Buf *h)
{
    buf_puts(h, "/* Generated by gearsc link: do not edit.  The Gears meta level of the program:\n"
                " * gear numbers, data gear numbers, union Data, and the gears' prototypes. */\n"
                "#ifndef GEARS_CONTEXT_H\n#define GEARS_CONTEXT_H\n\n"
                PRELUDE_MUSTTAIL_CHECK
                PRELUDE_DEFINE_TAIL
                PRELUDE_DEFINE_UNUSED "\n"
                "#include <gears/context.h>\n");
    for (int i = 0; i < opt->include_count; i++)
        buf_printf(h, "#include %s\n", opt->includes[i]);
    /* Gear number 0 is no gear of the program: a method or continuation that
     * was never set (a zeroed data gear field) reaches gears_unbound, which
     * ends the chain with context->status GEARS_UNBOUND, instead of the
     * program's first gear. */
    buf_puts(h, "\nenum Code {\n"
                "    GEARS_NO_GEAR, /* 0: where a method or continuation never set leads */\n");
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
                " * Interface instance in its field `name`.  The data gears are at a fixed\n"
                " * offset from the Context (gears/context.h): no pointer is loaded. */\n"
                "#define GEARS_DATA_OFFSET GEARS_CONTEXT_DATA_OFFSET(GEARS_CODE_COUNT, _Alignof(union Data))\n"
                "#define Gearef(context, t) \\\n"
                "    (&((union Data *)((char *)(context) + GEARS_DATA_OFFSET))[D_##t].t)\n"
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
                    " * Context's dispatch table (the code table's entries, until the heap runs\n"
                    " * out), a goto to a named gear jumps straight there. */\n"
                    "#define __GEARS_DISPATCH(code) __CBC_TAIL GEARS_CONTEXT_DISPATCH(context)[code](context)\n"
                    "#define __GEARS_GOTO(gear) __CBC_TAIL gear(context)\n\n");
    buf_puts(h, "/* Sets a Context up over [region, region + size), which begins\n"
                " * GEARS_CONTEXT_HEADER bytes after it: returns 0, or -1 if the region is\n"
                " * elsewhere or too small for the data gears. */\n"
                "int gears_setup(struct Context *context, void *region, unsigned long size);\n\n"
                "#endif\n");
}

static void write_tables(Linker *k, const LinkOptions *opt, Buf *c)
{
    buf_printf(c, "/* Generated by gearsc link: do not edit.  The code table, the default meta\n"
                  " * gear, and Context set-up. */\n#include \"%s\"\n\n", opt->context_name);
    buf_puts(c, "static __gears_code *const gears_code_table[GEARS_CODE_COUNT] = {\n"
                "    [GEARS_NO_GEAR] = gears_unbound,\n");
    for (size_t i = 0; i < k->gears.count; i++)
        buf_printf(c, "    [C_%s] = %s,\n", k->gears.items[i].name, k->gears.items[i].name);
    buf_puts(c, "};\n\n");
    if (!k->meta_defined)
        buf_puts(c, "/* The default meta gear: run gear context->next through the dispatch\n"
                    " * table, which sends every gear number to gears_heap_exhausted once the\n"
                    " * heap has run out (the chain ends; the caller sees context->status). */\n"
                    "void meta(struct Context *context)\n{\n"
                    "    __CBC_TAIL GEARS_CONTEXT_DISPATCH(context)[context->next](context);\n}\n\n");
    buf_puts(c, "int gears_setup(struct Context *context, void *region, unsigned long size)\n{\n"
                "    return gears_context_init(context, region, size, gears_code_table, GEARS_CODE_COUNT,\n"
                "                              GEARS_DATA_COUNT, sizeof(union Data), _Alignof(union Data));\n}\n");
}

bool gears_link(const LinkOptions *opt, Buf *context_h, Buf *tables_c, Diag *d)
{
    Linker k = { .d = d };
    /* the tables file names the header in #include "...", which has no
     * escapes */
    if (strpbrk(opt->context_name, "\"\n\r\\")) {
        diag_plain(d, "the context header's name cannot be written in #include \"...\": '%s' has "
                      "a quote, a backslash or a line end", opt->context_name);
        return false;
    }
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
    for (int i = 0; i < k.file_count; i++)
        manifest_file_free(&k.files[i]);
    free(k.files);
    free(k.gears.items);
    free(k.data.items);
    return !d->errors;
}
