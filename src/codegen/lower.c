/* lower.c - plain CbC to C with guaranteed tail calls.
 *
 * THE CONTRACT (docs/lowering.md has the long form)
 *
 * clang's __attribute__((musttail)) guarantees a tail call at every
 * optimisation level, but only between functions of the same C signature.
 * So every code gear, whatever its CbC parameters, is lowered to one uniform
 * function type:
 *
 *     typedef void __cbc_code(struct __cbc_chain *chain,
 *                             __cbc_word w0, ..., __cbc_word w4,    5 integer
 *                             double f0, ..., double f7);           8 floating
 *
 * which fills exactly the argument registers of x86-64 SysV (6 integer,
 * 8 SSE) and fits AArch64's (8 + 8).  A gear's CbC parameters are assigned
 * to slots in order: integers and pointers to the next w slot, float and
 * double to the next f slot, and everything else -- structs, unions, long
 * double, types gearsc cannot see, and whatever overflows the registers --
 * to the chain's spill area, at offsets the C compiler computes with sizeof.
 * A `goto g(a, b)` evaluates its arguments into temporaries of g's parameter
 * types (so they convert exactly as a C call would), writes spilled ones to
 * the spill area, and ends with
 *
 *     __attribute__((musttail)) return g(chain, (__cbc_word)a, w1, w2, ...);
 *
 * passing its *own incoming* registers in the slots g does not use, so they
 * are forwarded untouched (no instruction at all) rather than zeroed.  The
 * gear g unpacks its slots into its named parameters at entry.
 *
 * The chain: `struct __cbc_chain` holds the spill area and where __return
 * puts its value.  A C function that enters a chain (`goto g(...)` from C)
 * has one in its own frame and passes its address to the first gear; every
 * transition passes it on in the first argument register, which costs nothing
 * because it is forwarded.  Spilled arguments live in it only between the
 * jump and the target's unpacking, so a gear may call C code that runs a
 * chain of its own.  The chain ends when a gear returns (falls off its end,
 * or reaches __return): every transition since the entry was a tail jump, so
 * that return lands in the C function that entered the chain, which returns
 * the value __return stored, or zero.
 *
 * __return in a C function F is a gear `(T value, void *env)` generated for
 * F's return type T; __environment is F's chain.  The return gear checks
 * that env is the chain it runs in and traps otherwise: returning to a C
 * frame that is not directly below the chain would need longjmp, which CbC
 * on musttail does not do (docs/lowering.md).
 *
 * THE PASS
 *
 * One walk over the tree, in document order, with an explicit stack (deep
 * input cannot overflow the C stack).  Scopes are pushed and popped as
 * blocks are entered and left.  Declarations whose type is __code are
 * rewritten on entry; gear gotos, gear calls and function definitions are
 * rewritten on exit, once their parts have been rewritten. */
#include "lowering.h"

#include <stdlib.h>
#include <string.h>

/* Lowering expands text: every nesting level renders what it contains,
 * already rendered by the levels inside (gear calls nested 10^4 deep,
 * g(g(g(...))), copied gigabytes), and a gear's spill offsets are sums whose
 * text grows with the square of its parameter count (1000 gotos with 127
 * arguments made 250 MB of C).  The text lowering may produce for one file,
 * rendered and replacement text together, is capped at an amount linear in
 * the file's size (real code produces a few times its size); past it,
 * lowering stops with one error. */
#define LOWERING_BUDGET(len) ((size_t)(len) * 32 + ((size_t)32 << 20))

static void exhaust_budget(Lowering *L, TSNode at)
{
    L->budget_exhausted = true;
    diag_error(L->diag, L->src, ts_node_start_byte(at),
               "gearsc cannot lower this file: its C would exceed %zu bytes (code gear calls "
               "or gotos nested too deeply, or too many gotos with spilled arguments)",
               LOWERING_BUDGET(L->src->len));
}

/* (Checked after every node: kept small enough to inline.) */
static bool over_budget(Lowering *L, TSNode at)
{
    if (!L->budget_exhausted
        && L->rendered_bytes + L->edits.text_bytes > LOWERING_BUDGET(L->src->len))
        exhaust_budget(L, at);
    return L->budget_exhausted;
}

const char *render(Lowering *L, size_t mark, TSNode n)
{
    if (L->budget_exhausted)
        return "";
    Buf b = { 0 };
    edits_render(&L->edits, mark, ts_node_start_byte(n), ts_node_end_byte(n), &b);
    L->rendered_bytes += b.len;
    if (over_budget(L, n)) {
        buf_free(&b);
        return "";
    }
    const char *s = arena_strndup(L->arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

const char *node_str(Lowering *L, TSNode n)
{
    size_t len;
    const char *t = node_text(L->src, n, &len);
    return arena_strndup(L->arena, t, len);
}

/* ---- slots ---- */

static SlotClass classify(TypeEnv *env, Type *t)
{
    t = type_resolve(env, t);
    if (!t)
        return SLOT_MEMORY; /* a typedef gearsc cannot see: memory is always right */
    switch (t->kind) {
    case TYPE_INTEGER:
    case TYPE_POINTER:
        return SLOT_WORD;
    case TYPE_FLOATING:
        return SLOT_FLOAT;
    default:
        return SLOT_MEMORY;
    }
}

/* The spill offsets are C expressions that sum the sizes before them, so
 * their text grows with the square of the parameter count: a gear with 10^5
 * parameters would need gigabytes.  C11 (5.2.4.1) promises 127 parameters;
 * a code gear gets that many. */
enum { MAX_GEAR_PARAMS = 127 };

static bool too_many_params(Lowering *L, const Type *sig, TSNode at)
{
    if (sig->param_count <= MAX_GEAR_PARAMS)
        return false;
    diag_error(L->diag, L->src, ts_node_start_byte(at),
               "a code gear can have at most %d parameters; this one has %d", MAX_GEAR_PARAMS,
               sig->param_count);
    return true;
}

/* Assigns every parameter of gear type sig a slot.  *spill_end receives the
 * C expression for the end of the spill area used, or NULL if none. */
static Slot *assign_slots(Lowering *L, const Type *sig, const char **spill_end)
{
    Slot *slots = arena_alloc(L->arena, (size_t)(sig->param_count + 1) * sizeof *slots);
    int words = 0, floats = 0;
    const char *offset = NULL;
    for (int i = 0; i < sig->param_count; i++) {
        Type *t = sig->params[i].type;
        SlotClass c = classify(L->env, t);
        if (c == SLOT_WORD && words < WORD_SLOTS) {
            slots[i] = (Slot){ SLOT_WORD, words++, NULL };
        } else if (c == SLOT_FLOAT && floats < FLOAT_SLOTS) {
            slots[i] = (Slot){ SLOT_FLOAT, floats++, NULL };
        } else {
            slots[i] = (Slot){ SLOT_MEMORY, 0, offset ? offset : "0" };
            const char *size = arena_printf(L->arena, "__CBC_SPILL_SIZE(sizeof(%s))",
                                            type_to_c(L->arena, t, "", false));
            offset = offset ? arena_printf(L->arena, "%s + %s", offset, size) : size;
        }
    }
    *spill_end = offset;
    return slots;
}

/* The name of the temporary holding argument i of a transition: __cbc_a<i>. */
static const char *temporary_name(char name[static 12], int i)
{
    _Static_assert(MAX_GEAR_PARAMS <= 1000, "temporary names have at most 3 digits");
    memcpy(name, "__cbc_a", 7);
    int k = 7;
    if (i >= 100)
        name[k++] = (char)('0' + i / 100);
    if (i >= 10)
        name[k++] = (char)('0' + i / 10 % 10);
    name[k++] = (char)('0' + i % 10);
    name[k] = '\0';
    return name;
}

/* One register argument of the uniform call: the temporary of argument
 * `arg` (-1: none) converted to the slot's type; else the caller's own
 * incoming register `slot` when forwarding, or 0. */
static void print_slot_argument(Buf *out, int arg, const char *conversion, const char *incoming,
                                int slot, bool forward)
{
    buf_puts(out, ", ");
    if (arg >= 0) {
        buf_puts(out, conversion);
        buf_puts(out, "__cbc_a");
        buf_put_uint(out, (unsigned)arg);
    } else if (forward) {
        buf_puts(out, incoming);
        buf_put_uint(out, (unsigned)slot);
    } else {
        buf_putc(out, '0');
    }
}

/* The call of callee with the uniform arguments: chain, w0..w4, f0..f7.
 * Slots no argument uses forward the caller's own incoming registers in a
 * gear (`forward`), or pass 0 from C.  (Every goto prints one: this is
 * appended piece by piece rather than through printf, for speed.) */
static void print_uniform_call(Buf *out, const char *callee, const Type *sig, const Slot *slots,
                               bool forward)
{
    int word_arg[WORD_SLOTS], float_arg[FLOAT_SLOTS]; /* argument in each slot, or -1 */
    for (int i = 0; i < WORD_SLOTS; i++)
        word_arg[i] = -1;
    for (int i = 0; i < FLOAT_SLOTS; i++)
        float_arg[i] = -1;
    for (int i = 0; i < sig->param_count; i++) {
        if (slots[i].cls == SLOT_WORD)
            word_arg[slots[i].index] = i;
        else if (slots[i].cls == SLOT_FLOAT)
            float_arg[slots[i].index] = i;
    }
    buf_puts(out, callee);
    buf_puts(out, "(__cbc_chain");
    for (int i = 0; i < WORD_SLOTS; i++)
        print_slot_argument(out, word_arg[i], "(__cbc_word)", "__cbc_w", i, forward);
    for (int i = 0; i < FLOAT_SLOTS; i++)
        print_slot_argument(out, float_arg[i], "(double)", "__cbc_f", i, forward);
    buf_puts(out, ");");
}

/* Temporaries of the parameter types, initialised from the arguments. */
static void print_temporaries(Buf *out, const Type *sig, const char **args)
{
    char name[12];
    for (int i = 0; i < sig->param_count; i++) {
        type_print_c(out, sig->params[i].type, temporary_name(name, i), false);
        buf_puts(out, " = ");
        buf_puts(out, args[i]);
        buf_puts(out, "; ");
    }
}

/* The spilled temporaries, stored into the chain's spill area. */
static void print_spill_stores(Lowering *L, Buf *out, const Type *sig, const Slot *slots,
                               const char *spill_end, const char *gear_name)
{
    (void)L;
    if (!spill_end)
        return;
    buf_printf(out,
               "_Static_assert(%s <= CBC_SPILL_BYTES, \"gearsc: the arguments of %s need more "
               "spill area than CBC_SPILL_BYTES; define CBC_SPILL_BYTES larger\"); ",
               spill_end, gear_name);
    for (int i = 0; i < sig->param_count; i++)
        if (slots[i].cls == SLOT_MEMORY)
            buf_printf(out, "__builtin_memcpy(__cbc_chain->spill + %s, &__cbc_a%d, sizeof __cbc_a%d); ",
                       slots[i].offset, i, i);
}

/* ---- diagnostics for goto targets ---- */

static Type *gear_signature(Lowering *L, Type *t)
{
    t = type_resolve(L->env, t);
    if (t && t->kind == TYPE_POINTER)
        t = type_resolve(L->env, t->base);
    return t && t->kind == TYPE_GEAR ? t : NULL;
}

static void note_declared_here(Lowering *L, Symbol *sym)
{
    if (sym && sym->src)
        diag_note(L->diag, sym->src, sym->offset, "'%s' is declared here", sym->name);
}

Resolver resolver(Lowering *L)
{
    return (Resolver){ L->env, L->src, L->scope, L->fn.active && !L->fn.is_gear ? L->fn.return_gear : NULL };
}

/* The gear type a goto or call reaches through `callee`, or NULL after
 * reporting why not. */
static Type *target_signature(Lowering *L, TSNode callee, const char *what)
{
    Resolver r = resolver(L);
    uint32_t at = ts_node_start_byte(callee);
    if (node_is(callee, KIND_identifier)) {
        size_t len;
        const char *name = node_text(L->src, callee, &len);
        if (is_cbc_return(L->src, callee)) {
            if (!r.return_gear) {
                diag_error(L->diag, L->src, at,
                           "'%.*s' can only be used in a C function (it returns from that function)",
                           (int)len, name);
                return NULL;
            }
            return r.return_gear;
        }
        Symbol *sym = scope_lookup(L->scope, name, len);
        if (!sym) {
            diag_error(L->diag, L->src, at,
                       "use of undeclared code gear '%.*s' (declare it: __code %.*s(...);)", (int)len,
                       name, (int)len, name);
            return NULL;
        }
        Type *sig = gear_signature(L, sym->type);
        if (sig)
            return sig;
        if (sym->kind == SYM_FUNCTION)
            diag_error(L->diag, L->src, at,
                       "'%s' is a C function, not a code gear: call it, or declare it with __code",
                       sym->name);
        else
            diag_error(L->diag, L->src, at,
                       "'%s' is not a code gear or a pointer to one (its type is '%s')", sym->name,
                       sym->type ? type_to_cbc(L->arena, sym->type) : "unknown");
        note_declared_here(L, sym);
        return NULL;
    }
    Type *t = expr_type(&r, callee);
    if (!t || !type_resolve(L->env, t)) {
        diag_error(L->diag, L->src, at,
                   "cannot determine the type of '%s' in this %s: declare what it names, or cast "
                   "it to a code gear pointer, e.g. ((__code (*)(int))p)(x)",
                   node_str(L, callee), what);
        return NULL;
    }
    Type *sig = gear_signature(L, t);
    if (!sig)
        diag_error(L->diag, L->src, at, "'%s' is not a code gear or a pointer to one (its type is '%s')",
                   node_str(L, callee), type_to_cbc(L->arena, t));
    return sig;
}

/* Rendered argument texts, after checking their number against sig. */
static const char **check_arguments(Lowering *L, size_t mark, TSNode callee, TSNode args,
                                    const Type *sig)
{
    uint32_t n = ts_node_named_child_count(args);
    const char **texts = arena_alloc(L->arena, (n + 1) * sizeof *texts);
    int count = 0;
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (node_is(a, KIND_comment))
            continue;
        if (node_is(a, KIND_variadic_argument)) {
            diag_error(L->diag, L->src, ts_node_start_byte(a),
                       "'...' passes output data gears in Gears code; a plain CbC goto needs "
                       "every argument");
            return NULL;
        }
        texts[count++] = render(L, mark, a);
    }
    if (count != sig->param_count && !(sig->variadic && count > sig->param_count)) {
        diag_error(L->diag, L->src, ts_node_start_byte(args),
                   "too %s arguments to code gear '%s': expected %d, have %d",
                   count > sig->param_count ? "many" : "few", node_str(L, callee),
                   sig->param_count, count);
        if (node_is(callee, KIND_identifier)) {
            size_t len;
            const char *name = node_text(L->src, callee, &len);
            note_declared_here(L, scope_lookup(L->scope, name, len));
        }
        return NULL;
    }
    if (sig->variadic) {
        diag_error(L->diag, L->src, ts_node_start_byte(callee),
                   "a goto to a variadic code gear is Gears code (__code next(...)); plain CbC "
                   "gears take fixed parameters");
        return NULL;
    }
    return texts;
}

/* ---- gears whose parameters are unspecified: __code (*k)() ---- */

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
static Type *signature_from_arguments(Lowering *L, TSNode callee, TSNode args, Type *sig)
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

/* What a goto and a gear call both need: the checked, rendered arguments,
 * their slots, and the rendered callee. */
typedef struct Transition {
    const char **args;
    Slot *slots;
    const char *spill_end;
    const char *callee;
} Transition;

static bool prepare_transition(Lowering *L, Frame *f, Type **sigp, Transition *t)
{
    TSNode callee = node_field(f->node, FIELD_function), args = node_field(f->node, FIELD_arguments);
    if ((*sigp)->unprototyped && !(*sigp = signature_from_arguments(L, callee, args, *sigp)))
        return false;
    Type *sig = *sigp;
    if (too_many_params(L, sig, callee))
        return false;
    t->args = check_arguments(L, f->edit_mark, callee, args, sig);
    if (!t->args)
        return false;
    t->slots = assign_slots(L, sig, &t->spill_end);
    t->callee = render(L, f->edit_mark, callee);
    return true;
}

/* ---- gear goto ---- */

/*   goto callee(args);
 * in a gear:
 *   { T0 __cbc_a0 = a0; ...; __CBC_TAIL callee(__cbc_chain, ...); }
 * in a C function (entering a chain):
 *   { T0 __cbc_a0 = a0; ...; callee(__cbc_chain, ...); return __cbc_result; } */
static void lower_goto(Lowering *L, Frame *f)
{
    TSNode n = f->node, callee = node_field(n, FIELD_function);
    if (!L->fn.active) {
        diag_error(L->diag, L->src, ts_node_start_byte(n), "goto outside of a function");
        return;
    }
    Type *sig = target_signature(L, callee, "goto");
    Transition t;
    if (!sig || !prepare_transition(L, f, &sig, &t))
        return;
    Buf out = { 0 };
    buf_puts(&out, "{ ");
    print_temporaries(&out, sig, t.args);
    print_spill_stores(L, &out, sig, t.slots, t.spill_end, t.callee);
    if (L->fn.is_gear) {
        buf_puts(&out, "__CBC_TAIL ");
        print_uniform_call(&out, t.callee, sig, t.slots, true);
    } else {
        L->fn.enters_chain = true;
        print_uniform_call(&out, t.callee, sig, t.slots, false);
        buf_puts(&out, L->fn.return_type ? " return __cbc_result;" : " return;");
    }
    buf_puts(&out, " }");
    edits_replace_since(&L->edits, f->edit_mark, ts_node_start_byte(n), ts_node_end_byte(n),
                        arena_strndup(L->arena, out.data, out.len));
    buf_free(&out);
}

/* A call of a gear as a function, from C or from a gear: a nested chain in a
 * frame of its own, as a statement expression of type void. */
static void lower_gear_call(Lowering *L, Frame *f, Type *sig)
{
    TSNode n = f->node;
    Transition t;
    if (!prepare_transition(L, f, &sig, &t))
        return;
    Buf out = { 0 };
    buf_puts(&out, "({ ");
    print_temporaries(&out, sig, t.args);
    buf_puts(&out, "struct __cbc_chain __cbc_call_frame, *__cbc_chain = &__cbc_call_frame; "
                   "__cbc_call_frame.ret = 0; ");
    print_spill_stores(L, &out, sig, t.slots, t.spill_end, t.callee);
    print_uniform_call(&out, t.callee, sig, t.slots, false);
    buf_puts(&out, " })");
    edits_replace_since(&L->edits, f->edit_mark, ts_node_start_byte(n), ts_node_end_byte(n),
                        arena_strndup(L->arena, out.data, out.len));
    buf_free(&out);
}

static void maybe_lower_call(Lowering *L, Frame *f)
{
    TSNode callee = node_field(f->node, FIELD_function);
    Resolver r = resolver(L);
    Type *t = expr_type(&r, callee);
    Type *sig = t ? gear_signature(L, t) : NULL;
    if (!sig)
        return; /* an ordinary C call */
    L->any_cbc = true;
    lower_gear_call(L, f, sig);
}

/* ---- declarations of __code type ---- */

/* `__code (*k)(int ret)` -> `__cbc_code (*k)`: the parameter list of the
 * declarator applied directly to __code goes (gearsc keeps it in its model),
 * and __code becomes the uniform function type. */
static void lower_code_declarator(Lowering *L, TSNode d)
{
    while (node_is(d, KIND_init_declarator) || node_is(d, KIND_attributed_declarator))
        d = node_field(d, FIELD_declarator);
    if (ts_node_is_null(d) || !is_function_declarator(d)) {
        uint32_t at = ts_node_is_null(d) ? 0 : ts_node_start_byte(d);
        diag_error(L->diag, L->src, at,
                   "__code declares a code gear: write a function declarator, as in "
                   "'__code f(int)' or '__code (*k)(int)'");
        return;
    }
    TSNode params = node_field(d, FIELD_parameters);
    if (!ts_node_is_null(params))
        edits_add(&L->edits, ts_node_start_byte(params), ts_node_end_byte(params), "");
    /* A member `__code m(int);` (Gears interfaces declare methods so) cannot
     * have function type in C: it becomes a pointer, `__cbc_code *m`. */
    TSNode name = node_field(d, FIELD_declarator);
    if (node_is(name, KIND_field_identifier))
        edits_add(&L->edits, ts_node_start_byte(name), ts_node_start_byte(name), "*");
}

static void lower_code_declaration(Lowering *L, TSNode n)
{
    TSNode type = node_field(n, FIELD_type);
    L->any_cbc = true;
    bool any = false;
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            if (cursor_in_field(&c, FIELD_declarator)) {
                any = true;
                lower_code_declarator(L, ts_tree_cursor_current_node(&c));
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    if (!any)
        lower_code_declarator(L, (TSNode){ 0 });
    edits_add(&L->edits, ts_node_start_byte(type), ts_node_end_byte(type), "__cbc_code");
}

/* ---- function definitions ---- */

static const char *return_gear_name(Lowering *L, Type *ret)
{
    const char *c = ret ? type_to_c(L->arena, ret, "", true) : "void";
    Buf b = { 0 };
    buf_puts(&b, "__cbc_return_");
    for (const char *p = c; *p; p++) {
        char ch = *p;
        if (ch == '*')
            buf_putc(&b, 'p');
        else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
            buf_putc(&b, ch);
        else if (b.len && b.data[b.len - 1] != '_')
            buf_putc(&b, '_');
    }
    const char *s = arena_strndup(L->arena, b.data, b.len);
    buf_free(&b);
    return s;
}

/* The gear type of __return in a C function returning ret: (T value, void *env). */
static Type *make_return_gear(Lowering *L, Type *ret)
{
    Type *g = type_new(L->arena, TYPE_GEAR);
    g->params = arena_alloc(L->arena, 2 * sizeof *g->params);
    Type *vp = type_new(L->arena, TYPE_VOID);
    vp->spec = "void";
    int k = 0;
    if (ret)
        g->params[k++] = (Param){ "value", ret, 0 };
    g->params[k++] = (Param){ "env", type_pointer_to(L->arena, vp), 0 };
    g->param_count = k;
    return g;
}

/* Unpacking of a gear's slots into its named parameters. */
static void print_unpacking(Lowering *L, Buf *out, const Type *sig)
{
    const char *spill_end;
    Slot *slots = assign_slots(L, sig, &spill_end);
    for (int i = 0; i < sig->param_count; i++) {
        const Param *p = &sig->params[i];
        if (!p->name)
            continue;
        buf_putc(out, ' ');
        type_print_c(out, p->type, p->name, slots[i].cls == SLOT_MEMORY);
        if (slots[i].cls == SLOT_MEMORY) {
            buf_printf(out, "; __builtin_memcpy(&%s, __cbc_chain->spill + %s, sizeof %s);", p->name,
                       slots[i].offset, p->name);
            continue;
        }
        /* __CBC_UNUSED: an unused parameter is no -Wall warning in C either */
        buf_puts(out, " __CBC_UNUSED = (");
        type_print_c(out, p->type, "", false);
        buf_puts(out, slots[i].cls == SLOT_WORD ? ")__cbc_w" : ")__cbc_f");
        buf_put_uint(out, (unsigned)slots[i].index);
        buf_putc(out, ';');
    }
}

/* The return gear for ret, defined once per file in front of the first C
 * function that needs it. */
static void define_return_gear(Lowering *L, TSNode def, Type *ret)
{
    const char *name = return_gear_name(L, ret);
    /* A set, not a list: 20000 functions with as many return types made the
     * scan quadratic. */
    if (scope_lookup(&L->return_gears, name, strlen(name)))
        return;
    scope_declare(L->arena, &L->return_gears, name, SYM_VARIABLE, NULL, L->src, 0);
    Type *sig = L->fn.return_gear;
    const char *spill_end;
    Slot *slots = assign_slots(L, sig, &spill_end);
    Buf out = { 0 };
    buf_printf(&out, "static void %s(__CBC_GEAR_PARAMS) {", name);
    print_unpacking(L, &out, sig);
    buf_puts(&out, " if (env != (void *)__cbc_chain) __builtin_trap();");
    if (ret)
        buf_printf(&out, " __builtin_memcpy(__cbc_chain->ret, &value, sizeof value);");
    buf_puts(&out, " } ");
    (void)slots;
    edits_add(&L->edits, ts_node_start_byte(def), ts_node_start_byte(def),
              arena_strndup(L->arena, out.data, out.len));
    buf_free(&out);
}

static void enter_function(Lowering *L, TSNode def)
{
    const char *name;
    uint32_t offset;
    Type *t = function_definition_type(L->env, L->src, def, &name, &offset);
    memset(&L->fn, 0, sizeof L->fn);
    L->fn.active = true;
    L->fn.type = t;
    L->fn.name = name;
    L->fn.is_gear = t->kind == TYPE_GEAR;
    if (!L->fn.is_gear && t->kind == TYPE_FUNCTION) {
        Type *ret = type_resolve(L->env, t->base);
        L->fn.return_type = ret && ret->kind == TYPE_VOID ? NULL : t->base;
        L->fn.return_gear = make_return_gear(L, L->fn.return_type);
    }
    /* The function's parameters are in scope in its body. */
    L->scope = scope_new(L->arena, L->scope);
    if (t->kind == TYPE_GEAR || t->kind == TYPE_FUNCTION)
        for (int i = 0; i < t->param_count; i++)
            if (t->params[i].name)
                scope_declare(L->arena, L->scope, t->params[i].name, SYM_VARIABLE,
                              t->params[i].type, L->src, t->params[i].offset);
}

TSNode outer_function_declarator(TSNode d)
{
    while (!ts_node_is_null(d) && !is_function_declarator(d))
        d = node_field(d, FIELD_declarator);
    return d;
}

static void leave_function(Lowering *L, TSNode def)
{
    TSNode body = node_field(def, FIELD_body);
    uint32_t body_open = ts_node_start_byte(body) + 1; /* after '{' */
    if (L->fn.is_gear) {
        L->any_cbc = true;
        TSNode type = node_field(def, FIELD_type);
        TSNode fd = outer_function_declarator(node_field(def, FIELD_declarator));
        TSNode params = node_field(fd, FIELD_parameters);
        edits_add(&L->edits, ts_node_start_byte(type), ts_node_end_byte(type), "void");
        edits_add(&L->edits, ts_node_start_byte(params), ts_node_end_byte(params),
                  "(__CBC_GEAR_PARAMS)");
        if (too_many_params(L, L->fn.type, params)) {
            memset(&L->fn, 0, sizeof L->fn);
            return;
        }
        Buf out = { 0 };
        print_unpacking(L, &out, L->fn.type);
        if (out.len)
            edits_add(&L->edits, body_open, body_open, arena_strndup(L->arena, out.data, out.len));
        buf_free(&out);
    } else if (L->fn.enters_chain) {
        Type *ret = L->fn.return_type;
        Buf out = { 0 };
        buf_puts(&out, " struct __cbc_chain __cbc_frame, *__cbc_chain = &__cbc_frame;");
        if (ret)
            buf_printf(&out, " %s; __builtin_memset(&__cbc_result, 0, sizeof __cbc_result);"
                             " __cbc_frame.ret = &__cbc_result;",
                       type_to_c(L->arena, ret, "__cbc_result", true));
        else
            buf_puts(&out, " __cbc_frame.ret = 0;");
        buf_puts(&out, " (void)__cbc_chain;");
        edits_add(&L->edits, body_open, body_open, arena_strndup(L->arena, out.data, out.len));
        buf_free(&out);
    }
    memset(&L->fn, 0, sizeof L->fn);
}

/* __return and __environment in a C function. */
static void lower_cbc_identifier(Lowering *L, TSNode n)
{
    CbcIdentifier special = cbc_identifier(L->src, n);
    if (special == CBC_NOT_SPECIAL)
        return;
    /* `#define __return _CbC_return` (old CbC code) defines a macro: no use. */
    NodeKind parent = node_kind(ts_node_parent(n));
    if (parent == KIND_preproc_def || parent == KIND_preproc_function_def)
        return;
    bool ret = special == CBC_RETURN;
    L->any_cbc = true;
    /* No return gear: a "function" whose declarator is not a function
     * declarator, `int (f) { ... }` (it crashed defining __return's gear). */
    if (!L->fn.active || L->fn.is_gear || !L->fn.return_gear) {
        diag_error(L->diag, L->src, ts_node_start_byte(n),
                   "'%s' can only be used in a C function (it returns from that function); pass "
                   "it to the gears that need it",
                   node_str(L, n));
        return;
    }
    L->fn.enters_chain = true;
    L->fn.uses_return |= ret;
    if (ret) {
        edits_add(&L->edits, ts_node_start_byte(n), ts_node_end_byte(n),
                  return_gear_name(L, L->fn.return_type));
    } else {
        edits_add(&L->edits, ts_node_start_byte(n), ts_node_end_byte(n), "((void *)__cbc_chain)");
    }
}

static bool macro_ident_char(char c)
{
    return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A macro whose body holds `goto g(...)` (a gear goto: a name, member or
 * subscript chain, then '(') writes CbC that source mode cannot see: only
 * the preprocessed file shows it.  An error at the goto, never a silent
 * pass-through that clang would read as `goto label`. */
static void check_macro_body(Lowering *L, TSNode n)
{
    TSNode value = node_field(n, FIELD_value);
    if (ts_node_is_null(value))
        return;
    size_t len;
    const char *t = node_text(L->src, value, &len);
    for (size_t i = 0; i + 4 < len; i++) {
        if (memcmp(t + i, "goto", 4) != 0 || (i > 0 && macro_ident_char(t[i - 1]))
            || macro_ident_char(t[i + 4]))
            continue;
        size_t j = i + 4;
        while (j < len && (t[j] == ' ' || t[j] == '\t'))
            j++;
        size_t target = j;
        while (j < len && (macro_ident_char(t[j]) || t[j] == '.' || t[j] == '[' || t[j] == ']'
                           || t[j] == '-' || t[j] == '>' || t[j] == '#'))
            j++;
        while (j < len && (t[j] == ' ' || t[j] == '\t'))
            j++;
        if (j > target && j < len && t[j] == '(') {
            diag_error(L->diag, L->src, ts_node_start_byte(value) + i,
                       "a goto to a code gear inside a macro is not lowered in source mode (gearsc "
                       "does not expand macros): build this file with 'gearsc cc' or 'gearsc "
                       "--preprocess' (docs/driver.md)");
            return;
        }
    }
}

/* ---- Gears constructs (lowered by the Gears meta level, not here) ---- */

static void refuse_gears_construct(Lowering *L, TSNode n, const char *what)
{
    diag_error(L->diag, L->src, ts_node_start_byte(n),
               "%s is Gears code: compile this file with --gears", what);
}

/* ---- the walk ---- */

static bool has_code_type(TSNode n)
{
    return node_is(node_field(n, FIELD_type), KIND_code_type);
}

static void enter(Lowering *L, Frame *f)
{
    TSNode n = f->node;
    NodeKind kind = f->kind;
    if (kind == KIND_function_definition) {
        if (!L->fn.active) /* (GNU nested functions are not modelled) */
            enter_function(L, n);
        return;
    }
    if (kind == KIND_compound_statement || kind == KIND_for_statement) {
        L->scope = scope_new(L->arena, L->scope); /* a block scope */
        return;
    }
    if (L->gears && gears_enter(L, f))
        return;
    switch (kind) {
    case KIND_declaration:
    case KIND_type_definition:
    case KIND_struct_specifier:
    case KIND_union_specifier:
        if (L->fn.active)
            declare_node(L->env, L->scope, L->src, n);
        if (has_code_type(n))
            lower_code_declaration(L, n);
        break;
    case KIND_parameter_declaration:
    case KIND_field_declaration:
    case KIND_type_descriptor:
        if (has_code_type(n))
            lower_code_declaration(L, n);
        break;
    case KIND_identifier:
        lower_cbc_identifier(L, n);
        break;
    case KIND_preproc_def:
    case KIND_preproc_function_def:
        check_macro_body(L, n);
        break;
    case KIND_interface_definition:
        refuse_gears_construct(L, n, "an Interface declaration");
        break;
    case KIND_implementation_definition:
        refuse_gears_construct(L, n, "an implementation declaration");
        break;
    case KIND_new_expression:
        refuse_gears_construct(L, n, "'new'");
        break;
    case KIND_par_goto_statement:
        refuse_gears_construct(L, n, "'par goto'");
        break;
    default:
        break;
    }
}

static void leave(Lowering *L, Frame *f)
{
    TSNode n = f->node;
    if (L->gears && gears_leave(L, f)) {
        L->scope = f->scope_before;
        return;
    }
    if (f->kind == KIND_gear_goto_statement) {
        L->any_cbc = true;
        lower_goto(L, f);
    } else if (f->kind == KIND_call_expression && L->fn.active && !L->gears) {
        maybe_lower_call(L, f);
    } else if (f->kind == KIND_function_definition && L->fn.active) {
        if (!L->fn.is_gear && L->fn.uses_return)
            define_return_gear(L, n, L->fn.return_type);
        leave_function(L, n);
    }
    L->scope = f->scope_before;
}

/* The lowering walk: every node of the tree in pre-order, enter() on the way
 * down and leave() on the way up, with a Frame per open node on an explicit
 * stack (no recursion).  Every node is visited: scopes and declarations in
 * plain C matter to the gears after them. */
static void walk(Lowering *L, TSNode root)
{
    Frame *stack = NULL;
    size_t depth = 0, cap = 0;
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (depth == cap)
            stack = xrealloc(stack, (cap = cap ? cap * 2 : 256) * sizeof *stack);
        Frame *f = &stack[depth++];
        f->node = n;
        f->kind = node_kind(n);
        f->edit_mark = L->edits.count;
        f->scope_before = L->scope;
        enter(L, f);
        if (ts_tree_cursor_goto_first_child(&c))
            continue;
        for (;;) {
            Frame *left = &stack[--depth];
            leave(L, left);
            if (over_budget(L, left->node))
                goto done; /* reported: no output will be written */
            if (ts_tree_cursor_goto_next_sibling(&c))
                break;
            if (!ts_tree_cursor_goto_parent(&c)) {
                while (depth > 0)
                    leave(L, &stack[--depth]);
                goto done;
            }
        }
    }
done:
    ts_tree_cursor_delete(&c);
    free(stack);
}

/* ---- the prelude ---- */

/* After either prelude: the output's next line is line 1 of the source. */
static void print_line_one(Buf *out, const char *path)
{
    buf_puts(out, "#line 1 \"");
    for (const char *p = path; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_putc(out, '\\');
        buf_putc(out, *p);
    }
    buf_puts(out, "\"\n");
}

static int compare_symbols(const void *a, const void *b)
{
    const Symbol *x = *(Symbol *const *)a, *y = *(Symbol *const *)b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static void print_prelude(Lowering *L, Buf *out)
{
    buf_printf(out, "/* Generated by gearsc from %s: do not edit. */\n", L->src->path);
    buf_puts(out,
             "#ifndef __CBC_PRELUDE\n"
             "#define __CBC_PRELUDE 1\n"
             "#if !defined(__has_attribute)\n"
             "#error \"gearsc output needs __attribute__((musttail)): use clang >= 14 or gcc >= 15\"\n"
             "#elif !__has_attribute(musttail)\n"
             "#error \"gearsc output needs __attribute__((musttail)): use clang >= 14 or gcc >= 15\"\n"
             "#endif\n"
             "#if __SIZEOF_POINTER__ != 8\n"
             "#error \"gearsc lowers code gears for 64-bit targets (x86-64, AArch64)\"\n"
             "#endif\n"
             "#ifndef CBC_SPILL_BYTES\n"
             "#define CBC_SPILL_BYTES 256\n"
             "#endif\n"
             "typedef __UINT64_TYPE__ __cbc_word;\n"
             "struct __cbc_chain { void *ret; _Alignas(16) unsigned char spill[CBC_SPILL_BYTES]; };\n"
             "typedef void __cbc_code(struct __cbc_chain *, __cbc_word, __cbc_word, __cbc_word,"
             " __cbc_word, __cbc_word, double, double, double, double, double, double, double,"
             " double);\n"
             "#define __CBC_UNUSED __attribute__((unused))\n"
             "#define __CBC_GEAR_PARAMS struct __cbc_chain *__cbc_chain __CBC_UNUSED,"
             " __cbc_word __cbc_w0 __CBC_UNUSED, __cbc_word __cbc_w1 __CBC_UNUSED,"
             " __cbc_word __cbc_w2 __CBC_UNUSED, __cbc_word __cbc_w3 __CBC_UNUSED,"
             " __cbc_word __cbc_w4 __CBC_UNUSED, double __cbc_f0 __CBC_UNUSED,"
             " double __cbc_f1 __CBC_UNUSED, double __cbc_f2 __CBC_UNUSED,"
             " double __cbc_f3 __CBC_UNUSED, double __cbc_f4 __CBC_UNUSED,"
             " double __cbc_f5 __CBC_UNUSED, double __cbc_f6 __CBC_UNUSED,"
             " double __cbc_f7 __CBC_UNUSED\n"
             "#define __CBC_TAIL __attribute__((musttail)) return\n"
             "#define __CBC_SPILL_SIZE(n) (((n) + 15) & ~(__SIZE_TYPE__)15)\n"
             "#endif\n");
    /* Every gear of this file, declared up front: CbC lets a goto precede
     * the gear's prototype. */
    Scope *fs = L->env->file_scope;
    Symbol **gears = xmalloc((fs->symbol_count + 1) * sizeof *gears);
    size_t n = 0;
    for (unsigned i = 0; i < fs->bucket_count; i++)
        for (Symbol *s = fs->buckets[i]; s; s = s->next_in_bucket)
            if (s->kind == SYM_GEAR && s->src == L->src)
                gears[n++] = s;
    qsort(gears, n, sizeof *gears, compare_symbols);
    for (size_t i = 0; i < n; i++) {
        buf_puts(out, gears[i]->is_static ? "static __cbc_code " : "__cbc_code ");
        buf_puts(out, gears[i]->name);
        buf_puts(out, ";\n");
    }
    free(gears);
}

/* The manifest's Interfaces and data gears: those the file and its headers declare. */
static void describe_model(Lowering *L)
{
    GearsModel *m = &L->model;
    for (int i = 0; i < m->iface_count; i++) {
        Interface *f = m->ifaces[i];
        const char **names = arena_alloc(L->arena, (size_t)(f->method_count + 1) * sizeof *names);
        for (int k = 0; k < f->method_count; k++)
            names[k] = f->methods[k].name;
        manifest_add_interface(L->manifest, f->name, f->src, f->offset,
                               interface_c_struct(L->arena, f), names, f->method_count);
    }
    for (int i = 0; i < m->impl_count; i++) {
        Implementation *impl = m->impls[i];
        manifest_add_data_gear(L->manifest, impl->name, impl->src, impl->offset,
                               arena_printf(L->arena, "struct %s %s", impl->name, impl->body),
                               impl->iface);
    }
    for (int i = 0; i < m->data_gear_count; i++) {
        DataGear *g = m->data_gears[i];
        manifest_add_data_gear(L->manifest, g->name, g->src, g->offset, g->c_struct, NULL);
    }
}

void lower_file(Buf *out, Buf *manifest_out, Source *src, TSTree *tree, const LowerOptions *opt,
                Diag *d)
{
    Arena arena = { 0 };
    TypeEnv env;
    type_env_init(&env, &arena, d);
    Unit main_unit = { src, tree, NULL };
    Unit *headers = declare_file_scope(&env, &main_unit, opt->include_dirs, opt->include_count);
    Lowering L = { .opt = opt, .gears = opt->gears, .env = &env, .diag = d, .src = src,
                   .arena = &arena, .scope = env.file_scope };
    L.edits.src = src;
    Manifest manifest = { 0 };
    if (L.gears) {
        gears_model_build(&L.model, &env, &main_unit, headers);
        manifest_init(&manifest, src);
        L.manifest = &manifest;
        describe_model(&L);
    }
    walk(&L, ts_tree_root_node(tree));
    if (!d->errors) {
        /* A UTF-8 byte order mark must stay the file's first bytes: in front
         * of the prelude, not glued to the first line after it. */
        bool bom = L.any_cbc && src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0;
        if (bom) {
            buf_append(out, src->text, 3);
            edits_add(&L.edits, 0, 3, "");
        }
        if (L.gears && L.any_cbc)
            gears_print_prelude(&L, out);
        else if (L.any_cbc)
            print_prelude(&L, out);
        if (L.any_cbc && opt->line_directives)
            print_line_one(out, src->path);
        edits_apply(&L.edits, out);
        if (L.gears && manifest_out) {
            char *json = manifest_dump(&manifest);
            buf_puts(manifest_out, json);
            free(json);
        }
    }
    if (L.gears)
        manifest_free(&manifest);
    edits_free(&L.edits);
    free(L.model.ifaces);
    free(L.model.impls);
    free(L.model.data_gears);
    free(L.fn_bindings);
    units_free(headers);
    arena_release(&arena);
}
