/* unprototyped.c - arguments to gears whose parameters are unspecified.
 *
 * `__code (*k)()` and `__code k()` (C before C23: parameters unspecified;
 * old CbC code needs it for a continuation that takes itself) accept any
 * arguments.  As in a call through an unprototyped function pointer in C,
 * each argument travels by its own type after the default argument
 * promotions, and the gear reached reads it by its own parameter type: the
 * slot rules are the same, so matching types meet.  This file works out the
 * promoted type of each argument expression, which is all the slot
 * assignment needs. */
#include "lowering.h"

#include <string.h>

static Type *basic_type(Lowering *L, TypeKind kind, const char *spec)
{
    Type *t = arena_alloc(L->arena, sizeof *t);
    t->kind = kind;
    t->spec = spec;
    t->quals = "";
    return t;
}

/* The default argument promotions of C: small integers to int, float to
 * double, arrays and functions to pointers. */
static Type *promoted(Lowering *L, Type *t)
{
    Type *r = t ? type_resolve(L->env, t) : NULL;
    if (!r)
        return t;
    if (r->kind == TYPE_INTEGER && r->spec
        && (strstr(r->spec, "char") || strstr(r->spec, "short") || strstr(r->spec, "_Bool")
            || strcmp(r->spec, "bool") == 0))
        return basic_type(L, TYPE_INTEGER, "int");
    if (r->kind == TYPE_FLOATING && r->spec && strcmp(r->spec, "float") == 0)
        return basic_type(L, TYPE_FLOATING, "double");
    if (r->kind == TYPE_ARRAY || r->kind == TYPE_FUNCTION || r->kind == TYPE_GEAR) {
        Type *p = basic_type(L, TYPE_POINTER, NULL);
        p->base = r->kind == TYPE_ARRAY ? r->base : r;
        return p;
    }
    return t;
}

/* The usual arithmetic conversions, as far as the slot and the spill size
 * of the result go. */
static Type *usual_conversions(Lowering *L, Type *a, Type *b)
{
    Type *x = a ? type_resolve(L->env, a) : NULL, *y = b ? type_resolve(L->env, b) : NULL;
    if (!x || !y)
        return NULL;
    if (x->kind == TYPE_POINTER || y->kind == TYPE_POINTER)
        return x->kind == TYPE_POINTER ? a : b;
    if (x->kind == TYPE_OTHER || y->kind == TYPE_OTHER)
        return x->kind == TYPE_OTHER ? a : b;
    if (x->kind == TYPE_FLOATING || y->kind == TYPE_FLOATING)
        return basic_type(L, TYPE_FLOATING, "double");
    if (x->kind != TYPE_INTEGER || y->kind != TYPE_INTEGER)
        return NULL;
    bool lx = x->spec && strstr(x->spec, "long"), ly = y->spec && strstr(y->spec, "long");
    bool ux = x->spec && strstr(x->spec, "unsigned"), uy = y->spec && strstr(y->spec, "unsigned");
    if (lx || ly)
        return basic_type(L, TYPE_INTEGER, (lx && ux) || (ly && uy) ? "unsigned long" : "long");
    return basic_type(L, TYPE_INTEGER, ux || uy ? "unsigned int" : "int");
}

/* The type of a literal (number, character, string); NULL for any other node. */
static Type *literal_type(Lowering *L, TSNode a, const char *kind)
{
    size_t len;
    const char *text = node_text(L->src, a, &len);
    if (strcmp(kind, "number_literal") == 0) {
        bool hex = len > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
        bool floating = false, is_long = false, is_unsigned = false;
        for (size_t i = 0; i < len; i++) {
            char c = text[i];
            if (c == '.' || (hex ? c == 'p' || c == 'P' : c == 'e' || c == 'E'))
                floating = true;
            if (c == 'l' || c == 'L')
                is_long = true;
            if (c == 'u' || c == 'U')
                is_unsigned = true;
        }
        if (floating)
            return basic_type(L, TYPE_FLOATING, "double");
        if (is_long || len > 9)
            return basic_type(L, TYPE_INTEGER, is_unsigned ? "unsigned long" : "long");
        return basic_type(L, TYPE_INTEGER, is_unsigned ? "unsigned int" : "int");
    }
    if (strcmp(kind, "char_literal") == 0)
        return basic_type(L, TYPE_INTEGER, "int");
    if (strcmp(kind, "string_literal") == 0 || strcmp(kind, "concatenated_string") == 0) {
        Type *p = basic_type(L, TYPE_POINTER, NULL);
        p->base = basic_type(L, TYPE_INTEGER, "char");
        return p;
    }
    return NULL;
}

/* The type of an argument passed to a gear whose parameters are
 * unspecified, after the default argument promotions; NULL if gearsc
 * cannot tell. */
static Type *argument_type(Lowering *L, TSNode a)
{
    Resolver r = resolver(L);
    Type *t = expr_type(&r, a);
    if (t)
        return promoted(L, t);
    CbcIdentifier special = cbc_identifier(L->src, a);
    if (special == CBC_RETURN && r.return_gear)
        return promoted(L, r.return_gear);
    if (special == CBC_ENVIRONMENT) {
        Type *p = basic_type(L, TYPE_POINTER, NULL);
        p->base = basic_type(L, TYPE_VOID, "void");
        return p;
    }
    const char *kind = ts_node_type(a);
    Type *lit = literal_type(L, a, kind);
    if (lit)
        return lit;
    if (strcmp(kind, "sizeof_expression") == 0 || strcmp(kind, "alignof_expression") == 0)
        return basic_type(L, TYPE_INTEGER, "unsigned long");
    if (strcmp(kind, "parenthesized_expression") == 0 && ts_node_named_child_count(a) == 1)
        return argument_type(L, ts_node_named_child(a, 0));
    TSNode op = ts_node_child_by_field_name(a, "operator", 8);
    size_t oplen = 0;
    const char *optext = ts_node_is_null(op) ? "" : node_text(L->src, op, &oplen);
    if (strcmp(kind, "unary_expression") == 0) {
        if (oplen == 1 && optext[0] == '!')
            return basic_type(L, TYPE_INTEGER, "int");
        return promoted(L, argument_type(L, ts_node_child_by_field_name(a, "argument", 8)));
    }
    if (strcmp(kind, "binary_expression") == 0) {
        static const char *const to_int[] = { "==", "!=", "<", ">", "<=", ">=", "&&", "||", NULL };
        for (const char *const *o = to_int; *o; o++)
            if (strlen(*o) == oplen && memcmp(*o, optext, oplen) == 0)
                return basic_type(L, TYPE_INTEGER, "int");
        TSNode left = ts_node_child_by_field_name(a, "left", 4);
        if (oplen == 2 && (optext[0] == '<' || optext[0] == '>'))
            return promoted(L, argument_type(L, left));
        return usual_conversions(L, argument_type(L, left),
                                 argument_type(L, ts_node_child_by_field_name(a, "right", 5)));
    }
    if (strcmp(kind, "conditional_expression") == 0)
        return usual_conversions(L, argument_type(L, ts_node_child_by_field_name(a, "consequence", 11)),
                                 argument_type(L, ts_node_child_by_field_name(a, "alternative", 11)));
    return NULL;
}

/* For a gear whose parameters are unspecified, the signature the arguments
 * give it: each by its own type after the default argument promotions.  The
 * gear reached reads them by its own parameter types, in the same slots
 * when the types match (as a call through an unprototyped pointer in C). */
Type *signature_from_arguments(Lowering *L, TSNode callee, TSNode args, Type *sig)
{
    uint32_t n = ts_node_named_child_count(args);
    Type *s = arena_alloc(L->arena, sizeof *s);
    *s = *sig;
    s->unprototyped = false;
    s->params = arena_alloc(L->arena, (n + 1) * sizeof *s->params);
    s->param_count = 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (node_is(a, KIND_comment) || node_is(a, KIND_variadic_argument))
            continue;
        Type *t = argument_type(L, a);
        if (!t) {
            diag_error(L->diag, L->src, ts_node_start_byte(a),
                       "gearsc cannot tell the type of this argument, and '%s' has unspecified "
                       "parameters (__code (*k)()): cast the argument, or declare the parameters",
                       node_str(L, callee));
            return NULL;
        }
        s->params[s->param_count++] = (Param){ NULL, t, ts_node_start_byte(a) };
    }
    return s;
}

