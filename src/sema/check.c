/* check.c - see check.h.
 *
 * Two walks, both with tree cursors and explicit stacks: the file scope of
 * the headers and of the file (conflicting declarations), then every node
 * of the file with its block scopes (conversions, and the gears it
 * reaches).  The walk declares block-scope names itself, as lowering does,
 * into scopes of its own.  While it types declarations and expressions the
 * TypeEnv reports to a muted Diag: what those report (a declarator too deep)
 * the declare pass and lowering report once already. */
#include "check.h"

#include "resolve.h"
#include "signature.h"

#include <stdlib.h>
#include <string.h>

/* Initialiser lists nest; past this depth their elements are not checked. */
enum { MAX_INITIALIZER_DEPTH = 32 };
/* Conditions of uses: at most this many per gear, and this long. */
enum { MAX_REACH_TERMS = 8, MAX_CONDITION_BYTES = 4096 };

typedef enum Conversion { CONV_INIT, CONV_ASSIGN, CONV_PASS, CONV_RETURN } Conversion;

typedef struct FunctionState {
    bool active;
    bool is_gear;
    Type *return_type;  /* C function: the declared result, NULL for void */
    Type *return_gear;  /* C function: the type of __return */
} FunctionState;

typedef struct Checker {
    TypeEnv *env;
    Diag *diag;         /* where the checks report */
    Source *src;
    Scope *scope;
    FunctionState fn;
    bool gears_mode;
    const char *cond;   /* the #if condition at the node: "" none, NULL unknown */
    bool in_directive;  /* inside an #if's condition or an #ifdef's name */
} Checker;

static Resolver resolver_of(const Checker *c)
{
    return (Resolver){ c->env, c->src, c->scope,
                       c->fn.active && !c->fn.is_gear ? c->fn.return_gear : NULL };
}

/* ---- conflicting declarations ---- */

typedef struct GearDecl {
    HashLink link;      /* first: in the table */
    const char *name;
    const Type *type;
    Source *src;
    uint32_t offset;
} GearDecl;

static void note_gear_declaration(Checker *c, HashTable *seen, const char *name, const Type *t,
                                  Source *src, uint32_t offset)
{
    size_t len = strlen(name);
    uint64_t h = hash_bytes(name, len);
    for (HashLink *e = hash_find(seen, h); e; e = hash_next(e, h)) {
        GearDecl *d = (GearDecl *)e;
        if (strcmp(d->name, name) != 0)
            continue;
        if (!gear_types_compatible(c->env, d->type, t)) {
            diag_error(c->diag, src, offset, "conflicting types for '%s'", name);
            diag_note(c->diag, d->src, d->offset, "previous declaration is here");
        } else if (d->type->unprototyped && !t->unprototyped) {
            /* the first declaration with a parameter list is the reference */
            d->type = t;
            d->src = src;
            d->offset = offset;
        }
        return;
    }
    GearDecl *d = arena_alloc(c->env->arena, sizeof *d);
    *d = (GearDecl){ { 0 }, name, t, src, offset };
    hash_insert(c->env->arena, seen, &d->link, h);
}

static void declared_gears_of(Checker *c, HashTable *seen, Source *src, TSNode n, bool main)
{
    NodeKind kind = node_kind(n);
    const char *name = NULL;
    uint32_t offset = 0;
    if (kind == KIND_function_definition) {
        Type *t = function_definition_type(c->env, src, n, &name, &offset);
        if (!name || t->kind != TYPE_GEAR)
            return;
        note_gear_declaration(c, seen, name, t, src, offset);
        Symbol *sym = main ? scope_lookup(c->env->file_scope, name, strlen(name)) : NULL;
        if (sym && sym->kind == SYM_GEAR)
            sym->definition = t;
        return;
    }
    if (kind != KIND_declaration || !node_is(node_field(n, FIELD_type), KIND_code_type))
        return;
    TSTreeCursor cur = ts_tree_cursor_new(n);
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        if (!cursor_in_field(&cur, FIELD_declarator))
            continue;
        Type *t = type_from_declarator(c->env, src, n, ts_tree_cursor_current_node(&cur), &name,
                                       &offset);
        if (name && t->kind == TYPE_GEAR)
            note_gear_declaration(c, seen, name, t, src, offset);
    }
    ts_tree_cursor_delete(&cur);
}

static void check_declarations_of(Checker *c, HashTable *seen, Unit *u, bool main)
{
    if (!u->tree)
        return;
    TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(u->tree));
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        NodeKind kind = node_kind(n);
        bool descend = kind == KIND_translation_unit || kind_is_preproc_block(kind)
                    || kind == KIND_linkage_specification || kind == KIND_declaration_list;
        if (!descend)
            declared_gears_of(c, seen, u->src, n, main);
        if (!tree_cursor_next(&cur, descend))
            break;
    }
    ts_tree_cursor_delete(&cur);
}

/* Headers in the order they were found (the list is newest first), then
 * the file: the order declare_file_scope declared them in. */
static void check_conflicting_declarations(Checker *c, Unit *main_unit, Unit *headers)
{
    HashTable seen = { 0 };
    size_t n = 0;
    for (Unit *u = headers; u; u = u->next)
        n++;
    Unit **order = xmalloc((n + 1) * sizeof *order);
    size_t i = n;
    for (Unit *u = headers; u; u = u->next)
        order[--i] = u;
    for (i = 0; i < n; i++)
        check_declarations_of(c, &seen, order[i], false);
    free(order);
    check_declarations_of(c, &seen, main_unit, true);
}

/* ---- conversions to gear pointers ---- */

static TSNode strip_parens(TSNode e)
{
    for (int i = 0; i < 256 && node_is(e, KIND_parenthesized_expression)
                    && ts_node_named_child_count(e) == 1;
         i++)
        e = ts_node_named_child(e, 0);
    return e;
}

/* 0, or (void *)0 (what NULL expands to). */
static bool null_pointer_constant(Checker *c, TSNode e)
{
    e = strip_parens(e);
    if (node_is(e, KIND_number_literal)) {
        size_t len;
        const char *t = node_text(c->src, e, &len);
        return len == 1 && t[0] == '0';
    }
    if (!node_is(e, KIND_cast_expression))
        return false;
    TSNode td = node_field(e, FIELD_type);
    const char *name;
    Type *t = type_resolve(c->env, type_from_declarator(c->env, c->src, td,
                                                        node_field(td, FIELD_declarator), &name,
                                                        NULL));
    Type *base = t && t->kind == TYPE_POINTER ? type_resolve(c->env, t->base) : NULL;
    return base && base->kind == TYPE_VOID && null_pointer_constant(c, node_field(e, FIELD_value));
}

static const char *spelled(Checker *c, Type *t)
{
    if (t->kind == TYPE_GEAR || t->kind == TYPE_FUNCTION) /* a designator: its address */
        t = type_pointer_to(c->env->arena, t);
    return type_to_cbc(c->env->arena, t);
}

static void report_conversion(Checker *c, Conversion how, TSNode at, const char *what,
                              Type *target, Type *source)
{
    const char *to = type_to_cbc(c->env->arena, target), *from = spelled(c, source);
    uint32_t offset = ts_node_start_byte(at);
    switch (how) {
    case CONV_INIT:
        diag_error(c->diag, c->src, offset,
                   "incompatible %s types initializing '%s' with an expression of type '%s'", what,
                   to, from);
        break;
    case CONV_ASSIGN:
        diag_error(c->diag, c->src, offset, "incompatible %s types assigning to '%s' from '%s'",
                   what, to, from);
        break;
    case CONV_PASS:
        diag_error(c->diag, c->src, offset,
                   "incompatible %s types passing '%s' to parameter of type '%s'", what, from, to);
        break;
    case CONV_RETURN:
        diag_error(c->diag, c->src, offset,
                   "incompatible %s types returning '%s' from a function with result type '%s'",
                   what, from, to);
        break;
    }
}

static void check_initializer_list(Checker *c, Type *target, TSNode list, int depth);

/* Can an expression of this kind have a pointer type?  (A literal, an
 * arithmetic or logical expression cannot: no type to compute.) */
static bool may_be_pointer(TSNode e)
{
    switch (node_kind(e)) {
    case KIND_identifier:
    case KIND_field_expression:
    case KIND_subscript_expression:
    case KIND_pointer_expression:
    case KIND_parenthesized_expression:
    case KIND_cast_expression:
    case KIND_call_expression:
    case KIND_conditional_expression:
    case KIND_comma_expression:
    case KIND_assignment_expression:
    case KIND_initializer_list:
        return true;
    default:
        return false;
    }
}

/* value converted implicitly to target (a declared type). */
static void check_conversion(Checker *c, Type *target, TSNode value, Conversion how, int depth)
{
    if (!target || ts_node_is_null(value))
        return;
    if (node_is(value, KIND_initializer_list)) {
        check_initializer_list(c, target, value, depth + 1);
        return;
    }
    Type *tg = gear_type_of(c->env, target);
    if (!tg || null_pointer_constant(c, value))
        return;
    Resolver r = resolver_of(c);
    Type *s = expr_type(&r, strip_parens(value));
    Type *sr = s ? type_resolve(c->env, s) : NULL;
    if (!sr)
        return; /* a type gearsc cannot tell: nothing to compare */
    Type *sg = NULL;
    if (sr->kind == TYPE_GEAR) {
        sg = sr;
    } else if (sr->kind == TYPE_POINTER) {
        Type *b = type_resolve(c->env, sr->base);
        if (!b)
            return;
        if (b->kind == TYPE_GEAR)
            sg = b;
        else if (b->kind == TYPE_FUNCTION)
            report_conversion(c, how, value, "function pointer", target, s);
        else
            report_conversion(c, how, value, "pointer", target, s);
    } else if (sr->kind == TYPE_FUNCTION) {
        report_conversion(c, how, value, "function pointer", target, s);
    }
    if (sg && !gear_types_compatible(c->env, tg, sg))
        report_conversion(c, how, value, "gear pointer", target, s);
}

/* The type of the member or element a designator chain names in t. */
static Type *designated_type(Checker *c, Type *t, TSNode pair, int *field_index)
{
    TSTreeCursor cur = ts_tree_cursor_new(pair);
    bool first = true;
    *field_index = -1;
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more && t;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        if (!cursor_in_field(&cur, FIELD_designator))
            continue;
        TSNode d = ts_tree_cursor_current_node(&cur);
        Type *rt = type_resolve(c->env, t);
        if (node_is(d, KIND_subscript_designator)) {
            t = rt && rt->kind == TYPE_ARRAY ? rt->base : NULL;
        } else if (node_is(d, KIND_field_designator) && ts_node_named_child_count(d) == 1) {
            Record *rec = type_record(c->env, t);
            size_t len;
            const char *name = node_text(c->src, ts_node_named_child(d, 0), &len);
            Field *f = rec ? record_field(c->env, rec, name, len) : NULL;
            if (first && f && f >= rec->fields && f < rec->fields + rec->field_count)
                *field_index = (int)(f - rec->fields);
            t = f ? f->type : NULL;
        } else {
            t = NULL;
        }
        first = false;
    }
    ts_tree_cursor_delete(&cur);
    return t;
}

static bool is_aggregate(Checker *c, Type *t)
{
    t = type_resolve(c->env, t);
    return t && (t->kind == TYPE_ARRAY || t->kind == TYPE_RECORD);
}

/* `{ a, [2] = b, .read = g }` for an array, struct or union target.  Where
 * braces are elided (`{ 1, 2 }` for an array of structs) the positions are
 * no longer followed. */
/* One element e of an initialiser list for t (rec when t is a struct or
 * union); false when the positions of the rest are lost for an array. */
static bool check_element(Checker *c, Type *t, Record *rec, int *position, TSNode e, int depth)
{
    Type *et;
    TSNode value = e;
    if (node_is(e, KIND_initializer_pair)) {
        int field_index;
        et = designated_type(c, t, e, &field_index);
        value = node_field(e, FIELD_value);
        *position = rec ? (field_index >= 0 ? field_index + 1 : -1) : 0;
    } else if (!rec) {
        et = t->base;
    } else if (*position >= 0 && *position < rec->field_count && rec->fields[*position].name) {
        et = rec->fields[(*position)++].type;
    } else {
        *position = -1;
        return true;
    }
    if (is_aggregate(c, et) && !node_is(value, KIND_initializer_list)) {
        *position = -1; /* braces elided */
        return rec != NULL;
    }
    if (may_be_pointer(value))
        check_conversion(c, et, value, CONV_INIT, depth);
    return true;
}

/* `{ a, [2] = b, .read = g }` for an array, struct or union target, also
 * with elements in #if branches.  Where braces are elided (`{ 1, 2 }` for
 * an array of structs) the positions are no longer followed. */
static void check_initializer_list(Checker *c, Type *target, TSNode list, int depth)
{
    Type *t = type_resolve(c->env, target);
    if (!t || depth > MAX_INITIALIZER_DEPTH)
        return;
    Record *rec = t->kind == TYPE_RECORD ? type_record(c->env, t) : NULL;
    if (t->kind != TYPE_ARRAY && !rec)
        return;
    int position = 0; /* the next member a plain element initialises; -1: lost */
    int nested = 0;   /* #if blocks the cursor is inside */
    TSTreeCursor cur = ts_tree_cursor_new(list);
    bool more = ts_tree_cursor_goto_first_child(&cur);
    for (;;) {
        if (!more) {
            if (nested == 0 || !ts_tree_cursor_goto_parent(&cur))
                break;
            nested--;
            more = ts_tree_cursor_goto_next_sibling(&cur);
            continue;
        }
        TSNode e = ts_tree_cursor_current_node(&cur);
        if (kind_is_preproc_block(node_kind(e)) && nested < MAX_INITIALIZER_DEPTH
            && ts_tree_cursor_goto_first_child(&cur)) {
            nested++;
            if (rec)
                position = -1; /* which branch the compiler keeps decides the positions */
            continue;
        }
        if (ts_node_is_named(e) && !node_is(e, KIND_comment)
            && !cursor_in_field(&cur, FIELD_condition) && !cursor_in_field(&cur, FIELD_name)
            && !cursor_in_field(&cur, FIELD_alternative)
            && !check_element(c, t, rec, &position, e, depth))
            break;
        more = ts_tree_cursor_goto_next_sibling(&cur);
    }
    ts_tree_cursor_delete(&cur);
}

static void check_declaration(Checker *c, TSNode n)
{
    TSTreeCursor cur = ts_tree_cursor_new(n);
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        if (!cursor_in_field(&cur, FIELD_declarator))
            continue;
        TSNode d = ts_tree_cursor_current_node(&cur);
        TSNode value = node_is(d, KIND_init_declarator) ? node_field(d, FIELD_value) : (TSNode){ 0 };
        if (ts_node_is_null(value) || !may_be_pointer(value))
            continue;
        const char *name = NULL;
        uint32_t offset = 0;
        Type *t = type_from_declarator(c->env, c->src, n, d, &name, &offset);
        check_conversion(c, t, value, CONV_INIT, 0);
    }
    ts_tree_cursor_delete(&cur);
}

static void check_arguments(Checker *c, const Type *fn, TSNode args)
{
    if (fn->unprototyped || ts_node_is_null(args))
        return;
    int i = 0;
    TSTreeCursor cur = ts_tree_cursor_new(args);
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more && i < fn->param_count;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode a = ts_tree_cursor_current_node(&cur);
        if (!ts_node_is_named(a) || node_is(a, KIND_comment))
            continue;
        Type *param = fn->params[i++].type;
        if (may_be_pointer(a))
            check_conversion(c, param, a, CONV_PASS, 0);
    }
    ts_tree_cursor_delete(&cur);
}

/* The function or gear type a call or goto reaches through callee. */
static Type *callee_type(Checker *c, TSNode callee)
{
    Resolver r = resolver_of(c);
    Type *t = type_resolve(c->env, expr_type(&r, callee));
    if (t && t->kind == TYPE_POINTER)
        t = type_resolve(c->env, t->base);
    return t && (t->kind == TYPE_FUNCTION || t->kind == TYPE_GEAR) ? t : NULL;
}

static bool text_is(Checker *c, TSNode n, const char *s)
{
    size_t len;
    const char *t = node_text(c->src, n, &len);
    return len == strlen(s) && memcmp(t, s, len) == 0;
}

/* ---- the walk ---- */

static Type *return_gear_of(Checker *c, Type *ret)
{
    Arena *a = c->env->arena;
    Type *g = type_new(a, TYPE_GEAR);
    g->params = arena_alloc(a, 2 * sizeof *g->params);
    Type *vp = type_new(a, TYPE_VOID);
    vp->spec = "void";
    int k = 0;
    if (ret)
        g->params[k++] = (Param){ "value", ret, 0 };
    g->params[k++] = (Param){ "env", type_pointer_to(a, vp), 0 };
    g->param_count = k;
    return g;
}

static void enter_function(Checker *c, TSNode def)
{
    const char *name;
    uint32_t offset;
    Type *t = function_definition_type(c->env, c->src, def, &name, &offset);
    memset(&c->fn, 0, sizeof c->fn);
    c->fn.active = true;
    c->fn.is_gear = t->kind == TYPE_GEAR;
    if (t->kind == TYPE_FUNCTION) {
        Type *ret = type_resolve(c->env, t->base);
        c->fn.return_type = ret && ret->kind == TYPE_VOID ? NULL : t->base;
        c->fn.return_gear = return_gear_of(c, c->fn.return_type);
    }
    c->scope = scope_new(c->env->arena, c->scope);
    if (t->kind == TYPE_GEAR || t->kind == TYPE_FUNCTION)
        for (int i = 0; i < t->param_count; i++)
            if (t->params[i].name)
                scope_declare(c->env->arena, c->scope, t->params[i].name, SYM_VARIABLE,
                              t->params[i].type, c->src, t->params[i].offset);
}

/* An identifier that names a file-scope gear in an expression: the file
 * reaches that gear, under the #if conditions around the identifier
 * (gearsc does not evaluate them: the C compiler does, where the reference
 * is emitted).  Past MAX_REACH_TERMS different conditions a use is not
 * recorded: the check may miss a stale declaration there, never fail a
 * good program. */
static void note_reached(Checker *c, TSNode n)
{
    if (c->in_directive || !c->cond)
        return;
    size_t len;
    const char *name = node_text(c->src, n, &len);
    Symbol *s = scope_lookup(c->scope, name, len);
    if (!s || s->kind != SYM_GEAR || (s->reached_if && !*s->reached_if)
        || s != scope_lookup(c->env->file_scope, name, len))
        return;
    if (!*c->cond) {
        s->reached_if = "";
        return;
    }
    if (s->reached_if && s->reach_terms >= MAX_REACH_TERMS)
        return;
    Buf b = { 0 };
    buf_printf(&b, "(%s)", c->cond);
    if (s->reached_if && strstr(s->reached_if, b.data)) {
        buf_free(&b);
        return;
    }
    if (s->reached_if) {
        Buf all = { 0 };
        buf_printf(&all, "%s || %s", s->reached_if, b.data);
        buf_free(&b);
        b = all;
    }
    s->reached_if = arena_strndup(c->env->arena, b.data, b.len);
    s->reach_terms++;
    buf_free(&b);
}

/* ---- preprocessor conditions ---- */

/* "(a) && (b)"; NULL (unknown) if either is, or past a length. */
static const char *cond_and(Checker *c, const char *a, const char *b)
{
    if (!a || !b)
        return NULL;
    if (!*a)
        return b;
    if (!*b)
        return a;
    if (strlen(a) + strlen(b) > MAX_CONDITION_BYTES)
        return NULL;
    Buf x = { 0 };
    buf_printf(&x, "%s && %s", a, b);
    const char *s = arena_strndup(c->env->arena, x.data, x.len);
    buf_free(&x);
    return s;
}

static const char *cond_not(Checker *c, const char *a)
{
    if (!a)
        return NULL;
    Buf x = { 0 };
    buf_printf(&x, "!%s", *a ? a : "(1)");
    const char *s = arena_strndup(c->env->arena, x.data, x.len);
    buf_free(&x);
    return s;
}

static bool is_conditional(NodeKind k)
{
    return k == KIND_preproc_if || k == KIND_preproc_ifdef || k == KIND_preproc_elif
        || k == KIND_preproc_elifdef;
}

/* The condition an #if, #ifdef, #elif or #elifdef itself states,
 * parenthesised; NULL where it holds a comment (a `//` would swallow what
 * follows it on the line it is copied to). */
static const char *own_condition(Checker *c, TSNode n, NodeKind kind)
{
    Buf x = { 0 };
    size_t len;
    if (kind == KIND_preproc_if || kind == KIND_preproc_elif) {
        TSNode cond = node_field(n, FIELD_condition);
        if (ts_node_is_null(cond))
            return NULL;
        const char *t = node_text(c->src, cond, &len);
        buf_putc(&x, '(');
        buf_append(&x, t, len);
        buf_putc(&x, ')');
    } else {
        TSNode name = node_field(n, FIELD_name);
        if (ts_node_is_null(name) || ts_node_child_count(n) == 0)
            return NULL;
        size_t dl;
        const char *d = node_text(c->src, ts_node_child(n, 0), &dl);
        bool negated = dl >= 4 && memcmp(d + dl - 4, "ndef", 4) == 0;
        const char *t = node_text(c->src, name, &len);
        buf_printf(&x, "(%sdefined(%.*s))", negated ? "!" : "", (int)len, t);
    }
    const char *s = NULL;
    if (!memchr(x.data, '/', x.len) || (!strstr(x.data, "//") && !strstr(x.data, "/*")))
        s = arena_strndup(c->env->arena, x.data, x.len);
    buf_free(&x);
    return s;
}

static void enter(Checker *c, TSNode n, NodeKind kind, const TSTreeCursor *cur)
{
    switch (kind) {
    case KIND_function_definition:
        if (!c->fn.active) /* (GNU nested functions are not modelled) */
            enter_function(c, n);
        break;
    case KIND_compound_statement:
    case KIND_for_statement:
        c->scope = scope_new(c->env->arena, c->scope);
        break;
    case KIND_declaration:
        if (c->fn.active)
            declare_node(c->env, c->scope, c->src, n);
        check_declaration(c, n);
        break;
    case KIND_type_definition:
    case KIND_struct_specifier:
    case KIND_union_specifier:
        if (c->fn.active)
            declare_node(c->env, c->scope, c->src, n);
        break;
    case KIND_assignment_expression: {
        TSNode op = node_field(n, FIELD_operator);
        if (!ts_node_is_null(op) && text_is(c, op, "=")
            && may_be_pointer(node_field(n, FIELD_right))) {
            Resolver r = resolver_of(c);
            check_conversion(c, expr_type(&r, node_field(n, FIELD_left)),
                             node_field(n, FIELD_right), CONV_ASSIGN, 0);
        }
        break;
    }
    case KIND_call_expression:
        if (c->fn.active) {
            Type *fn = callee_type(c, node_field(n, FIELD_function));
            if (fn)
                check_arguments(c, fn, node_field(n, FIELD_arguments));
        }
        break;
    case KIND_gear_goto_statement:
        if (c->fn.active && !c->gears_mode) {
            Type *fn = callee_type(c, node_field(n, FIELD_function));
            if (fn)
                check_arguments(c, fn, node_field(n, FIELD_arguments));
        }
        break;
    case KIND_return_statement:
        if (c->fn.active && c->fn.return_type && ts_node_named_child_count(n) > 0)
            check_conversion(c, c->fn.return_type, ts_node_named_child(n, 0), CONV_RETURN, 0);
        break;
    case KIND_identifier:
        if (!cursor_in_field(cur, FIELD_declarator))
            note_reached(c, n);
        break;
    default:
        break;
    }
}

typedef struct CheckFrame {
    Scope *scope_before;
    bool ends_function;
    FunctionState fn_before;
    NodeKind kind;
    const char *cond;       /* the condition inside this node */
    const char *outer;      /* conditionals: the condition around them */
    const char *own;        /* conditionals: the condition they state */
    bool in_directive;
} CheckFrame;

/* The frame of node n (kind), entered from parent (NULL at the root). */
static void enter_frame(Checker *c, CheckFrame *f, const CheckFrame *parent, TSNode n,
                        NodeKind kind, const TSTreeCursor *cur)
{
    const char *base = parent ? parent->cond : "";
    f->in_directive = parent && parent->in_directive;
    if (parent && is_conditional(parent->kind)) {
        if (cursor_in_field(cur, FIELD_alternative))
            base = cond_and(c, parent->outer, cond_not(c, parent->own));
        else if (cursor_in_field(cur, FIELD_condition) || cursor_in_field(cur, FIELD_name))
            f->in_directive = true;
    }
    f->kind = kind;
    f->outer = base;
    f->own = is_conditional(kind) ? own_condition(c, n, kind) : "";
    f->cond = cond_and(c, base, f->own);
    f->scope_before = c->scope;
    f->ends_function = kind == KIND_function_definition && !c->fn.active;
    f->fn_before = c->fn;
    c->cond = f->cond;
    c->in_directive = f->in_directive;
}

static void check_body(Checker *c, TSNode root)
{
    CheckFrame *stack = NULL;
    size_t depth = 0, cap = 0;
    TSTreeCursor cur = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        NodeKind kind = node_kind(n);
        if (depth == cap)
            stack = xrealloc(stack, (cap = cap ? cap * 2 : 256) * sizeof *stack);
        CheckFrame *f = &stack[depth++];
        enter_frame(c, f, depth > 1 ? &stack[depth - 2] : NULL, n, kind, &cur);
        enter(c, n, kind, &cur);
        if (ts_tree_cursor_goto_first_child(&cur))
            continue;
        for (;;) {
            CheckFrame *left = &stack[--depth];
            c->scope = left->scope_before;
            if (left->ends_function)
                c->fn = left->fn_before;
            if (ts_tree_cursor_goto_next_sibling(&cur))
                break;
            if (depth == 0 || !ts_tree_cursor_goto_parent(&cur))
                goto done;
        }
    }
done:
    ts_tree_cursor_delete(&cur);
    free(stack);
}

void check_file(TypeEnv *env, Unit *main_unit, Unit *headers, bool gears_mode)
{
    if (!main_unit->tree)
        return;
    Checker c = { env, env->diag, main_unit->src, env->file_scope, { 0 }, gears_mode, "", false };
    /* What typing reports here, the declare pass and lowering report. */
    Diag muted = { .out = stderr, .errors = DIAG_MAX_ERRORS + 1 };
    env->diag = &muted;
    check_conflicting_declarations(&c, main_unit, headers);
    check_body(&c, ts_tree_root_node(main_unit->tree));
    env->diag = c.diag;
}
