/* resolve.c - see resolve.h. */
#include "resolve.h"

#include <string.h>

/* Expressions nest without bound in hostile input; type resolution recurses
 * on the expression, so it gives up (no type) past this depth. */
enum { MAX_EXPRESSION_DEPTH = 256 };

static bool text_is(const Source *src, TSNode n, const char *word)
{
    size_t len;
    const char *t = node_text(src, n, &len);
    return len == strlen(word) && memcmp(t, word, len) == 0;
}

bool is_cbc_return(const Source *src, TSNode n)
{
    return strcmp(ts_node_type(n), "identifier") == 0
        && (text_is(src, n, "__return") || text_is(src, n, "_CbC_return"));
}

bool is_cbc_environment(const Source *src, TSNode n)
{
    return strcmp(ts_node_type(n), "identifier") == 0
        && (text_is(src, n, "__environment") || text_is(src, n, "_CbC_environment"));
}

static TSNode field(TSNode n, const char *name)
{
    return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
}

static Type *expr_type_at(const Resolver *r, TSNode e, int depth);

static Type *deref(const Resolver *r, Type *t)
{
    t = type_resolve(r->env, t);
    if (!t)
        return NULL;
    if (t->kind == TYPE_POINTER || t->kind == TYPE_ARRAY)
        return t->base;
    if (t->kind == TYPE_GEAR || t->kind == TYPE_FUNCTION)
        return t; /* *f is f for a function designator */
    return NULL;
}

static Type *member_type(const Resolver *r, TSNode e, int depth)
{
    Type *t = expr_type_at(r, field(e, "argument"), depth + 1);
    TSNode op = field(e, "operator");
    if (!ts_node_is_null(op) && text_is(r->src, op, "->"))
        t = deref(r, t);
    Record *rec = t ? type_record(r->env, t) : NULL;
    if (!rec)
        return NULL;
    size_t len;
    const char *name = node_text(r->src, field(e, "field"), &len);
    Field *f = record_field(r->env, rec, name, len);
    return f ? f->type : NULL;
}

static Type *call_result(const Resolver *r, TSNode e, int depth)
{
    Type *t = type_resolve(r->env, expr_type_at(r, field(e, "function"), depth + 1));
    if (t && t->kind == TYPE_POINTER)
        t = type_resolve(r->env, t->base);
    return t && t->kind == TYPE_FUNCTION ? t->base : NULL;
}

static Type *expr_type_at(const Resolver *r, TSNode e, int depth)
{
    if (ts_node_is_null(e) || depth > MAX_EXPRESSION_DEPTH)
        return NULL;
    const char *kind = ts_node_type(e);
    if (strcmp(kind, "identifier") == 0) {
        if (is_cbc_return(r->src, e))
            return r->return_gear;
        size_t len;
        const char *name = node_text(r->src, e, &len);
        Symbol *sym = scope_lookup(r->scope, name, len);
        return sym && sym->kind != SYM_TYPEDEF ? sym->type : NULL;
    }
    if (strcmp(kind, "parenthesized_expression") == 0)
        return ts_node_named_child_count(e) == 1
                   ? expr_type_at(r, ts_node_named_child(e, 0), depth + 1)
                   : NULL;
    if (strcmp(kind, "pointer_expression") == 0) {
        Type *t = expr_type_at(r, field(e, "argument"), depth + 1);
        if (!t)
            return NULL;
        if (text_is(r->src, field(e, "operator"), "&"))
            return type_pointer_to(r->env->arena, t);
        return deref(r, t);
    }
    if (strcmp(kind, "field_expression") == 0)
        return member_type(r, e, depth);
    if (strcmp(kind, "subscript_expression") == 0)
        return deref(r, expr_type_at(r, field(e, "argument"), depth + 1));
    if (strcmp(kind, "cast_expression") == 0) {
        TSNode td = field(e, "type");
        const char *name;
        return type_from_declarator(r->env, r->src, td, field(td, "declarator"), &name, NULL);
    }
    if (strcmp(kind, "call_expression") == 0)
        return call_result(r, e, depth);
    if (strcmp(kind, "conditional_expression") == 0)
        return expr_type_at(r, field(e, "consequence"), depth + 1);
    if (strcmp(kind, "comma_expression") == 0)
        return expr_type_at(r, field(e, "right"), depth + 1);
    if (strcmp(kind, "assignment_expression") == 0)
        return expr_type_at(r, field(e, "left"), depth + 1);
    return NULL;
}

Type *expr_type(const Resolver *r, TSNode e)
{
    return expr_type_at(r, e, 0);
}
