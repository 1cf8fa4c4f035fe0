/* interface.c - reading Interfaces and implementations; see interface.h. */
#include "interface.h"

#include <stdlib.h>
#include <string.h>


/* An entry of an Interface's method or field index: the k-th of its array. */
typedef struct IndexEntry {
    HashLink link;
    int k;
} IndexEntry;

static bool same(const char *a, const char *b, size_t blen)
{
    return strlen(a) == blen && memcmp(a, b, blen) == 0;
}

/* ---- names ---- */

static bool name_in(const char *name, size_t len, const char *const *list)
{
    for (; *list; list++)
        if (same(*list, name, len))
            return true;
    return false;
}

static bool has_prefix(const char *name, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(name, prefix, n) == 0;
}

const char *gears_name_problem(const char *name, size_t len, GearsNameKind kind)
{
    static const char *const keywords[] = {
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double",
        "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
        "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
        "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas",
        "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
        "_Static_assert", "_Thread_local", "asm", "typeof", "typeof_unqual", "bool", "true",
        "false", "nullptr", "alignas", "alignof", "constexpr", "static_assert",
        "thread_local", "__code", "__return", "__environment", NULL
    };
    /* what the context header, the tables and the runtime define, and the
     * parameter every lowered gear has */
    static const char *const generated[] = {
        "main", "context", "Gearef", "GearImpl", "NULL", NULL
    };
    static const char *const generated_prefixes[] = {
        "gears_", "GEARS_", "__cbc", "__CBC", "__gears", "__GEARS", NULL
    };
    /* tags beside the data gears' struct tags, and union Data's names */
    static const char *const generated_types[] = { "Data", "Context", "Code", "DataType", NULL };
    if (len == 0)
        return "is empty";
    for (size_t k = 0; k < len; k++)
        if ((unsigned char)name[k] >= 0x80)
            return "is not an ASCII identifier (the Gears meta level names every gear and data "
                   "gear in C: use the letters A-Z, a-z, digits and '_')";
    if (name[0] >= '0' && name[0] <= '9')
        return "is not a C identifier";
    for (size_t k = 0; k < len; k++) {
        char c = name[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '_'))
            return "is not a C identifier";
    }
    if (name_in(name, len, keywords))
        return "is a C keyword";
    if (kind == GEARS_NAME_MEMBER)
        return NULL;
    if (name_in(name, len, generated))
        return "is reserved by the generated code";
    for (const char *const *p = generated_prefixes; *p; p++)
        if (has_prefix(name, len, *p))
            return "is reserved by the generated code (names starting gears_, GEARS_, __cbc "
                   "or __gears are its own)";
    if (kind == GEARS_NAME_DATA && name_in(name, len, generated_types))
        return "is reserved by the generated code (union Data, enum Code, enum DataType and "
               "struct Context are its own)";
    return NULL;
}

Interface *gears_interface(const GearsModel *m, const char *name, size_t len)
{
    uint64_t h = hash_bytes(name, len);
    for (HashLink *e = hash_find(&m->iface_index, h); e; e = hash_next(e, h))
        if (same(((Interface *)e)->name, name, len))
            return (Interface *)e;
    return NULL;
}

Method *interface_method(Interface *i, const char *name, size_t len)
{
    uint64_t h = hash_bytes(name, len);
    for (HashLink *e = hash_find(&i->method_index, h); e; e = hash_next(e, h)) {
        Method *m = &i->methods[((IndexEntry *)e)->k];
        if (same(m->name, name, len))
            return m;
    }
    return NULL;
}

IfaceField *interface_field(Interface *i, const char *name, size_t len)
{
    uint64_t h = hash_bytes(name, len);
    for (HashLink *e = hash_find(&i->field_index, h); e; e = hash_next(e, h)) {
        IfaceField *f = &i->fields[((IndexEntry *)e)->k];
        if (same(f->name, name, len))
            return f;
    }
    return NULL;
}

static void index_add(Arena *a, HashTable *t, const char *name, int k)
{
    IndexEntry *e = arena_alloc(a, sizeof *e);
    e->k = k;
    hash_insert(a, t, &e->link, hash_bytes(name, strlen(name)));
}

bool is_type_parameter(const Interface *i, const Type *t)
{
    if (!t || t->kind != TYPE_POINTER || !t->base || t->base->kind != TYPE_TYPEDEF)
        return false;
    for (int k = 0; k < i->type_param_count; k++)
        if (strcmp(i->type_params[k], t->base->spec) == 0)
            return true;
    return false;
}

static Type *union_data_pointer(Arena *a)
{
    Type *u = type_new(a, TYPE_RECORD);
    u->spec = "union Data";
    u->tag = "union Data";
    return type_pointer_to(a, u);
}

/* The field a method parameter of type t is stored in: type parameters and
 * data gear pointers travel as union Data*. */
static Type *field_type_for(Arena *a, const Interface *i, Type *t)
{
    return is_type_parameter(i, t) ? union_data_pointer(a) : t;
}

static bool is_gear_param(const Type *t)
{
    return t && t->kind == TYPE_POINTER && t->base && t->base->kind == TYPE_GEAR;
}

static void add_field(Arena *a, Interface *i, const char *name, Type *type, bool is_code,
                      uint32_t offset, int cap)
{
    if (i->field_count == cap)
        return;
    index_add(a, &i->field_index, name, i->field_count);
    i->fields[i->field_count++] = (IfaceField){ name, type, is_code, offset };
}

/* A parameter `p` of method m against the data fields: declared fields must
 * agree with it; without declared fields it declares one. */
static void reconcile_param(TypeEnv *env, Interface *i, const Method *m, const Param *p, int cap)
{
    if (!p->name)
        return;
    Type *want = field_type_for(env->arena, i, p->type);
    IfaceField *f = interface_field(i, p->name, strlen(p->name));
    bool code = is_gear_param(p->type);
    if (!f) {
        if (i->fields_declared && !code) {
            diag_error(env->diag, i->src, p->offset,
                       "parameter '%s' of method '%s' has no data field in Interface '%s'",
                       p->name, m->name, i->name);
            return;
        }
        add_field(env->arena, i, p->name, code ? NULL : want, code, p->offset, cap);
        return;
    }
    if (f->is_code != code) {
        diag_error(env->diag, i->src, p->offset,
                   "parameter '%s' of method '%s' is %s, but Interface '%s' has '%s' as %s",
                   p->name, m->name, code ? "a continuation" : "data", i->name, f->name,
                   f->is_code ? "a continuation" : "a data field");
        return;
    }
    if (code)
        return;
    const char *have = type_to_c(env->arena, f->type, "", false);
    const char *need = type_to_c(env->arena, want, "", false);
    bool both_pointers = type_resolve(env, f->type) && type_resolve(env, want)
                      && type_resolve(env, f->type)->kind == TYPE_POINTER
                      && type_resolve(env, want)->kind == TYPE_POINTER
                      && is_type_parameter(i, p->type);
    if (strcmp(have, need) != 0 && !both_pointers) {
        diag_error(env->diag, i->src, p->offset,
                   "parameter '%s' of method '%s' is '%s', but the data field '%s' of Interface "
                   "'%s' is '%s'",
                   p->name, m->name, type_to_cbc(env->arena, p->type), f->name, i->name, have);
        diag_note(env->diag, i->src, f->offset, "the data field is declared here");
    }
}

/* A name of the Gears model that becomes a C name: reported where it is
 * written, at the first step that sees it (not by gearsc link, later,
 * from a manifest). */
static void check_name(TypeEnv *env, Source *src, const char *name, size_t len, uint32_t at,
                       GearsNameKind kind)
{
    const char *problem = gears_name_problem(name, len, kind);
    if (problem)
        diag_error(env->diag, src, at, "%s name '%.*s' %s",
                   kind == GEARS_NAME_GEAR ? "gear" : kind == GEARS_NAME_DATA ? "data gear" : "method",
                   (int)len, name, problem);
}

static void check_name_node(TypeEnv *env, Source *src, TSNode n, GearsNameKind kind)
{
    if (ts_node_is_null(n))
        return;
    size_t len;
    const char *name = node_text(src, n, &len);
    check_name(env, src, name, len, ts_node_start_byte(n), kind);
}

/* The name of a gear definition `__code f(...) { ... }`, or a null node. */
static TSNode gear_definition_name(TSNode n)
{
    if (!node_is(n, KIND_function_definition) || !node_is(node_field(n, FIELD_type), KIND_code_type))
        return (TSNode){ 0 };
    TSNode d = node_field(n, FIELD_declarator);
    while (!ts_node_is_null(d) && !node_is(d, KIND_function_declarator))
        d = node_field(d, FIELD_declarator);
    d = ts_node_is_null(d) ? d : node_field(d, FIELD_declarator);
    return node_is(d, KIND_identifier) ? d : (TSNode){ 0 };
}

static void read_interface(GearsModel *model, TypeEnv *env, Source *src, TSNode n)
{
    Arena *a = env->arena;
    Interface *i = arena_alloc(a, sizeof *i);
    i->name = node_strdup(a, src, node_field(n, FIELD_name));
    check_name_node(env, src, node_field(n, FIELD_name), GEARS_NAME_DATA);
    i->src = src;
    i->offset = ts_node_start_byte(n);
    TSNode decl = node_field(n, FIELD_declarator);
    if (!ts_node_is_null(decl) && strcmp(node_strdup(a, src, decl), i->name) != 0)
        diag_error(env->diag, src, ts_node_start_byte(decl),
                   "Interface '%s' must be declared as '... } %s;'", i->name, i->name);
    TSNode params = node_field(n, FIELD_parameters);
    uint32_t np = ts_node_named_child_count(params);
    i->type_params = arena_alloc(a, (np + 1) * sizeof *i->type_params);
    for (uint32_t k = 0; k < np; k++)
        i->type_params[i->type_param_count++] = node_strdup(a, src, ts_node_named_child(params, k));

    /* the members, once (ts_node_named_child(body, k) walks k siblings) */
    TSNode body = node_field(n, FIELD_body);
    uint32_t members = 0;
    TSNode *member = xmalloc(((size_t)ts_node_named_child_count(body) + 1) * sizeof *member);
    TSTreeCursor mc = ts_tree_cursor_new(body);
    if (ts_tree_cursor_goto_first_child(&mc))
        do {
            TSNode m = ts_tree_cursor_current_node(&mc);
            if (ts_node_is_named(m))
                member[members++] = m;
        } while (ts_tree_cursor_goto_next_sibling(&mc));
    ts_tree_cursor_delete(&mc);
    /* fields: declared ones, then derived data fields and code slots; each
     * parameter of each method can add at most one, plus its outputs */
    int cap = 8;
    for (uint32_t k = 0; k < members; k++)
        cap += 4 + 2 * (int)ts_node_named_child_count(member[k]);
    i->fields = arena_alloc(a, (size_t)cap * 4 * sizeof *i->fields);
    cap *= 4;
    i->methods = arena_alloc(a, (members + 1) * sizeof *i->methods);

    for (uint32_t k = 0; k < members; k++) {
        TSNode f = member[k];
        if (!node_is(f, KIND_field_declaration))
            continue;
        const char *name = NULL;
        uint32_t at = ts_node_start_byte(f);
        Type *t = type_from_declarator(env, src, f, node_field(f, FIELD_declarator), &name, &at);
        if (!name)
            continue;
        if (t->kind == TYPE_GEAR) {
            bool method = t->param_count > 0;
            if (method) {
                check_name(env, src, name, strlen(name), at, GEARS_NAME_MEMBER);
                if (!interface_method(i, name, strlen(name)))
                    index_add(a, &i->method_index, name, i->method_count);
                i->methods[i->method_count++] = (Method){ name, t, at };
            }
            continue;
        }
        i->fields_declared = true;
        if (interface_field(i, name, strlen(name)))
            diag_error(env->diag, src, at, "duplicate data field '%s' in Interface '%s'", name,
                       i->name);
        else
            add_field(a, i, name, t, false, at, cap);
    }
    /* Method parameters against (or into) the data fields, then one code
     * slot per method and per continuation. */
    for (int k = 0; k < i->method_count; k++) {
        Method *m = &i->methods[k];
        for (int p = 0; p < m->sig->param_count; p++) {
            Param *param = &m->sig->params[p];
            reconcile_param(env, i, m, param, cap);
            if (is_gear_param(param->type)) {
                /* outputs of a continuation: `__code next(Type* data, ...)` */
                Type *cont = param->type->base;
                for (int q = 0; q < cont->param_count; q++)
                    reconcile_param(env, i, m, &cont->params[q], cap);
            }
        }
    }
    for (uint32_t k = 0; k < members; k++) {
        TSNode f = member[k];
        if (!node_is(f, KIND_field_declaration) || !node_is(node_field(f, FIELD_type), KIND_code_type))
            continue;
        const char *name = NULL;
        uint32_t at = ts_node_start_byte(f);
        type_from_declarator(env, src, f, node_field(f, FIELD_declarator), &name, &at);
        if (name && !interface_field(i, name, strlen(name)))
            add_field(a, i, name, NULL, true, at, cap);
    }
    free(member);
    if (gears_interface(model, i->name, strlen(i->name))) {
        diag_error(env->diag, src, i->offset, "Interface '%s' is declared twice", i->name);
        return;
    }
    model->ifaces = xgrow(model->ifaces, model->iface_count, &model->iface_cap,
                               sizeof *model->ifaces);
    model->ifaces[model->iface_count++] = i;
    hash_insert(a, &model->iface_index, &i->link, hash_bytes(i->name, strlen(i->name)));
}

static void read_implementation(GearsModel *model, TypeEnv *env, Source *src, TSNode n)
{
    Arena *a = env->arena;
    Implementation *impl = arena_alloc(a, sizeof *impl);
    impl->name = node_strdup(a, src, node_field(n, FIELD_name));
    check_name_node(env, src, node_field(n, FIELD_name), GEARS_NAME_DATA);
    impl->iface = node_strdup(a, src, node_field(n, FIELD_interface));
    impl->body = node_strdup(a, src, node_field(n, FIELD_body));
    impl->src = src;
    impl->offset = ts_node_start_byte(n);
    /* The implementation's struct is a data gear like any other: register
     * its type so gear parameters `struct SingleLinkedStack*` resolve. */
    model->impls = xgrow(model->impls, model->impl_count, &model->impl_cap,
                              sizeof *model->impls);
    model->impls[model->impl_count++] = impl;
}

bool is_data_gear_declaration(Source *src, TSNode n)
{
    if (!node_is(n, KIND_declaration))
        return false;
    TSNode spec = node_field(n, FIELD_type);
    if (!node_is(spec, KIND_struct_specifier) || ts_node_is_null(node_field(spec, FIELD_body)))
        return false;
    TSNode name = node_field(spec, FIELD_name);
    TSNode decl = node_field(n, FIELD_declarator);
    if (ts_node_is_null(name) || !node_is(decl, KIND_identifier) || ts_node_named_child_count(n) != 2)
        return false;
    size_t a, b;
    const char *x = node_text(src, name, &a), *y = node_text(src, decl, &b);
    return a == b && memcmp(x, y, a) == 0;
}

const char *interface_c_struct(Arena *arena, const Interface *i)
{
    Buf b = { 0 };
    buf_printf(&b, "struct %s {", i->name);
    for (int k = 0; k < i->field_count; k++) {
        const IfaceField *f = &i->fields[k];
        if (f->is_code)
            buf_printf(&b, " enum Code %s;", f->name);
        else
            buf_printf(&b, " %s;", type_to_c(arena, f->type, f->name, false));
    }
    buf_puts(&b, " }");
    const char *s = arena_strndup(arena, b.data, b.len);
    buf_free(&b);
    return s;
}

static void read_data_gear(GearsModel *model, TypeEnv *env, Source *src, TSNode n)
{
    DataGear *d = arena_alloc(env->arena, sizeof *d);
    TSNode spec = node_field(n, FIELD_type);
    d->name = node_strdup(env->arena, src, node_field(spec, FIELD_name));
    check_name_node(env, src, node_field(spec, FIELD_name), GEARS_NAME_DATA);
    d->c_struct = node_strdup(env->arena, src, spec);
    d->src = src;
    d->offset = ts_node_start_byte(n);
    model->data_gears = xgrow(model->data_gears, model->data_gear_count,
                                   &model->data_gear_cap, sizeof *model->data_gears);
    model->data_gears[model->data_gear_count++] = d;
}

/* The file's own gears (those of headers are defined elsewhere) become
 * gears of the program: their names are checked here. */
static void read_unit(GearsModel *m, TypeEnv *env, Unit *u, bool defines_gears)
{
    TSNode root = ts_tree_root_node(u->tree);
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        NodeKind kind = node_kind(n);
        if (kind == KIND_interface_definition)
            read_interface(m, env, u->src, n);
        else if (kind == KIND_implementation_definition)
            read_implementation(m, env, u->src, n);
        else if (is_data_gear_declaration(u->src, n))
            read_data_gear(m, env, u->src, n);
        else if (defines_gears && kind == KIND_function_definition)
            check_name_node(env, u->src, gear_definition_name(n), GEARS_NAME_GEAR);
        bool descend = kind == KIND_translation_unit || kind_is_preproc_block(kind);
        if (!tree_cursor_next(&c, descend))
            break;
    }
    ts_tree_cursor_delete(&c);
}

/* ---- what implements what ---- */

typedef struct BindingEntry {
    HashLink link;
    int k;                  /* in bindings */
} BindingEntry;

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t k = strlen(suffix);
    return len > k && memcmp(s + len - k, suffix, k) == 0;
}

/* Gear `name` implements a method if it is m + Impl for an implementation. */
static Binding binding_by_name(const GearsModel *m, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < m->impl_count; i++) {
        Implementation *impl = m->impls[i];
        if (!ends_with(name, len, impl->name))
            continue;
        Interface *iface = gears_interface(m, impl->iface, strlen(impl->iface));
        if (!iface)
            continue;
        Method *meth = interface_method(iface, name, len - strlen(impl->name));
        if (meth)
            return (Binding){ .iface = iface, .method = meth };
    }
    return (Binding){ 0 };
}

/* Old style: `x->push = C_pushSingleLinkedStack;` in a create function binds
 * pushSingleLinkedStack to the method push of the Interface that has it. */
static Binding binding_by_assignment(const GearsModel *m, const char *name)
{
    size_t len = strlen(name);
    uint64_t h = hash_bytes(name, len);
    for (HashLink *e = hash_find(&m->binding_index, h); e; e = hash_next(e, h)) {
        Binding *b = &m->bindings[((BindingEntry *)e)->k];
        if (strcmp(b->gear, name) == 0)
            return *b;
    }
    return (Binding){ 0 };
}

Binding gears_binding_of(const GearsModel *m, const char *gear)
{
    Binding b = binding_by_name(m, gear);
    return b.iface ? b : binding_by_assignment(m, gear);
}

/* Binds the gear of `x->m = C_gear;` to the method m of the first
 * Interface that has one; the first assignment of a gear binds. */
static void bind_assignment(GearsModel *m, Arena *arena, Source *src, TSNode left, TSNode right)
{
    size_t rl, ml;
    const char *r = node_text(src, right, &rl);
    const char *mname = node_text(src, node_field(left, FIELD_field), &ml);
    if (rl <= 2 || r[0] != 'C' || r[1] != '_')
        return;
    for (int i = 0; i < m->iface_count; i++) {
        Method *meth = interface_method(m->ifaces[i], mname, ml);
        if (!meth)
            continue;
        const char *gear = arena_strndup(arena, r + 2, rl - 2);
        if (binding_by_assignment(m, gear).iface)
            return;
        m->bindings = xgrow(m->bindings, m->binding_count, &m->binding_cap, sizeof *m->bindings);
        BindingEntry *e = arena_alloc(arena, sizeof *e);
        e->k = m->binding_count;
        hash_insert(arena, &m->binding_index, &e->link, hash_bytes(gear, rl - 2));
        m->bindings[m->binding_count++] = (Binding){ gear, m->ifaces[i], meth };
        return;
    }
}

static void collect_assignment_bindings(GearsModel *m, Arena *arena, Unit *u)
{
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(u->tree));
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (node_is(n, KIND_assignment_expression)) {
            TSNode left = node_field(n, FIELD_left), right = node_field(n, FIELD_right);
            if (node_is(left, KIND_field_expression) && node_is(right, KIND_identifier))
                bind_assignment(m, arena, u->src, left, right);
        }
        if (!tree_cursor_next(&c, true))
            break;
    }
    ts_tree_cursor_delete(&c);
}

void gears_model_free(GearsModel *m)
{
    free(m->ifaces);
    free(m->impls);
    free(m->data_gears);
    free(m->bindings);
}

void gears_model_build(GearsModel *m, TypeEnv *env, Unit *main_unit, Unit *headers)
{
    memset(m, 0, sizeof *m);
    /* headers come as a list, newest first: read them in the order found */
    int n = 0;
    for (Unit *u = headers; u; u = u->next)
        n++;
    Unit **order = xmalloc((size_t)(n + 1) * sizeof *order);
    int k = n;
    for (Unit *u = headers; u; u = u->next)
        order[--k] = u;
    for (int i = 0; i < n; i++)
        if (order[i]->tree)
            read_unit(m, env, order[i], false);
    free(order);
    read_unit(m, env, main_unit, true);
    for (int i = 0; i < m->impl_count; i++) {
        Implementation *impl = m->impls[i];
        if (!gears_interface(m, impl->iface, strlen(impl->iface)))
            diag_error(env->diag, impl->src, impl->offset,
                       "'%s' implements unknown Interface '%s'", impl->name, impl->iface);
    }
    collect_assignment_bindings(m, env->arena, main_unit);
}
