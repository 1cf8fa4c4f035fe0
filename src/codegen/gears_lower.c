/* gears_lower.c - Gears mode (`gearsc --gears`): code gears on the Context.
 *
 * In Gears mode every code gear is lowered to the one type
 *
 *     typedef void __gears_code(struct Context *context);
 *
 * and its parameters travel through the Context's data gears, as the Gears
 * OS paper describes, so meta code sees every transition.  Each parameter of
 * a gear has a *home*: a field of an Interface's data gear in the Context,
 * `Gearef(context, Stack)->data`.
 *
 *  - A gear that implements method m of Interface I (it is named m + Impl for
 *    an implementation `typedef struct Impl impl I`, or a create function
 *    assigns it: `stack->push = C_pushSingleLinkedStack;`) takes its
 *    parameters from I's fields named by m's parameters, position by
 *    position; its first parameter, the implementation, from the instance the
 *    call was made on (GearImpl).
 *  - Any other gear takes parameter x from the field named x of the one
 *    Interface that has such a field (of the Interface its type names, if x
 *    points to one).
 *
 * The gear's prologue (the "stub" of the Perl generators) loads the homes
 * into locals named as the parameters.  Transitions store arguments into the
 * target's homes and then jump:
 *
 *     goto stack->push(node, next);   fields of Stack; to the instance's push
 *     goto next(out, ...);            outputs into their fields; to next
 *     goto g(a, b);                   g's homes; to g
 *     goto meta(context, C_x);        to C_x
 *
 * How the jump is made is the context header's (so `gearsc link` decides it
 * for the whole program): `__GEARS_DISPATCH(n)` to a gear number and
 * `__GEARS_GOTO(g)` to a named gear.  With the default meta they jump
 * through the Context's dispatch table and straight to g; when the program
 * overrides meta (a gear named meta, see docs/gears.md) both set
 * context->next and jump to meta.  A transition takes the address of each
 * data gear it stores into once (Homes, below).  Continuations are gear numbers (enum
 * Code), so `__code next(...)` declarations become `enum Code next`. */
#include "gears_lower.h"

#include "cbc_lower.h"
#include "../support/prefix_map.h"

#include <stdlib.h>
#include <string.h>

/* ---- what implements what ---- */

/* Gears mode's state: the plain lowering's, and what Gears adds. */
typedef struct GearsLowering {
    Lowering base;          /* first: a Lowering * to it is a GearsLowering * */
    GearsModel *model;      /* Interfaces and implementations */
    Lowered *lowered;       /* for the manifest: the gears lowered, where each goto goes */
    bool uses_par;          /* a par goto: the prelude includes the task manager */
} GearsLowering;

static GearsLowering *gears_of(Lowering *L)
{
    return (GearsLowering *)L;
}

/* What gear implements, from the Gears model (src/gears/interface.c). */
static Binding binding_of(Lowering *L, const char *gear)
{
    return gears_binding_of(gears_of(L)->model, gear);
}

/* ---- homes ---- */

typedef struct Home {
    Interface *iface;
    const char *field;
    bool receiver;      /* the implementation behind the instance (GearImpl) */
} Home;

/* The Interface a type points to (`struct Stack *`, `Stack *`), if any. */
static Interface *pointed_interface(Lowering *L, Type *t)
{
    if (!t || t->kind != TYPE_POINTER || !t->base)
        return NULL;
    const char *spec = t->base->spec;
    if (strncmp(spec, "struct ", 7) == 0)
        spec += 7;
    return gears_interface(gears_of(L)->model, spec, strlen(spec));
}

/* Home of a parameter named `name` of type t in a gear bound by b (at
 * position k), or by name.  Reports and returns a null home on failure. */
static Home home_of(Lowering *L, Binding b, int k, const char *name, Type *t, uint32_t at,
                    const char *gear)
{
    if (b.iface) {
        if (k < b.method->sig->param_count) {
            const Param *mp = &b.method->sig->params[k];
            if (mp->name)
                return (Home){ b.iface, mp->name, k == 0 && is_type_parameter(b.iface, mp->type) };
        }
        diag_error(L->diag, L->src, at,
                   "gear '%s' implements '%s.%s', which has no named parameter %d for '%s'", gear,
                   b.iface->name, b.method->name, k + 1, name);
        return (Home){ 0 };
    }
    Interface *own = pointed_interface(L, t);
    if (own && interface_field(own, name, strlen(name)))
        return (Home){ own, name, false };
    Interface *found = NULL;
    int count = 0;
    for (int i = 0; i < gears_of(L)->model->iface_count; i++)
        if (interface_field(gears_of(L)->model->ifaces[i], name, strlen(name))) {
            found = gears_of(L)->model->ifaces[i];
            count++;
        }
    if (count == 1)
        return (Home){ found, name, false };
    if (count == 0)
        diag_error(L->diag, L->src, at,
                   "parameter '%s' of gear '%s' has no home: no Interface has a field '%s' "
                   "(name the parameter after an Interface's field)",
                   name, gear, name);
    else
        diag_error(L->diag, L->src, at,
                   "parameter '%s' of gear '%s' is ambiguous: %d Interfaces have a field '%s' "
                   "(give it the type of the Interface it belongs to)",
                   name, gear, count, name);
    return (Home){ 0 };
}

static const char *home_lvalue(Lowering *L, Home h)
{
    return arena_printf(L->arena, "Gearef(context, %s)->%s", h.iface->name, h.field);
}

static bool is_context_param(const Param *p)
{
    return p->name && strcmp(p->name, "context") == 0 && p->type->kind == TYPE_POINTER
        && strcmp(p->type->base->spec, "struct Context") == 0;
}

/* The C type of a local holding parameter t: continuations are gear numbers. */
static const char *local_decl(Lowering *L, Type *t, const char *name)
{
    if (type_is_code_pointer(t))
        return arena_printf(L->arena, "enum Code %s", name);
    return type_to_c(L->arena, t, name, false);
}

/* ---- gear definitions ---- */

/* Parameter k of a gear bound by b agrees with the method's parameter k;
 * reports and returns false if not. */
static bool check_against_method(Lowering *L, Binding b, int k, const Param *p, const char *gear)
{
    if (!b.iface || type_is_code_pointer(p->type))
        return true;
    const Param *mp = &b.method->sig->params[k];
    if (!is_type_parameter(b.iface, mp->type)) {
        const char *have = type_to_c(L->arena, p->type, "", false);
        const char *want = type_to_c(L->arena, mp->type, "", false);
        if (strcmp(have, want) == 0)
            return true;
        diag_error(L->diag, L->src, p->offset,
                   "parameter '%s' of gear '%s' is '%s', but '%s.%s' declares '%s'", p->name, gear,
                   have, b.iface->name, b.method->name, want);
        return false;
    }
    Type *t = type_resolve(L->env, p->type);
    if (t && t->kind == TYPE_POINTER)
        return true;
    diag_error(L->diag, L->src, p->offset,
               "parameter '%s' of gear '%s' must be a pointer: '%s.%s' declares it with a type "
               "parameter",
               p->name, gear, b.iface->name, b.method->name);
    return false;
}

/* A gear bound to a method has the method's parameter count. */
static bool check_gear_arity(Lowering *L, Binding b, const Type *sig, TSNode params,
                             const char *gear)
{
    if (!b.iface || b.method->sig->param_count == sig->param_count)
        return true;
    diag_error(L->diag, L->src, ts_node_start_byte(params),
               "gear '%s' implements '%s.%s' but has %d parameter%s where the method has %d", gear,
               b.iface->name, b.method->name, sig->param_count, sig->param_count == 1 ? "" : "s",
               b.method->sig->param_count);
    diag_note(L->diag, b.iface->src, b.method->offset, "'%s.%s' is declared here", b.iface->name,
              b.method->name);
    return false;
}

/* The checked homes of a gear's parameters; a null home loads nothing
 * (the Context, an unnamed parameter, or one reported). */
static Home *parameter_homes(Lowering *L, Binding b, const Type *sig, const char *gear)
{
    Home *homes = arena_alloc(L->arena, (size_t)(sig->param_count + 1) * sizeof *homes);
    for (int k = 0; k < sig->param_count; k++) {
        const Param *p = &sig->params[k];
        homes[k] = (Home){ 0 };
        if (!p->name || is_context_param(p))
            continue;
        Home h = home_of(L, b, k, p->name, p->type, p->offset, gear);
        if (h.iface && check_against_method(L, b, k, p, gear))
            homes[k] = h;
    }
    return homes;
}

/* The gear's prologue: each parameter loaded from its home into a local. */
static void print_prologue(Lowering *L, Buf *out, const Type *sig, const Home *homes)
{
    for (int k = 0; k < sig->param_count; k++) {
        const Param *p = &sig->params[k];
        Home h = homes[k];
        if (!h.iface)
            continue;
        const char *lv = home_lvalue(L, h);
        if (h.receiver)
            lv = arena_printf(L->arena, "GearImpl(context, %s, %s)", h.iface->name, h.field);
        const char *cast = type_is_code_pointer(p->type) ? "" :
            arena_printf(L->arena, "(%s)", unpacking_cast_type(L, p));
        buf_printf(out, " %s __CBC_UNUSED = %s%s;", local_decl(L, p->type, p->name), cast, lv);
    }
}

/* meta(struct Context* context, enum Code next): next comes from context->next. */
static void print_meta_prologue(Lowering *L, Buf *out, const Type *sig)
{
    for (int k = 0; k < sig->param_count; k++)
        if (!is_context_param(&sig->params[k]) && sig->params[k].name)
            buf_printf(out, " %s __CBC_UNUSED = context->next;",
                       local_decl(L, sig->params[k].type, sig->params[k].name));
}

/* `__code g(params) { body }` -> `void g(struct Context *context) {
 * <prologue> body }`: checked against the method it implements first. */
static void lower_gear_definition(Lowering *L, TSNode def)
{
    TSNode type = node_field(def, FIELD_type);
    TSNode fd = outer_function_declarator(node_field(def, FIELD_declarator));
    TSNode params = node_field(fd, FIELD_parameters);
    TSNode name_node = node_field(fd, FIELD_declarator);
    /* the model's name: `__code (f)(...)` defines f */
    const char *gear = L->fn.name ? L->fn.name : node_str(L, name_node);
    Type *sig = L->fn.type;
    Binding b = binding_of(L, gear);
    bool is_meta = strcmp(gear, "meta") == 0;
    if (!check_param_names(L, sig, gear) || !check_gear_arity(L, b, sig, params, gear))
        return;
    Home *homes = is_meta ? NULL : parameter_homes(L, b, sig, gear);

    edits_add(&L->edits, ts_node_start_byte(type), ts_node_end_byte(type), "void");
    edits_add(&L->edits, ts_node_start_byte(params), ts_node_end_byte(params),
              "(struct Context *context __CBC_UNUSED)");
    lowered_add_gear(gears_of(L)->lowered, gear, ts_node_start_byte(name_node));
    Buf out = { 0 };
    if (is_meta)
        print_meta_prologue(L, &out, sig);
    else
        print_prologue(L, &out, sig, homes);
    if (out.len) {
        TSNode body = node_field(def, FIELD_body);
        uint32_t open = ts_node_start_byte(body) + 1;
        /* under #line 0, as plain gears' unpacking (docs/debugging.md) */
        edits_add(&L->edits, open, open,
                  line_zero_wrap(L, open, arena_strndup(L->arena, out.data, out.len)));
    }
    buf_free(&out);
}

/* ---- transitions ---- */

static const char *code_value(Lowering *L, size_t mark, TSNode arg)
{
    /* A gear's name as a continuation is its number. */
    if (node_is(arg, KIND_identifier)) {
        size_t len;
        const char *name = node_text(L->src, arg, &len);
        Symbol *s = scope_lookup(L->scope, name, len);
        if (s && s->kind == SYM_GEAR)
            return arena_printf(L->arena, "C_%.*s", (int)len, name);
    }
    return render(L, mark, arg);
}

/* Arguments as nodes, without comments; `...` counted apart. */
/* The argument nodes of an argument list, in an array sized to their
 * count (a goto may pass any number: 65 overflowed a fixed array); their
 * number goes to *argc. */
static TSNode *argument_nodes(Lowering *L, TSNode args, int *argc, bool *variadic)
{
    uint32_t count = ts_node_named_child_count(args);
    TSNode *out = arena_alloc(L->arena, (size_t)(count + 1) * sizeof *out);
    int n = 0;
    *variadic = false;
    for (uint32_t i = 0; i < count; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (node_is(a, KIND_comment))
            continue;
        if (node_is(a, KIND_variadic_argument)) {
            *variadic = true;
            continue;
        }
        out[n++] = a;
    }
    *argc = n;
    return out;
}

static void store(Lowering *L, Buf *out, const char *lvalue, Type *param_type, const char *value)
{
    if (type_is_code_pointer(param_type))
        buf_printf(out, "%s = %s; ", lvalue, value);
    else
        buf_printf(out, "%s = (%s)(%s); ", lvalue, type_to_c(L->arena, param_type, "", false), value);
}

/* The Interfaces whose data gears one transition stores arguments into.
 * The transition takes each one's address once,
 *     struct Stack *__gears_Stack = Gearef(context, Stack);
 * and stores through it: a store into union Data may alias anything, so with
 * a Gearef per store clang reloads the data gear's address after every one. */
typedef struct Homes {
    const Interface **ifaces;
    int count, cap;
} Homes;

/* The lvalue of field `name` of iface's data gear, in the transition. */
static const char *home_ref(Lowering *L, Homes *hs, const Interface *iface, const char *name)
{
    int i = 0;
    while (i < hs->count && hs->ifaces[i] != iface)
        i++;
    if (i == hs->count) {
        if (hs->count == hs->cap) {
            int cap = hs->cap * 2 + 4;
            const Interface **grown = arena_alloc(L->arena, sizeof *grown * (size_t)cap);
            if (hs->count)
                memcpy(grown, hs->ifaces, sizeof *grown * (size_t)hs->count);
            hs->ifaces = grown;
            hs->cap = cap;
        }
        hs->ifaces[hs->count++] = iface;
    }
    return arena_printf(L->arena, "__gears_%s->%s", iface->name, name);
}

/* Replaces the goto with `{ <home pointers> <body> }`; body ends with the jump
 * and is freed. */
static void finish_goto(Lowering *L, Frame *f, const Homes *hs, Buf *body)
{
    Buf text = { 0 };
    buf_puts(&text, "{ ");
    for (int i = 0; hs && i < hs->count; i++)
        buf_printf(&text, "struct %s *__gears_%s = Gearef(context, %s); ", hs->ifaces[i]->name,
                   hs->ifaces[i]->name, hs->ifaces[i]->name);
    buf_append(&text, body->data, body->len);
    buf_puts(&text, "}");
    edits_replace_since(&L->edits, f->edit_mark, ts_node_start_byte(f->node),
                        ts_node_end_byte(f->node), arena_strndup(L->arena, text.data, text.len));
    buf_free(&text);
    buf_free(body);
}

/* A goto x->m(args) being lowered. */
typedef struct MethodCall {
    Interface *iface;
    Method *method;
    TSNode *argv;
    int argc;
    bool has_receiver;      /* the method's first parameter is the instance */
} MethodCall;

/* The Interface has the method, and the call passes its arguments. */
static bool check_method_call(Lowering *L, MethodCall *c, TSNode callee, TSNode args)
{
    Interface *iface = c->iface;
    TSNode field = node_field(callee, FIELD_field);
    size_t ml;
    const char *mname = node_text(L->src, field, &ml);
    Method *m = c->method = interface_method(iface, mname, ml);
    if (!m) {
        Suggestion s;
        suggestion_init(&s, L->diag, mname, ml);
        for (int k = 0; k < iface->method_count; k++)
            suggestion_offer(&s, iface->methods[k].name, strlen(iface->methods[k].name));
        Method *near = s.best ? interface_method(iface, s.best, s.best_len) : NULL;
        if (near) {
            diag_error(L->diag, L->src, ts_node_start_byte(field),
                       "Interface '%s' has no method '%.*s'; did you mean '%s'?", iface->name,
                       (int)ml, mname, near->name);
            diag_note(L->diag, iface->src, near->offset, "'%s.%s' is declared here", iface->name,
                      near->name);
            return false;
        }
        diag_error(L->diag, L->src, ts_node_start_byte(field), "Interface '%s' has no method '%.*s'",
                   iface->name, (int)ml, mname);
        diag_note(L->diag, iface->src, iface->offset, "'%s' is declared here", iface->name);
        return false;
    }
    bool variadic;
    c->argv = argument_nodes(L, args, &c->argc, &variadic);
    c->has_receiver = m->sig->param_count > 0 && is_type_parameter(iface, m->sig->params[0].type);
    int expected = m->sig->param_count - (c->has_receiver ? 1 : 0);
    if (c->argc == expected && !variadic)
        return true;
    diag_error(L->diag, L->src, ts_node_start_byte(args), "'%s.%s' takes %d argument%s, not %d%s",
               iface->name, m->name, expected, expected == 1 ? "" : "s", c->argc,
               variadic ? " and '...'" : "");
    diag_note(L->diag, iface->src, m->offset, "'%s.%s' is declared here", iface->name, m->name);
    return false;
}

/* Every argument has a field to go to, and a data gear where the method
 * has a type parameter. */
static bool check_method_arguments(Lowering *L, const MethodCall *c)
{
    Interface *iface = c->iface;
    Method *m = c->method;
    for (int a = 0, k = c->has_receiver; a < c->argc; a++, k++) {
        const Param *p = &m->sig->params[k];
        if (!p->name) {
            diag_error(L->diag, iface->src, p->offset,
                       "parameter %d of '%s.%s' needs a name: it names the field the argument "
                       "is stored in",
                       k + 1, iface->name, m->name);
            return false;
        }
        Resolver ar = resolver(L);
        Type *at = expr_type(&ar, c->argv[a]);
        if (!is_type_parameter(iface, p->type) || !at)
            continue;
        Type *resolved = type_resolve(L->env, at);
        if (resolved && resolved->kind != TYPE_POINTER) {
            diag_error(L->diag, L->src, ts_node_start_byte(c->argv[a]),
                       "argument %d of '%s.%s' must be a pointer to a data gear, not '%s'", a + 1,
                       iface->name, m->name, type_to_cbc(L->arena, at));
            return false;
        }
    }
    return true;
}

/* The stores of a checked call's arguments into the Interface's fields. */
static void print_method_stores(Lowering *L, Frame *f, const MethodCall *c, Homes *homes, Buf *out)
{
    const Type *sig = c->method->sig;
    int k = 0;
    if (c->has_receiver) {
        buf_printf(out, "%s = (union Data *)__gears_self; ",
                   home_ref(L, homes, c->iface, sig->params[k].name));
        k++;
    }
    for (int a = 0; a < c->argc; a++, k++) {
        const Param *p = &sig->params[k];
        const char *lv = home_ref(L, homes, c->iface, p->name);
        if (type_is_code_pointer(p->type))
            buf_printf(out, "%s = %s; ", lv, code_value(L, f->edit_mark, c->argv[a]));
        else if (is_type_parameter(c->iface, p->type))
            buf_printf(out, "%s = (union Data *)(%s); ", lv, render(L, f->edit_mark, c->argv[a]));
        else
            store(L, out, lv, p->type, render(L, f->edit_mark, c->argv[a]));
    }
}

/* goto x->m(args): Interface call.  False if x is no Interface instance. */
static bool lower_interface_call(Lowering *L, Frame *f, TSNode callee, TSNode args)
{
    TSNode recv = node_field(callee, FIELD_argument);
    Resolver r = resolver(L);
    Type *rt = expr_type(&r, recv);
    MethodCall c = { .iface = rt ? pointed_interface(L, type_resolve(L->env, rt)) : NULL };
    if (!c.iface)
        return false;
    if (!check_method_call(L, &c, callee, args) || !check_method_arguments(L, &c))
        return true;
    Buf out = { 0 };
    Homes homes = { 0 };
    buf_printf(&out, "struct %s *__gears_self = %s; ", c.iface->name, render(L, f->edit_mark, recv));
    print_method_stores(L, f, &c, &homes, &out);
    buf_printf(&out, "__GEARS_DISPATCH(__gears_self->%s); ", c.method->name);
    lowered_add_goto(gears_of(L)->lowered, L->fn.name,
                      arena_printf(L->arena, "%s.%s", c.iface->name, c.method->name), "interface",
                      ts_node_start_byte(f->node));
    finish_goto(L, f, &homes, &out);
    return true;
}

/* The continuation parameter of the current gear that callee names, or
 * NULL; *index receives its position. */
static const Param *continuation_param(Lowering *L, TSNode callee, int *index)
{
    size_t len;
    const char *name = node_text(L->src, callee, &len);
    Type *sig = L->fn.type;
    const Param *cont = NULL;
    for (int k = 0; sig && k < sig->param_count; k++)
        if (sig->params[k].name && strlen(sig->params[k].name) == len
            && memcmp(sig->params[k].name, name, len) == 0 && type_is_code_pointer(sig->params[k].type)) {
            cont = &sig->params[k];
            *index = k;
        }
    return cont;
}

/* The home of every output of `goto cont(outputs)`; false after reporting
 * the first output that has none. */
static bool output_homes(Lowering *L, const Param *cont, int index, const TSNode *argv, int argc,
                         Home *homes)
{
    Type *cs = cont->type->base;
    Binding b = binding_of(L, L->fn.name);
    for (int a = 0; a < argc; a++) {
        const char *oname = cs->params[a].name;
        Type *otype = cs->params[a].type;
        if (!oname && b.iface) { /* take the name from the Interface's method */
            const Param *mp = &b.method->sig->params[index];
            if (type_is_code_pointer(mp->type) && a < mp->type->base->param_count) {
                oname = mp->type->base->params[a].name;
                otype = mp->type->base->params[a].type;
            }
        }
        if (!oname) {
            diag_error(L->diag, L->src, ts_node_start_byte(argv[a]),
                       "output %d of continuation '%s' needs a name in its declaration: it names "
                       "the field the output is stored in",
                       a + 1, cont->name);
            return false;
        }
        Home h = b.iface ? (Home){ b.iface, oname, false }
                         : home_of(L, b, -1, oname, otype, ts_node_start_byte(argv[a]), L->fn.name);
        if (!h.iface || !interface_field(h.iface, oname, strlen(oname))) {
            if (h.iface)
                diag_error(L->diag, L->src, ts_node_start_byte(argv[a]),
                           "Interface '%s' has no field '%s' for output %d of '%s'", h.iface->name,
                           oname, a + 1, cont->name);
            return false;
        }
        homes[a] = h;
    }
    return true;
}

/* goto next(out, ...): a continuation of the current gear.  False if the
 * gear has no continuation of that name. */
static bool lower_continuation(Lowering *L, Frame *f, TSNode callee, TSNode args)
{
    int index = -1;
    const Param *cont = continuation_param(L, callee, &index);
    if (!cont)
        return false;
    bool variadic;
    int argc;
    TSNode *argv = argument_nodes(L, args, &argc, &variadic);
    Type *cs = cont->type->base;
    if (argc > cs->param_count) {
        diag_error(L->diag, L->src, ts_node_start_byte(args),
                   "continuation '%s' passes %d output%s, but is declared with %d", cont->name, argc,
                   argc == 1 ? "" : "s", cs->param_count);
        return true;
    }
    Home *outputs = arena_alloc(L->arena, (size_t)(argc + 1) * sizeof *outputs);
    if (!output_homes(L, cont, index, argv, argc, outputs))
        return true;
    Buf out = { 0 };
    Homes homes = { 0 };
    for (int a = 0; a < argc; a++) {
        const char *field = outputs[a].field;
        IfaceField *fld = interface_field(outputs[a].iface, field, strlen(field));
        const char *lv = home_ref(L, &homes, outputs[a].iface, field);
        if (fld->type)
            store(L, &out, lv, fld->type, render(L, f->edit_mark, argv[a]));
        else
            buf_printf(&out, "%s = %s; ", lv, code_value(L, f->edit_mark, argv[a]));
    }
    buf_printf(&out, "__GEARS_DISPATCH(%s); ", cont->name);
    lowered_add_goto(gears_of(L)->lowered, L->fn.name, cont->name, "continuation",
                      ts_node_start_byte(f->node));
    finish_goto(L, f, &homes, &out);
    return true;
}

/* goto meta(context, C_x): to gear number C_x through meta. */
static void lower_meta_goto(Lowering *L, Frame *f, TSNode args)
{
    bool variadic;
    int argc;
    TSNode *argv = argument_nodes(L, args, &argc, &variadic);
    if (argc != 2) {
        diag_error(L->diag, L->src, ts_node_start_byte(args),
                   "goto meta takes (context, next), not %d argument%s", argc, argc == 1 ? "" : "s");
        return;
    }
    Buf out = { 0 };
    const char *target = code_value(L, f->edit_mark, argv[1]);
    buf_printf(&out, "__GEARS_DISPATCH(%s); ", target);
    lowered_add_goto(gears_of(L)->lowered, L->fn.name,
                      strncmp(target, "C_", 2) == 0 ? target + 2 : target, "meta",
                      ts_node_start_byte(f->node));
    finish_goto(L, f, NULL, &out);
}

/* The home of every argument of `goto g(args)`, by g's parameter: null
 * for the Context and for each argument reported. */
static Home *argument_homes(Lowering *L, Symbol *sym, Binding b, const TSNode *argv)
{
    Type *sig = sym->type;
    Home *homes = arena_alloc(L->arena, (size_t)(sig->param_count + 1) * sizeof *homes);
    for (int k = 0, a = 0; k < sig->param_count; k++) {
        const Param *p = &sig->params[k];
        homes[k] = (Home){ 0 };
        if (is_context_param(p))
            continue;
        TSNode arg = argv[a++];
        if (!p->name) {
            diag_error(L->diag, L->src, ts_node_start_byte(arg),
                       "parameter %d of gear '%s' needs a name: it names the field the argument "
                       "is stored in",
                       k + 1, sym->name);
            continue;
        }
        Home h = home_of(L, b, k, p->name, p->type, ts_node_start_byte(arg), sym->name);
        if (h.iface && h.receiver)
            diag_error(L->diag, L->src, ts_node_start_byte(arg),
                       "'%s' implements '%s.%s': call it through the Interface, "
                       "goto instance->%s(...)",
                       sym->name, b.iface->name, b.method->name, b.method->name);
        else
            homes[k] = h;
    }
    return homes;
}

/* The number of arguments a goto to gear sig passes (the Context is implied). */
static int gears_arity(const Type *sig)
{
    int wanted = 0;
    for (int k = 0; k < sig->param_count; k++)
        wanted += !is_context_param(&sig->params[k]);
    return wanted;
}

/* The jump of a direct goto: from meta straight there, from a gear through
 * __GEARS_GOTO, from a C function a call that runs the chain. */
static void print_direct_jump(Lowering *L, const Symbol *sym, Buf *out)
{
    if (L->fn.is_gear && L->fn.name && strcmp(L->fn.name, "meta") == 0)
        buf_printf(out, "context->next = C_%s; __CBC_TAIL %s(context); ", sym->name, sym->name);
    else if (L->fn.is_gear)
        buf_printf(out, "__GEARS_GOTO(%s); ", sym->name);
    else
        buf_printf(out, "context->next = C_%s; %s(context); return%s; ", sym->name, sym->name,
                   L->fn.return_type ? " 0" : "");
}

/* The store of arg, for a parameter of type t, into its home h: as the
 * field's type where the Interface declares one, a continuation as a gear
 * number, else as t.  Returns the home's lvalue. */
static const char *store_argument(Lowering *L, Frame *f, Homes *homes, Buf *out, Home h,
                                  Type *t, TSNode arg)
{
    IfaceField *fld = interface_field(h.iface, h.field, strlen(h.field));
    const char *lv = home_ref(L, homes, h.iface, h.field);
    if (fld && fld->type)
        store(L, out, lv, fld->type, render(L, f->edit_mark, arg));
    else if (type_is_code_pointer(t))
        buf_printf(out, "%s = %s; ", lv, code_value(L, f->edit_mark, arg));
    else
        store(L, out, lv, t, render(L, f->edit_mark, arg));
    return lv;
}

/* goto g(args) to a named gear: its homes, then straight there.  False if
 * g is not a gear. */
static bool lower_direct(Lowering *L, Frame *f, TSNode callee, TSNode args)
{
    size_t len;
    const char *name = node_text(L->src, callee, &len);
    Symbol *sym = scope_lookup(L->scope, name, len);
    if (len == 4 && memcmp(name, "meta", 4) == 0) { /* declared by the context header */
        lower_meta_goto(L, f, args);
        return true;
    }
    if (!sym || sym->kind != SYM_GEAR)
        return false;
    Type *sig = sym->type;
    bool variadic;
    int argc;
    TSNode *argv = argument_nodes(L, args, &argc, &variadic);
    int wanted = gears_arity(sig);
    if (argc != wanted || variadic) {
        diag_error(L->diag, L->src, ts_node_start_byte(args),
                   "too %s arguments to code gear '%s': expected %d, have %d",
                   argc > wanted ? "many" : "few", sym->name, wanted, argc);
        diag_note(L->diag, sym->src, sym->offset, "'%s' is declared here", sym->name);
        return true;
    }
    Home *params = argument_homes(L, sym, binding_of(L, sym->name), argv);
    Buf out = { 0 };
    Homes homes = { 0 };
    for (int k = 0, a = 0; k < sig->param_count; k++) {
        const Param *p = &sig->params[k];
        if (is_context_param(p))
            continue;
        TSNode arg = argv[a++];
        Home h = params[k];
        if (!h.iface)
            continue;
        store_argument(L, f, &homes, &out, h, p->type, arg);
    }
    lowered_add_goto(gears_of(L)->lowered, L->fn.name ? L->fn.name : "", sym->name, "direct",
                      ts_node_start_byte(f->node));
    print_direct_jump(L, sym, &out);
    finish_goto(L, f, &homes, &out);
    return true;
}

static bool is_gear_symbol(void *ctx, const Symbol *sym)
{
    (void)ctx;
    return sym->kind == SYM_GEAR;
}

/* goto name(...) where name is neither a continuation nor a gear: the
 * nearest gear in scope or continuation of the current gear, if any. */
static void report_unknown_target(Lowering *L, TSNode callee)
{
    size_t len;
    const char *name = node_text(L->src, callee, &len);
    Suggestion s;
    suggestion_init(&s, L->diag, name, len);
    scope_suggest(L->scope, &s, is_gear_symbol, NULL);
    for (int k = 0; L->fn.type && k < L->fn.type->param_count; k++) {
        const Param *p = &L->fn.type->params[k];
        if (p->name && type_is_code_pointer(p->type))
            suggestion_offer(&s, p->name, strlen(p->name));
    }
    if (s.best)
        diag_error(L->diag, L->src, ts_node_start_byte(callee),
                   "use of undeclared code gear or continuation '%.*s'; did you mean '%.*s'?",
                   (int)len, name, (int)s.best_len, s.best);
    else
        diag_error(L->diag, L->src, ts_node_start_byte(callee),
                   "use of undeclared code gear or continuation '%.*s'", (int)len, name);
}

/* goto in Gears code: an Interface call, a continuation, a named gear,
 * or a jump through an expression (meta's dispatch). */
static void lower_gears_goto(Lowering *L, Frame *f)
{
    TSNode n = f->node, callee = node_field(n, FIELD_function), args = node_field(n, FIELD_arguments);
    if (!L->fn.active) {
        diag_error(L->diag, L->src, ts_node_start_byte(n), "goto outside of a function");
        return;
    }
    if (node_is(callee, KIND_field_expression) && lower_interface_call(L, f, callee, args))
        return;
    if (node_is(callee, KIND_identifier)) {
        if (!lower_continuation(L, f, callee, args) && !lower_direct(L, f, callee, args))
            report_unknown_target(L, callee);
        return;
    }
    /* goto (context->code[n])(context): a raw jump to the gear the expression
     * points to -- how a meta gear dispatches. */
    bool variadic;
    int argc;
    TSNode *argv = argument_nodes(L, args, &argc, &variadic);
    if (argc == 1 && !variadic && node_is(argv[0], KIND_identifier)) {
        size_t len;
        const char *a = node_text(L->src, argv[0], &len);
        if (len == 7 && memcmp(a, "context", 7) == 0) {
            Buf out = { 0 };
            buf_printf(&out, "__CBC_TAIL (%s)(context); ", render(L, f->edit_mark, callee));
            finish_goto(L, f, NULL, &out);
            return;
        }
    }
    /* goto through an expression that yields a gear number */
    if (argc != 0) {
        diag_error(L->diag, L->src, ts_node_start_byte(args),
                   "a goto through '%s' cannot pass arguments in Gears code: store them in the "
                   "Context's data gears, or goto a named gear",
                   node_str(L, callee));
        return;
    }
    Buf out = { 0 };
    buf_printf(&out, "__GEARS_DISPATCH(%s); ", render(L, f->edit_mark, callee));
    finish_goto(L, f, NULL, &out);
}

/* ---- par goto ----
 *
 * `par goto f(in..., out..., __exit);` spawns a task that runs gear f on a
 * Context of its own (runtime/include/gears/taskmanager.h).  Its arguments
 * are f's parameters in order, the continuation's place taken by the
 * continuation's outputs and then the continuation: `__exit` (the task ends)
 * or a gear.  Inputs and outputs are stored into their homes in the task's
 * Context; those that are data gears are named to the task manager, which
 * starts the task once its inputs are written and counts its outputs written
 * when it ends.  The spawning gear goes on with its next statement. */

/* Does spec ("struct Array", "Array", "union Data") name a data gear? */
static bool names_data_gear(Lowering *L, const char *spec)
{
    if (!spec)
        return false;
    if (strcmp(spec, "union Data") == 0)
        return true;
    if (strncmp(spec, "struct ", 7) == 0)
        spec += 7;
    GearsModel *m = gears_of(L)->model;
    if (gears_interface(m, spec, strlen(spec)))
        return true;
    for (int i = 0; i < m->impl_count; i++)
        if (strcmp(m->impls[i]->name, spec) == 0)
            return true;
    for (int i = 0; i < m->data_gear_count; i++)
        if (strcmp(m->data_gears[i]->name, spec) == 0)
            return true;
    return false;
}

static bool is_data_gear_pointer(Lowering *L, Type *t)
{
    Type *r = t ? type_resolve(L->env, t) : NULL;
    if (!r || r->kind != TYPE_POINTER || !r->base)
        return false;
    return names_data_gear(L, r->base->spec) || names_data_gear(L, r->base->tag);
}

/* The one continuation parameter of a task's gear; reports and returns -1
 * if it has none or several. */
static int task_continuation(Lowering *L, const Symbol *sym, TSNode callee)
{
    int cont = -1, count = 0;
    for (int k = 0; k < sym->type->param_count; k++)
        if (!is_context_param(&sym->type->params[k]) && type_is_code_pointer(sym->type->params[k].type)) {
            cont = k;
            count++;
        }
    if (count == 1)
        return cont;
    diag_error(L->diag, L->src, ts_node_start_byte(callee),
               "par goto needs a gear with one continuation parameter (__code next(out..., ...)), "
               "and '%s' has %d",
               sym->name, count);
    diag_note(L->diag, sym->src, sym->offset, "'%s' is declared here", sym->name);
    return -1;
}

/* The gear a par goto spawns: named, a gear, not a method's implementation. */
static Symbol *task_gear(Lowering *L, TSNode callee)
{
    Symbol *sym = NULL;
    size_t len = 0;
    const char *name = node_text(L->src, callee, &len);
    if (node_is(callee, KIND_identifier))
        sym = scope_lookup(L->scope, name, len);
    if (!sym || sym->kind != SYM_GEAR) {
        diag_error(L->diag, L->src, ts_node_start_byte(callee),
                   "par goto needs a code gear: '%.*s' is not one (a task runs a gear, named)",
                   (int)len, name);
        if (sym)
            diag_note(L->diag, sym->src, sym->offset, "'%s' is declared here", sym->name);
        return NULL;
    }
    Binding b = binding_of(L, sym->name);
    if (b.iface) {
        diag_error(L->diag, L->src, ts_node_start_byte(callee),
                   "par goto to '%s', which implements '%s.%s': a task runs a gear of its own",
                   sym->name, b.iface->name, b.method->name);
        return NULL;
    }
    return sym;
}

/* The homes of the outputs of continuation cont (checked: each a named
 * data gear, its argument a data gear); NULL after reporting. */
static Home *task_output_homes(Lowering *L, const Symbol *sym, const Param *cont,
                               const TSNode *outv, int outs)
{
    Home *homes = arena_alloc(L->arena, (size_t)(outs + 1) * sizeof *homes);
    bool ok = true;
    for (int o = 0; o < outs; o++) {
        const Param *op = &cont->type->base->params[o];
        uint32_t at = ts_node_start_byte(outv[o]);
        homes[o] = (Home){ 0 };
        if (!op->name) {
            diag_error(L->diag, L->src, at,
                       "output %d of '%s' needs a name in the declaration of '%s': it names the "
                       "field the output is stored in",
                       o + 1, sym->name, cont->name);
            ok = false;
            continue;
        }
        if (!is_data_gear_pointer(L, op->type)) {
            diag_error(L->diag, L->src, at,
                       "output '%s' of '%s' must be declared as a data gear (a pointer to one), "
                       "not '%s'",
                       op->name, sym->name, type_to_cbc(L->arena, op->type));
            ok = false;
            continue;
        }
        Resolver r = resolver(L);
        Type *at_type = expr_type(&r, outv[o]);
        if (!is_data_gear_pointer(L, at_type)) {
            if (at_type)
                diag_error(L->diag, L->src, at,
                           "output %d of par goto '%s' must be a data gear (a pointer to one), "
                           "not '%s'",
                           o + 1, sym->name, type_to_cbc(L->arena, at_type));
            else
                diag_error(L->diag, L->src, at,
                           "output %d of par goto '%s' must be a data gear, and gearsc cannot tell "
                           "the type of '%s' (declare it, or cast it to a data gear pointer)",
                           o + 1, sym->name, node_str(L, outv[o]));
            ok = false;
            continue;
        }
        homes[o] = home_of(L, (Binding){ 0 }, -1, op->name, op->type, at, sym->name);
        ok = ok && homes[o].iface;
    }
    return ok ? homes : NULL;
}

/* The task's continuation: `__exit` (gear number GEARS_CODE_COUNT, which a
 * task's code table sends to gears_task_exit) or a gear's number. */
static const char *task_exit_value(Lowering *L, Frame *f, TSNode arg)
{
    if (node_is(arg, KIND_identifier)) {
        size_t len;
        const char *name = node_text(L->src, arg, &len);
        if (len == 6 && memcmp(name, "__exit", 6) == 0)
            return "GEARS_CODE_COUNT";
        Symbol *s = scope_lookup(L->scope, name, len);
        if (s && s->kind == SYM_GEAR)
            return code_value(L, f->edit_mark, arg);
    }
    diag_error(L->diag, L->src, ts_node_start_byte(arg),
               "the last argument of par goto is the task's continuation: __exit, or a gear, "
               "not '%s'",
               node_str(L, arg));
    return NULL;
}

/* A par goto, as its steps fill it in: the gear and its continuation
 * (checked), then the arguments split by role and their homes (bound). */
typedef struct ParGoto {
    Symbol *sym;            /* the gear the task runs */
    int cont;               /* the position of its continuation parameter */
    int outs;               /* the continuation's outputs */
    TSNode *pargv;          /* by parameter (the Context skipped); the continuation's is __exit */
    TSNode *outv;           /* the outputs */
    TSNode exit_arg;
    Home *params, *outputs; /* their homes */
    const char *exit_value; /* the task's continuation, a gear number */
} ParGoto;

/* Check: inside a function, a gear of its own with one continuation, and
 * inputs + outputs + __exit arguments.  Reports and returns false before
 * anything is bound, so that a wrong count cannot index past argv. */
static bool check_par_goto(Lowering *L, TSNode n, ParGoto *pg, TSNode **argv)
{
    TSNode callee = node_field(n, FIELD_function), args = node_field(n, FIELD_arguments);
    if (!L->fn.active) {
        diag_error(L->diag, L->src, ts_node_start_byte(n), "par goto outside of a function");
        return false;
    }
    pg->sym = task_gear(L, callee);
    pg->cont = pg->sym ? task_continuation(L, pg->sym, callee) : -1;
    if (pg->cont < 0)
        return false;
    Symbol *sym = pg->sym;
    pg->outs = sym->type->params[pg->cont].type->base->param_count;
    int inputs = gears_arity(sym->type) - 1, outs = pg->outs;
    int wanted = inputs + outs + 1;
    bool variadic;
    int argc;
    *argv = argument_nodes(L, args, &argc, &variadic);
    if (argc == wanted && !variadic)
        return true;
    diag_error(L->diag, L->src, ts_node_start_byte(args),
               "par goto '%s' takes %d argument%s (%d input%s, %d output%s, then __exit), "
               "not %d%s",
               sym->name, wanted, wanted == 1 ? "" : "s", inputs, inputs == 1 ? "" : "s", outs,
               outs == 1 ? "" : "s", argc, variadic ? " and '...'" : "");
    diag_note(L->diag, sym->src, sym->offset, "'%s' is declared here", sym->name);
    return false;
}

/* Bind: the gear's parameters in order get their arguments, except that
 * the continuation's place holds its outputs and then __exit; each gets
 * its home.  False after reporting (every problem, not just the first). */
static bool bind_par_goto(Lowering *L, Frame *f, ParGoto *pg, const TSNode *argv)
{
    const Type *sig = pg->sym->type;
    pg->pargv = arena_alloc(L->arena, (size_t)(sig->param_count + 1) * sizeof *pg->pargv);
    pg->outv = arena_alloc(L->arena, (size_t)(pg->outs + 1) * sizeof *pg->outv);
    for (int k = 0, a = 0, pa = 0; k < sig->param_count; k++) {
        if (is_context_param(&sig->params[k]))
            continue;
        if (k == pg->cont) {
            for (int o = 0; o < pg->outs; o++)
                pg->outv[o] = argv[a++];
            pg->exit_arg = argv[a];
        }
        pg->pargv[pa++] = argv[a++];
    }
    pg->outputs = task_output_homes(L, pg->sym, &sig->params[pg->cont], pg->outv, pg->outs);
    pg->exit_value = task_exit_value(L, f, pg->exit_arg);
    pg->params = argument_homes(L, pg->sym, (Binding){ 0 }, pg->pargv);
    return pg->outputs && pg->exit_value;
}

/* Emit, part one: the stores of the inputs, __exit and the outputs into
 * the new task's data gears (out), and the task's reads and writes for the
 * task manager's ordering (names). */
static void print_task_stores(Lowering *L, Frame *f, const ParGoto *pg, Homes *homes, Buf *out,
                              Buf *names)
{
    const Type *sig = pg->sym->type;
    for (int k = 0, a = 0; k < sig->param_count; k++) {
        const Param *p = &sig->params[k];
        if (is_context_param(p))
            continue;
        TSNode arg = pg->pargv[a++];
        Home h = pg->params[k];
        if (!h.iface)
            continue;
        if (k == pg->cont) { /* the only code pointer: check_par_goto */
            buf_printf(out, "%s = %s; ", home_ref(L, homes, h.iface, h.field), pg->exit_value);
            continue;
        }
        const char *lv = store_argument(L, f, homes, out, h, p->type, arg);
        if (is_data_gear_pointer(L, p->type))
            buf_printf(names, "gears_task_input(__gears_task, %s); ", lv);
    }
    const Param *cp = &sig->params[pg->cont];
    for (int o = 0; o < pg->outs; o++) {
        /* each a data gear pointer (task_output_homes): stored, not a number */
        const char *lv = store_argument(L, f, homes, out, pg->outputs[o],
                                        cp->type->base->params[o].type, pg->outv[o]);
        buf_printf(names, "gears_task_output(__gears_task, %s); ", lv);
    }
}

/* Emit, part two: the block that creates the task, points at its data
 * gears, stores, names and spawns it, in place of the statement. */
static void replace_with_task(Lowering *L, Frame *f, const ParGoto *pg, const Homes *homes,
                              const Buf *out, const Buf *names)
{
    Buf text = { 0 };
    buf_printf(&text, "{ struct Context *__gears_task = gears_task_create(context, C_%s); ",
               pg->sym->name);
    for (int i = 0; i < homes->count; i++)
        buf_printf(&text, "struct %s *__gears_%s = Gearef(__gears_task, %s); ",
                   homes->ifaces[i]->name, homes->ifaces[i]->name, homes->ifaces[i]->name);
    buf_append(&text, out->data, out->len);
    buf_append(&text, names->data, names->len);
    buf_puts(&text, "gears_task_spawn(__gears_task); }");
    edits_replace_since(&L->edits, f->edit_mark, ts_node_start_byte(f->node), ts_node_end_byte(f->node),
                        arena_strndup(L->arena, text.data, text.len));
    buf_free(&text);
}

/* par goto f(in..., out..., __exit): checked, bound, then emitted only if
 * nothing in the file has failed (a task must not spawn half-checked), and
 * recorded for the manifest. */
static void lower_par_goto(Lowering *L, Frame *f)
{
    ParGoto pg = { 0 };
    TSNode *argv = NULL;
    if (!check_par_goto(L, f->node, &pg, &argv) || !bind_par_goto(L, f, &pg, argv))
        return;
    Buf out = { 0 }, names = { 0 };
    Homes homes = { 0 };
    print_task_stores(L, f, &pg, &homes, &out, &names);
    if (!L->diag->errors) {
        gears_of(L)->uses_par = true;
        lowered_add_goto(gears_of(L)->lowered, L->fn.name ? L->fn.name : "", pg.sym->name, "par",
                         ts_node_start_byte(f->node));
        replace_with_task(L, f, &pg, &homes, &out, &names);
    }
    buf_free(&out);
    buf_free(&names);
}

/* ---- declarations, new, Interfaces ---- */

/* `__code (*next)(int)` -> `enum Code next`: continuations are numbers. */
static void lower_continuation_declarator(Lowering *L, TSNode d)
{
    while (node_is(d, KIND_init_declarator))
        d = node_field(d, FIELD_declarator);
    if (!is_function_declarator(d))
        return;
    TSNode inner = node_field(d, FIELD_declarator);
    while (node_is(inner, KIND_parenthesized_declarator) || node_is(inner, KIND_pointer_declarator)) {
        if (node_is(inner, KIND_pointer_declarator))
            inner = node_field(inner, FIELD_declarator);
        else
            inner = ts_node_named_child(inner, 0);
    }
    /* an abstract declarator, `__code (int)` as a parameter, has no name
     * (node_str of the null node crashed) */
    edits_add(&L->edits, ts_node_start_byte(d), ts_node_end_byte(d),
              ts_node_is_null(inner) ? "" : node_str(L, inner));
}

static void lower_gears_code_declaration(Lowering *L, TSNode n)
{
    TSNode type = node_field(n, FIELD_type);
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            if (cursor_in_field(&c, FIELD_declarator)) {
                TSNode d = ts_tree_cursor_current_node(&c);
                TSNode fd = d;
                while (node_is(fd, KIND_init_declarator))
                    fd = node_field(fd, FIELD_declarator);
                /* a prototype of a gear: `__code f(int);` -> `__gears_code f;`
                 * (only a function declarator: `__code (*k)(int), t[2];` has
                 * an array declarator, without parameters) */
                if (!ts_node_is_null(fd) && is_function_declarator(fd)
                    && node_is(node_field(fd, FIELD_declarator), KIND_identifier) && node_is(n, KIND_declaration)) {
                    edits_add(&L->edits, ts_node_start_byte(type), ts_node_end_byte(type),
                              "__gears_code");
                    edits_add(&L->edits, ts_node_start_byte(node_field(fd, FIELD_parameters)),
                              ts_node_end_byte(node_field(fd, FIELD_parameters)), "");
                    ts_tree_cursor_delete(&c);
                    return;
                }
                lower_continuation_declarator(L, d);
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    edits_add(&L->edits, ts_node_start_byte(type), ts_node_end_byte(type), "enum Code");
}

static bool is_typedef_symbol(void *ctx, const Symbol *sym)
{
    (void)ctx;
    return sym->kind == SYM_TYPEDEF;
}

static void lower_new(Lowering *L, TSNode n)
{
    size_t len;
    const char *t = node_text(L->src, node_field(n, FIELD_type), &len);
    size_t k = 3; /* skip "new" and the blanks after it */
    while (k < len && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r' || t[k] == '\n'))
        k++;
    int tl = (int)(len - k);
    const char *name = t + k;
    bool known = gears_interface(gears_of(L)->model, name, (size_t)tl) != NULL;
    for (int i = 0; !known && i < gears_of(L)->model->impl_count; i++)
        known = strlen(gears_of(L)->model->impls[i]->name) == (size_t)tl
             && memcmp(gears_of(L)->model->impls[i]->name, name, (size_t)tl) == 0;
    for (int i = 0; !known && i < gears_of(L)->model->data_gear_count; i++)
        known = strlen(gears_of(L)->model->data_gears[i]->name) == (size_t)tl
             && memcmp(gears_of(L)->model->data_gears[i]->name, name, (size_t)tl) == 0;
    Symbol *sym = known ? NULL : scope_lookup(L->scope, name, (size_t)tl);
    if (!known && !(sym && sym->kind == SYM_TYPEDEF)) {
        const GearsModel *gm = gears_of(L)->model;
        Suggestion s;
        suggestion_init(&s, L->diag, name, (size_t)tl);
        for (int i = 0; i < gm->iface_count; i++)
            suggestion_offer(&s, gm->ifaces[i]->name, strlen(gm->ifaces[i]->name));
        for (int i = 0; i < gm->impl_count; i++)
            suggestion_offer(&s, gm->impls[i]->name, strlen(gm->impls[i]->name));
        for (int i = 0; i < gm->data_gear_count; i++)
            suggestion_offer(&s, gm->data_gears[i]->name, strlen(gm->data_gears[i]->name));
        scope_suggest(L->scope, &s, is_typedef_symbol, NULL);
        if (s.best)
            diag_error(L->diag, L->src, ts_node_start_byte(n) + (uint32_t)k,
                       "unknown data gear '%.*s' in new; did you mean '%.*s'?", tl, name,
                       (int)s.best_len, s.best);
        else
            diag_error(L->diag, L->src, ts_node_start_byte(n) + (uint32_t)k,
                       "unknown data gear '%.*s' in new (declare it: struct %.*s { ... } %.*s;)",
                       tl, name, tl, name, tl, name);
        return;
    }
    edits_add(&L->edits, ts_node_start_byte(n), ts_node_end_byte(n),
              arena_printf(L->arena, "((%.*s *)gears_alloc(context, sizeof(%.*s), _Alignof(%.*s)))",
                           tl, t + k, tl, t + k, tl, t + k));
}

/* Interface and implementation declarations, and the includes that bring
 * them, are defined by the context header: they leave the file. */
static void drop_to_context_header(Lowering *L, TSNode n, const char *what)
{
    edits_add(&L->edits, ts_node_start_byte(n), ts_node_end_byte(n),
              arena_printf(L->arena, "/* %s: defined in the context header */", what));
}

static bool header_has_gears(Lowering *L, TSNode path)
{
    size_t len;
    const char *t = node_text(L->src, path, &len);
    if (len < 2)
        return false;
    for (int i = 0; i < gears_of(L)->model->iface_count; i++) {
        const char *p = gears_of(L)->model->ifaces[i]->src->path;
        size_t pl = strlen(p);
        if (pl >= len - 2 && memcmp(p + pl - (len - 2), t + 1, len - 2) == 0)
            return true;
    }
    for (int i = 0; i < gears_of(L)->model->impl_count; i++) {
        const char *p = gears_of(L)->model->impls[i]->src->path;
        size_t pl = strlen(p);
        if (pl >= len - 2 && memcmp(p + pl - (len - 2), t + 1, len - 2) == 0)
            return true;
    }
    return false;
}

/* The directive line without its final newline, as a one-line comment
 * (escaped: a path with a comment end or a newline would end it early or
 * add a line). */
static void drop_directive(Lowering *L, TSNode n, const char *what)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    while (e > s && (L->src->text[e - 1] == '\n' || L->src->text[e - 1] == '\r'))
        e--;
    /* the grammar ends a directive at LF, clang also at a lone CR: what
     * follows that is the file's */
    for (uint32_t k = s; k < e; k++)
        if (L->src->text[k] == '\r' && L->src->text[k + 1] != '\n') {
            e = k;
            break;
        }
    edits_add(&L->edits, s, e,
              arena_printf(L->arena, "/* %s: in the context header */", path_for_comment(L, what)));
}

/* `#interface "X.h"`, without what follows the path on its line (a
 * comment would end the comment that replaces the directive). */
static const char *interface_directive(Lowering *L, TSNode n)
{
    size_t len = 0;
    TSNode arg = node_field(n, FIELD_argument);
    const char *t = ts_node_is_null(arg) ? "" : node_text(L->src, arg, &len);
    const char *open = memchr(t, '"', len);
    const char *close = open ? memchr(open + 1, '"', len - (size_t)(open + 1 - t)) : NULL;
    if (!close)
        return "#interface";
    return arena_printf(L->arena, "#interface %.*s", (int)(close - open + 1), open);
}

/* Gears constructs, declarations of __code type (continuations are gear
 * numbers); true if handled. */
static bool gears_enter_node(Lowering *L, Frame *f)
{
    TSNode n = f->node;
    NodeKind kind = f->kind;
    if (kind == KIND_interface_definition) {
        drop_to_context_header(L, n, arena_printf(L->arena, "Interface %s", node_str(L, node_field(n, FIELD_name))));
        return true;
    }
    if (kind == KIND_implementation_definition) {
        drop_to_context_header(L, n, arena_printf(L->arena, "implementation %s", node_str(L, node_field(n, FIELD_name))));
        return true;
    }
    if (kind == KIND_preproc_include) {
        TSNode path = node_field(n, FIELD_path);
        if (node_is(path, KIND_string_literal) && header_has_gears(L, path))
            drop_directive(L, n, node_str(L, path));
        return true;
    }
    if (kind == KIND_preproc_call) {
        size_t len;
        const char *d = node_text(L->src, node_field(n, FIELD_directive), &len);
        if (len == 10 && memcmp(d, "#interface", 10) == 0)
            drop_directive(L, n, interface_directive(L, n));
        return true;
    }
    if (!L->fn.active && is_data_gear_declaration(L->src, n)) {
        drop_to_context_header(L, n, arena_printf(L->arena, "data gear %s",
                                                  node_str(L, node_field(node_field(n, FIELD_type), FIELD_name))));
        return true;
    }
    if (kind == KIND_new_expression) {
        lower_new(L, n);
        return true;
    }
    if (kind == KIND_par_goto_statement)
        return true; /* lowered on the way up, lower_par_goto */
    if ((kind == KIND_declaration || kind == KIND_field_declaration
         || kind == KIND_parameter_declaration || kind == KIND_type_descriptor
         || kind == KIND_type_definition)
        && node_is(node_field(n, FIELD_type), KIND_code_type)) {
        if (L->fn.active && (kind == KIND_declaration || kind == KIND_type_definition))
            declare_node(L->env, L->scope, L->src, n);
        lower_gears_code_declaration(L, n);
        return true;
    }
    return false;
}

/* Functions and blocks (their scopes) are plain CbC's, as is every node
 * Gears does not change. */
static void gears_enter(Lowering *L, Frame *f)
{
    NodeKind kind = f->kind;
    if (kind == KIND_function_definition || kind == KIND_compound_statement
        || kind == KIND_for_statement || !gears_enter_node(L, f))
        cbc_enter(L, f);
}

/* Gotos and gear definitions are Gears mode's; a call of a gear stays a C
 * call (plain CbC would run it as a nested chain). */
static void gears_leave(Lowering *L, Frame *f)
{
    TSNode n = f->node;
    NodeKind kind = f->kind;
    if (kind == KIND_gear_goto_statement) {
        L->any_cbc = true;
        lower_gears_goto(L, f);
    } else if (kind == KIND_par_goto_statement) {
        L->any_cbc = true;
        lower_par_goto(L, f);
    } else if (kind == KIND_function_definition && leaves_current_function(L, f) && L->fn.is_gear) {
        L->any_cbc = true;
        lower_gear_definition(L, n);
        memset(&L->fn, 0, sizeof L->fn);
    } else if (kind != KIND_call_expression) {
        cbc_leave(L, f);
    }
}

static void gears_prelude(Lowering *L, Buf *out)
{
    buf_printf(out, "/* Generated by gearsc --gears from %s: do not edit. */\n",
               path_for_comment(L, prefix_map_path(L->src->path)));
    if (L->opt->context_header) /* NULL: already in the text (gearsc cc: -include) */
        buf_printf(out, "#include \"%s\"\n", L->opt->context_header);
    if (gears_of(L)->uses_par)
        buf_puts(out, "#include <gears/taskmanager.h>\n");
}

static const LowerOps gears_ops = { gears_enter, gears_leave, gears_prelude, NULL };

void gears_lower_file(Buf *out, Lowered *lowered, Model *model, const LowerOptions *opt)
{
    GearsLowering G = { 0 };
    lowering_init(&G.base, model, opt);
    G.model = &model->gears;
    G.lowered = lowered;
    lowering_run(&G.base, &gears_ops, ts_tree_root_node(model->main_unit.tree), out);
    lowering_free(&G.base);
}
