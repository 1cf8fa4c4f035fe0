/* signature.c - see signature.h. */
#include "signature.h"

#include <string.h>

/* Types nest (a gear pointer parameter of a gear pointer parameter...):
 * past this depth the comparison says "compatible" and the spelling "...". */
enum { MAX_SIGNATURE_DEPTH = 32, MAX_TYPEDEF_STEPS = 64 };

enum { Q_CONST = 1, Q_VOLATILE = 2, Q_RESTRICT = 4, Q_ATOMIC = 8 };

static bool word_is(const char *w, size_t n, const char *s)
{
    return strlen(s) == n && memcmp(w, s, n) == 0;
}

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static unsigned quals_mask(const char *q)
{
    unsigned m = 0;
    for (const char *p = q ? q : ""; *p;) {
        while (*p && space(*p))
            p++;
        const char *w = p;
        while (*p && !space(*p))
            p++;
        size_t n = (size_t)(p - w);
        if (word_is(w, n, "const") || word_is(w, n, "__const") || word_is(w, n, "__const__"))
            m |= Q_CONST;
        else if (word_is(w, n, "volatile") || word_is(w, n, "__volatile")
                 || word_is(w, n, "__volatile__"))
            m |= Q_VOLATILE;
        else if (word_is(w, n, "restrict") || word_is(w, n, "__restrict")
                 || word_is(w, n, "__restrict__"))
            m |= Q_RESTRICT;
        else if (word_is(w, n, "_Atomic"))
            m |= Q_ATOMIC;
    }
    return m;
}

/* The typedefs of stdint.h, stddef.h, stdbool.h and sys/types.h, as glibc
 * defines them on x86-64 and AArch64 (LP64): a file that did not read the
 * header and one that did (gearsc cc) spell them alike. */
typedef struct StdTypedef {
    const char *name;
    TypeKind kind;
    const char *spec;
} StdTypedef;

static const StdTypedef std_typedefs[] = {
    { "int8_t", TYPE_INTEGER, "signed char" },   { "uint8_t", TYPE_INTEGER, "unsigned char" },
    { "int16_t", TYPE_INTEGER, "short" },        { "uint16_t", TYPE_INTEGER, "unsigned short" },
    { "int32_t", TYPE_INTEGER, "int" },          { "uint32_t", TYPE_INTEGER, "unsigned int" },
    { "int64_t", TYPE_INTEGER, "long" },         { "uint64_t", TYPE_INTEGER, "unsigned long" },
    { "intptr_t", TYPE_INTEGER, "long" },        { "uintptr_t", TYPE_INTEGER, "unsigned long" },
    { "intmax_t", TYPE_INTEGER, "long" },        { "uintmax_t", TYPE_INTEGER, "unsigned long" },
    { "size_t", TYPE_INTEGER, "unsigned long" }, { "ssize_t", TYPE_INTEGER, "long" },
    { "ptrdiff_t", TYPE_INTEGER, "long" },       { "off_t", TYPE_INTEGER, "long" },
    { "bool", TYPE_INTEGER, "_Bool" },           { "__int128_t", TYPE_OTHER, "__int128" },
    { "__uint128_t", TYPE_OTHER, "unsigned __int128" },
};

static const StdTypedef *std_typedef(const char *name)
{
    for (size_t i = 0; i < sizeof std_typedefs / sizeof std_typedefs[0]; i++)
        if (strcmp(std_typedefs[i].name, name) == 0)
            return &std_typedefs[i];
    return NULL;
}

/* A type with its typedefs followed and the qualifiers met on the way. */
typedef struct Resolved {
    const Type *t;            /* not a typedef; NULL if none was found */
    unsigned quals;
    const char *typedef_name; /* the last typedef followed, or NULL */
    const StdTypedef *std;    /* an unresolved standard typedef */
} Resolved;

static Resolved resolve(TypeEnv *env, const Type *t)
{
    Resolved r = { 0 };
    for (int i = 0; t && i < MAX_TYPEDEF_STEPS; i++) {
        r.quals |= quals_mask(t->quals);
        if (t->kind != TYPE_TYPEDEF) {
            r.t = t;
            return r;
        }
        r.typedef_name = t->spec;
        Symbol *s = scope_lookup(env->file_scope, t->spec, strlen(t->spec));
        if (!s || s->kind != SYM_TYPEDEF || !s->type || s->type == t) {
            r.std = std_typedef(t->spec);
            return r;
        }
        t = s->type;
    }
    return r;
}

/* ---- the normalised spelling of a base type ---- */

/* "long unsigned int" -> "unsigned long"; anything it does not know, with
 * its white space normalised. */
static void spell_spec(Buf *b, const char *spec)
{
    int nunsigned = 0, nsigned = 0, nchar = 0, nshort = 0, nint = 0, nlong = 0, ndouble = 0,
        nfloat = 0, ncomplex = 0, nbool = 0, nint128 = 0, nvoid = 0, other = 0;
    for (const char *p = spec; *p;) {
        while (*p && space(*p))
            p++;
        const char *w = p;
        while (*p && !space(*p))
            p++;
        size_t n = (size_t)(p - w);
        if (n == 0)
            break;
        if (word_is(w, n, "unsigned") || word_is(w, n, "__unsigned__"))
            nunsigned++;
        else if (word_is(w, n, "signed") || word_is(w, n, "__signed") || word_is(w, n, "__signed__"))
            nsigned++;
        else if (word_is(w, n, "char"))
            nchar++;
        else if (word_is(w, n, "short"))
            nshort++;
        else if (word_is(w, n, "int"))
            nint++;
        else if (word_is(w, n, "long"))
            nlong++;
        else if (word_is(w, n, "double"))
            ndouble++;
        else if (word_is(w, n, "float"))
            nfloat++;
        else if (word_is(w, n, "_Complex") || word_is(w, n, "__complex__"))
            ncomplex++;
        else if (word_is(w, n, "_Bool") || word_is(w, n, "bool"))
            nbool++;
        else if (word_is(w, n, "__int128"))
            nint128++;
        else if (word_is(w, n, "void"))
            nvoid++;
        else
            other++;
    }
    const char *u = nunsigned ? "unsigned " : "";
    if (other || nvoid + nbool + nchar + nshort + ndouble + nfloat + nint128 > 1) {
        bool gap = false; /* the words as written, one space between */
        for (const char *p = spec; *p; p++) {
            if (space(*p)) {
                gap = b->len > 0;
                continue;
            }
            if (gap)
                buf_putc(b, ' ');
            gap = false;
            buf_putc(b, *p);
        }
    } else if (nvoid) {
        buf_puts(b, "void");
    } else if (nbool) {
        buf_puts(b, "_Bool");
    } else if (ndouble || nfloat) {
        buf_printf(b, "%s%s%s", ncomplex ? "_Complex " : "", nlong ? "long " : "",
                   ndouble ? "double" : "float");
    } else if (nint128) {
        buf_printf(b, "%s__int128", u);
    } else if (nchar) {
        buf_puts(b, nunsigned ? "unsigned char" : nsigned ? "signed char" : "char");
    } else if (nshort) {
        buf_printf(b, "%sshort", u);
    } else if (nlong >= 2) {
        buf_printf(b, "%slong long", u);
    } else if (nlong == 1) {
        buf_printf(b, "%slong", u);
    } else {
        buf_printf(b, "%sint", u);
    }
}

/* ---- compatibility ---- */

static bool params_compatible(TypeEnv *env, const Type *a, const Type *b, int depth);

static bool base_kind(TypeKind k)
{
    return k == TYPE_VOID || k == TYPE_INTEGER || k == TYPE_FLOATING || k == TYPE_OTHER;
}

static bool same_spec(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    Buf x = { 0 }, y = { 0 };
    spell_spec(&x, a);
    spell_spec(&y, b);
    bool same = x.len == y.len && (x.len == 0 || memcmp(x.data, y.data, x.len) == 0);
    buf_free(&x);
    buf_free(&y);
    return same;
}

static bool is_enum(const char *spec)
{
    return strncmp(spec, "enum ", 5) == 0;
}

static bool compatible_at(TypeEnv *env, const Type *a, const Type *b, bool top, int depth)
{
    if (depth > MAX_SIGNATURE_DEPTH)
        return true;
    Resolved ra = resolve(env, a), rb = resolve(env, b);
    if (!top && (ra.quals & ~Q_RESTRICT) != (rb.quals & ~Q_RESTRICT))
        return false;
    /* A standard typedef gearsc knows by name, or a base type. */
    if (ra.std || rb.std) {
        const char *sa = ra.std ? ra.std->spec : ra.t && base_kind(ra.t->kind) ? ra.t->spec : NULL;
        const char *sb = rb.std ? rb.std->spec : rb.t && base_kind(rb.t->kind) ? rb.t->spec : NULL;
        if (!ra.t && !ra.std)
            return true; /* unknown */
        if (!rb.t && !rb.std)
            return true;
        return sa && sb && same_spec(sa, sb);
    }
    if (!ra.t || !rb.t)
        return true; /* a typedef gearsc cannot see: nothing to compare */
    const Type *x = ra.t, *y = rb.t;
    if (base_kind(x->kind) && base_kind(y->kind)) {
        if (is_enum(x->spec) || is_enum(y->spec)) /* an enum is compatible with its int */
            return (is_enum(x->spec) && is_enum(y->spec)) ? strcmp(x->spec, y->spec) == 0
                   : same_spec(is_enum(x->spec) ? y->spec : x->spec, "int")
                       || same_spec(is_enum(x->spec) ? y->spec : x->spec, "unsigned int");
        return x->kind == y->kind && same_spec(x->spec, y->spec);
    }
    if (x->kind != y->kind)
        return false;
    switch (x->kind) {
    case TYPE_RECORD:
        if (x->tag && y->tag)
            return strcmp(x->tag, y->tag) == 0;
        if (x->record && x->record == y->record)
            return true;
        return !x->tag && !y->tag && strcmp(x->spec, y->spec) == 0;
    case TYPE_POINTER:
        return compatible_at(env, x->base, y->base, false, depth + 1);
    case TYPE_ARRAY:
        return compatible_at(env, x->base, y->base, false, depth + 1)
            && (!*x->array_size || !*y->array_size || strcmp(x->array_size, y->array_size) == 0);
    case TYPE_FUNCTION:
        return compatible_at(env, x->base, y->base, false, depth + 1)
            && params_compatible(env, x, y, depth + 1);
    case TYPE_GEAR:
        return params_compatible(env, x, y, depth + 1);
    default:
        return true;
    }
}

static bool open_gear(const Type *g)
{
    /* __code (*)() and the Gears continuation __code next(...) */
    return g->unprototyped || (g->kind == TYPE_GEAR && g->variadic && g->param_count == 0);
}

static bool params_compatible(TypeEnv *env, const Type *a, const Type *b, int depth)
{
    if (open_gear(a) || open_gear(b))
        return true;
    if (a->param_count != b->param_count || a->variadic != b->variadic)
        return false;
    for (int i = 0; i < a->param_count; i++)
        if (!compatible_at(env, a->params[i].type, b->params[i].type, true, depth))
            return false;
    return true;
}

bool types_compatible(TypeEnv *env, const Type *a, const Type *b)
{
    return compatible_at(env, a, b, true, 0);
}

bool gear_types_compatible(TypeEnv *env, const Type *a, const Type *b)
{
    return params_compatible(env, a, b, 0);
}

Type *gear_type_of(TypeEnv *env, Type *t)
{
    t = type_resolve(env, t);
    if (t && t->kind == TYPE_POINTER)
        t = type_resolve(env, t->base);
    return t && t->kind == TYPE_GEAR ? t : NULL;
}

/* ---- the spelling of a signature ---- */

static void spell_params(Buf *b, TypeEnv *env, const Type *fn, int depth);

static void spell_quals(Buf *b, unsigned q, bool before)
{
    static const char *const names[] = { "const", "volatile", "restrict", "_Atomic" };
    for (unsigned i = 0; i < 4; i++)
        if (q & (1u << i))
            buf_printf(b, before ? "%s " : " %s", names[i]);
}

static void spell_type(Buf *b, TypeEnv *env, const Type *t, bool top, int depth)
{
    if (depth > MAX_SIGNATURE_DEPTH) {
        buf_puts(b, "...");
        return;
    }
    Resolved r = resolve(env, t);
    unsigned q = top ? 0 : r.quals & ~(unsigned)Q_RESTRICT;
    const Type *x = r.t;
    if (!x) {
        spell_quals(b, q, true);
        if (r.std)
            buf_puts(b, r.std->spec);
        else
            buf_puts(b, r.typedef_name ? r.typedef_name : "?");
        return;
    }
    switch (x->kind) {
    case TYPE_POINTER:
        spell_type(b, env, x->base, false, depth + 1);
        buf_puts(b, " *");
        spell_quals(b, q, false);
        return;
    case TYPE_ARRAY:
        spell_type(b, env, x->base, false, depth + 1);
        buf_printf(b, "[%s]", x->array_size);
        return;
    case TYPE_FUNCTION:
        spell_type(b, env, x->base, false, depth + 1);
        spell_params(b, env, x, depth + 1);
        return;
    case TYPE_GEAR: /* not "__code": lowered output has none left */
        buf_puts(b, "code");
        spell_params(b, env, x, depth + 1);
        return;
    case TYPE_RECORD:
        spell_quals(b, q, true);
        buf_puts(b, x->tag ? x->tag : r.typedef_name ? r.typedef_name : "struct <anonymous>");
        return;
    default:
        spell_quals(b, q, true);
        if (is_enum(x->spec))
            buf_puts(b, x->spec);
        else
            spell_spec(b, x->spec);
        return;
    }
}

static void spell_params(Buf *b, TypeEnv *env, const Type *fn, int depth)
{
    buf_putc(b, '(');
    for (int i = 0; i < fn->param_count; i++) {
        if (i)
            buf_puts(b, ", ");
        spell_type(b, env, fn->params[i].type, true, depth);
    }
    if (fn->variadic)
        buf_puts(b, fn->param_count ? ", ..." : "...");
    buf_putc(b, ')');
}

const char *gear_signature_text(TypeEnv *env, const Type *g)
{
    Buf b = { 0 };
    spell_params(&b, env, g, 0);
    /* Inside a quoted assembler symbol name: nothing that ends or escapes
     * it, and one space for any run of white space (array sizes are
     * expressions as written). */
    Buf clean = { 0 };
    for (size_t i = 0; i < b.len; i++) {
        char c = b.data[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
               || strchr("_ *(),.[]<>+-", c);
        if (space(c)) {
            if (clean.len && clean.data[clean.len - 1] != ' ')
                buf_putc(&clean, ' ');
        } else {
            buf_putc(&clean, ok ? c : '?');
        }
    }
    const char *s = arena_strndup(env->arena, clean.data ? clean.data : "", clean.len);
    buf_free(&b);
    buf_free(&clean);
    return s;
}
