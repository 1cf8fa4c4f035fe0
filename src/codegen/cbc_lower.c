/* cbc_lower.c - plain CbC to C with guaranteed tail calls: the base
 * lowering operations (gears_lower.c wraps them).
 *
 * THE CONTRACT (docs/lowering.md has the long form)
 *
 * clang's __attribute__((musttail)) guarantees a tail call at every
 * optimisation level, but only between functions of the same C signature.
 * So every code gear, whatever its CbC parameters, is lowered to one uniform
 * function type:
 *
 *     typedef void __cbc_code(struct __cbc_chain *chain,
 *                             __cbc_word w0, ..., __cbc_word wN,    word slots
 *                             double f0, ..., double fM);           float slots
 *
 * whose numbers the slot layout (layout.h) takes from the target's argument
 * registers: 5 + 8 for x86-64 SysV (and the default, portable, which also
 * fits AArch64), 7 + 8 for AArch64, and no float slot at all for kernels
 * built without FP registers -- never a slot on the stack.  A gear's CbC
 * parameters are assigned
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
 * are forwarded untouched (no instruction at all) rather than zeroed -- when
 * the gear calls no function.  A gear that calls one passes undefined values
 * there instead (an empty asm output per slot): forwarding would keep every
 * incoming register alive across the call, in callee-saved registers pushed
 * and popped around it (docs/performance.md, "Kernel-grade transitions").
 * Entry from C passes undefined values too: nothing is zeroed.  The gear g
 * unpacks its slots into its named parameters at entry.
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
 * that env is the chain it runs in: then it stores and returns.  Otherwise
 * it runs in a chain nested in F's (a gear called like a function), and it
 * tail-calls its cold twin, which walks the frames' links up to env (a
 * linked frame's `ret` is the enclosing chain | 1), marks them (| 2) so that
 * each gear call site returns at once, and stores the value: the chains
 * unwind by ordinary returns, no setjmp.  A C frame between the chains
 * leaves no link: the program stops with a message (prelude.h,
 * PRELUDE_RETURN_ESCAPE; docs/lowering.md).
 *
 * THE PASS
 *
 * One walk over the tree, in document order, with an explicit stack (deep
 * input cannot overflow the C stack).  Scopes are pushed and popped as
 * blocks are entered and left.  Declarations whose type is __code are
 * rewritten on entry; gear gotos, gear calls and function definitions are
 * rewritten on exit, once their parts have been rewritten. */
#include "cbc_lower.h"

#include "../support/prelude.h"
#include "../support/prefix_map.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- slots ---- */

static SlotClass classify(TypeEnv *env, Type *t)
{
    const char *unknown;
    switch (type_class(env, t, &unknown)) {
    case CLASS_WORD:
        return SLOT_WORD;
    case CLASS_FLOAT:
        return SLOT_FLOAT;
    default: /* CLASS_UNKNOWN was reported by check_param_types */
        return SLOT_MEMORY;
    }
}

/* Every parameter of sig has a type gearsc can classify: a typedef it
 * cannot see would take a slot chosen by guess, and a file that saw the
 * typedef would pass the argument elsewhere (the callee reads garbage).
 * Reports each at `at` (or at the parameter, when it is declared in this
 * file and at_param) and returns false. */
static bool check_param_types(Lowering *L, const Type *sig, const char *gear, uint32_t at,
                              bool at_param)
{
    bool ok = true;
    for (int i = 0; i < sig->param_count; i++) {
        const char *unknown;
        if (type_class(L->env, sig->params[i].type, &unknown) != CLASS_UNKNOWN)
            continue;
        const Param *p = &sig->params[i];
        char which[32];
        snprintf(which, sizeof which, "%d", i + 1);
        diag_error(L->diag, L->src, at_param ? p->offset : at,
                   "unknown type '%s' of parameter %s%s%s%s of code gear '%s': gearsc cannot see "
                   "its typedef to choose its slot; declare it in this file or in a header read "
                   "through #include \"...\" and -I, or build with 'gearsc cc'",
                   unknown ? unknown : type_to_c(L->arena, p->type, "", false), which,
                   p->name ? " ('" : "", p->name ? p->name : "", p->name ? "')" : "", gear);
        ok = false;
    }
    return ok;
}

/* A gear definition's parameters become locals of its unpacking, under
 * `#line 0`: gearsc reports what clang would see at line 0. */
bool check_param_names(Lowering *L, const Type *sig, const char *gear)
{
    bool ok = true;
    for (int i = 0; i < sig->param_count; i++) {
        const Param *p = &sig->params[i];
        Type *t = type_resolve(L->env, p->type);
        if (t && t->kind == TYPE_VOID) {
            diag_error(L->diag, L->src, p->offset, "parameter %d of code gear '%s' has type void",
                       i + 1, gear);
            ok = false;
        }
        for (int j = 0; p->name && j < i; j++)
            if (sig->params[j].name && strcmp(sig->params[j].name, p->name) == 0) {
                diag_error(L->diag, L->src, p->offset, "redefinition of parameter '%s' of code gear '%s'",
                           p->name, gear);
                diag_note(L->diag, L->src, sig->params[j].offset, "previous definition is here");
                ok = false;
                break;
            }
    }
    return ok;
}

/* Small structs: a struct or union argument takes two word slots (when
 * two are free) and travels in them when it has at most 16 bytes, as the
 * SysV and AAPCS64 ABIs pass one; a bigger one goes to the spill area, at
 * an offset that counts it only then.  sizeof decides in the generated C
 * (__CBC_REC_*, constant-folded at -O0 too), not gearsc, which does not
 * compute sizes and may not see the struct's body: so both ends of a
 * transition agree whatever headers each saw.  Measured against the spill
 * area in docs/lowering.md ("Measured choices"). */
static bool is_record(TypeEnv *env, Type *t)
{
    t = type_resolve(env, t);
    return t && t->kind == TYPE_RECORD;
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
        if (c == SLOT_WORD && words < L->layout->words) {
            slots[i] = (Slot){ SLOT_WORD, words++, NULL };
        } else if (c == SLOT_FLOAT && floats < L->layout->floats) {
            slots[i] = (Slot){ SLOT_FLOAT, floats++, NULL };
        } else if (c == SLOT_MEMORY && words + 2 <= L->layout->words && is_record(L->env, t)) {
            slots[i] = (Slot){ SLOT_RECORD, words, offset ? offset : "0" };
            words += 2;
            const char *size = arena_printf(L->arena, "__CBC_REC_SPILL(sizeof(%s))",
                                            type_to_c(L->arena, t, "", false));
            offset = offset ? arena_printf(L->arena, "%s + %s", offset, size) : size;
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

/* assign_slots for a transition or an unpacking that the output holds:
 * then the prelude defines the record macros, and the file's chain frames
 * hold the spill area. */
static Slot *use_slots(Lowering *L, const Type *sig, const char **spill_end)
{
    Slot *slots = assign_slots(L, sig, spill_end);
    for (int i = 0; i < sig->param_count; i++)
        L->record_slots |= slots[i].cls == SLOT_RECORD;
    L->may_spill |= *spill_end != NULL;
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
 * incoming register `slot` when forwarding, or an undefined value. */
static void print_slot_argument(Buf *out, int arg, const char *conversion, const char *incoming,
                                int slot, bool forward, const char *undefined)
{
    buf_puts(out, ", ");
    if (arg >= 0) {
        buf_puts(out, conversion);
        buf_puts(out, "__cbc_a");
        buf_put_uint(out, (unsigned)arg);
        if (conversion[0] == '_') /* a macro: __CBC_INT( */
            buf_putc(out, ')');
    } else if (forward) {
        buf_puts(out, incoming);
        buf_put_uint(out, (unsigned)slot);
    } else {
        buf_puts(out, undefined);
    }
}

/* Whether integer type t may be signed and narrower than a word, judged by
 * its specifier (__CBC_INT is right for every integer; this only keeps the
 * output plain for long, unsigned and fixed 64-bit types). */
static bool may_be_narrow_signed(const Type *t)
{
    static const char *const wide_or_unsigned[] = { "long", "unsigned", "uint", "size_t", "64", "_Bool",
                                                    "bool" };
    if (!t->spec)
        return true;
    for (size_t i = 0; i < sizeof wide_or_unsigned / sizeof wide_or_unsigned[0]; i++)
        if (strstr(t->spec, wide_or_unsigned[i]))
            return false;
    return true;
}

/* The call of callee with the uniform arguments: chain, the layout's word
 * slots, its float slots.  Slots no argument uses forward the caller's own
 * incoming registers (`forward`: in a gear that calls no function, where that
 * costs nothing) or pass an undefined value (__CBC_UNDEF_W/F: from C, and
 * in a gear that calls, so that nothing is kept live across its calls).
 * (Every goto prints one: this is appended piece by piece rather than
 * through printf, for speed.) */
static void print_uniform_call(Lowering *L, Buf *out, const char *callee, const Type *sig,
                               const Slot *slots, bool forward)
{
    const SlotLayout *lay = L->layout;
    int word_arg[MAX_WORD_SLOTS], float_arg[MAX_FLOAT_SLOTS]; /* argument in each slot, or -1 */
    int word_part[MAX_WORD_SLOTS]; /* SLOT_RECORD: which of its two words, else -1 */
    for (int i = 0; i < lay->words; i++)
        word_arg[i] = word_part[i] = -1;
    for (int i = 0; i < lay->floats; i++)
        float_arg[i] = -1;
    for (int i = 0; i < sig->param_count; i++) {
        if (slots[i].cls == SLOT_WORD) {
            word_arg[slots[i].index] = i;
        } else if (slots[i].cls == SLOT_RECORD) {
            for (int k = 0; k < 2; k++) {
                word_arg[slots[i].index + k] = i;
                word_part[slots[i].index + k] = k;
            }
        } else if (slots[i].cls == SLOT_FLOAT)
            float_arg[slots[i].index] = i;
    }
    buf_puts(out, callee);
    buf_puts(out, "(__cbc_chain");
    for (int i = 0; i < lay->words; i++) {
        if (word_part[i] >= 0) {
            buf_printf(out, ", __CBC_REC_W(__cbc_a%d, %d)", word_arg[i], word_part[i]);
            continue;
        }
        /* An integer narrower than a word is zero-extended (__CBC_INT), which
         * the 32-bit operations of x86-64 and AArch64 do for free; sign
         * extension cost one movslq/sxtw per changed argument
         * (docs/lowering.md, "Measured choices").  The receiver truncates. */
        Type *t = word_arg[i] >= 0 ? type_resolve(L->env, sig->params[word_arg[i]].type) : NULL;
        const char *conversion = t && t->kind == TYPE_INTEGER && may_be_narrow_signed(t)
                                     ? "__CBC_INT("
                                     : "(__cbc_word)";
        print_slot_argument(out, word_arg[i], conversion, "__cbc_w", i, forward, "__CBC_UNDEF_W");
    }
    for (int i = 0; i < lay->floats; i++)
        print_slot_argument(out, float_arg[i], "(double)", "__cbc_f", i, forward, "__CBC_UNDEF_F");
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
            buf_printf(out, "__builtin_memcpy(__CBC_SPILL(__cbc_chain) + %s, &__cbc_a%d, sizeof __cbc_a%d); ",
                       slots[i].offset, i, i);
        else if (slots[i].cls == SLOT_RECORD)
            buf_printf(out, "__CBC_REC_STORE(%s, __cbc_a%d); ", slots[i].offset, i);
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

static bool names_a_gear(void *ctx, const Symbol *sym)
{
    return gear_signature(ctx, sym->type) != NULL;
}

/* For "did you mean": the gear or gear pointer in scope nearest to name. */
static Symbol *nearest_gear(Lowering *L, const char *name, size_t len)
{
    Suggestion s;
    suggestion_init(&s, L->diag, name, len);
    scope_suggest(L->scope, &s, names_a_gear, L);
    return s.best ? scope_lookup(L->scope, s.best, s.best_len) : NULL;
}

/* An undeclared gear name: reported with the nearest gear in scope, if
 * any, else with the declaration it lacks.  Apart from the lookup so that
 * the lookup reads as the check it is. */
static void report_undeclared_gear(Lowering *L, uint32_t at, const char *name, size_t len)
{
    Symbol *near = nearest_gear(L, name, len);
    if (near) {
        diag_error(L->diag, L->src, at, "use of undeclared code gear '%.*s'; did you mean '%s'?",
                   (int)len, name, near->name);
        note_declared_here(L, near);
    } else {
        diag_error(L->diag, L->src, at,
                   "use of undeclared code gear '%.*s' (declare it: __code %.*s(...);)", (int)len,
                   name, (int)len, name);
    }
}

/* The gear a name reaches: `__return` (only in a C function, where it is
 * the function's return gear), or a gear or gear pointer in scope.  A name
 * is looked up in the walk's scopes; an expression is typed (below). */
static Type *named_target_signature(Lowering *L, const Resolver *r, TSNode callee)
{
    uint32_t at = ts_node_start_byte(callee);
    size_t len;
    const char *name = node_text(L->src, callee, &len);
    if (is_cbc_return(L->src, callee)) {
        if (!r->return_gear)
            diag_error(L->diag, L->src, at,
                       "'%.*s' can only be used in a C function (it returns from that function)",
                       (int)len, name);
        return r->return_gear;
    }
    Symbol *sym = scope_lookup(L->scope, name, len);
    if (!sym) {
        report_undeclared_gear(L, at, name, len);
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
        diag_error(L->diag, L->src, at, "'%s' is not a code gear or a pointer to one (its type is '%s')",
                   sym->name, sym->type ? type_to_cbc(L->arena, sym->type) : "unknown");
    note_declared_here(L, sym);
    return NULL;
}

/* The gear an expression reaches (`p->k`, `t[i]`, `(f)`): from its type,
 * which expr_type may not know (too deep, or undeclared parts); each case
 * says what to do about it. */
static Type *expression_target_signature(Lowering *L, Resolver *r, TSNode callee, const char *what)
{
    uint32_t at = ts_node_start_byte(callee);
    Type *t = expr_type(r, callee);
    if (!t && expr_too_deep(callee)) {
        diag_error(L->diag, L->src, at,
                   "this %s's target is nested too deeply for gearsc to determine its type "
                   "(more than 256 levels of members, calls or subscripts): break the chain "
                   "up with a variable",
                   what);
        return NULL;
    }
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

/* The gear type a goto or call reaches through `callee`, or NULL after
 * reporting why not. */
static Type *target_signature(Lowering *L, TSNode callee, const char *what)
{
    Resolver r = resolver(L);
    if (node_is(callee, KIND_identifier))
        return named_target_signature(L, &r, callee);
    return expression_target_signature(L, &r, callee, what);
}

/* Rendered argument texts, after checking their number against sig. */
static const char **check_arguments(Lowering *L, size_t mark, TSNode callee, TSNode args,
                                    const Type *sig, uint32_t **starts)
{
    uint32_t n = ts_node_named_child_count(args);
    const char **texts = arena_alloc(L->arena, (n + 1) * sizeof *texts);
    uint32_t *at = arena_alloc(L->arena, (n + 1) * sizeof *at);
    *starts = at;
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
        at[count] = ts_node_start_byte(a);
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

/* What a goto and a gear call both need: the checked, rendered arguments,
 * their slots, and the rendered callee. */
typedef struct Transition {
    const char **args;
    uint32_t *arg_at;       /* where each argument starts in the source */
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
    t->args = check_arguments(L, f->edit_mark, callee, args, sig, &t->arg_at);
    if (!t->args || !check_param_types(L, sig, node_str(L, callee), ts_node_start_byte(callee), false))
        return false;
    t->slots = use_slots(L, sig, &t->spill_end);
    t->callee = render(L, f->edit_mark, callee);
    return true;
}

/* ---- gear goto ---- */

/* `\n#line N\n` and spaces: what follows is at offset's line and column. */
static void print_position(Lowering *L, Buf *out, uint32_t offset)
{
    buf_printf(out, "\n#line %u\n", (unsigned)presumed_line(L, offset));
    for (uint32_t c = source_pos(L->src, offset).col; c > 1; c--)
        buf_putc(out, ' ');
}

/* The temporaries with each argument at its own line and column
 * (LowerOptions.exact_columns): clang's messages about an argument -- an
 * undeclared name, a conversion to the parameter type -- point into the
 * .cbc where the argument is.  The declarations between are at line 0; the
 * rest of the transition continues on the goto's last line (end). */
static void print_temporaries_at(Lowering *L, Buf *out, const Type *sig, const Transition *t,
                                 uint32_t end)
{
    char name[12];
    bool braced = false;
    for (int i = 0; i < sig->param_count; i++) {
        if (i > 0)
            buf_puts(out, braced ? "\n#line 0\n}; " : "\n#line 0\n; ");
        type_print_c(out, sig->params[i].type, temporary_name(name, i), false);
        /* A scalar's initializer in braces: clang points a conversion
         * warning at the expression, not at the temporary's name. */
        Type *rt = type_resolve(L->env, sig->params[i].type);
        braced = rt && (rt->kind == TYPE_INTEGER || rt->kind == TYPE_POINTER || rt->kind == TYPE_FLOATING);
        buf_puts(out, braced ? " = {" : " =");
        print_position(L, out, t->arg_at[i]);
        buf_puts(out, t->args[i]);
    }
    buf_printf(out, "\n#line %u\n%s; ", (unsigned)presumed_line(L, end), braced ? "}" : "");
}


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
    if (L->opt->exact_columns && L->opt->line_directives && sig->param_count > 0)
        print_temporaries_at(L, &out, sig, &t, ts_node_end_byte(n));
    else
        print_temporaries(&out, sig, t.args);
    print_spill_stores(L, &out, sig, t.slots, t.spill_end, t.callee);
    if (L->fn.is_gear) {
        buf_puts(&out, "__CBC_TAIL ");
        print_uniform_call(L, &out, t.callee, sig, t.slots, !L->fn.makes_call);
    } else {
        L->fn.enters_chain = true;
        print_uniform_call(L, &out, t.callee, sig, t.slots, false);
        buf_puts(&out, L->fn.return_type ? " return __cbc_result;" : " return;");
    }
    buf_puts(&out, " }");
    edits_replace_since(&L->edits, f->edit_mark, ts_node_start_byte(n), ts_node_end_byte(n),
                        arena_strndup(L->arena, out.data, out.len));
    buf_free(&out);
}

/* Whether the C function around n names __environment (or
 * _CbC_environment) anywhere in its text: then a chain nested in it may
 * return through its __return, and it gets a chain frame of its own for its
 * gear calls to link to.  A look at the text, once per function, not a walk
 * of its tree; a false hit (a comment) costs only that frame. */
static bool c_function_names_environment(Lowering *L)
{
    if (L->fn.is_gear || !L->fn.return_gear)
        return false;
    if (L->fn.names_env == 0) {
        size_t len = 0;
        const char *text = node_text(L->src, L->fn.def, &len);
        static const char key[] = "_environment";
        bool found = false;
        for (size_t i = 0; text && !found && i + sizeof key - 1 <= len; i++) {
            const char *p = memchr(text + i, '_', len - i);
            if (!p)
                break;
            i = (size_t)(p - text);
            found = i + sizeof key - 1 <= len && memcmp(p, key, sizeof key - 1) == 0;
        }
        L->fn.names_env = found ? 1 : -1;
    }
    if (L->fn.names_env > 0)
        L->fn.enters_chain = true; /* its frame: __cbc_chain, __cbc_result */
    return L->fn.names_env > 0;
}

/* A call of a gear as a function, from C or from a gear: a nested chain in a
 * frame of its own, as a statement expression of type void. */
static void lower_gear_call(Lowering *L, Frame *f, Type *sig)
{
    TSNode n = f->node;
    Transition t;
    if (!prepare_transition(L, f, &sig, &t))
        return;
    /* Where __return may leave through this call: in a gear, and in a C
     * function whose __environment the nested chain may hold, the frame
     * links to the enclosing chain and the call is left if __return marked
     * it (__cbc_return_escape in the prelude). */
    bool linked = L->fn.is_gear || c_function_names_environment(L);
    Buf out = { 0 };
    buf_puts(&out, "({ ");
    print_temporaries(&out, sig, t.args);
    L->chain_frames = true;
    if (linked)
        buf_puts(&out, "__CBC_FRAME __cbc_call_frame; __CBC_HEAD(__cbc_call_frame)->ret = __CBC_NESTED(__cbc_chain); "
                       "struct __cbc_chain *__cbc_chain = __CBC_HEAD(__cbc_call_frame); ");
    else
        buf_puts(&out, "__CBC_FRAME __cbc_call_frame; struct __cbc_chain *__cbc_chain = __CBC_HEAD(__cbc_call_frame); "
                       "__cbc_chain->ret = 0; ");
    print_spill_stores(L, &out, sig, t.slots, t.spill_end, t.callee);
    print_uniform_call(L, &out, t.callee, sig, t.slots, false);
    if (linked)
        buf_puts(&out, L->fn.is_gear || !L->fn.return_type
                           ? " if (__CBC_LEFT(__cbc_chain)) return;"
                           : " if (__CBC_LEFT(__cbc_chain)) return __cbc_result;");
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
/* Whether gearsc cannot see type t (a typedef it has no declaration of, a
 * struct by value it has no body of): clang will likely say so. */
static bool type_unseen(Lowering *L, Type *t)
{
    for (int depth = 0; t && depth < 64; depth++) {
        Type *r = type_resolve(L->env, t);
        if (!r)
            return true;
        if (r->kind != TYPE_POINTER)
            return depth == 0 && r->kind == TYPE_RECORD && !type_record(L->env, r);
        t = r->base;
    }
    return false;
}

/* The unpacking: each parameter's declaration, initialised from its slot.
 * With decl_at (the offsets of the parameter declarations in the header,
 * LowerOptions.exact_columns), the declaration of a parameter whose type
 * gearsc cannot see goes to its header line and column, so that clang's
 * message about the type points there (the unpacking is at line 0). */
/* Whether the identifier at t (in text) is a tag: after struct, union or enum. */
static bool is_tag(const char *text, const char *t)
{
    while (t > text && t[-1] == ' ')
        t--;
    static const char *const keys[] = { "struct", "union", "enum" };
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(keys[k]);
        if ((size_t)(t - text) >= n && memcmp(t - n, keys[k], n) == 0
            && (t - n == text || !(isalnum((unsigned char)t[-n - 1]) || t[-n - 1] == '_')))
            return true;
    }
    return false;
}

const char *unpacking_cast_type(Lowering *L, const Param *p)
{
    const char *type = type_to_c(L->arena, p->type, "", false);
    size_t n = strlen(p->name);
    for (const char *t = strstr(type, p->name); t; t = strstr(t + 1, p->name)) {
        bool starts = t == type || !(isalnum((unsigned char)t[-1]) || t[-1] == '_');
        bool ends = !(isalnum((unsigned char)t[n]) || t[n] == '_');
        if (starts && ends && !is_tag(type, t))
            return arena_printf(L->arena, "__typeof__(%s)", p->name);
    }
    return type;
}

/* One spilled parameter's share of the spill area, for the gear's mark:
 * through its name where it has one (a parameter of incomplete type is then
 * reported once, at its declaration), else through its type. */
static void print_spill_term(Lowering *L, Buf *need, const Param *p, SlotClass cls)
{
    const char *size = cls == SLOT_RECORD ? "__CBC_REC_SPILL" : "__CBC_SPILL_SIZE";
    if (need->len)
        buf_puts(need, " + ");
    if (p->name)
        buf_printf(need, "%s(sizeof %s)", size, p->name);
    else
        buf_printf(need, "%s(sizeof(%s))", size, type_to_c(L->arena, p->type, "", false));
}

static void print_unpacking(Lowering *L, Buf *out, const Type *sig, const uint32_t *decl_at)
{
    const char *spill_end;
    Slot *slots = use_slots(L, sig, &spill_end);
    Buf loads = { 0 }, need = { 0 }; /* of spilled parameters: after the declarations */
    for (int i = 0; i < sig->param_count; i++) {
        const Param *p = &sig->params[i];
        bool spilled = slots[i].cls == SLOT_MEMORY || slots[i].cls == SLOT_RECORD;
        if (spilled)
            print_spill_term(L, &need, p, slots[i].cls);
        if (!p->name)
            continue;
        bool at_header = decl_at && type_unseen(L, p->type);
        if (at_header) {
            buf_printf(out, "\n#line %u\n", (unsigned)presumed_line(L, decl_at[i]));
            for (uint32_t c = source_pos(L->src, decl_at[i]).col; c > 1; c--)
                buf_putc(out, ' ');
        } else {
            buf_putc(out, ' ');
        }
        type_print_c(out, p->type, p->name, spilled);
        if (at_header)
            buf_puts(out, "\n#line 0\n");
        if (slots[i].cls == SLOT_RECORD) {
            buf_putc(out, ';');
            buf_printf(&loads, " __CBC_REC_LOAD(%s, __cbc_w%d, __cbc_w%d, %s);", p->name,
                       slots[i].index, slots[i].index + 1, slots[i].offset);
            continue;
        }
        if (slots[i].cls == SLOT_MEMORY) {
            buf_putc(out, ';');
            buf_printf(&loads, " __builtin_memcpy(&%s, __CBC_SPILL(__cbc_chain) + %s, sizeof %s);",
                       p->name, slots[i].offset, p->name);
            continue;
        }
        /* __CBC_UNUSED: an unused parameter is no -Wall warning in C either */
        buf_puts(out, " __CBC_UNUSED = (");
        buf_puts(out, unpacking_cast_type(L, p));
        buf_puts(out, slots[i].cls == SLOT_WORD ? ")__cbc_w" : ")__cbc_f");
        buf_put_uint(out, (unsigned)slots[i].index);
        buf_putc(out, ';');
    }
    /* The mark of the spill bytes a goto to this gear needs (see "the spill
     * room" below), before the spilled arguments are read: an asm statement
     * between reading them and a goto passing them on would keep the
     * compiler from forwarding them through memory. */
    if (spill_end)
        buf_printf(out, " __CBC_SPILL_NEED(%.*s);", (int)need.len, need.data);
    if (loads.len)
        buf_append(out, loads.data, loads.len);
    buf_free(&loads);
    buf_free(&need);
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
    if (!check_param_types(L, sig, "__return", ts_node_start_byte(def), false))
        return;
    Buf out = { 0 };
    /* The rare case, a chain nested in the one env names (a gear called like
     * a function): __cbc_return_escape marks the nested frames to be left
     * (each call site returns at once), or stops the program with a
     * message; then the value goes to env's frame.  A gear of its own,
     * reached by a tail call, so that the common case stays a leaf. */
    buf_printf(&out, "static __attribute__((noinline, cold)) void %s_far(__CBC_GEAR_PARAMS) {", name);
    print_unpacking(L, &out, sig, NULL);
    buf_puts(&out, " __cbc_return_escape(__cbc_chain, env);");
    if (ret)
        buf_puts(&out, " __builtin_memcpy(((struct __cbc_chain *)env)->ret, &value, sizeof value);");
    buf_puts(&out, " } ");
    /* The common case, the chain that env names: store and return. */
    buf_printf(&out, "static void %s(__CBC_GEAR_PARAMS) {", name);
    print_unpacking(L, &out, sig, NULL);
    buf_printf(&out, " if (env != (void *)__cbc_chain) { __CBC_TAIL %s_far(__cbc_chain", name);
    for (int i = 0; i < L->layout->words; i++)
        buf_printf(&out, ", __cbc_w%d", i);
    for (int i = 0; i < L->layout->floats; i++)
        buf_printf(&out, ", __cbc_f%d", i);
    buf_puts(&out, "); }");
    if (ret)
        buf_puts(&out, " __builtin_memcpy(__cbc_chain->ret, &value, sizeof value);");
    buf_puts(&out, " } ");
    edits_add(&L->edits, ts_node_start_byte(def), ts_node_start_byte(def),
              arena_strndup(L->arena, out.data, out.len));
    buf_free(&out);
}

/* Whether some node of the subtree at root (root included, in pre-order)
 * is one that match accepts. */
static bool subtree_has(Lowering *L, TSNode root, bool (*match)(Lowering *L, TSNode n))
{
    bool found = false;
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (;;) {
        if (match(L, ts_tree_cursor_current_node(&c))) {
            found = true;
            break;
        }
        if (ts_tree_cursor_goto_first_child(&c))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(&c))
            if (!ts_tree_cursor_goto_parent(&c))
                goto done;
    }
done:
    ts_tree_cursor_delete(&c);
    return found;
}

/* A call expression other than of a __builtin_ (those are mostly inlined). */
static bool is_real_call(Lowering *L, TSNode n)
{
    if (!node_is(n, KIND_call_expression))
        return false;
    TSNode fn = node_field(n, FIELD_function);
    size_t len = 0;
    const char *name = node_is(fn, KIND_identifier) ? node_text(L->src, fn, &len) : NULL;
    return !name || len < 10 || memcmp(name, "__builtin_", 10) != 0;
}

/* Whether the body of def calls a function (is_real_call).  A gear that
 * calls forwards no slot: forwarded registers would have to be kept live
 * across the call. */
static bool makes_call(Lowering *L, TSNode def)
{
    TSNode body = node_field(def, FIELD_body);
    return !ts_node_is_null(body) && subtree_has(L, body, is_real_call);
}

/* Where each parameter declaration of a gear header starts (as the model
 * counts them: parameter_declaration nodes), for print_unpacking; NULL
 * without exact columns. */
static const uint32_t *header_declarations(Lowering *L, TSNode params, const Type *sig)
{
    if (!L->opt->exact_columns || !L->opt->line_directives || ts_node_is_null(params))
        return NULL;
    uint32_t *at = arena_alloc(L->arena, ((size_t)sig->param_count + 1) * sizeof *at);
    int k = 0;
    uint32_t n = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n && k < sig->param_count; i++) {
        TSNode p = ts_node_named_child(params, i);
        if (node_is(p, KIND_parameter_declaration))
            at[k++] = ts_node_start_byte(p);
    }
    return k == sig->param_count ? at : NULL;
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
    L->fn.def = def;
    L->fn.is_gear = t->kind == TYPE_GEAR;
    L->fn.makes_call = L->fn.is_gear && makes_call(L, def);
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

/* `__code knr(a, b) int a; long b; {...}`: the parameter types are in
 * declarations between the declarator and the body, which gearsc does not
 * read into the gear's type. */
static bool check_not_knr(Lowering *L, TSNode params)
{
    uint32_t n = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ts_node_named_child(params, i);
        if (!node_is(p, KIND_identifier))
            continue;
        diag_error(L->diag, L->src, ts_node_start_byte(p),
                   "K&R definitions of code gears are not supported: write each parameter with "
                   "its type in the parameter list (a prototype definition)");
        return false;
    }
    return true;
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
        uint32_t type_len = ts_node_end_byte(type) - ts_node_start_byte(type);
        /* exact columns: `void` padded to the width of `__code`, so the
         * gear's name keeps its column (clang's "redefinition of 'f'") */
        edits_add(&L->edits, ts_node_start_byte(type), ts_node_end_byte(type),
                  L->opt->exact_columns && L->opt->line_directives && type_len > 4 && type_len < 16
                      ? arena_printf(L->arena, "void%*s", (int)(type_len - 4), "")
                      : "void");
        edits_add(&L->edits, ts_node_start_byte(params), ts_node_end_byte(params),
                  "(__CBC_GEAR_PARAMS)");
        const char *gear = L->fn.name ? L->fn.name : "";
        if (!check_not_knr(L, params) || too_many_params(L, L->fn.type, params)
            || !check_param_names(L, L->fn.type, gear)
            || !check_param_types(L, L->fn.type, gear, 0, true)) {
            memset(&L->fn, 0, sizeof L->fn);
            return;
        }
        /* The unpacking under `#line 0`: a breakpoint on the gear (its name
         * or its first line) then stops after it, where the parameters hold
         * their values (docs/debugging.md). */
        Buf out = { 0 };
        print_unpacking(L, &out, L->fn.type, header_declarations(L, params, L->fn.type));
        if (out.len)
            edits_add(&L->edits, body_open, body_open,
                      line_zero_wrap(L, body_open, arena_strndup(L->arena, out.data, out.len)));
        buf_free(&out);
    } else if (L->fn.enters_chain) {
        Type *ret = L->fn.return_type;
        Buf out = { 0 };
        L->chain_frames = true;
        buf_puts(&out, " __CBC_FRAME __cbc_frame; struct __cbc_chain *__cbc_chain = __CBC_HEAD(__cbc_frame);");
        if (ret)
            buf_printf(&out, " %s __CBC_RESULT_ALIGN; __builtin_memset(&__cbc_result, 0, sizeof __cbc_result);"
                             " __cbc_chain->ret = &__cbc_result;",
                       type_to_c(L->arena, ret, "__cbc_result", true));
        else
            buf_puts(&out, " __cbc_chain->ret = 0;");
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

/* CbC control flow: a goto to a gear, a par goto, or __return /
 * __environment (also spelled _CbC_return / _CbC_environment). */
static bool is_cbc_control(Lowering *L, TSNode n)
{
    return node_is(n, KIND_gear_goto_statement) || node_is(n, KIND_par_goto_statement)
        || (node_is(n, KIND_identifier) && cbc_identifier(L->src, n) != CBC_NOT_SPECIAL);
}

/* A function defined inside a function (a GNU C nested function) is not
 * modelled: lowering sees one function at a time.  It passes through where
 * no CbC touches it; a gear on either side, or CbC control flow inside it,
 * would be lowered in the wrong function, so it is an error. */
static void check_nested_definition(Lowering *L, TSNode def)
{
    if (L->fn.is_gear)
        diag_error(L->diag, L->src, ts_node_start_byte(def),
                   "a function cannot be defined inside code gear '%s'",
                   L->fn.name ? L->fn.name : "");
    else if (has_code_type(def))
        diag_error(L->diag, L->src, ts_node_start_byte(def),
                   "a code gear cannot be defined inside a function");
    else if (subtree_has(L, def, is_cbc_control))
        diag_error(L->diag, L->src, ts_node_start_byte(def),
                   "a nested function cannot use CbC control flow (a goto to a code gear, "
                   "__return or __environment): define it at file scope");
}

/* `__code f(int a) {...}` (or `__code (f)(int a)`): a definition of code
 * type defines one gear by name and parameter list, or a C function that
 * returns a gear pointer (`__code (*pick(void))(int) {...}`).  Anything else
 * after __code (`__code *f(int) {...}`, `__code (*k)(int) {...}`,
 * `__code (x) {...}`) defines neither: passed through, C would read some of
 * it as a K&R function named __code. */
static bool check_gear_declarator(Lowering *L, TSNode def, const Type *t)
{
    TSNode d = node_field(def, FIELD_declarator);
    while (node_is(d, KIND_attributed_declarator))
        d = node_field(d, FIELD_declarator);
    TSNode name = node_is(d, KIND_function_declarator) ? node_field(d, FIELD_declarator) : d;
    while (node_is(name, KIND_parenthesized_declarator) && ts_node_named_child_count(name) == 1)
        name = ts_node_named_child(name, 0);
    if (node_is(d, KIND_function_declarator)
        && (t->kind == TYPE_FUNCTION || (t->kind == TYPE_GEAR && node_is(name, KIND_identifier))))
        return true;
    diag_error(L->diag, L->src, ts_node_is_null(d) ? ts_node_start_byte(def) : ts_node_start_byte(d),
               "a code gear definition names the gear and its parameters, as in "
               "'__code f(int a) { ... }'");
    return false;
}

void cbc_enter(Lowering *L, Frame *f)
{
    TSNode n = f->node;
    NodeKind kind = f->kind;
    if (kind == KIND_function_definition) {
        if (L->fn.active) {
            check_nested_definition(L, n);
            return;
        }
        enter_function(L, n);
        if (has_code_type(n) && !check_gear_declarator(L, n, L->fn.type))
            memset(&L->fn, 0, sizeof L->fn); /* reported; its scope ends with the node */
        else if (has_code_type(n) && !L->fn.is_gear)
            lower_code_declaration(L, n); /* returns a gear pointer */
        return;
    }
    if (kind == KIND_compound_statement || kind == KIND_for_statement) {
        L->scope = scope_new(L->arena, L->scope); /* a block scope */
        return;
    }
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

void cbc_leave(Lowering *L, Frame *f)
{
    TSNode n = f->node;
    if (f->kind == KIND_gear_goto_statement) {
        L->any_cbc = true;
        lower_goto(L, f);
    } else if (f->kind == KIND_call_expression && L->fn.active) {
        maybe_lower_call(L, f);
    } else if (f->kind == KIND_function_definition && leaves_current_function(L, f)) {
        if (!L->fn.is_gear && L->fn.uses_return)
            define_return_gear(L, n, L->fn.return_type);
        leave_function(L, n);
    }
}

/* ---- the prelude ---- */

static int compare_symbols(const void *a, const void *b)
{
    const Symbol *x = *(Symbol *const *)a, *y = *(Symbol *const *)b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Every gear of this file, declared up front: CbC lets a goto precede the
 * gear's prototype. */
static void declare_gears(Lowering *L, Buf *out)
{
    Scope *fs = L->env->file_scope;
    Symbol **gears = xmalloc((fs->symbols.count + 1) * sizeof *gears);
    size_t n = 0;
    for (unsigned i = 0; i < fs->symbols.bucket_count; i++)
        for (HashLink *e = fs->symbols.buckets[i]; e; e = e->next) {
            Symbol *s = (Symbol *)e;
            if (s->kind == SYM_GEAR && s->src == L->src)
                gears[n++] = s;
        }
    qsort(gears, n, sizeof *gears, compare_symbols);
    for (size_t i = 0; i < n; i++) {
        buf_puts(out, gears[i]->is_static ? "static __cbc_code " : "__cbc_code ");
        buf_puts(out, gears[i]->name);
        buf_puts(out, ";\n");
    }
    free(gears);
}

/* The layout's checks of the compilation: its architecture, and FP
 * registers where it has float slots. */
static void print_layout_checks(Buf *out, const SlotLayout *lay)
{
    if (lay->arch != ARCH_ANY) {
        bool x86 = lay->arch == ARCH_X86_64;
        buf_printf(out,
                   "#if !defined(%s)\n"
                   "#error \"gearsc: this file was lowered for the slot layout %s (--layout=%s): "
                   "compile it for %s, or lower it again with --layout= for your target\"\n"
                   "#endif\n",
                   x86 ? "__x86_64__" : "__aarch64__", lay->name, lay->name,
                   x86 ? "x86-64" : "AArch64");
    }
    if (lay->floats > 0) {
        buf_puts(out,
                 "#if (defined(__x86_64__) && !defined(__SSE2__)) || (defined(__aarch64__) && "
                 "(!defined(__ARM_FP) || !defined(__ARM_NEON)))\n");
        buf_printf(out,
                   "#error \"gearsc: the slot layout %s passes doubles in FP registers, which this "
                   "compilation does not have (-mgeneral-regs-only, -mno-sse, -msoft-float): lower "
                   "the file with --layout=x86_64-int or --layout=aarch64-int\"\n"
                   "#endif\n",
                   lay->name);
    }
}

/* The uniform gear type and __CBC_GEAR_PARAMS, for the layout. */
static void print_gear_type(Buf *out, const SlotLayout *lay)
{
    buf_puts(out, "typedef void __cbc_code(struct __cbc_chain *");
    for (int i = 0; i < lay->words; i++)
        buf_puts(out, ", __cbc_word");
    for (int i = 0; i < lay->floats; i++)
        buf_puts(out, ", double");
    buf_puts(out, ");\n" PRELUDE_DEFINE_UNUSED
                  "#define __CBC_GEAR_PARAMS struct __cbc_chain *__cbc_chain __CBC_UNUSED");
    for (int i = 0; i < lay->words; i++)
        buf_printf(out, ", __cbc_word __cbc_w%d __CBC_UNUSED", i);
    for (int i = 0; i < lay->floats; i++)
        buf_printf(out, ", double __cbc_f%d __CBC_UNUSED", i);
    buf_puts(out, "\n");
}

/* The link-time check that every file of the program has one layout
 * shape: each object defines the marker symbol of its shape in a COMDAT
 * group that all shapes share (the linker keeps one group) and references
 * it, so an object of another shape references a marker the linker
 * discarded: lld says "relocation refers to a symbol in a discarded
 * section: __gearsc_slot_layout_...", GNU ld "undefined reference to
 * `__gearsc_slot_layout_...'".  CBC_SPILL_BYTES is part of the shape. */
static void print_layout_marker(Buf *out, const SlotLayout *lay)
{
    buf_printf(out,
               "#define __CBC_LAYOUT_SHAPE %d\n"
               "#if defined(__ELF__) && !defined(CBC_NO_LINK_CHECKS)\n"
               "#define __CBC_MARKER \"__gearsc_slot_layout_%d_word_%d_float_slots\"\n"
               "__asm__(\".pushsection .gearsc_layout,\\\"aGR\\\",%%progbits,__gearsc_slot_layout,comdat\\n"
               ".globl \" __CBC_MARKER \"\\n.hidden \" __CBC_MARKER \"\\n\" __CBC_MARKER \":\\n.byte 0\\n"
               ".popsection\\n.pushsection .gearsc_layout_use,\\\"aR\\\",%%progbits\\n.long \" "
               "__CBC_MARKER \" - .\\n.popsection\");\n"
               "#endif\n",
               lay->words * 100 + lay->floats, lay->words, lay->floats);
}

/* ---- the spill room: how much of the spill area a chain frame holds ----
 *
 * A chain frame (the struct a C function entering a chain, or a gear call,
 * keeps in its frame) holds the spill area only where the file may need it:
 * where some gear type the file declares, defines or reaches passes an
 * argument in the spill area (`may_spill`), or where the user fixed
 * CBC_SPILL_BYTES.  Elsewhere the frame is the 16-byte head alone.  The
 * file's choice is the macro __CBC_FRAME, pushed at the top of the file's
 * own part and popped at its end, so that lowered files #included into one
 * another keep theirs.
 *
 * A frame's chain can reach gears of other files, so a goto that spills N
 * bytes into a frame of fewer is caught when the program is assembled and
 * linked, by levels h = 8, 16, 32, ... 2^19 bytes.  Each gear that receives
 * N spilled bytes marks, at its entry, every level h < N as "needed"
 * (assembler macro __gearsc_spill_need, its N from the C compiler through
 * an "i" operand): a goto that spills reaches such a gear in some object;
 * each frame kind of a file marks the one level h its room R cannot pass
 * (h/2 < R <= h, or h = 8 for R < 16) as "not held", and the room is R
 * rounded up to that h (__CBC_ROOM_BYTES).  A goto of N > h meets a room of
 * at most h exactly when both mark level h.  The two marks of one level are
 * two symbols in one COMDAT group, as the layout marker's shapes: across
 * objects the linker keeps one group and the other's reference is an error
 * naming the symbol (__gearsc_spill_over_<h>_bytes_received_by_a_gear__CBC_SPILL_BYTES
 * or ..._not_held_by_a_chain_frame__CBC_SPILL_BYTES); in
 * one object the second mark stops the assembler with .error.  Rooms over
 * 512 KiB are not checked.
 *
 * CBC_NO_LINK_CHECKS (gearsc cc defines it under -flto: LTO cannot merge
 * symbols that module-level asm defines in COMDAT groups) leaves every mark
 * out, and then every frame holds CBC_SPILL_BYTES, as every goto's static
 * assertion assumes. */
enum { SPILL_LEVEL_MIN = 8, SPILL_LEVEL_MAX = 1 << 19 };

/* The assembler macros (file-scope asm: `%` is not an operand here). */
static void print_spill_macros(Buf *out)
{
    static const char received[] = "received_by_a_gear__CBC_SPILL_BYTES",
                      not_held[] = "not_held_by_a_chain_frame__CBC_SPILL_BYTES";
    buf_puts(out,
             "#if defined(__ELF__) && !defined(CBC_NO_LINK_CHECKS)\n"
             "__asm__(\".ifndef .L__gearsc_spill_macros\\n.L__gearsc_spill_macros:\\n"
             ".macro __gearsc_spill_mark kind, other, h\\n"
             ".ifndef __gearsc_spill_over_\\\\h\\\\()_bytes_\\\\kind\\n"
             ".ifdef __gearsc_spill_over_\\\\h\\\\()_bytes_\\\\other\\n"
             ".error \\\"gearsc: a gear of this file receives more than \\\\h spilled bytes, and a chain "
             "frame of this file holds at most \\\\h: define CBC_SPILL_BYTES (docs/lowering.md)\\\"\\n"
             ".endif\\n"
             ".pushsection .gearsc_spill,\\\"aGR\\\",%progbits,__gearsc_spill_\\\\h,comdat\\n"
             ".globl __gearsc_spill_over_\\\\h\\\\()_bytes_\\\\kind\\n"
             ".hidden __gearsc_spill_over_\\\\h\\\\()_bytes_\\\\kind\\n"
             "__gearsc_spill_over_\\\\h\\\\()_bytes_\\\\kind:\\n.byte 0\\n.popsection\\n"
             ".pushsection .gearsc_spill_use,\\\"aR\\\",%progbits\\n"
             ".long __gearsc_spill_over_\\\\h\\\\()_bytes_\\\\kind - .\\n.popsection\\n"
             ".endif\\n.endm\\n");
    buf_printf(out, ".macro __gearsc_spill_received h\\n__gearsc_spill_mark %s, %s, \\\\h\\n.endm\\n"
                    ".macro __gearsc_spill_not_held h\\n__gearsc_spill_mark %s, %s, \\\\h\\n.endm\\n",
               received, not_held, not_held, received);
    buf_puts(out, ".macro __gearsc_spill_need n\\n");
    for (long h = SPILL_LEVEL_MIN; h <= SPILL_LEVEL_MAX; h *= 2)
        buf_printf(out, ".if \\\\n > %ld\\n__gearsc_spill_received %ld\\n.endif\\n", h, h);
    buf_puts(out, ".endm\\n.macro __gearsc_spill_room n\\n");
    buf_printf(out, ".if \\\\n < %d\\n__gearsc_spill_not_held %d\\n.endif\\n", 2 * SPILL_LEVEL_MIN,
               SPILL_LEVEL_MIN);
    for (long h = 2 * SPILL_LEVEL_MIN; h <= SPILL_LEVEL_MAX; h *= 2)
        buf_printf(out, ".if \\\\n > %ld\\n.if \\\\n <= %ld\\n__gearsc_spill_not_held %ld\\n.endif\\n.endif\\n",
                   h / 2, h, h);
    buf_puts(out, ".endm\\n.endif\");\n"
                  "#define __CBC_SPILL_NEED(n) __asm__(\"__gearsc_spill_need %c0\" : : \"i\"(n))\n"
                  "#define __CBC_ROOM_MARK(n) __asm__(\"__gearsc_spill_room \" __CBC_STR(n));\n"
                  "#else\n"
                  "#define __CBC_SPILL_NEED(n) ((void)0)\n"
                  "#define __CBC_ROOM_MARK(n)\n"
                  "#endif\n");
}

/* The room of a chain frame: CBC_SPILL_BYTES rounded up to its level. */
static void print_room_bytes(Buf *out)
{
    buf_printf(out, "#define __CBC_ROOM_BYTES(n) ((n) <= %d ? (n)", 2 * SPILL_LEVEL_MIN);
    for (long h = 4 * SPILL_LEVEL_MIN; h <= SPILL_LEVEL_MAX; h *= 2)
        buf_printf(out, " : (n) <= %ld ? %ld", h, h);
    buf_puts(out, " : (n))\n");
}

/* The file's own frame kind, and its room mark. */
static void print_chain_frame(Lowering *L, Buf *out)
{
    if (!L->chain_frames)
        return;
    buf_printf(out,
               "#pragma push_macro(\"__CBC_FRAME\")\n"
               "#undef __CBC_FRAME\n"
               "#if CBC_SPILL_BYTES > 0 && (defined(__CBC_SPILL_FIXED) || defined(CBC_NO_LINK_CHECKS) || %d)\n"
               "#define __CBC_FRAME struct __cbc_chain_room\n"
               "__CBC_ROOM_MARK(CBC_SPILL_BYTES)\n"
               "#else\n"
               "#define __CBC_FRAME struct __cbc_chain\n"
               "__CBC_ROOM_MARK(0)\n"
               "#endif\n",
               L->may_spill ? 1 : 0);
}

static void cbc_epilogue(Lowering *L, Buf *out)
{
    if (!L->chain_frames)
        return;
    if (out->len && out->data[out->len - 1] != '\n')
        buf_putc(out, '\n');
    buf_puts(out, "#pragma pop_macro(\"__CBC_FRAME\")\n");
}

/* Whether a gear the file can see (its own, or a header's) passes arguments
 * in the spill area: then a chain the file enters may reach it. */
static void note_declared_spills(Lowering *L)
{
    Scope *fs = L->env->file_scope;
    for (unsigned i = 0; i < fs->symbols.bucket_count && !L->may_spill; i++)
        for (HashLink *e = fs->symbols.buckets[i]; e && !L->may_spill; e = e->next) {
            Symbol *s = (Symbol *)e;
            Type *sig = s->kind == SYM_GEAR ? type_resolve(L->env, s->type) : NULL;
            const char *spill_end = NULL;
            if (sig && sig->kind == TYPE_GEAR && sig->param_count <= MAX_GEAR_PARAMS)
                assign_slots(L, sig, &spill_end);
            L->may_spill = spill_end != NULL;
        }
}

/* Small structs in word slots (see is_record): only in files that have
 * them, after the prelude (and once in a translation unit). */
#define RECORD_SLOT_MACROS                                                                         \
    "#ifndef __CBC_REC_W\n"                                                                        \
    "#define __CBC_REC_SMALL(x) (sizeof(x) <= 16)\n"                                               \
    "#define __CBC_REC_SPILL(n) ((n) <= 16 ? 0 : __CBC_SPILL_SIZE(n))\n"                           \
    "#define __CBC_REC_BYTES(x, k) (sizeof(x) <= 8 * (k) ? 0 : sizeof(x) - 8 * (k) < 8 ? "         \
    "sizeof(x) - 8 * (k) : 8)\n"                                                                   \
    "#define __CBC_REC_W(x, k) (__CBC_REC_SMALL(x) && __CBC_REC_BYTES(x, k) ? ({ __cbc_word "       \
    "__cbc_r = 0; __builtin_memcpy(&__cbc_r, (const unsigned char *)&(x) + (__CBC_REC_BYTES(x, "    \
    "k) ? 8 * (k) : 0), __CBC_REC_BYTES(x, k)); __cbc_r; }) : __CBC_UNDEF_W)\n"                    \
    "#define __CBC_REC_STORE(off, x) do { if (!__CBC_REC_SMALL(x)) "                               \
    "__builtin_memcpy(__CBC_SPILL(__cbc_chain) + (off), &(x), sizeof(x)); } while (0)\n"                 \
    "#define __CBC_REC_LOAD(x, w0, w1, off) do { if (__CBC_REC_SMALL(x)) { __cbc_word __cbc_r[2] " \
    "= { (w0), (w1) }; __builtin_memcpy(&(x), __cbc_r, __CBC_REC_SMALL(x) ? sizeof(x) : 16); } "    \
    "else __builtin_memcpy(&(x), __CBC_SPILL(__cbc_chain) + (off), sizeof(x)); } while (0)\n"             \
    "#endif\n"

static void cbc_prelude(Lowering *L, Buf *out)
{
    const SlotLayout *lay = L->layout;
    buf_printf(out, "/* Generated by gearsc from %s: do not edit. */\n",
               path_for_comment(L, prefix_map_path(L->src->path)));
    buf_puts(out,
             "#ifndef __CBC_PRELUDE\n"
             "#define __CBC_PRELUDE 1\n"
             PRELUDE_MUSTTAIL_CHECK
             "#if __SIZEOF_POINTER__ != 8\n"
             "#error \"gearsc lowers code gears for 64-bit targets (x86-64, AArch64)\"\n"
             "#endif\n");
    print_layout_checks(out, lay);
    buf_puts(out,
             "#ifdef CBC_SPILL_BYTES\n"
             "#define __CBC_SPILL_FIXED 1\n"
             "#else\n"
             "#define CBC_SPILL_BYTES 256\n"
             "#endif\n"
             "#define __CBC_STR2(x) #x\n"
             "#define __CBC_STR(x) __CBC_STR2(x)\n"
             "typedef __UINT64_TYPE__ __cbc_word;\n"
             "struct __cbc_chain { _Alignas(16) void *ret; };\n");
    print_room_bytes(out);
    buf_puts(out,
             "struct __cbc_chain_room { struct __cbc_chain head; "
             "_Alignas(16) unsigned char spill[__CBC_ROOM_BYTES(CBC_SPILL_BYTES) + !CBC_SPILL_BYTES]; };\n"
             "#define __CBC_HEAD(frame) ((struct __cbc_chain *)&(frame))\n"
             "#define __CBC_SPILL(chain) ((unsigned char *)(chain) + sizeof(struct __cbc_chain))\n");
    print_spill_macros(out);
    print_gear_type(out, lay);
    buf_puts(out,
             PRELUDE_DEFINE_TAIL
             "#define __CBC_SPILL_SIZE(n) (((n) + 15) & ~(__SIZE_TYPE__)15)\n"
             "#define __CBC_INT(x) ((__cbc_word)_Generic((x), char: (unsigned char)(x), signed char: "
             "(unsigned char)(x), short: (unsigned short)(x), int: (unsigned int)(x), default: (x)))\n"
             "#define __CBC_UNDEF_W ({ __cbc_word __cbc_u; __asm__ __volatile__(\"\" : \"=r\"(__cbc_u)); __cbc_u; })\n");
    if (lay->floats > 0)
        buf_puts(out, "#if defined(__aarch64__)\n"
                      "#define __CBC_UNDEF_F ({ double __cbc_u; __asm__ __volatile__(\"\" : \"=w\"(__cbc_u)); __cbc_u; })\n"
                      "#else\n"
                      "#define __CBC_UNDEF_F ({ double __cbc_u; __asm__ __volatile__(\"\" : \"=x\"(__cbc_u)); __cbc_u; })\n"
                      "#endif\n");
    buf_puts(out, PRELUDE_RETURN_ESCAPE);
    print_layout_marker(out, lay);
    buf_printf(out,
               "#elif __CBC_LAYOUT_SHAPE != %d\n"
               "#error \"gearsc: files lowered for different slot layouts are included in one "
               "translation unit (this one: --layout=%s)\"\n"
               "#endif\n",
               lay->words * 100 + lay->floats, lay->name);
    if (L->record_slots)
        buf_puts(out, RECORD_SLOT_MACROS);
    if (L->chain_frames && !L->may_spill)
        note_declared_spills(L);
    print_chain_frame(L, out);
    declare_gears(L, out);
    print_signature_symbols(L, out);
}


static const LowerOps cbc_ops = { cbc_enter, cbc_leave, cbc_prelude, cbc_epilogue };

void cbc_lower_file(Buf *out, Model *model, const LowerOptions *opt)
{
    Lowering L;
    lowering_init(&L, model, opt);
    lowering_run(&L, &cbc_ops, ts_tree_root_node(model->main_unit.tree), out);
    lowering_free(&L);
}
