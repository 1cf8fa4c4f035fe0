/* tree_print.c - the S-expression form of a parse tree (`--emit=tree`, and the
 * grammar corpus tests).  Iterative, so a deeply nested input cannot overflow
 * the C stack. */
#include "parse.h"

static void open_node(Buf *out, TSTreeCursor *c, TSNode n, bool with_fields, bool *first)
{
    if (!*first)
        buf_putc(out, ' ');
    *first = false;
    const char *field = with_fields ? ts_tree_cursor_current_field_name(c) : NULL;
    if (field)
        buf_printf(out, "%s: ", field);
    if (ts_node_is_missing(n)) {
        if (ts_node_is_named(n))
            buf_printf(out, "(MISSING %s", ts_node_type(n));
        else
            buf_printf(out, "(MISSING \"%s\"", ts_node_type(n));
    } else {
        buf_printf(out, "(%s", ts_node_type(n));
    }
}

static bool is_shown(TSNode n)
{
    return ts_node_is_named(n) || ts_node_is_missing(n);
}

void print_tree_sexp(Buf *out, TSNode root, bool with_fields)
{
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool first = true;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (is_shown(n))
            open_node(out, &c, n, with_fields, &first);
        if (ts_tree_cursor_goto_first_child(&c))
            continue;
        if (is_shown(n))
            buf_putc(out, ')');
        while (!ts_tree_cursor_goto_next_sibling(&c)) {
            if (!ts_tree_cursor_goto_parent(&c))
                goto done;
            if (is_shown(ts_tree_cursor_current_node(&c)))
                buf_putc(out, ')');
        }
    }
done:
    ts_tree_cursor_delete(&c);
    buf_putc(out, '\n');
}
