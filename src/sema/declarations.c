/* declarations.c - see declarations.h. */
#include "declarations.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_INCLUDE_FILES = 4096 };

/* Storage classes come before n's declarators: the scan stops at the first. */
static bool has_storage_class(Source *src, TSNode n, const char *word)
{
    bool found = false;
    TSTreeCursor cur = ts_tree_cursor_new(n);
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more && !found;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        if (cursor_in_field(&cur, FIELD_declarator))
            break;
        TSNode c = ts_tree_cursor_current_node(&cur);
        if (!node_is(c, KIND_storage_class_specifier))
            continue;
        size_t len;
        const char *t = node_text(src, c, &len);
        found = len == strlen(word) && memcmp(t, word, len) == 0;
    }
    ts_tree_cursor_delete(&cur);
    return found;
}

static SymbolKind kind_of(const Type *t)
{
    return t->kind == TYPE_GEAR ? SYM_GEAR : t->kind == TYPE_FUNCTION ? SYM_FUNCTION : SYM_VARIABLE;
}

/* ---- function definitions, typed once ---- */

struct DefinedFunction {
    HashLink link;       /* first: in env->defined */
    const void *node_id; /* TSNode.id of the function_definition */
    Type *type;
    const char *name;    /* NULL if the declarator names nothing */
    uint32_t name_offset;
};

static DefinedFunction *find_defined(const TypeEnv *env, TSNode def)
{
    uint64_t h = hash_pointer(def.id);
    for (HashLink *e = hash_find(&env->defined, h); e; e = hash_next(e, h))
        if (((DefinedFunction *)e)->node_id == def.id)
            return (DefinedFunction *)e;
    return NULL;
}

/* Types def and remembers the result for function_definition_type. */
static Type *type_definition_once(TypeEnv *env, Source *src, TSNode def, const char **name,
                                  uint32_t *name_offset)
{
    Type *t = type_from_declarator(env, src, def, node_field(def, FIELD_declarator), name,
                                   name_offset);
    DefinedFunction *f = arena_alloc(env->arena, sizeof *f);
    *f = (DefinedFunction){ { 0 }, def.id, t, *name, *name ? *name_offset : 0 };
    hash_insert(env->arena, &env->defined, &f->link, hash_pointer(def.id));
    return t;
}

Type *function_definition_type(TypeEnv *env, Source *src, TSNode def, const char **name,
                               uint32_t *name_offset)
{
    DefinedFunction *f = find_defined(env, def);
    if (!f) /* not at file scope: declare_node has not seen it */
        return type_from_declarator(env, src, def, node_field(def, FIELD_declarator), name,
                                    name_offset);
    *name = f->name;
    if (f->name)
        *name_offset = f->name_offset;
    return f->type;
}

/* Would `typedef t name;` make name a typedef of itself, directly
 * (typedef A A;) or through other typedefs (typedef A B; typedef B A;)? */
static bool typedef_cycle(Scope *scope, const char *name, const Type *t)
{
    for (int i = 0; t && t->kind == TYPE_TYPEDEF && i < 64; i++) {
        if (strcmp(t->spec, name) == 0)
            return true;
        Symbol *s = scope_lookup(scope, t->spec, strlen(t->spec));
        if (!s || s->kind != SYM_TYPEDEF)
            return false;
        t = s->type;
    }
    return false;
}

void declare_node(TypeEnv *env, Scope *scope, Source *src, TSNode n)
{
    NodeKind kind = node_kind(n);
    const char *name = NULL;
    uint32_t offset = ts_node_start_byte(n);
    if (kind == KIND_function_definition) {
        Type *t = type_definition_once(env, src, n, &name, &offset);
        if (name) {
            Symbol *s = scope_declare(env->arena, scope, name, kind_of(t), t, src, offset);
            s->is_static |= has_storage_class(src, n, "static");
        }
        return;
    }
    if (kind == KIND_struct_specifier || kind == KIND_union_specifier) {
        type_from_specifier(env, src, n); /* `struct s {...};` registers the tag */
        return;
    }
    bool is_typedef = kind == KIND_type_definition;
    if (!is_typedef && kind != KIND_declaration && kind != KIND_field_declaration)
        return;
    bool any = false;
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            if (!cursor_in_field(&c, FIELD_declarator))
                continue;
            any = true;
            Type *t = type_from_declarator(env, src, n, ts_tree_cursor_current_node(&c), &name,
                                           &offset);
            if (!name)
                continue;
            if (is_typedef) {
                Symbol *existing = scope_lookup(scope, name, strlen(name));
                if ((!existing || existing->kind != SYM_TYPEDEF) && typedef_cycle(scope, name, t)) {
                    if (strcmp(t->spec, name) == 0)
                        diag_error(env->diag, src, offset, "typedef '%s' refers to itself", name);
                    else
                        diag_error(env->diag, src, offset,
                                   "typedef '%s' refers to itself (through '%s')", name, t->spec);
                    /* declared as an opaque type, so that its uses are not
                     * reported again as unknown types */
                    Type *opaque = type_new(env->arena, TYPE_OTHER);
                    opaque->spec = name;
                    scope_declare(env->arena, scope, name, SYM_TYPEDEF, opaque, src, offset);
                    continue;
                }
                scope_declare(env->arena, scope, name, SYM_TYPEDEF, t, src, offset);
            } else {
                Symbol *s = scope_declare(env->arena, scope, name, kind_of(t), t, src, offset);
                s->is_static |= has_storage_class(src, n, "static");
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    if (!any) /* `struct s { ... };`: build the type to register the tag */
        type_from_declarator(env, src, n, (TSNode){ 0 }, &name, &offset);
}

/* ---- the file scope, with includes ---- */

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
    char *d = xmalloc(n + 1);
    memcpy(d, !slash ? "." : slash == path ? "/" : path, n);
    d[n] = '\0';
    return d;
}

static bool is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* "x.h" -> the path gearsc reads, or NULL. */
static char *find_header(const char *including, const char *name, size_t len,
                         const char **include_dirs, int include_count)
{
    char *here = dir_of(including);
    int total = include_count + 1;
    for (int i = 0; i < total; i++) {
        const char *dir = i == 0 ? here : include_dirs[i - 1];
        size_t dl = strlen(dir);
        char *path = xmalloc(dl + len + 2);
        memcpy(path, dir, dl);
        path[dl] = '/';
        memcpy(path + dl + 1, name, len);
        path[dl + len + 1] = '\0';
        if (is_regular_file(path)) {
            free(here);
            return path;
        }
        free(path);
    }
    free(here);
    return NULL;
}

/* Whether n sits in a preprocessor conditional other than an include
 * guard (`#ifndef X_H` whose first line is `#define X_H`, without #else). */
static bool in_conditional(Source *src, TSNode n)
{
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
        NodeKind k = node_kind(p);
        if (!kind_is_preproc_block(k))
            continue;
        uint32_t count = ts_node_named_child_count(p);
        if (k != KIND_preproc_ifdef || count < 2
            || kind_is_preproc_block(node_kind(ts_node_named_child(p, count - 1))))
            return true; /* not #ifndef X ... #endif: #if, #ifdef, #elif, #else */
        size_t dl, nl, dn;
        const char *d = node_text(src, ts_node_child(p, 0), &dl);
        TSNode name = node_field(p, FIELD_name), def = ts_node_named_child(p, 1);
        if (dl != 7 || memcmp(d, "#ifndef", 7) != 0 || !node_is(def, KIND_preproc_def))
            return true;
        const char *a = node_text(src, name, &nl), *b = node_text(src, node_field(def, FIELD_name), &dn);
        if (nl != dn || memcmp(a, b, nl) != 0)
            return true;
    }
    return false;
}

/* An unconditional #include "x.h" that no directory holds: remembered, and
 * reported by the lowering if the file has CbC in it (source mode passes a
 * plain C file through whatever it includes). */
static void note_missing_include(TypeEnv *env, Source *src, TSNode include, TSNode path)
{
    if (in_conditional(src, include))
        return; /* maybe never compiled: a type it would declare is reported where needed */
    MissingInclude *m = arena_alloc(env->arena, sizeof *m);
    *m = (MissingInclude){ NULL, src, ts_node_start_byte(path), NULL, 0 };
    m->name = node_text(src, path, &m->name_len);
    MissingInclude **tail = &env->missing_includes;
    while (*tail)
        tail = &(*tail)->next;
    *tail = m;
}

typedef struct Worklist {
    Unit **items;
    size_t count, cap;
} Worklist;

static bool seen_path(Unit *units, Unit *main_unit, const char *path)
{
    if (strcmp(main_unit->src->path, path) == 0)
        return true;
    for (Unit *u = units; u; u = u->next)
        if (strcmp(u->src->path, path) == 0)
            return true;
    return false;
}

/* Declarations at file scope, including those inside preprocessor
 * conditionals (both branches: gearsc does not evaluate #if). */
static void declare_top_level(TypeEnv *env, Source *src, TSNode root)
{
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        NodeKind kind = node_kind(n);
        bool descend = kind == KIND_translation_unit || kind_is_preproc_block(kind)
                    || kind == KIND_linkage_specification || kind == KIND_declaration_list;
        if (!descend)
            declare_node(env, env->file_scope, src, n);
        if (!tree_cursor_next(&c, descend))
            break;
    }
    ts_tree_cursor_delete(&c);
}

/* The "x.h" of every #include "x.h" at any depth of preprocessor nesting. */
static void queue_includes(TypeEnv *env, Unit *unit, Unit **headers, Unit *main_unit,
                           Worklist *work, const char **include_dirs, int include_count)
{
    TSNode root = ts_tree_root_node(unit->tree);
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        NodeKind kind = node_kind(n);
        const char *t = NULL;
        size_t len = 0;
        TSNode path = { 0 };
        bool interface = false;
        uint32_t at = 0;
        if (kind == KIND_preproc_include) {
            path = node_field(n, FIELD_path);
            if (node_is(path, KIND_string_literal))
                t = node_text(unit->src, path, &len);
        } else if (kind == KIND_preproc_call) {
            /* Gears: #interface "Stack.h" reads the header like #include */
            size_t dl;
            const char *d = node_text(unit->src, node_field(n, FIELD_directive), &dl);
            path = node_field(n, FIELD_argument);
            if (dl == 10 && memcmp(d, "#interface", 10) == 0 && !ts_node_is_null(path)) {
                t = node_text(unit->src, path, &len);
                while (len > 0 && (*t == ' ' || *t == '\t'))
                    t++, len--;
                while (len > 0 && (t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\r'
                                   || t[len - 1] == '\n'))
                    len--;
                /* `#interface "X.h"` and maybe a comment: the path is the first string */
                const char *close = len >= 2 && t[0] == '"' ? memchr(t + 1, '"', len - 1) : NULL;
                if (close)
                    len = (size_t)(close - t) + 1;
                interface = close != NULL;
                at = (uint32_t)(t - unit->src->text);
                if (!close)
                    t = NULL;
            }
        }
        {
            if (t) {
                char *found = len >= 2 ? find_header(unit->src->path, t + 1, len - 2, include_dirs,
                                                     include_count)
                                       : NULL;
                if (!found && interface)
                    diag_error(env->diag, unit->src, at,
                               "'%.*s' file not found (#interface looks beside the file, then in "
                               "the -I directories)",
                               (int)(len - 2), t + 1);
                if (found && !seen_path(*headers, main_unit, found)) {
                    if (work->count == MAX_INCLUDE_FILES) {
                        diag_error(env->diag, unit->src, ts_node_start_byte(n),
                                   "too many included files (more than %d)", MAX_INCLUDE_FILES);
                        free(found);
                        break;
                    }
                    const char *err = NULL;
                    Source *src = source_read(env->arena, found, &err);
                    if (!src) {
                        diag_error(env->diag, unit->src, ts_node_start_byte(path),
                                   "cannot read '%s': %s", found, err);
                    } else {
                        Unit *u = xmalloc(sizeof *u);
                        u->src = src;
                        u->tree = parse_source_passthrough(src, env->diag);
                        u->next = *headers;
                        *headers = u;
                        if (u->tree) {
                            if (work->count == work->cap)
                                work->items = xrealloc(work->items,
                                                       (work->cap = work->cap ? work->cap * 2 : 16)
                                                           * sizeof *work->items);
                            work->items[work->count++] = u;
                        }
                    }
                }
                if (!found && kind == KIND_preproc_include)
                    note_missing_include(env, unit->src, n, path);
                free(found);
            }
        }
        bool descend = kind == KIND_translation_unit || kind_is_preproc_block(kind);
        if (!tree_cursor_next(&c, descend))
            break;
    }
    ts_tree_cursor_delete(&c);
}

Unit *declare_file_scope(TypeEnv *env, Unit *main_unit, const char **include_dirs,
                         int include_count)
{
    Unit *headers = NULL;
    Worklist work = { 0 };
    queue_includes(env, main_unit, &headers, main_unit, &work, include_dirs, include_count);
    for (size_t i = 0; i < work.count; i++)
        queue_includes(env, work.items[i], &headers, main_unit, &work, include_dirs, include_count);
    /* Headers first (in the order found), then the file itself. */
    for (size_t i = 0; i < work.count; i++)
        declare_top_level(env, work.items[i]->src, ts_tree_root_node(work.items[i]->tree));
    declare_top_level(env, main_unit->src, ts_tree_root_node(main_unit->tree));
    free(work.items);
    return headers;
}

void units_free(Unit *units)
{
    while (units) {
        Unit *next = units->next;
        if (units->tree)
            ts_tree_delete(units->tree);
        free(units);
        units = next;
    }
}
