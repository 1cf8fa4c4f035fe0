/* source_graph.c - `gearsc graph FILE.cbc...`: the transition graph of the
 * code gears of plain CbC source files, read with gearsc's own parser (no
 * manifests, no preprocessor: every #if branch counts).
 *
 * Each file is parsed as source mode parses it (parse_source_passthrough)
 * and declared (model_declare: its file scope and the headers it includes,
 * for the types of initializers and for gears declared but not defined).
 * One walk over its tree collects three things:
 *
 *   vertices  every function definition: a gear (__code) or a C function;
 *             C functions are shown only if they hold a gear goto;
 *   sites     every `goto CALLEE(ARGS);`, with CALLEE seen through
 *             parentheses, casts, `*` and `&`: a name, a member `x.f` /
 *             `x->f`, an element `T[i]`, or anything else; and the names
 *             among ARGS (continuations handed on);
 *   stores    what may hold a gear, by key: a member f ("m:f": `x.f = g`,
 *             `.f = g`, and positional `{ a, g }` where the initializer's
 *             type is known, through typedefs and headers), a table T
 *             ("t:T": every name in T's initializer, `T[i] = g`), a variable
 *             v in function F ("v:F:v": `v = g`, `T v = g`).
 *
 * Once every file is read, each site becomes edges (strongest kept per
 * pair of vertices, solid > dashed > dotted):
 *
 *   CALLEE names a gear            solid    "goto"
 *   CALLEE reaches a store         dashed   "member" / "table" / "variable",
 *                                           to every gear stored there
 *   nothing found (a continuation  dotted   "unknown", to a grey vertex
 *     parameter, say)                       "FROM/EXPR" labelled EXPR
 *   a gear among ARGS              dotted   "continues": from each target
 *                                           of the goto to that gear
 *
 * A gear is a name defined as a gear among the files, or declared as one
 * (a prototype in the file or its headers) where it is used: the latter is
 * drawn dashed.  Names are global: static gears of one name in two files
 * are one vertex.  --from keeps what the roots reach by edges; a
 * "continues" edge counts only where the gear that handed the
 * continuation on is itself kept (cbc_sleep resumes the chain that called
 * it, not every chain that sleeps).
 *
 * Output is deterministic: definitions in the order of the files and of
 * their definitions, then declared gears and grey vertices by name, edges
 * by (from, to).  The work is bounded (WORK_BUDGET_BASE steps and
 * WORK_PER_BYTE more per input byte): a hostile input whose
 * graph would be quadratic in its size is refused, not ground through.
 * Nothing recurses: tree walks use cursors, nesting stops at fixed depths. */
#include "source_graph.h"

#include "model.h"
#include "../parse/parse.h"
#include "../support/hashtab.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum {
    STRIP_DEPTH = 256,      /* parentheses and casts looked through */
    DECLARATOR_DEPTH = 64,  /* declarator levels followed to the name */
    INIT_DEPTH = 64,        /* nested initializer lists typed */
    LABEL_MAX = 60,         /* bytes of an expression shown on a grey vertex */
    WORK_BUDGET_BASE = 1 << 20,
    WORK_PER_BYTE = 4,
};

typedef enum EdgeStyle { STYLE_DOTTED, STYLE_DASHED, STYLE_SOLID } EdgeStyle;
static const char *const style_names[] = { "dotted", "dashed", "solid" };

typedef struct Edge Edge;
typedef struct Handoff Handoff;

typedef struct Vertex {
    HashLink link;
    const char *name;       /* a gear or function; "FROM/EXPR" for a grey one */
    const char *label;      /* grey vertices: EXPR; NULL otherwise */
    bool is_gear, defined, has_goto, used;
    const char *file;       /* definitions: where */
    unsigned line;
    bool keep;              /* --from: reached */
    Edge *out;
    Handoff *as_target, *as_via;
} Vertex;

struct Edge {
    HashLink link;
    Vertex *from, *to;
    EdgeStyle style;
    const char *kind, *via, *file;
    unsigned line;
    Edge *next_out, *next_all;
};

/* `goto` at target handed gear on, in via: "target continues at gear". */
struct Handoff {
    Vertex *target, *gear, *via;
    const char *file;
    unsigned line;
    Handoff *next, *next_as_target, *next_as_via;
};

/* A name that may be a gear, and whether the file scope where it was
 * written declares a gear of that name. */
typedef struct Candidate {
    const char *name;
    bool declared_gear;
    struct Candidate *next;
} Candidate;

typedef struct Store {
    HashLink link;
    const char *key;
    Candidate *names;
    Vertex **gears; /* resolved once: the distinct gears among names */
    size_t gear_count;
    bool resolved;
} Store;

typedef enum CalleeKind { CALLEE_NAME, CALLEE_STORE, CALLEE_UNKNOWN } CalleeKind;

typedef struct GotoSite {
    const char *from;
    CalleeKind callee;
    Candidate name;         /* CALLEE_NAME */
    const char *keys[2];    /* stores it may reach, in order (NULL: none) */
    const char *kind, *via; /* of the dashed edges */
    const char *label;      /* the callee as written */
    Candidate *args;
    const char *file;
    unsigned line;
    struct GotoSite *next;
} GotoSite;

typedef struct SourceGraph {
    Arena arena;
    Diag *diag;
    HashTable vertices, stores, edges;
    Vertex **defs;          /* definitions in order (malloc'd) */
    size_t def_count, def_cap;
    GotoSite *sites, **sites_tail;
    Handoff *handoffs;
    Edge *all_edges;
    size_t edge_count;
    size_t work, work_budget;
    bool too_big;
} SourceGraph;

/* The state of the walk over one file. */
typedef struct FileWalk {
    SourceGraph *g;
    Source *src;
    Model *model;
    const char *fn;         /* the function the walk is in, or NULL */
    uint32_t fn_end;
} FileWalk;

/* ---- names and ids beyond syntax.h ---- */

static TSSymbol compound_literal_symbol;

static void resolve_local_kinds(void)
{
    static const char name[] = "compound_literal_expression";
    compound_literal_symbol =
        ts_language_symbol_for_name(tree_sitter_cbc(), name, (uint32_t)strlen(name), true);
}

static bool is_compound_literal(TSNode n)
{
    return compound_literal_symbol && !ts_node_is_null(n) && ts_node_symbol(n) == compound_literal_symbol;
}

/* ---- small helpers ---- */

static const char *text_of(FileWalk *w, TSNode n)
{
    return node_strdup(&w->g->arena, w->src, n);
}

static unsigned line_of(FileWalk *w, TSNode n)
{
    return source_pos(w->src, ts_node_start_byte(n)).line;
}

/* `(T)(x)` that tree-sitter read as a call of `(T)`, T a typedef in the
 * file scope: a cast after all.  Its operand x, or a null node. */
static TSNode typedef_cast_operand(FileWalk *w, TSNode call)
{
    TSNode fn = node_field(call, FIELD_function), args = node_field(call, FIELD_arguments);
    if (!node_is(fn, KIND_parenthesized_expression) || ts_node_named_child_count(fn) != 1
        || ts_node_is_null(args) || ts_node_named_child_count(args) != 1)
        return (TSNode){ 0 };
    TSNode type = ts_node_named_child(fn, 0);
    size_t len;
    const char *t = node_text(w->src, type, &len);
    Symbol *s = node_is(type, KIND_identifier) ? scope_lookup(w->model->env.file_scope, t, len) : NULL;
    return s && s->kind == SYM_TYPEDEF ? ts_node_named_child(args, 0) : (TSNode){ 0 };
}

/* e without parentheses and casts; with `deref`, without `*` and `&` too. */
static TSNode strip(FileWalk *w, TSNode e, bool deref)
{
    for (int i = 0; i < STRIP_DEPTH; i++) {
        NodeKind k = node_kind(e);
        TSNode inner = { 0 };
        if (k == KIND_parenthesized_expression && ts_node_named_child_count(e) == 1)
            inner = ts_node_named_child(e, 0);
        else if (k == KIND_cast_expression)
            inner = node_field(e, FIELD_value);
        else if (k == KIND_call_expression)
            inner = typedef_cast_operand(w, e);
        else if (k == KIND_pointer_expression && deref)
            inner = node_field(e, FIELD_argument);
        if (ts_node_is_null(inner))
            return e;
        e = inner;
    }
    return e;
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The expression's text on one line: white space only between two names,
 * bytes outside printable ASCII as '?', at most LABEL_MAX bytes. */
static const char *compact_text(FileWalk *w, TSNode n)
{
    size_t len;
    const char *t = node_text(w->src, n, &len);
    char *out = arena_alloc(&w->g->arena, LABEL_MAX + 4);
    size_t o = 0;
    bool gap = false;
    for (size_t i = 0; i < len && o < LABEL_MAX; i++) {
        char c = t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            gap = true;
            continue;
        }
        if (gap && o > 0 && ident_char(out[o - 1]) && ident_char(c))
            out[o++] = ' ';
        gap = false;
        out[o++] = (c >= 0x21 && c <= 0x7e) ? c : '?';
    }
    if (o == LABEL_MAX)
        memcpy(out + o, "...", 3), o += 3;
    out[o] = '\0';
    return out;
}

/* ---- vertices, stores, edges ---- */

static Vertex *vertex_find(SourceGraph *g, const char *name)
{
    uint64_t h = hash_bytes(name, strlen(name));
    for (HashLink *e = hash_find(&g->vertices, h); e; e = hash_next(e, h))
        if (strcmp(((Vertex *)e)->name, name) == 0)
            return (Vertex *)e;
    return NULL;
}

static Vertex *vertex_get(SourceGraph *g, const char *name)
{
    Vertex *v = vertex_find(g, name);
    if (v)
        return v;
    v = arena_alloc(&g->arena, sizeof *v);
    v->name = name;
    hash_insert(&g->arena, &g->vertices, &v->link, hash_bytes(name, strlen(name)));
    return v;
}

static Store *store_get(SourceGraph *g, const char *key)
{
    uint64_t h = hash_bytes(key, strlen(key));
    for (HashLink *e = hash_find(&g->stores, h); e; e = hash_next(e, h))
        if (strcmp(((Store *)e)->key, key) == 0)
            return (Store *)e;
    Store *s = arena_alloc(&g->arena, sizeof *s);
    s->key = key;
    hash_insert(&g->arena, &g->stores, &s->link, h);
    return s;
}

static Store *store_find(SourceGraph *g, const char *key)
{
    uint64_t h = hash_bytes(key, strlen(key));
    for (HashLink *e = hash_find(&g->stores, h); e; e = hash_next(e, h))
        if (strcmp(((Store *)e)->key, key) == 0)
            return (Store *)e;
    return NULL;
}

/* Counts work; false (once reported) when the graph is too large. */
static bool spend(SourceGraph *g, size_t units)
{
    g->work += units;
    if (g->work <= g->work_budget)
        return true;
    if (!g->too_big)
        diag_plain(g->diag, "the gear graph of these files is too large (more than %zu steps)",
                   g->work_budget);
    g->too_big = true;
    return false;
}

static uint64_t edge_hash(const Vertex *from, const Vertex *to)
{
    const void *pair[2] = { from, to };
    return hash_bytes(pair, sizeof pair);
}

static void add_edge(SourceGraph *g, Vertex *from, Vertex *to, EdgeStyle style, const char *kind,
                     const char *via, const char *file, unsigned line)
{
    uint64_t h = edge_hash(from, to);
    Edge *e = NULL;
    for (HashLink *l = hash_find(&g->edges, h); l && !e; l = hash_next(l, h))
        if (((Edge *)l)->from == from && ((Edge *)l)->to == to)
            e = (Edge *)l;
    if (!e) {
        e = arena_alloc(&g->arena, sizeof *e);
        e->from = from;
        e->to = to;
        e->next_out = from->out;
        from->out = e;
        e->next_all = g->all_edges;
        g->all_edges = e;
        g->edge_count++;
        hash_insert(&g->arena, &g->edges, &e->link, h);
    } else if (style <= e->style) {
        return;
    }
    e->style = style;
    e->kind = kind;
    e->via = via;
    e->file = file;
    e->line = line;
    from->used = to->used = true;
}

/* ---- the walk over one file ---- */

static Candidate *candidate(FileWalk *w, TSNode ident)
{
    Candidate *c = arena_alloc(&w->g->arena, sizeof *c);
    size_t len;
    const char *t = node_text(w->src, ident, &len);
    c->name = arena_strndup(&w->g->arena, t, len);
    Symbol *s = scope_lookup(w->model->env.file_scope, t, len);
    c->declared_gear = s && s->kind == SYM_GEAR;
    return c;
}

static void store_name(FileWalk *w, const char *key, TSNode value)
{
    TSNode e = strip(w, value, true);
    if (!key || !node_is(e, KIND_identifier))
        return;
    Store *s = store_get(w->g, key);
    Candidate *c = candidate(w, e);
    c->next = s->names;
    s->names = c;
}

static const char *variable_key(FileWalk *w, const char *fn, TSNode ident)
{
    return arena_printf(&w->g->arena, "v:%s:%s", fn ? fn : "", text_of(w, ident));
}

/* The name of table T in T[i] (T a name or a member), or NULL. */
static const char *table_key(FileWalk *w, TSNode array)
{
    TSNode e = strip(w, array, true);
    if (node_is(e, KIND_identifier))
        return arena_printf(&w->g->arena, "t:%s", text_of(w, e));
    if (node_is(e, KIND_field_expression) && !ts_node_is_null(node_field(e, FIELD_field)))
        return arena_printf(&w->g->arena, "t:%s", text_of(w, node_field(e, FIELD_field)));
    return NULL;
}

static const char *member_key(FileWalk *w, TSNode field_expr)
{
    TSNode f = node_field(field_expr, FIELD_field);
    return ts_node_is_null(f) ? NULL : arena_printf(&w->g->arena, "m:%s", text_of(w, f));
}

/* What `target = ...` stores into. */
static const char *assigned_key(FileWalk *w, TSNode target)
{
    TSNode e = strip(w, target, false);
    switch (node_kind(e)) {
    case KIND_field_expression: return member_key(w, e);
    case KIND_subscript_expression: return table_key(w, node_field(e, FIELD_argument));
    case KIND_identifier: return variable_key(w, w->fn, e);
    default: return NULL;
    }
}

static void enter_function(FileWalk *w, TSNode def)
{
    const char *name = NULL;
    uint32_t offset = 0;
    Type *t = function_definition_type(&w->model->env, w->src, def, &name, &offset);
    w->fn = NULL;
    if (!name)
        return;
    Vertex *v = vertex_get(w->g, arena_strdup(&w->g->arena, name));
    if (!v->defined) {
        v->defined = true;
        v->is_gear = t && t->kind == TYPE_GEAR;
        v->file = w->src->path;
        v->line = source_pos(w->src, offset).line;
        if (w->g->def_count == w->g->def_cap) {
            w->g->def_cap = w->g->def_cap ? 2 * w->g->def_cap : 64;
            w->g->defs = xrealloc(w->g->defs, w->g->def_cap * sizeof *w->g->defs);
        }
        w->g->defs[w->g->def_count++] = v;
    }
    w->fn = v->name;
    w->fn_end = ts_node_end_byte(def);
}

static void classify_callee(FileWalk *w, GotoSite *s, TSNode e)
{
    s->callee = CALLEE_STORE;
    switch (node_kind(e)) {
    case KIND_identifier:
        s->callee = CALLEE_NAME;
        s->name = *candidate(w, e);
        s->keys[0] = variable_key(w, w->fn, e);
        s->keys[1] = variable_key(w, NULL, e);
        s->kind = "variable";
        s->via = s->name.name;
        return;
    case KIND_field_expression:
        s->keys[0] = member_key(w, e);
        s->kind = "member";
        break;
    case KIND_subscript_expression:
        s->keys[0] = table_key(w, node_field(e, FIELD_argument));
        s->kind = "table";
        break;
    default:
        break;
    }
    if (!s->keys[0])
        s->callee = CALLEE_UNKNOWN;
    else
        s->via = s->keys[0] + 2;
}

static void record_goto(FileWalk *w, TSNode n)
{
    if (!w->fn)
        return;
    TSNode callee = node_field(n, FIELD_function);
    if (ts_node_is_null(callee))
        return;
    GotoSite *s = arena_alloc(&w->g->arena, sizeof *s);
    s->from = w->fn;
    s->label = compact_text(w, strip(w, callee, false));
    s->file = w->src->path;
    s->line = line_of(w, n);
    classify_callee(w, s, strip(w, callee, true));
    TSNode args = node_field(n, FIELD_arguments);
    uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
    for (uint32_t i = count; i-- > 0;) {
        TSNode a = strip(w, ts_node_named_child(args, i), true);
        if (!node_is(a, KIND_identifier))
            continue;
        Candidate *c = candidate(w, a);
        c->next = s->args;
        s->args = c;
    }
    *w->g->sites_tail = s;
    w->g->sites_tail = &s->next;
    vertex_find(w->g, w->fn)->has_goto = true;
}

static void record_assignment(FileWalk *w, TSNode n)
{
    TSNode op = node_field(n, FIELD_operator);
    size_t len;
    const char *t = ts_node_is_null(op) ? "" : node_text(w->src, op, &len);
    if (ts_node_is_null(op) || len != 1 || t[0] != '=')
        return;
    store_name(w, assigned_key(w, node_field(n, FIELD_left)), node_field(n, FIELD_right));
}

/* The name a declarator declares, and whether it is an array. */
static TSNode declarator_name(TSNode d, bool *is_array)
{
    *is_array = false;
    for (int i = 0; i < DECLARATOR_DEPTH && !ts_node_is_null(d); i++) {
        switch (node_kind(d)) {
        case KIND_identifier: return d;
        case KIND_array_declarator: *is_array = true; /* fall through */
        case KIND_pointer_declarator:
        case KIND_function_declarator: d = node_field(d, FIELD_declarator); break;
        case KIND_parenthesized_declarator:
        case KIND_attributed_declarator:
            d = ts_node_named_child_count(d) ? ts_node_named_child(d, 0) : (TSNode){ 0 };
            break;
        default: return (TSNode){ 0 };
        }
    }
    return (TSNode){ 0 };
}

/* Every name in an array's initializer may be one of its elements. */
static void store_all_names(FileWalk *w, const char *key, TSNode value)
{
    TSTreeCursor c = ts_tree_cursor_new(value);
    for (bool more = true; more; more = tree_cursor_next(&c, true)) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (node_is(n, KIND_identifier))
            store_name(w, key, n);
    }
    ts_tree_cursor_delete(&c);
}

/* The field a designated initializer `.f = v` (or GNU `f: v`) names last. */
static TSNode last_field_designator(TSNode pair)
{
    TSNode last = { 0 };
    TSTreeCursor c = ts_tree_cursor_new(pair);
    for (bool more = ts_tree_cursor_goto_first_child(&c); more; more = ts_tree_cursor_goto_next_sibling(&c))
        if (cursor_in_field(&c, FIELD_designator))
            last = ts_tree_cursor_current_node(&c);
    ts_tree_cursor_delete(&c);
    if (node_is(last, KIND_field_designator) && ts_node_named_child_count(last) == 1)
        return ts_node_named_child(last, 0);
    return node_is(last, KIND_field_identifier) ? last : (TSNode){ 0 };
}

static void record_designated(FileWalk *w, TSNode pair)
{
    TSNode f = last_field_designator(pair);
    if (!ts_node_is_null(f))
        store_name(w, arena_printf(&w->g->arena, "m:%s", text_of(w, f)), node_field(pair, FIELD_value));
}

typedef struct PendingList {
    TSNode list;
    Type *type;
} PendingList;

/* The index in r of the field a designator names, or -1. */
static int field_index(FileWalk *w, Record *r, TSNode name)
{
    size_t len;
    const char *t = node_text(w->src, name, &len);
    Field *f = record_field(&w->model->env, r, t, len);
    return f && f >= r->fields && f < r->fields + r->field_count ? (int)(f - r->fields) : -1;
}

/* One initializer list of a known struct type: positional elements store
 * into the fields in order; nested lists are typed on. */
static void init_record(FileWalk *w, TSNode list, Record *r, PendingList *stack, int *top)
{
    int pos = 0;
    uint32_t count = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < count; i++, pos++) {
        TSNode c = ts_node_named_child(list, i), v = c;
        if (node_is(c, KIND_comment)) {
            pos--;
            continue;
        }
        if (node_is(c, KIND_initializer_pair)) {
            TSNode f = last_field_designator(c);
            pos = ts_node_is_null(f) ? -1 : field_index(w, r, f);
            v = node_field(c, FIELD_value);
        }
        if (pos < 0 || pos >= r->field_count)
            continue;
        Field *f = &r->fields[pos];
        if (node_is(v, KIND_initializer_list)) {
            if (*top < INIT_DEPTH)
                stack[(*top)++] = (PendingList){ v, f->type };
        } else if (f->name && !node_is(c, KIND_initializer_pair)) {
            store_name(w, arena_printf(&w->g->arena, "m:%s", f->name), v);
        }
    }
}

static void init_array(TSNode list, Type *element, PendingList *stack, int *top)
{
    uint32_t count = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < count && *top < INIT_DEPTH; i++) {
        TSNode v = ts_node_named_child(list, i);
        if (node_is(v, KIND_initializer_pair))
            v = node_field(v, FIELD_value);
        if (node_is(v, KIND_initializer_list))
            stack[(*top)++] = (PendingList){ v, element };
    }
}

/* Positional stores of an initializer list of type t (gears stored by
 * position into struct members). */
static void record_positional(FileWalk *w, TSNode list, Type *t)
{
    PendingList stack[INIT_DEPTH];
    int top = 0;
    stack[top++] = (PendingList){ list, t };
    while (top > 0) {
        PendingList p = stack[--top];
        Type *type = p.type ? type_resolve(&w->model->env, p.type) : NULL;
        if (!type)
            continue;
        if (type->kind == TYPE_ARRAY && type->base) {
            init_array(p.list, type->base, stack, &top);
        } else {
            Record *r = type_record(&w->model->env, type);
            if (r)
                init_record(w, p.list, r, stack, &top);
        }
    }
}

static void record_init(FileWalk *w, TSNode n)
{
    TSNode decl = node_field(n, FIELD_declarator), value = node_field(n, FIELD_value);
    bool is_array;
    TSNode name = declarator_name(decl, &is_array);
    if (ts_node_is_null(name) || ts_node_is_null(value))
        return;
    if (is_array)
        store_all_names(w, arena_printf(&w->g->arena, "t:%s", text_of(w, name)), value);
    if (!node_is(value, KIND_initializer_list)) {
        if (!is_array)
            store_name(w, variable_key(w, w->fn, name), value);
        return;
    }
    TSNode owner = ts_node_parent(n);
    if (ts_node_is_null(owner) || ts_node_is_null(node_field(owner, FIELD_type)))
        return;
    const char *ignored;
    uint32_t offset;
    record_positional(w, value, type_from_declarator(&w->model->env, w->src, owner, decl, &ignored, &offset));
}

static void record_compound_literal(FileWalk *w, TSNode n)
{
    TSNode td = node_field(n, FIELD_type), value = node_field(n, FIELD_value);
    if (ts_node_is_null(td) || !node_is(value, KIND_initializer_list))
        return;
    const char *ignored;
    uint32_t offset;
    record_positional(w, value,
                      type_from_declarator(&w->model->env, w->src, td, node_field(td, FIELD_declarator),
                                           &ignored, &offset));
}

static void visit(FileWalk *w, TSNode n)
{
    if (w->fn && ts_node_start_byte(n) >= w->fn_end)
        w->fn = NULL;
    switch (node_kind(n)) {
    case KIND_function_definition: enter_function(w, n); break;
    case KIND_gear_goto_statement: record_goto(w, n); break;
    case KIND_assignment_expression: record_assignment(w, n); break;
    case KIND_init_declarator: record_init(w, n); break;
    case KIND_initializer_pair: record_designated(w, n); break;
    default:
        if (is_compound_literal(n))
            record_compound_literal(w, n);
        break;
    }
}

static void walk_file(SourceGraph *g, const char *path, const SourceGraphOptions *o)
{
    const char *error = NULL;
    Source *src = source_read(&g->arena, path, &error);
    if (!src) {
        diag_plain(g->diag, "cannot read '%s': %s", path, error);
        return;
    }
    g->work_budget += WORK_PER_BYTE * src->len;
    int errors_before = g->diag->errors;
    TSTree *tree = parse_source_passthrough(src, g->diag);
    if (!tree || g->diag->errors > errors_before) {
        if (tree)
            ts_tree_delete(tree);
        return;
    }
    Model model;
    model_init(&model, g->diag);
    model_declare(&model, src, tree, o->include_dirs, o->include_count);
    FileWalk w = { .g = g, .src = src, .model = &model };
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
    for (bool more = true; more; more = tree_cursor_next(&c, true))
        visit(&w, ts_tree_cursor_current_node(&c));
    ts_tree_cursor_delete(&c);
    model_free(&model);
    ts_tree_delete(tree);
}

/* ---- from sites to edges ---- */

/* The gear a candidate names, or NULL. */
static Vertex *gear_named(SourceGraph *g, const Candidate *c)
{
    Vertex *v = vertex_find(g, c->name);
    if (v && v->defined)
        return v->is_gear ? v : NULL;
    if (!c->declared_gear)
        return NULL;
    v = vertex_get(g, c->name);
    v->is_gear = true;
    return v;
}

static void resolve_store(SourceGraph *g, Store *s)
{
    if (s->resolved)
        return;
    s->resolved = true;
    size_t n = 0;
    for (Candidate *c = s->names; c; c = c->next)
        n++;
    s->gears = arena_alloc(&g->arena, (n ? n : 1) * sizeof *s->gears);
    /* names were prepended: walk them into an array, then keep the first
     * of each gear in source order */
    Candidate **in_order = xmalloc((n ? n : 1) * sizeof *in_order);
    size_t i = n;
    for (Candidate *c = s->names; c; c = c->next)
        in_order[--i] = c;
    HashTable seen = { 0 };
    for (i = 0; i < n; i++) {
        Vertex *v = gear_named(g, in_order[i]);
        if (!v)
            continue;
        uint64_t h = hash_pointer(v);
        bool dup = false;
        for (HashLink *l = hash_find(&seen, h); l && !dup; l = hash_next(l, h))
            dup = *(Vertex **)(l + 1) == v;
        if (dup)
            continue;
        HashLink *l = arena_alloc(&g->arena, sizeof *l + sizeof(Vertex *));
        *(Vertex **)(l + 1) = v;
        hash_insert(&g->arena, &seen, l, h);
        s->gears[s->gear_count++] = v;
    }
    free(in_order);
}

typedef struct Targets {
    Vertex **v;
    size_t count, cap;
} Targets;

static void target_add(Targets *t, Vertex *v)
{
    if (t->count == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->v = xrealloc(t->v, t->cap * sizeof *t->v);
    }
    t->v[t->count++] = v;
}

static void site_targets(SourceGraph *g, GotoSite *s, Vertex *from, Targets *t)
{
    Vertex *named = s->callee == CALLEE_NAME ? gear_named(g, &s->name) : NULL;
    if (named) {
        add_edge(g, from, named, STYLE_SOLID, "goto", NULL, s->file, s->line);
        target_add(t, named);
        return;
    }
    for (int k = 0; k < 2 && s->keys[k] && t->count == 0; k++) {
        Store *st = store_find(g, s->keys[k]);
        if (!st)
            continue;
        resolve_store(g, st);
        if (!spend(g, st->gear_count + 1))
            return;
        for (size_t i = 0; i < st->gear_count; i++) {
            add_edge(g, from, st->gears[i], STYLE_DASHED, s->kind, s->via, s->file, s->line);
            target_add(t, st->gears[i]);
        }
    }
    if (t->count > 0)
        return;
    Vertex *grey = vertex_get(g, arena_printf(&g->arena, "%s/%s", s->from, s->label));
    grey->label = s->label;
    add_edge(g, from, grey, STYLE_DOTTED, "unknown", NULL, s->file, s->line);
    target_add(t, grey);
}

static void handoff(SourceGraph *g, GotoSite *s, Vertex *target, Vertex *gear, Vertex *via)
{
    Handoff *h = arena_alloc(&g->arena, sizeof *h);
    *h = (Handoff){ target, gear, via, s->file, s->line, g->handoffs, target->as_target, via->as_via };
    g->handoffs = target->as_target = via->as_via = h;
}

static void resolve_sites(SourceGraph *g)
{
    Targets t = { 0 };
    for (GotoSite *s = g->sites; s && !g->too_big; s = s->next) {
        Vertex *from = vertex_find(g, s->from);
        t.count = 0;
        site_targets(g, s, from, &t);
        for (Candidate *a = s->args; a; a = a->next) {
            Vertex *gear = gear_named(g, a);
            if (!gear || !spend(g, t.count))
                continue;
            for (size_t i = 0; i < t.count; i++)
                handoff(g, s, t.v[i], gear, from);
        }
    }
    free(t.v);
}

/* ---- --from ---- */

static void reach(Vertex *v, Vertex ***queue, size_t *n, size_t *cap)
{
    if (v->keep)
        return;
    v->keep = true;
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        *queue = xrealloc(*queue, *cap * sizeof **queue);
    }
    (*queue)[(*n)++] = v;
}

static bool keep_reachable(SourceGraph *g, const SourceGraphOptions *o)
{
    Vertex **queue = NULL;
    size_t n = 0, cap = 0;
    for (int r = 0; r < o->root_count; r++) {
        Vertex *v = vertex_find(g, o->roots[r]);
        if (!v || !v->defined)
            diag_plain(g->diag, "--from %s: no gear or function of that name is defined in the files",
                       o->roots[r]);
        else
            reach(v, &queue, &n, &cap);
    }
    for (size_t i = 0; i < n; i++) {
        Vertex *v = queue[i];
        for (Edge *e = v->out; e; e = e->next_out)
            reach(e->to, &queue, &n, &cap);
        for (Handoff *h = v->as_target; h; h = h->next_as_target)
            if (h->via->keep)
                reach(h->gear, &queue, &n, &cap);
        for (Handoff *h = v->as_via; h; h = h->next_as_via)
            if (h->target->keep)
                reach(h->gear, &queue, &n, &cap);
    }
    free(queue);
    return !g->diag->errors;
}

static void add_handoff_edges(SourceGraph *g, bool filtered)
{
    /* in the order the gotos were found (the list is newest first) */
    size_t n = 0;
    for (Handoff *h = g->handoffs; h; h = h->next)
        n++;
    Handoff **order = xmalloc((n ? n : 1) * sizeof *order);
    size_t i = n;
    for (Handoff *h = g->handoffs; h; h = h->next)
        order[--i] = h;
    for (i = 0; i < n; i++)
        if (!filtered || (order[i]->target->keep && order[i]->via->keep))
            add_edge(g, order[i]->target, order[i]->gear, STYLE_DOTTED, "continues", order[i]->via->name,
                     order[i]->file, order[i]->line);
    free(order);
}

/* ---- output ---- */

static bool shown(const Vertex *v, bool filtered)
{
    if (filtered && !v->keep)
        return false;
    if (v->label)
        return true;
    if (v->defined)
        return v->is_gear || v->has_goto;
    return v->is_gear && v->used;
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(Vertex *const *)a)->name, (*(Vertex *const *)b)->name);
}

static int by_ends(const void *a, const void *b)
{
    const Edge *x = *(Edge *const *)a, *y = *(Edge *const *)b;
    int c = strcmp(x->from->name, y->from->name);
    return c ? c : strcmp(x->to->name, y->to->name);
}

typedef struct Listing {
    Vertex **vertices;  /* definitions, then declared gears, then grey ones */
    size_t vertex_count;
    Edge **edges;
    size_t edge_count;
} Listing;

static void sort_tail(Vertex **v, size_t from, size_t to)
{
    if (to - from > 1)
        qsort(v + from, to - from, sizeof *v, by_name);
}

static void make_listing(SourceGraph *g, bool filtered, Listing *l)
{
    size_t total = g->vertices.count ? g->vertices.count : 1;
    l->vertices = xmalloc(total * sizeof *l->vertices);
    l->vertex_count = 0;
    for (size_t i = 0; i < g->def_count; i++)
        if (shown(g->defs[i], filtered))
            l->vertices[l->vertex_count++] = g->defs[i];
    for (int pass = 0; pass < 2; pass++) {
        size_t start = l->vertex_count;
        for (unsigned b = 0; b < g->vertices.bucket_count; b++)
            for (HashLink *e = g->vertices.buckets[b]; e; e = e->next) {
                Vertex *v = (Vertex *)e;
                if (!v->defined && (pass == 0) == !v->label && shown(v, filtered))
                    l->vertices[l->vertex_count++] = v;
            }
        sort_tail(l->vertices, start, l->vertex_count);
    }
    l->edges = xmalloc((g->edge_count ? g->edge_count : 1) * sizeof *l->edges);
    l->edge_count = 0;
    for (Edge *e = g->all_edges; e; e = e->next_all)
        if (!filtered || e->from->keep)
            l->edges[l->edge_count++] = e;
    if (l->edge_count > 1)
        qsort(l->edges, l->edge_count, sizeof *l->edges, by_ends);
}

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

static void write_dot(Buf *out, const Listing *l)
{
    buf_puts(out, "digraph gears {\n    rankdir=LR;\n    node [fontname=\"Helvetica\", fontsize=11];\n");
    for (size_t i = 0; i < l->vertex_count; i++) {
        Vertex *v = l->vertices[i];
        buf_puts(out, "    ");
        dot_quote(out, v->name);
        if (v->label) {
            buf_puts(out, " [label=");
            dot_quote(out, v->label);
            buf_puts(out, ", shape=plaintext, fontcolor=gray40];\n");
        } else {
            buf_puts(out, !v->is_gear ? " [shape=box];\n"
                          : v->defined ? " [shape=ellipse];\n" : " [shape=ellipse, style=dashed];\n");
        }
    }
    for (size_t i = 0; i < l->edge_count; i++) {
        buf_puts(out, "    ");
        dot_quote(out, l->edges[i]->from->name);
        buf_puts(out, " -> ");
        dot_quote(out, l->edges[i]->to->name);
        buf_printf(out, " [style=%s];\n", style_names[l->edges[i]->style]);
    }
    buf_puts(out, "}\n");
}

/* A JSON string of s; bytes that are not UTF-8 (a path can hold any) as '?'. */
static json_t *json_text(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t len = strlen(s);
    char *copy = xmalloc(len + 1);
    memcpy(copy, s, len + 1);
    for (char *p = copy; *p; p++)
        if ((unsigned char)*p >= 0x80)
            *p = '?';
    j = json_string(copy);
    free(copy);
    return j;
}

static json_t *json_vertex(const Vertex *v)
{
    json_t *j = json_object();
    json_object_set_new(j, "name", json_text(v->name));
    json_object_set_new(j, "kind", json_string(!v->is_gear ? "function" : v->defined ? "gear" : "declared"));
    if (v->defined) {
        json_object_set_new(j, "source", json_text(v->file));
        json_object_set_new(j, "line", json_integer(v->line));
    }
    return j;
}

static json_t *json_edge(const Edge *e)
{
    json_t *j = json_object();
    json_object_set_new(j, "from", json_text(e->from->name));
    if (e->to->label)
        json_object_set_new(j, "expression", json_text(e->to->label));
    else
        json_object_set_new(j, "to", json_text(e->to->name));
    json_object_set_new(j, "kind", json_string(e->kind));
    if (e->via)
        json_object_set_new(j, "via", json_text(e->via));
    json_object_set_new(j, "source", json_text(e->file));
    json_object_set_new(j, "line", json_integer(e->line));
    return j;
}

static void write_json(Buf *out, const Listing *l)
{
    json_t *gears = json_array(), *transitions = json_array();
    for (size_t i = 0; i < l->vertex_count; i++)
        if (!l->vertices[i]->label)
            json_array_append_new(gears, json_vertex(l->vertices[i]));
    for (size_t i = 0; i < l->edge_count; i++)
        json_array_append_new(transitions, json_edge(l->edges[i]));
    json_t *root = json_pack("{s:o, s:o}", "gears", gears, "transitions", transitions);
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!s)
        fatal_out_of_memory();
    buf_puts(out, s);
    buf_putc(out, '\n');
    free(s);
    json_decref(root);
}

/* ---- the command ---- */

bool is_graph_source_file(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return false;
    return strcmp(dot, ".cbc") == 0 || strcmp(dot, ".c") == 0 || strcmp(dot, ".h") == 0;
}

bool gears_source_graph(Buf *out, const SourceGraphOptions *o, Diag *d)
{
    resolve_local_kinds();
    SourceGraph g = { .diag = d, .work_budget = WORK_BUDGET_BASE };
    g.sites_tail = &g.sites;
    for (int i = 0; i < o->file_count; i++)
        walk_file(&g, o->files[i], o);
    if (!d->errors)
        resolve_sites(&g);
    bool filtered = o->root_count > 0;
    if (!d->errors && (!filtered || keep_reachable(&g, o))) {
        add_handoff_edges(&g, filtered);
        Listing l;
        make_listing(&g, filtered, &l);
        if (o->dot)
            write_dot(out, &l);
        else
            write_json(out, &l);
        free(l.vertices);
        free(l.edges);
    }
    free(g.defs);
    arena_release(&g.arena);
    return !d->errors;
}
