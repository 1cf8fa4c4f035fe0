/* types.c - building types from tree-sitter declarators, scopes, printing.
 * See types.h for what a type is here and why it is shallow. */
#include "types.h"

#include <string.h>

/* Declarators nest; a hostile input can nest them deeply, and the parameter
 * lists inside them recurse.  Past this depth gearsc stops with an error. */
enum { MAX_DECLARATOR_DEPTH = 256, MAX_TYPEDEF_CHAIN = 64 };

Type *type_new(Arena *arena, TypeKind kind)
{
    Type *t = arena_alloc(arena, sizeof *t);
    t->kind = kind;
    t->quals = "";
    t->spec = "";
    t->array_size = "";
    return t;
}

Type *type_pointer_to(Arena *arena, Type *base)
{
    Type *t = type_new(arena, TYPE_POINTER);
    t->base = base;
    return t;
}

void type_env_init(TypeEnv *env, Arena *arena, Diag *diag)
{
    memset(env, 0, sizeof *env);
    env->arena = arena;
    env->diag = diag;
    env->file_scope = scope_new(arena, NULL);
}

/* ---- the kinds of base types: a whitelist ----
 *
 * A kind decides the slot a gear parameter travels in (cbc_lower.c): an
 * integer travels in a 64-bit word, a float or double in a double.  So a
 * spelling is TYPE_INTEGER or TYPE_FLOATING only when it is known to fit;
 * everything else -- __int128, long double, _Complex, _Float128, vectors,
 * names gearsc does not know -- is TYPE_OTHER and travels intact in memory. */

typedef struct BuiltinName {
    const char *name;
    TypeKind kind;
} BuiltinName;

static const BuiltinName builtin_names[] = {
    /* tree-sitter-c's primitive types */
    { "bool", TYPE_INTEGER }, { "char", TYPE_INTEGER }, { "int", TYPE_INTEGER },
    { "short", TYPE_INTEGER }, { "long", TYPE_INTEGER }, { "signed", TYPE_INTEGER },
    { "unsigned", TYPE_INTEGER }, { "float", TYPE_FLOATING }, { "double", TYPE_FLOATING },
    { "size_t", TYPE_INTEGER }, { "ssize_t", TYPE_INTEGER }, { "ptrdiff_t", TYPE_INTEGER },
    { "intptr_t", TYPE_INTEGER }, { "uintptr_t", TYPE_INTEGER }, { "nullptr_t", TYPE_INTEGER },
    { "int8_t", TYPE_INTEGER }, { "int16_t", TYPE_INTEGER }, { "int32_t", TYPE_INTEGER },
    { "int64_t", TYPE_INTEGER }, { "uint8_t", TYPE_INTEGER }, { "uint16_t", TYPE_INTEGER },
    { "uint32_t", TYPE_INTEGER }, { "uint64_t", TYPE_INTEGER }, { "char8_t", TYPE_INTEGER },
    { "char16_t", TYPE_INTEGER }, { "char32_t", TYPE_INTEGER },
    /* keywords and standard typedefs tree-sitter-c takes for names */
    { "_Bool", TYPE_INTEGER }, { "wchar_t", TYPE_INTEGER }, { "wint_t", TYPE_INTEGER },
    { "intmax_t", TYPE_INTEGER }, { "uintmax_t", TYPE_INTEGER },
    { "int_least8_t", TYPE_INTEGER }, { "int_least16_t", TYPE_INTEGER },
    { "int_least32_t", TYPE_INTEGER }, { "int_least64_t", TYPE_INTEGER },
    { "uint_least8_t", TYPE_INTEGER }, { "uint_least16_t", TYPE_INTEGER },
    { "uint_least32_t", TYPE_INTEGER }, { "uint_least64_t", TYPE_INTEGER },
    { "int_fast8_t", TYPE_INTEGER }, { "int_fast16_t", TYPE_INTEGER },
    { "int_fast32_t", TYPE_INTEGER }, { "int_fast64_t", TYPE_INTEGER },
    { "uint_fast8_t", TYPE_INTEGER }, { "uint_fast16_t", TYPE_INTEGER },
    { "uint_fast32_t", TYPE_INTEGER }, { "uint_fast64_t", TYPE_INTEGER },
    { "_Float32", TYPE_FLOATING }, { "_Float64", TYPE_FLOATING }, { "_Float32x", TYPE_FLOATING },
    /* the compiler's predefined type macros, as source mode sees them */
    { "__SIZE_TYPE__", TYPE_INTEGER }, { "__PTRDIFF_TYPE__", TYPE_INTEGER },
    { "__WCHAR_TYPE__", TYPE_INTEGER }, { "__WINT_TYPE__", TYPE_INTEGER },
    { "__INTMAX_TYPE__", TYPE_INTEGER }, { "__UINTMAX_TYPE__", TYPE_INTEGER },
    { "__INTPTR_TYPE__", TYPE_INTEGER }, { "__UINTPTR_TYPE__", TYPE_INTEGER },
    { "__INT8_TYPE__", TYPE_INTEGER }, { "__INT16_TYPE__", TYPE_INTEGER },
    { "__INT32_TYPE__", TYPE_INTEGER }, { "__INT64_TYPE__", TYPE_INTEGER },
    { "__UINT8_TYPE__", TYPE_INTEGER }, { "__UINT16_TYPE__", TYPE_INTEGER },
    { "__UINT32_TYPE__", TYPE_INTEGER }, { "__UINT64_TYPE__", TYPE_INTEGER },
    /* builtin types that fit neither: memory */
    { "__int128", TYPE_OTHER }, { "__int128_t", TYPE_OTHER }, { "__uint128_t", TYPE_OTHER },
    { "_Float128", TYPE_OTHER }, { "__float128", TYPE_OTHER }, { "_Float64x", TYPE_OTHER },
    { "_Float128x", TYPE_OTHER }, { "_Float16", TYPE_OTHER }, { "__fp16", TYPE_OTHER },
    { "__bf16", TYPE_OTHER }, { "__float80", TYPE_OTHER }, { "__ibm128", TYPE_OTHER },
    { "_Decimal32", TYPE_OTHER }, { "_Decimal64", TYPE_OTHER }, { "_Decimal128", TYPE_OTHER },
    { "max_align_t", TYPE_OTHER },
};

/* The kind of a builtin or standard type name, or otherwise. */
static TypeKind builtin_kind(const char *name, TypeKind otherwise)
{
    for (size_t i = 0; i < sizeof builtin_names / sizeof builtin_names[0]; i++)
        if (strcmp(builtin_names[i].name, name) == 0)
            return builtin_names[i].kind;
    return otherwise;
}

/* `unsigned long int`, `long double`, `_Complex float`, `unsigned __int128`:
 * an integer when every word is one of an integer's, else memory. */
static TypeKind sized_kind(const char *s)
{
    static const char *const integer_words[] = { "signed", "unsigned", "long", "short", "int",
                                                 "char", "__signed", "__signed__" };
    static const char *const qualifiers[] = { "const", "volatile", "restrict", "_Atomic",
                                              "__const", "__const__", "__volatile",
                                              "__volatile__", "__restrict", "__restrict__" };
    for (const char *p = s; *p;) {
        if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
              || (*p >= '0' && *p <= '9'))) {
            p++;
            continue;
        }
        const char *w = p;
        while (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
               || (*p >= '0' && *p <= '9'))
            p++;
        size_t len = (size_t)(p - w);
        bool ok = false;
        for (size_t i = 0; !ok && i < sizeof integer_words / sizeof integer_words[0]; i++)
            ok = strlen(integer_words[i]) == len && memcmp(integer_words[i], w, len) == 0;
        for (size_t i = 0; !ok && i < sizeof qualifiers / sizeof qualifiers[0]; i++)
            ok = strlen(qualifiers[i]) == len && memcmp(qualifiers[i], w, len) == 0;
        if (!ok)
            return TYPE_OTHER;
    }
    return TYPE_INTEGER;
}

/* Whether an attribute text changes the size of what it declares beyond a
 * word: vector_size/ext_vector_type, and mode() other than QI, HI, SI, DI,
 * byte, word, pointer. */
static bool attribute_widens(const char *a, size_t len)
{
    static const char *const fitting_modes[] = { "QI", "HI", "SI", "DI", "byte", "word", "pointer" };
    for (size_t i = 0; i + 6 <= len; i++) {
        if (memcmp(a + i, "vector", 6) == 0)
            return true;
        if (i + 5 > len || memcmp(a + i, "mode", 4) != 0 || !strchr("_( \t", a[i + 4]))
            continue;
        size_t j = i + 4;
        while (j < len && (a[j] == '_' || a[j] == ' ' || a[j] == '\t' || a[j] == '('))
            j++;
        size_t k = j;
        while (k < len && a[k] != '_' && a[k] != ')' && a[k] != ' ')
            k++;
        bool fits = false;
        for (size_t m = 0; !fits && m < sizeof fitting_modes / sizeof fitting_modes[0]; m++)
            fits = strlen(fitting_modes[m]) == k - j && memcmp(fitting_modes[m], a + j, k - j) == 0;
        if (!fits)
            return true;
        i = k;
    }
    return false;
}

/* The base type of owner after its attributes: `typedef int v4
 * __attribute__((vector_size(16)))`, `... mode(TI)` declare types wider than
 * a word, so the base becomes TYPE_OTHER, spelled with the attribute (a
 * parameter declared so is printed back with it). */
static Type *apply_attributes(TypeEnv *env, Source *src, TSNode owner, Type *t)
{
    uint32_t n = ts_node_named_child_count(owner);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(owner, i);
        if (!node_is(c, KIND_attribute_specifier))
            continue;
        size_t len;
        const char *a = node_text(src, c, &len);
        if (!attribute_widens(a, len))
            continue;
        Type *w = type_new(env->arena, TYPE_OTHER);
        *w = *t;
        w->kind = TYPE_OTHER;
        w->spec = arena_printf(env->arena, "%s %.*s", t->spec, (int)len, a);
        return w;
    }
    return t;
}

/* ---- building types ---- */


/* "struct name", "enum name": the spelling of a tagged type. */
static const char *keyword_and_name(TypeEnv *env, Source *src, const char *keyword, TSNode name)
{
    size_t kl = strlen(keyword), nl;
    const char *n = node_text(src, name, &nl);
    char *s = arena_alloc(env->arena, kl + 1 + nl + 1);
    memcpy(s, keyword, kl);
    s[kl] = ' ';
    memcpy(s + kl + 1, n, nl);
    s[kl + 1 + nl] = '\0';
    return s;
}

/* Qualifiers that are direct children of n, joined with spaces.  They all
 * come before n's declarators, so the scan stops at the first declarator: a
 * declaration with 10^5 declarators is not rescanned for each of them. */
static const char *qualifiers_of(TypeEnv *env, Source *src, TSNode n)
{
    Buf b = { 0 };
    TSTreeCursor cur = ts_tree_cursor_new(n);
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        if (cursor_in_field(&cur, FIELD_declarator))
            break;
        TSNode c = ts_tree_cursor_current_node(&cur);
        if (!node_is(c, KIND_type_qualifier))
            continue;
        if (b.len)
            buf_putc(&b, ' ');
        size_t len;
        const char *t = node_text(src, c, &len);
        buf_append(&b, t, len);
    }
    ts_tree_cursor_delete(&cur);
    const char *q = b.len ? arena_strndup(env->arena, b.data, b.len) : "";
    buf_free(&b);
    return q;
}

/* The qualifiers of a pointer declarator, `* const p`.  Most pointers have
 * none: a pointer_declarator whose one named child is its (required)
 * declarator has no room for one, which a count tells without walking the
 * children. */
static const char *pointer_qualifiers(TypeEnv *env, Source *src, TSNode d)
{
    if (node_is(d, KIND_pointer_declarator) && ts_node_named_child_count(d) == 1)
        return "";
    return qualifiers_of(env, src, d);
}

static Record *record_from_body(TypeEnv *env, Source *src, TSNode body, const char *tag, int depth);

static Type *type_from_declarator_at(TypeEnv *env, Source *src, TSNode owner, TSNode declarator,
                                     const char **name, uint32_t *name_offset, int depth);

static bool too_deep(TypeEnv *env, Source *src, TSNode n, int depth)
{
    if (depth <= MAX_DECLARATOR_DEPTH)
        return false;
    diag_error(env->diag, src, ts_node_start_byte(n),
               "declaration nested too deeply (more than %d levels)", MAX_DECLARATOR_DEPTH);
    return true;
}

static Type *type_of_specifier(TypeEnv *env, Source *src, TSNode spec, int depth);

/* The base type written by the `type` field of owner, with its qualifiers. */
static Type *base_type(TypeEnv *env, Source *src, TSNode owner, int depth)
{
    /* Once per declaration, not per declarator: `struct {...} a, b, ...;`
     * would otherwise build the struct (time and memory) for each name. */
    if (env->base_of_owner && ts_node_eq(owner, env->base_owner))
        return env->base_of_owner;
    TSNode spec = node_field(owner, FIELD_type);
    if (ts_node_is_null(spec)) {
        Type *t = type_new(env->arena, TYPE_INTEGER); /* implicit int */
        t->spec = "int";
        return t;
    }
    Type *t = type_of_specifier(env, src, spec, depth);
    t->quals = qualifiers_of(env, src, owner);
    if (t->kind == TYPE_INTEGER || t->kind == TYPE_FLOATING || t->kind == TYPE_TYPEDEF)
        t = apply_attributes(env, src, owner, t);
    env->base_owner = owner;
    env->base_of_owner = t;
    return t;
}

Type *type_from_specifier(TypeEnv *env, Source *src, TSNode spec)
{
    return type_of_specifier(env, src, spec, 0);
}

static Type *type_of_specifier(TypeEnv *env, Source *src, TSNode spec, int depth)
{
    Type *t;
    NodeKind kind = node_kind(spec);
    if (kind == KIND_code_type) {
        t = type_new(env->arena, TYPE_VOID);
        t->spec = "__code";
    } else if (kind == KIND_primitive_type) {
        const char *s = node_strdup(env->arena, src, spec);
        t = type_new(env->arena, strcmp(s, "void") == 0 ? TYPE_VOID : builtin_kind(s, TYPE_OTHER));
        t->spec = s;
    } else if (kind == KIND_sized_type_specifier) {
        const char *s = node_strdup(env->arena, src, spec);
        t = type_new(env->arena, sized_kind(s));
        t->spec = s;
    } else if (kind == KIND_enum_specifier) {
        t = type_new(env->arena, TYPE_INTEGER);
        TSNode name = node_field(spec, FIELD_name);
        t->spec = ts_node_is_null(name) ? "int" : keyword_and_name(env, src, "enum", name);
    } else if (kind == KIND_struct_specifier || kind == KIND_union_specifier) {
        t = type_new(env->arena, TYPE_RECORD);
        TSNode name = node_field(spec, FIELD_name);
        TSNode body = node_field(spec, FIELD_body);
        const char *keyword = kind == KIND_struct_specifier ? "struct" : "union";
        if (!ts_node_is_null(name)) {
            t->tag = keyword_and_name(env, src, keyword, name);
            t->spec = t->tag;
        } else {
            t->spec = node_strdup(env->arena, src, spec); /* anonymous: only its own text names it */
        }
        if (!ts_node_is_null(body))
            t->record = record_from_body(env, src, body, t->tag, depth + 1);
    } else if (kind == KIND_type_identifier) {
        /* A builtin type or a standard typedef (stdint.h, stddef.h,
         * stdbool.h) is known without its header: its slot must not depend
         * on whether this file happened to include it. */
        const char *s = node_strdup(env->arena, src, spec);
        t = type_new(env->arena, builtin_kind(s, TYPE_TYPEDEF));
        t->spec = s;
    } else {
        t = type_new(env->arena, TYPE_OTHER);
        t->spec = node_strdup(env->arena, src, spec);
    }
    return t;
}

void params_from_list(TypeEnv *env, Source *src, TSNode list, Type *fn)
{
    uint32_t count = ts_node_named_child_count(list);
    fn->params = arena_alloc(env->arena, (count ? count : 1) * sizeof *fn->params);
    fn->param_count = 0;
    if (count == 0) {
        /* `f()` and `__code (*k)()`: parameters unspecified (C before C23;
         * old CbC needs it for a continuation that takes itself). */
        fn->unprototyped = true;
        return;
    }
    for (uint32_t i = 0; i < count; i++) {
        TSNode p = ts_node_named_child(list, i);
        if (node_is(p, KIND_identifier)) {
            /* a K&R identifier list, `f(a, b) int a; long b; {...}`: no
             * prototype (C11 6.9.1p7); a gear so is refused when lowered */
            fn->unprototyped = true;
            fn->param_count = 0;
            return;
        }
        if (node_is(p, KIND_variadic_parameter)) {
            fn->variadic = true;
            continue;
        }
        if (!node_is(p, KIND_parameter_declaration))
            continue;
        const char *name = NULL;
        uint32_t offset = ts_node_start_byte(p);
        Type *t = type_from_declarator(env, src, p, node_field(p, FIELD_declarator),
                                       &name, &offset);
        if (count == 1 && t->kind == TYPE_VOID && !name && strcmp(t->spec, "void") == 0)
            return; /* (void) */
        /* Parameter adjustment, C11 6.7.6.3p7-8. */
        if (t->kind == TYPE_ARRAY)
            t = type_pointer_to(env->arena, t->base);
        else if (t->kind == TYPE_FUNCTION || t->kind == TYPE_GEAR)
            t = type_pointer_to(env->arena, t);
        Param *param = &fn->params[fn->param_count++];
        param->name = name;
        param->type = t;
        param->offset = offset;
    }
}

/* The declarator a wrapper (parenthesized, attributed, init_) declarator
 * holds: its `declarator` field, or for parenthesized declarators, which
 * hold it unnamed, its first named child that is not an attribute. */
static TSNode inner_declarator(TSNode d)
{
    TSNode inner = node_field(d, FIELD_declarator);
    if (!ts_node_is_null(inner))
        return inner;
    for (uint32_t i = 0; i < ts_node_named_child_count(d); i++) {
        TSNode c = ts_node_named_child(d, i);
        if (!node_is(c, KIND_attribute_specifier) && !node_is(c, KIND_ms_call_modifier))
            return c;
    }
    return inner;
}

static Type *type_from_declarator_at(TypeEnv *env, Source *src, TSNode owner, TSNode d,
                                     const char **name, uint32_t *name_offset, int depth)
{
    Type *t = base_type(env, src, owner, depth);
    *name = NULL;
    while (!ts_node_is_null(d)) {
        if (too_deep(env, src, d, ++depth))
            break;
        switch (node_kind(d)) {
        case KIND_pointer_declarator:
        case KIND_abstract_pointer_declarator:
            t = type_pointer_to(env->arena, t);
            t->quals = pointer_qualifiers(env, src, d);
            break;
        case KIND_function_declarator:
        case KIND_abstract_function_declarator: {
            bool gear = t->kind == TYPE_VOID && strcmp(t->spec, "__code") == 0;
            Type *fn = type_new(env->arena, gear ? TYPE_GEAR : TYPE_FUNCTION);
            fn->base = gear ? NULL : t;
            TSNode params = node_field(d, FIELD_parameters);
            if (!ts_node_is_null(params))
                params_from_list(env, src, params, fn);
            t = fn;
            break;
        }
        case KIND_array_declarator:
        case KIND_abstract_array_declarator: {
            Type *a = type_new(env->arena, TYPE_ARRAY);
            a->base = t;
            TSNode size = node_field(d, FIELD_size);
            a->array_size = ts_node_is_null(size) ? "" : node_strdup(env->arena, src, size);
            t = a;
            break;
        }
        case KIND_parenthesized_declarator:
        case KIND_abstract_parenthesized_declarator:
        case KIND_attributed_declarator:
        case KIND_init_declarator:
            d = inner_declarator(d);
            continue;
        case KIND_identifier:
        case KIND_field_identifier:
        case KIND_type_identifier:
            *name = node_strdup(env->arena, src, d);
            if (name_offset)
                *name_offset = ts_node_start_byte(d);
            return t;
        default:
            return t; /* something gearsc does not model: keep what we have */
        }
        d = node_field(d, FIELD_declarator);
    }
    return t;
}

Type *type_from_declarator(TypeEnv *env, Source *src, TSNode owner, TSNode declarator,
                           const char **name, uint32_t *name_offset)
{
    return type_from_declarator_at(env, src, owner, declarator, name, name_offset, 0);
}

static Record *record_from_body(TypeEnv *env, Source *src, TSNode body, const char *tag, int depth)
{
    Record *r = arena_alloc(env->arena, sizeof *r);
    r->tag = tag;
    if (too_deep(env, src, body, depth))
        return r;
    /* Each field_declaration may declare several fields; count generously.
     * (Through a cursor: ts_node_named_child(body, i) walks i siblings.) */
    size_t cap = 0;
    TSTreeCursor bc = ts_tree_cursor_new(body);
    if (ts_tree_cursor_goto_first_child(&bc))
        do
            cap += ts_node_named_child_count(ts_tree_cursor_current_node(&bc)) + 1;
        while (ts_tree_cursor_goto_next_sibling(&bc));
    r->fields = arena_alloc(env->arena, (cap ? cap : 1) * sizeof *r->fields);
    ts_tree_cursor_reset(&bc, body);
    bool more = ts_tree_cursor_goto_first_child(&bc);
    for (; more; more = ts_tree_cursor_goto_next_sibling(&bc)) {
        TSNode f = ts_tree_cursor_current_node(&bc);
        if (!node_is(f, KIND_field_declaration))
            continue;
        bool any = false;
        TSTreeCursor c = ts_tree_cursor_new(f);
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                if (!cursor_in_field(&c, FIELD_declarator))
                    continue;
                const char *name = NULL;
                Type *t = type_from_declarator_at(env, src, f, ts_tree_cursor_current_node(&c),
                                                  &name, NULL, depth + 1);
                if (t->kind == TYPE_GEAR) /* `__code m(...);` as a member is a gear pointer */
                    t = type_pointer_to(env->arena, t);
                r->fields[r->field_count].name = name;
                r->fields[r->field_count].type = t;
                r->field_count++;
                any = true;
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        ts_tree_cursor_delete(&c);
        if (!any) { /* anonymous struct/union member */
            const char *name = NULL;
            Type *t = type_from_declarator_at(env, src, f, (TSNode){ 0 }, &name, NULL, depth + 1);
            r->fields[r->field_count].name = NULL;
            r->fields[r->field_count].type = t;
            r->field_count++;
        }
    }
    ts_tree_cursor_delete(&bc);
    if (tag) {
        Type *t = type_new(env->arena, TYPE_RECORD);
        t->tag = tag;
        t->spec = tag;
        t->record = r;
        scope_declare(env->arena, &env->tags, tag, SYM_TYPEDEF, t, src, ts_node_start_byte(body));
    }
    return r;
}

/* ---- resolution ---- */

Type *type_resolve(TypeEnv *env, Type *t)
{
    for (int i = 0; t && t->kind == TYPE_TYPEDEF; i++) {
        if (i == MAX_TYPEDEF_CHAIN)
            return NULL; /* a typedef cycle: recursive typedefs are reported where declared */
        Symbol *sym = scope_lookup(env->file_scope, t->spec, strlen(t->spec));
        if (!sym || sym->kind != SYM_TYPEDEF || sym->type == t)
            return NULL;
        t = sym->type;
    }
    return t;
}

TypeClass type_class(TypeEnv *env, Type *t, const char **unknown)
{
    *unknown = NULL;
    for (int i = 0; t && t->kind == TYPE_TYPEDEF; i++) {
        Symbol *sym = scope_lookup(env->file_scope, t->spec, strlen(t->spec));
        if (i == MAX_TYPEDEF_CHAIN || !sym || sym->kind != SYM_TYPEDEF || sym->type == t) {
            *unknown = t->spec;
            return CLASS_UNKNOWN;
        }
        t = sym->type;
    }
    if (!t)
        return CLASS_UNKNOWN;
    switch (t->kind) {
    case TYPE_INTEGER: /* only spellings known to fit (builtin_kind, sized_kind) */
    case TYPE_POINTER:
        return CLASS_WORD;
    case TYPE_FLOATING:
        return CLASS_FLOAT;
    default:
        return CLASS_MEMORY;
    }
}

Record *type_record(TypeEnv *env, Type *t)
{
    t = type_resolve(env, t);
    if (!t || t->kind != TYPE_RECORD)
        return NULL;
    if (t->record)
        return t->record;
    if (!t->tag)
        return NULL;
    Symbol *sym = scope_lookup(&env->tags, t->tag, strlen(t->tag));
    return sym && sym->type ? sym->type->record : NULL;
}

/* Finds a member, looking into anonymous struct/union members as C does.
 * Iterative over a small explicit stack. */
/* A record's named fields by name, and its unnamed members in order: a
 * member lookup costs the same in a struct of 10^5 members as in one of 3. */
typedef struct RecordIndex {
    HashTable names;
    int *unnamed;
    int unnamed_count;
} RecordIndex;

typedef struct FieldEntry {
    HashLink link;
    int k;
} FieldEntry;

static RecordIndex *record_index(TypeEnv *env, Record *r)
{
    if (r->index)
        return r->index;
    RecordIndex *x = arena_alloc(env->arena, sizeof *x);
    x->unnamed = arena_alloc(env->arena, ((size_t)r->field_count + 1) * sizeof *x->unnamed);
    /* each name once: the entry kept is its first field, as a search in order finds */
    for (int k = 0; k < r->field_count; k++) {
        const char *name = r->fields[k].name;
        if (!name) {
            x->unnamed[x->unnamed_count++] = k;
            continue;
        }
        uint64_t h = hash_bytes(name, strlen(name));
        bool seen = false;
        for (HashLink *e = hash_find(&x->names, h); e && !seen; e = hash_next(e, h))
            seen = strcmp(r->fields[((FieldEntry *)e)->k].name, name) == 0;
        if (!seen) {
            FieldEntry *e = arena_alloc(env->arena, sizeof *e);
            e->k = k;
            hash_insert(env->arena, &x->names, &e->link, h);
        }
    }
    return r->index = x;
}

Field *record_field(TypeEnv *env, Record *r, const char *name, size_t len)
{
    Record *stack[32];
    int top = 0;
    stack[top++] = r;
    uint64_t h = hash_bytes(name, len);
    /* A member without a name can have its own struct's type (`struct vm
     * : 1;`, an unnamed bit-field, looks like one): the search would never
     * end, so it visits at most 256 records.  A record's own named fields
     * come before those of its unnamed members. */
    for (int visits = 0; top > 0 && visits < 256; visits++) {
        Record *cur = stack[--top];
        RecordIndex *x = record_index(env, cur);
        for (HashLink *e = hash_find(&x->names, h); e; e = hash_next(e, h)) {
            Field *f = &cur->fields[((FieldEntry *)e)->k];
            if (strlen(f->name) == len && memcmp(f->name, name, len) == 0)
                return f;
        }
        for (int k = 0; k < x->unnamed_count && top < 32; k++) {
            Record *inner = type_record(env, cur->fields[x->unnamed[k]].type);
            if (inner)
                stack[top++] = inner;
        }
    }
    return NULL;
}

bool type_is_code_pointer(const Type *t)
{
    return t && t->kind == TYPE_POINTER && t->base && t->base->kind == TYPE_GEAR;
}

/* ---- printing ---- */

static void print_params(Buf *out, const Type *fn, bool cbc);

/* C declarator printing: wrap the declarator inside-out, then put the base
 * specifier in front. */
static void print_type(Buf *out, const Type *t, const char *name, bool drop_top_const, bool cbc)
{
    Buf decl = { 0 };
    buf_puts(&decl, name);
    bool top = true;
    const Type *cur = t;
    for (;;) {
        if (cur->kind == TYPE_POINTER) {
            Buf next = { 0 };
            buf_putc(&next, '*');
            if (*cur->quals && !(top && drop_top_const && strcmp(cur->quals, "const") == 0)) {
                buf_puts(&next, cur->quals);
                if (decl.len)
                    buf_putc(&next, ' ');
            }
            buf_append(&next, decl.data, decl.len);
            buf_free(&decl);
            decl = next;
            cur = cur->base;
        } else if (cur->kind == TYPE_ARRAY || cur->kind == TYPE_FUNCTION
                   || (cur->kind == TYPE_GEAR && cbc)) {
            if (decl.len && decl.data[0] == '*') {
                Buf next = { 0 };
                buf_putc(&next, '(');
                buf_append(&next, decl.data, decl.len);
                buf_putc(&next, ')');
                buf_free(&decl);
                decl = next;
            }
            if (cur->kind == TYPE_ARRAY) {
                buf_printf(&decl, "[%s]", cur->array_size);
                cur = cur->base;
            } else {
                print_params(&decl, cur, cbc);
                if (cur->kind == TYPE_GEAR)
                    break;
                cur = cur->base;
            }
        } else {
            break;
        }
        top = false;
    }
    if (cur->kind == TYPE_GEAR) {
        buf_puts(out, cbc ? "__code" : "__cbc_code");
    } else {
        bool quals = *cur->quals && !(top && drop_top_const && strcmp(cur->quals, "const") == 0);
        if (quals)
            buf_printf(out, "%s ", cur->quals);
        buf_puts(out, cur->spec);
    }
    if (decl.len) {
        if (decl.data[0] != '[' && decl.data[0] != '(')
            buf_putc(out, ' ');
        buf_append(out, decl.data, decl.len);
    }
    buf_free(&decl);
}

static void print_params(Buf *out, const Type *fn, bool cbc)
{
    buf_putc(out, '(');
    for (int i = 0; i < fn->param_count; i++) {
        if (i)
            buf_puts(out, ", ");
        print_type(out, fn->params[i].type, "", false, cbc);
    }
    if (fn->variadic)
        buf_puts(out, fn->param_count ? ", ..." : "...");
    else if (fn->param_count == 0 && !fn->unprototyped && !(cbc && fn->kind == TYPE_GEAR))
        buf_puts(out, "void");
    buf_putc(out, ')');
}

void type_print_c(Buf *out, const Type *t, const char *name, bool drop_top_const)
{
    print_type(out, t, name, drop_top_const, false);
}

const char *type_to_c(Arena *arena, const Type *t, const char *name, bool drop_top_const)
{
    Buf b = { 0 };
    print_type(&b, t, name, drop_top_const, false);
    const char *s = arena_strndup(arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

const char *type_to_cbc(Arena *arena, const Type *t)
{
    Buf b = { 0 };
    print_type(&b, t, "", false, true);
    const char *s = arena_strndup(arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}
