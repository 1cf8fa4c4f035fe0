/* lowering.c - the lowering core; see lowering.h. */
#include "lowering.h"
#include "../support/prefix_map.h"

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
    return node_strdup(L->arena, L->src, n);
}

bool leaves_current_function(const Lowering *L, const Frame *f)
{
    return f->kind == KIND_function_definition && L->fn.active && ts_node_eq(f->node, L->fn.def);
}

Resolver resolver(Lowering *L)
{
    return (Resolver){ L->env, L->src, L->scope, L->fn.active && !L->fn.is_gear ? L->fn.return_gear : NULL };
}

TSNode outer_function_declarator(TSNode d)
{
    while (!ts_node_is_null(d) && !is_function_declarator(d))
        d = node_field(d, FIELD_declarator);
    return d;
}

/* The lowering walk: every node of the tree in pre-order, ops->enter on the way
 * down and ops->leave on the way up (then the scope is the one before the
 * node again), with a Frame per open node on an explicit
 * stack (no recursion).  Every node is visited: scopes and declarations in
 * plain C matter to the gears after them. */
static void walk(Lowering *L, const LowerOps *ops, TSNode root)
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
        ops->enter(L, f);
        if (ts_tree_cursor_goto_first_child(&c))
            continue;
        for (;;) {
            Frame *left = &stack[--depth];
            ops->leave(L, left);
            L->scope = left->scope_before;
            if (over_budget(L, left->node))
                goto done; /* reported: no output will be written */
            if (ts_tree_cursor_goto_next_sibling(&c))
                break;
            if (!ts_tree_cursor_goto_parent(&c)) {
                while (depth > 0) {
                    Frame *open = &stack[--depth];
                    ops->leave(L, open);
                    L->scope = open->scope_before;
                }
                goto done;
            }
        }
    }
done:
    ts_tree_cursor_delete(&c);
    free(stack);
}

/* A control byte as an octal escape, which a C string literal and a
 * reader of a comment both understand: a newline in a path must not end
 * the #line directive or add a line to the output. */
static void put_octal(Buf *out, unsigned char c)
{
    buf_putc(out, '\\');
    buf_putc(out, (char)('0' + (c >> 6)));
    buf_putc(out, (char)('0' + ((c >> 3) & 7)));
    buf_putc(out, (char)('0' + (c & 7)));
}

const char *path_for_comment(Lowering *L, const char *path)
{
    Buf b = { 0 };
    for (const char *p = path; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            put_octal(&b, (unsigned char)*p);
        else if (p[0] == '*' && p[1] == '/')
            buf_puts(&b, "*\\"); /* "*\/": the comment goes on */
        else
            buf_putc(&b, *p);
    }
    const char *s = arena_strndup(L->arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

/* After either prelude: the output's next line is line 1 of the source. */
static void print_line_one(Buf *out, const char *path)
{
    buf_puts(out, "#line 1 \"");
    for (const char *p = path; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            put_octal(out, (unsigned char)*p);
            continue;
        }
        if (*p == '"' || *p == '\\')
            buf_putc(out, '\\');
        buf_putc(out, *p);
    }
    buf_puts(out, "\"\n");
}

/* Finds the #line directives and line markers (`# 12 "x.cbc"`) of the
 * file, once: a line `# N ...` or `#line N ...` makes the next line line N. */
static void scan_markers(Lowering *L)
{
    const char *t = L->src->text;
    size_t len = L->src->len, cap = 0;
    uint32_t line = 1;
    L->markers_scanned = true;
    for (size_t i = 0; i < len; line++) {
        const char *nl = memchr(t + i, '\n', len - i);
        size_t next = nl ? (size_t)(nl - t) + 1 : len;
        size_t j = i;
        while (j < next && (t[j] == ' ' || t[j] == '\t'))
            j++;
        if (j < next && t[j] == '#') {
            j++;
            while (j < next && (t[j] == ' ' || t[j] == '\t'))
                j++;
            if (next - j > 4 && memcmp(t + j, "line", 4) == 0 && (t[j + 4] == ' ' || t[j + 4] == '\t'))
                for (j += 4; j < next && (t[j] == ' ' || t[j] == '\t');)
                    j++;
            if (j < next && t[j] >= '0' && t[j] <= '9') {
                long k = 0;
                for (; j < next && t[j] >= '0' && t[j] <= '9' && k < 100000000; j++)
                    k = k * 10 + (t[j] - '0');
                if (L->marker_count == cap)
                    L->markers = xrealloc(L->markers, (cap = cap ? 2 * cap : 64) * sizeof *L->markers);
                L->markers[L->marker_count++] = (struct LineMarker){ line, k - (long)(line + 1) };
            }
        }
        i = next;
    }
}

uint32_t presumed_line(Lowering *L, uint32_t offset)
{
    if (!L->markers_scanned)
        scan_markers(L);
    uint32_t line = source_pos(L->src, offset).line;
    size_t lo = 0, hi = L->marker_count; /* the markers before line: [0, lo) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (L->markers[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    long presumed = (long)line + (lo ? L->markers[lo - 1].delta : 0);
    return presumed > 0 ? (uint32_t)presumed : 1;
}

const char *line_zero_wrap(Lowering *L, uint32_t offset, const char *text)
{
    if (!L->opt->line_directives)
        return text;
    SourcePos pos = source_pos(L->src, offset);
    Buf b = { 0 };
    buf_puts(&b, "\n#line 0\n");
    buf_puts(&b, text);
    buf_printf(&b, "\n#line %u\n", (unsigned)presumed_line(L, offset));
    const char *rest = L->src->text + offset;
    if (offset < L->src->len && *rest != '\n' && *rest != '\r') /* no trailing blanks */
        for (uint32_t c = 1; c < pos.col; c++)
            buf_putc(&b, ' ');
    const char *s = arena_strndup(L->arena, b.data, b.len);
    buf_free(&b);
    return s;
}

void lowering_init(Lowering *L, Model *model, const LowerOptions *opt)
{
    memset(L, 0, sizeof *L);
    L->opt = opt;
    L->layout = opt->layout ? opt->layout : slot_layout_default();
    L->env = &model->env;
    L->diag = model->diag;
    L->src = model->main_unit.src;
    L->arena = &model->arena;
    L->scope = model->env.file_scope;
    L->edits.src = L->src;
}

void lowering_run(Lowering *L, const LowerOps *ops, TSNode root, Buf *out)
{
    walk(L, ops, root);
    /* A header gearsc cannot find may declare the types and gears the CbC
     * of this file needs: an error, never a guess (a plain C file passes). */
    for (MissingInclude *m = L->env->missing_includes; m && L->any_cbc; m = m->next) {
        diag_error(L->diag, m->src, m->offset,
                   "%.*s file not found: gearsc reads the headers a CbC file includes with "
                   "#include \"...\" for their types and gears; add its directory with -I DIR",
                   (int)m->name_len, m->name);
    }
    if (L->diag->errors)
        return;
    /* A UTF-8 byte order mark must stay the file's first bytes: in front
     * of the prelude, not glued to the first line after it. */
    Source *src = L->src;
    bool bom = L->any_cbc && src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0;
    if (bom) {
        buf_append(out, src->text, 3);
        edits_add(&L->edits, 0, 3, "");
    }
    if (L->any_cbc)
        ops->prelude(L, out);
    if (L->any_cbc && L->opt->line_directives)
        print_line_one(out, prefix_map_path(src->path));
    edits_apply(&L->edits, out);
    if (L->any_cbc && ops->epilogue)
        ops->epilogue(L, out);
}

void lowering_free(Lowering *L)
{
    free(L->markers);
    L->markers = NULL;
    edits_free(&L->edits);
}
