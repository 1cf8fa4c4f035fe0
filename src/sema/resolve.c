/* resolve.c - see resolve.h. */
#include "resolve.h"

#include <string.h>

/* Expressions nest without bound in hostile input; type resolution recurses
 * on the expression, so it gives up (no type) past this depth. */
enum { MAX_EXPRESSION_DEPTH = 256 };

static bool same_text(const char *t, size_t len, const char *word)
{
    return len == strlen(word) && memcmp(t, word, len) == 0;
}

static bool text_is(const Source *src, TSNode n, const char *word)
{
    size_t len;
    const char *t = node_text(src, n, &len);
    return same_text(t, len, word);
}

/* Lowering asks this of every identifier, so the common answer is quick:
 * every special identifier starts with '_' and has at least 8 bytes. */
CbcIdentifier cbc_identifier(const Source *src, TSNode n)
{
    if (!node_is(n, KIND_identifier))
        return CBC_NOT_SPECIAL;
    size_t len;
    const char *t = node_text(src, n, &len);
    if (len < 8 || t[0] != '_')
        return CBC_NOT_SPECIAL;
    if (same_text(t, len, "__return") || same_text(t, len, "_CbC_return"))
        return CBC_RETURN;
    if (same_text(t, len, "__environment") || same_text(t, len, "_CbC_environment"))
        return CBC_ENVIRONMENT;
    return CBC_NOT_SPECIAL;
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
    Type *t = expr_type_at(r, node_field(e, FIELD_argument), depth + 1);
    TSNode op = node_field(e, FIELD_operator);
    if (!ts_node_is_null(op) && text_is(r->src, op, "->"))
        t = deref(r, t);
    Record *rec = t ? type_record(r->env, t) : NULL;
    if (!rec)
        return NULL;
    size_t len;
    const char *name = node_text(r->src, node_field(e, FIELD_field), &len);
    Field *f = record_field(r->env, rec, name, len);
    return f ? f->type : NULL;
}

static Type *call_result(const Resolver *r, TSNode e, int depth)
{
    Type *t = type_resolve(r->env, expr_type_at(r, node_field(e, FIELD_function), depth + 1));
    if (t && t->kind == TYPE_POINTER)
        t = type_resolve(r->env, t->base);
    return t && t->kind == TYPE_FUNCTION ? t->base : NULL;
}

static Type *expr_type_at(const Resolver *r, TSNode e, int depth)
{
    if (ts_node_is_null(e) || depth > MAX_EXPRESSION_DEPTH)
        return NULL;
    switch (node_kind(e)) {
    case KIND_identifier: {
        if (is_cbc_return(r->src, e))
            return r->return_gear;
        size_t len;
        const char *name = node_text(r->src, e, &len);
        Symbol *sym = scope_lookup(r->scope, name, len);
        return sym && sym->kind != SYM_TYPEDEF ? sym->type : NULL;
    }
    case KIND_parenthesized_expression:
        return ts_node_named_child_count(e) == 1
                   ? expr_type_at(r, ts_node_named_child(e, 0), depth + 1)
                   : NULL;
    case KIND_pointer_expression: {
        Type *t = expr_type_at(r, node_field(e, FIELD_argument), depth + 1);
        if (!t)
            return NULL;
        if (text_is(r->src, node_field(e, FIELD_operator), "&"))
            return type_pointer_to(r->env->arena, t);
        return deref(r, t);
    }
    case KIND_field_expression:
        return member_type(r, e, depth);
    case KIND_subscript_expression:
        return deref(r, expr_type_at(r, node_field(e, FIELD_argument), depth + 1));
    case KIND_cast_expression: {
        TSNode td = node_field(e, FIELD_type);
        const char *name;
        return type_from_declarator(r->env, r->src, td, node_field(td, FIELD_declarator), &name, NULL);
    }
    case KIND_call_expression:
        return call_result(r, e, depth);
    case KIND_conditional_expression:
        return expr_type_at(r, node_field(e, FIELD_consequence), depth + 1);
    case KIND_comma_expression:
        return expr_type_at(r, node_field(e, FIELD_right), depth + 1);
    case KIND_assignment_expression:
        return expr_type_at(r, node_field(e, FIELD_left), depth + 1);
    default:
        return NULL;
    }
}

Type *expr_type(const Resolver *r, TSNode e)
{
    return expr_type_at(r, e, 0);
}

bool expr_too_deep(TSNode e)
{
    /* the path expr_type_at follows, without the types */
    for (int depth = 0; !ts_node_is_null(e); depth++) {
        if (depth > MAX_EXPRESSION_DEPTH)
            return true;
        switch (node_kind(e)) {
        case KIND_parenthesized_expression:
            e = ts_node_named_child_count(e) == 1 ? ts_node_named_child(e, 0) : (TSNode){ 0 };
            break;
        case KIND_pointer_expression:
        case KIND_field_expression:
        case KIND_subscript_expression:
            e = node_field(e, FIELD_argument);
            break;
        case KIND_call_expression:
            e = node_field(e, FIELD_function);
            break;
        case KIND_conditional_expression:
            e = node_field(e, FIELD_consequence);
            break;
        case KIND_comma_expression:
            e = node_field(e, FIELD_right);
            break;
        case KIND_assignment_expression:
            e = node_field(e, FIELD_left);
            break;
        default:
            return false;
        }
    }
    return false;
}
