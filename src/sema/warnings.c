/* warnings.c - see warnings.h.
 *
 * -Wgear-fall-off asks of a gear's body whether its end is reachable: a
 * small "can complete normally" analysis over the statements, as C
 * compilers make for -Wreturn-type.  A statement's flow is a set of ways
 * out of it: on to the next statement (NORMAL), by `break` or by
 * `continue` to the enclosing loop or switch.  A gear goto, a C goto, a
 * return and a call of a function that never returns (abort, exit, panic...)
 * have none.  Labels and case labels make what follows them reachable;
 * loops with a constant true condition end only through a break; both
 * branches of #if/#else count, since gearsc does not evaluate them. */
#include "warnings.h"

#include <stdint.h>
#include <string.h>

/* Node kinds and fields of statements, beyond syntax.h's lists: resolved
 * here by name, once, and compared by id. */
enum {
    K_if, K_else, K_switch, K_case, K_while, K_do, K_for, K_labeled, K_return, K_break,
    K_continue, K_goto, K_expression_statement, K_compound, K_gear_goto, K_preproc_if,
    K_preproc_ifdef, K_preproc_elif, K_preproc_elifdef, K_preproc_else, K_number, K_true,
    K_call, K_identifier, K_parenthesized, K_comment, K_parameter, K_parameter_list,
    K_function_declarator, K_COUNT
};
static const char *const kind_names[K_COUNT] = {
    "if_statement", "else_clause", "switch_statement", "case_statement", "while_statement",
    "do_statement", "for_statement", "labeled_statement", "return_statement", "break_statement",
    "continue_statement", "goto_statement", "expression_statement", "compound_statement",
    "gear_goto_statement", "preproc_if", "preproc_ifdef", "preproc_elif", "preproc_elifdef",
    "preproc_else", "number_literal", "true", "call_expression", "identifier",
    "parenthesized_expression", "comment", "parameter_declaration", "parameter_list",
    "function_declarator",
};
enum { F_condition, F_consequence, F_alternative, F_body, F_value, F_label, F_name, F_function,
       F_declarator, F_parameters, F_COUNT };
static const char *const field_names[F_COUNT] = {
    "condition", "consequence", "alternative", "body", "value", "label", "name", "function",
    "declarator", "parameters",
};
static TSSymbol kind_id[K_COUNT];
static TSFieldId field_id[F_COUNT];

static void resolve_names(void)
{
    static bool done;
    if (done)
        return;
    const TSLanguage *lang = tree_sitter_cbc();
    for (int k = 0; k < K_COUNT; k++)
        kind_id[k] = ts_language_symbol_for_name(lang, kind_names[k], (uint32_t)strlen(kind_names[k]),
                                                 k != K_true);
    for (int f = 0; f < F_COUNT; f++)
        field_id[f] = ts_language_field_id_for_name(lang, field_names[f],
                                                    (uint32_t)strlen(field_names[f]));
    done = true;
}

static bool is(TSNode n, int k)
{
    return !ts_node_is_null(n) && kind_id[k] != 0 && ts_node_symbol(n) == kind_id[k];
}

static TSNode field(TSNode n, int f)
{
    return field_id[f] ? ts_node_child_by_field_id(n, field_id[f]) : (TSNode){ 0 };
}

enum { FLOW_NORMAL = 1, FLOW_BREAK = 2, FLOW_CONTINUE = 4 };
enum { FLOW_MAX_DEPTH = 128 };

typedef struct Walk {
    Source *src;
} Walk;

static bool text_is(const Walk *w, TSNode n, const char *word)
{
    size_t len;
    const char *t = node_text(w->src, n, &len);
    return len == strlen(word) && memcmp(t, word, len) == 0;
}

/* A condition that is always true: a nonzero number, `true`, or none. */
static bool always_true(const Walk *w, TSNode cond)
{
    while (is(cond, K_parenthesized) && ts_node_named_child_count(cond) == 1)
        cond = ts_node_named_child(cond, 0);
    if (is(cond, K_true))
        return true;
    if (!is(cond, K_number))
        return false;
    size_t len;
    const char *t = node_text(w->src, cond, &len);
    for (size_t i = 0; i < len; i++)
        if (t[i] >= '1' && t[i] <= '9')
            return true;
        else if (t[i] == 'x' || t[i] == 'X' || t[i] == '.')
            continue;
        else if (t[i] != '0')
            break;
    return false;
}

/* Functions that do not return: the C library's and the kernels'. */
static bool never_returns(const Walk *w, TSNode call)
{
    static const char *const names[] = {
        "abort", "exit", "_exit", "_Exit", "quick_exit", "panic", "longjmp", "siglongjmp",
        "_longjmp", "__builtin_unreachable", "__builtin_trap", "__assert_fail", "err", "errx",
        "verr", "verrx", "pthread_exit", "thrd_exit", NULL };
    TSNode f = field(call, F_function);
    if (!is(f, K_identifier))
        return false;
    for (int i = 0; names[i]; i++)
        if (text_is(w, f, names[i]))
            return true;
    return false;
}

static int flow(const Walk *w, TSNode s, int depth);

/* A sequence: the named children of n that are statements, in order (the
 * fields in skip are not: a case's value, an #if's condition...). */
static int sequence(const Walk *w, TSNode n, int depth, bool skip_alternative)
{
    int out = 0;
    bool reachable = true;
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(n, i);
        if (!ts_node_is_named(c) || is(c, K_comment))
            continue;
        const char *fname = ts_node_field_name_for_child(n, i);
        if (fname && (strcmp(fname, "value") == 0 || strcmp(fname, "condition") == 0
                      || strcmp(fname, "name") == 0
                      || (skip_alternative && strcmp(fname, "alternative") == 0)))
            continue;
        if (is(c, K_labeled) || is(c, K_case))
            reachable = true; /* a goto or the switch may land here */
        if (!reachable)
            continue;
        int f = flow(w, c, depth + 1);
        out |= f & (FLOW_BREAK | FLOW_CONTINUE);
        reachable = (f & FLOW_NORMAL) != 0;
    }
    return out | (reachable ? FLOW_NORMAL : 0);
}

/* Whether the switch body has a `default:` label of its own. */
static bool has_default(TSNode body)
{
    uint32_t count = ts_node_named_child_count(body);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(body, i);
        if (is(c, K_case) && ts_node_is_null(field(c, F_value)))
            return true;
    }
    return false;
}

static int flow(const Walk *w, TSNode s, int depth)
{
    if (depth > FLOW_MAX_DEPTH)
        return 0; /* too deep to follow: as if it ended in a goto (no warning) */
    if (is(s, K_compound) || is(s, K_case) || is(s, K_preproc_else))
        return sequence(w, s, depth, false);
    if (is(s, K_preproc_if) || is(s, K_preproc_ifdef) || is(s, K_preproc_elif)
        || is(s, K_preproc_elifdef)) {
        TSNode alt = field(s, F_alternative);
        return sequence(w, s, depth, true)
             | (ts_node_is_null(alt) ? FLOW_NORMAL : flow(w, alt, depth + 1));
    }
    if (is(s, K_labeled)) {
        uint32_t count = ts_node_named_child_count(s);
        return count ? flow(w, ts_node_named_child(s, count - 1), depth + 1) : FLOW_NORMAL;
    }
    if (is(s, K_if)) {
        TSNode alt = field(s, F_alternative);
        if (is(alt, K_else))
            alt = ts_node_named_child(alt, 0);
        return flow(w, field(s, F_consequence), depth + 1)
             | (ts_node_is_null(alt) ? FLOW_NORMAL : flow(w, alt, depth + 1));
    }
    if (is(s, K_switch)) {
        TSNode body = field(s, F_body);
        int f = flow(w, body, depth + 1);
        bool out = !has_default(body) || (f & (FLOW_NORMAL | FLOW_BREAK));
        return (f & FLOW_CONTINUE) | (out ? FLOW_NORMAL : 0);
    }
    if (is(s, K_while) || is(s, K_for)) {
        int f = flow(w, field(s, F_body), depth + 1);
        TSNode cond = field(s, F_condition);
        bool forever = is(s, K_for) ? ts_node_is_null(cond) || always_true(w, cond)
                                    : always_true(w, cond);
        return !forever || (f & FLOW_BREAK) ? FLOW_NORMAL : 0;
    }
    if (is(s, K_do)) {
        int f = flow(w, field(s, F_body), depth + 1);
        TSNode cond = field(s, F_condition);
        if (f & FLOW_BREAK)
            return FLOW_NORMAL;
        if (!(f & (FLOW_NORMAL | FLOW_CONTINUE)))
            return 0; /* the condition is never reached */
        return always_true(w, cond) ? 0 : FLOW_NORMAL;
    }
    if (is(s, K_return) || is(s, K_goto) || is(s, K_gear_goto))
        return 0;
    if (is(s, K_break))
        return FLOW_BREAK;
    if (is(s, K_continue))
        return FLOW_CONTINUE;
    if (is(s, K_expression_statement) && ts_node_named_child_count(s) == 1) {
        TSNode e = ts_node_named_child(s, 0);
        if (is(e, K_call) && never_returns(w, e))
            return 0;
        /* ({ ...; goto k(x); }) as a statement */
        if (is(e, K_parenthesized) && ts_node_named_child_count(e) == 1
            && is(ts_node_named_child(e, 0), K_compound))
            return flow(w, ts_node_named_child(e, 0), depth + 1) & ~(FLOW_BREAK | FLOW_CONTINUE);
    }
    return FLOW_NORMAL;
}

/* The parameter_list of a function definition's declarator. */
static TSNode parameter_list(TSNode def)
{
    TSNode d = field(def, F_declarator);
    for (int i = 0; i < 16 && !ts_node_is_null(d); i++) {
        if (is(d, K_function_declarator))
            return field(d, F_parameters);
        d = field(d, F_declarator);
    }
    return (TSNode){ 0 };
}

/* Whether parameter declaration n says it may go unused: an attribute
 * (__attribute__((unused)), [[maybe_unused]]) outside its type and name. */
static bool marked_unused(const Walk *w, TSNode n)
{
    bool found = false;
    TSTreeCursor c = ts_tree_cursor_new(n);
    for (bool more = ts_tree_cursor_goto_first_child(&c); more && !found;
         more = ts_tree_cursor_goto_next_sibling(&c)) {
        TSNode child = ts_tree_cursor_current_node(&c);
        if ((cursor_in_field(&c, FIELD_type) || cursor_in_field(&c, FIELD_declarator))
            && !node_is(child, KIND_attributed_declarator))
            continue;
        size_t len;
        const char *t = node_text(w->src, child, &len);
        for (size_t k = 0; k + 6 <= len && !found; k++)
            found = memcmp(t + k, "unused", 6) == 0
                 && (k + 6 == len || strchr(")]_ ,", t[k + 6]) != NULL);
    }
    ts_tree_cursor_delete(&c);
    return found;
}

enum { MAX_PARAMS = 128 };

static void warn_unused_parameters(TypeEnv *env, const Walk *w, TSNode def, const char *name,
                                   const Type *sig)
{
    int n = sig->param_count < MAX_PARAMS ? sig->param_count : MAX_PARAMS;
    bool used[MAX_PARAMS] = { 0 }, exempt[MAX_PARAMS] = { 0 };
    TSNode list = parameter_list(def);
    uint32_t count = ts_node_is_null(list) ? 0 : ts_node_named_child_count(list);
    for (uint32_t i = 0, k = 0; i < count && k < (uint32_t)n; i++) {
        TSNode p = ts_node_named_child(list, i);
        if (is(p, K_parameter))
            exempt[k++] = marked_unused(w, p);
    }
    int left = 0;
    for (int k = 0; k < n; k++) {
        const Param *p = &sig->params[k];
        exempt[k] |= !p->name || strcmp(p->name, "context") == 0;
        left += !exempt[k];
    }
    if (!left)
        return;
    TSTreeCursor c = ts_tree_cursor_new(field(def, F_body));
    for (bool more = true; more && left; more = tree_cursor_next(&c, true)) {
        TSNode id = ts_tree_cursor_current_node(&c);
        if (!is(id, K_identifier))
            continue;
        size_t len;
        const char *t = node_text(w->src, id, &len);
        for (int k = 0; k < n; k++)
            if (!exempt[k] && !used[k] && strlen(sig->params[k].name) == len
                && memcmp(sig->params[k].name, t, len) == 0) {
                used[k] = true;
                left--;
            }
    }
    ts_tree_cursor_delete(&c);
    for (int k = 0; k < n; k++)
        if (!exempt[k] && !used[k])
            diag_warn(env->diag, WARN_UNUSED_GEAR_PARAMETER, w->src, sig->params[k].offset,
                      "unused parameter '%s' of code gear '%s'", sig->params[k].name, name);
}

/* `(void)next;` in the body: the end of the chain is meant (no warning). */
static bool voids_a_continuation(const Walk *w, TSNode body, const Type *sig)
{
    bool found = false;
    TSTreeCursor c = ts_tree_cursor_new(body);
    for (bool more = true; more && !found; more = tree_cursor_next(&c, true)) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (!node_is(n, KIND_cast_expression) || !text_is(w, node_field(n, FIELD_type), "void"))
            continue;
        TSNode v = node_field(n, FIELD_value);
        for (int k = 0; k < sig->param_count && !found; k++)
            found = is(v, K_identifier) && sig->params[k].name
                 && type_is_code_pointer(sig->params[k].type) && text_is(w, v, sig->params[k].name);
    }
    ts_tree_cursor_delete(&c);
    return found;
}

static void warn_fall_off(TypeEnv *env, const Walk *w, TSNode def, const char *name,
                          const Type *sig)
{
    const char *cont = NULL;
    for (int k = 0; k < sig->param_count && !cont; k++)
        if (sig->params[k].name && type_is_code_pointer(sig->params[k].type))
            cont = sig->params[k].name;
    if (!cont)
        return;
    TSNode body = field(def, F_body);
    if (!is(body, K_compound) || !(flow(w, body, 0) & FLOW_NORMAL) || voids_a_continuation(w, body, sig))
        return;
    diag_warn(env->diag, WARN_GEAR_FALL_OFF, w->src, ts_node_end_byte(body) - 1,
              "code gear '%s' can reach the end of its body without a goto: the chain ends "
              "there, and its continuation '%s' is not taken",
              name, cont);
}

void warn_gears(TypeEnv *env, Source *src, TSTree *tree, bool (*wanted)(void *ctx, size_t offset),
                void *ctx)
{
    Diag *d = env->diag;
    bool unused = diag_warning_enabled(d, WARN_UNUSED_GEAR_PARAMETER);
    bool fall_off = diag_warning_enabled(d, WARN_GEAR_FALL_OFF);
    if (!unused && !fall_off)
        return;
    resolve_names();
    Walk w = { src };
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
    for (bool more = true; more;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (!node_is(n, KIND_function_definition)) {
            more = tree_cursor_next(&c, true);
            continue;
        }
        const char *name = NULL;
        uint32_t at = 0;
        Type *t = function_definition_type(env, src, n, &name, &at);
        if (t && t->kind == TYPE_GEAR && name && (!wanted || wanted(ctx, ts_node_start_byte(n)))) {
            if (unused)
                warn_unused_parameters(env, &w, n, name, t);
            if (fall_off)
                warn_fall_off(env, &w, n, name, t);
        }
        more = tree_cursor_next(&c, false); /* no gear is defined inside another */
    }
    ts_tree_cursor_delete(&c);
}
