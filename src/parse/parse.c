/* parse.c - run the tree-sitter-cbc parser and report what it could not parse.
 *
 * tree-sitter never fails on bad input: it recovers, and marks what it skipped
 * as ERROR nodes and what it had to invent as MISSING nodes.  A compiler must
 * not recover silently, so every such node becomes an error here, and the
 * driver stops before any output is written. */
#include "parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- tree-sitter 0.20.7 and nodes with 65536 or more children ----
 *
 * tree-sitter 0.20.7 (Debian 12's libtree-sitter) keeps a node's child count
 * in 16 bits (SubtreeHeapData.child_count; later releases use 32).  Error
 * recovery can make a node with 65536 or more children -- 70000 '(' or
 * comments before the end of the file are enough -- and then the count
 * wraps: the node silently loses children (its tree may even look free of
 * errors), and releasing it passes free() a pointer into the middle of its
 * children array, which corrupts the heap (glibc aborts, in the parse or in
 * ts_tree_delete).  gearsc cannot fix the library, so:
 *
 *  - tree-sitter allocates through the functions below, which put a tagged
 *    header in front of every block.  free() of a pointer without a valid
 *    tag -- one tree-sitter did not get from us -- is not passed on: the
 *    block is leaked, and kept reachable so that leak checkers stay quiet;
 *  - parse_source rejects a tree that lost children: one where such a free
 *    happened, or whose root does not span the whole input (the lost
 *    children's bytes are missing from every size above them). */

enum { TS_HEADER = 16 }; /* keeps malloc's 16-byte alignment */
#define TS_TAG ((uintptr_t)0x67656172736374ULL)

static struct {
    void **blocks;
    size_t count, cap;
} ts_rejected; /* the pointers tree-sitter freed but did not own */

static void *ts_tag(char *raw)
{
    if (!raw)
        fatal_out_of_memory();
    *(uintptr_t *)raw = (uintptr_t)(raw + TS_HEADER) ^ TS_TAG;
    return raw + TS_HEADER;
}

static bool ts_tagged(void *p)
{
    return *(uintptr_t *)((char *)p - TS_HEADER) == ((uintptr_t)p ^ TS_TAG);
}

static void *ts_alloc_malloc(size_t size)
{
    if (size > SIZE_MAX - TS_HEADER)
        fatal_out_of_memory();
    return ts_tag(malloc(size + TS_HEADER));
}

static void *ts_alloc_calloc(size_t count, size_t size)
{
    if (size && count > (SIZE_MAX - TS_HEADER) / size)
        fatal_out_of_memory();
    return ts_tag(calloc(1, count * size + TS_HEADER));
}

static void *ts_alloc_realloc(void *p, size_t size)
{
    if (!p)
        return ts_alloc_malloc(size);
    if (!ts_tagged(p)) {
        fputs("gearsc: fatal error: tree-sitter reallocated a block it does not own\n", stderr);
        exit(1);
    }
    if (size > SIZE_MAX - TS_HEADER)
        fatal_out_of_memory();
    return ts_tag(realloc((char *)p - TS_HEADER, size + TS_HEADER));
}

static void ts_alloc_free(void *p)
{
    if (!p)
        return;
    if (!ts_tagged(p)) {
        if (ts_rejected.count == ts_rejected.cap) {
            ts_rejected.cap = ts_rejected.cap ? ts_rejected.cap * 2 : 16;
            ts_rejected.blocks = xrealloc(ts_rejected.blocks, ts_rejected.cap * sizeof(void *));
        }
        ts_rejected.blocks[ts_rejected.count++] = p;
        return;
    }
    char *raw = (char *)p - TS_HEADER;
    *(uintptr_t *)raw = 0;
    free(raw);
}

/* Before tree-sitter's first allocation: gearsc's first parser is made here. */
static void use_checked_allocator(void)
{
    static bool installed;
    if (!installed) {
        ts_set_allocator(ts_alloc_malloc, ts_alloc_calloc, ts_alloc_realloc, ts_alloc_free);
        installed = true;
    }
}

bool tree_cursor_next(TSTreeCursor *c, bool descend)
{
    if (descend && ts_tree_cursor_goto_first_child(c))
        return true;
    while (!ts_tree_cursor_goto_next_sibling(c))
        if (!ts_tree_cursor_goto_parent(c))
            return false;
    return true;
}

TSTree *parse_text(Source *src, const char *text, Diag *d)
{
    use_checked_allocator();
    syntax_init();
    size_t rejected_before = ts_rejected.count;
    TSParser *parser = ts_parser_new();
    if (!ts_parser_set_language(parser, tree_sitter_cbc())) {
        ts_parser_delete(parser);
        diag_plain(d, "the tree-sitter runtime does not accept the tree-sitter-cbc parser "
                      "(ABI %u; the runtime accepts up to %u)",
                   ts_language_version(tree_sitter_cbc()), TREE_SITTER_LANGUAGE_VERSION);
        return NULL;
    }
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)src->len);
    ts_parser_delete(parser);
    if (!tree)
        diag_plain(d, "%s: the parser gave up", src->path);
    else if (ts_rejected.count != rejected_before || ts_node_end_byte(ts_tree_root_node(tree)) != src->len)
        diag_plain(d, "%s: the parser cannot represent this input: nested too deeply, or too long "
                      "a run of errors (tree-sitter 0.20.7 allows at most 65535 children per node)",
                   src->path);
    return tree;
}

TSTree *parse_source(Source *src, Diag *d)
{
    int before = d->errors;
    TSTree *tree = parse_text(src, src->text, d);
    if (tree && d->errors == before)
        report_syntax_errors(tree, src, d);
    return tree;
}

/* The first token (leaf) inside n, or n itself. */
static TSNode first_leaf(TSNode n)
{
    while (ts_node_child_count(n) > 0)
        n = ts_node_child(n, 0);
    return n;
}

static void describe_token(Source *src, TSNode tok, char *out, size_t out_size)
{
    size_t len;
    const char *text = node_text(src, tok, &len);
    size_t nl = 0;
    while (nl < len && text[nl] != '\n' && text[nl] != '\r')
        nl++;
    len = nl;
    if (len == 0) {
        snprintf(out, out_size, "end of file");
        return;
    }
    char shown[40];
    size_t k = 0;
    for (size_t i = 0; i < len && k + 4 < sizeof shown; i++) {
        unsigned char c = (unsigned char)text[i];
        shown[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (len > k)
        shown[k - 1] = shown[k - 2] = shown[k - 3] = '.';
    shown[k] = '\0';
    snprintf(out, out_size, "'%s'", shown);
}

static char closer_of(char opener)
{
    return opener == '(' ? ')' : opener == '[' ? ']' : '}';
}

/* If the ERROR node runs to the end of the file with a bracket still open,
 * the file was cut short: report it as clang does ("expected '}'" at the end,
 * "to match this '{'" at the opener).  Returns false if that is not the case. */
static bool report_unclosed_at_eof(TSNode error, Source *src, Diag *d)
{
    size_t end = src->len;
    while (end > 0 && (src->text[end - 1] == ' ' || src->text[end - 1] == '\t' ||
                       src->text[end - 1] == '\n' || src->text[end - 1] == '\r'))
        end--;
    if (ts_node_end_byte(error) < end)
        return false;
    uint32_t *open = NULL;
    size_t depth = 0, cap = 0;
    TSTreeCursor c = ts_tree_cursor_new(error);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (ts_node_child_count(n) == 0 && ts_node_end_byte(n) - ts_node_start_byte(n) == 1) {
            char ch = src->text[ts_node_start_byte(n)];
            if (ch == '(' || ch == '[' || ch == '{') {
                if (depth == cap)
                    open = xrealloc(open, (cap = cap ? cap * 2 : 16) * sizeof *open);
                open[depth++] = ts_node_start_byte(n);
            } else if ((ch == ')' || ch == ']' || ch == '}') && depth > 0) {
                depth--;
            }
        }
        if (!tree_cursor_next(&c, true))
            break;
    }
    ts_tree_cursor_delete(&c);
    if (depth > 0) {
        char opener = src->text[open[depth - 1]];
        diag_error(d, src, end, "expected '%c' at end of file", closer_of(opener));
        diag_note(d, src, open[depth - 1], "to match this '%c'", opener);
    }
    free(open);
    return depth > 0;
}

/* False when the error is the malformed goto (a CbC error, not C's). */
static bool report_error_node(TSNode n, Source *src, Diag *d)
{
    TSNode lead = ts_node_child_count(n) > 0 ? ts_node_child(n, 0) : n;
    if (node_is(lead, KIND_goto)) {
        diag_error(d, src, ts_node_start_byte(lead),
                   "expected a label, a gear call 'f(...)' or '*expression' after 'goto'");
        return false;
    }
    if (report_unclosed_at_eof(n, src, d))
        return true;
    uint32_t at = ts_node_start_byte(n);
    if (at >= src->len) {
        diag_error(d, src, at, "unexpected end of file");
        return true;
    }
    char what[64];
    describe_token(src, first_leaf(n), what, sizeof what);
    diag_error(d, src, at, "syntax error: unexpected %s", what);
    return true;
}

static void report_missing_node(TSNode n, Source *src, Diag *d)
{
    const char *kind = ts_node_type(n);
    uint32_t at = ts_node_start_byte(n);
    if (ts_node_is_named(n)) {
        diag_error(d, src, at, "expected %s", kind);
        return;
    }
    diag_error(d, src, at, "expected '%s'", kind);
    /* Past DIAG_MAX_ERRORS the note is not printed, so do not look for the
     * opener: ts_node_parent walks down from the root, and 20000 nested
     * blocks with a missing ')' each made this quadratic (minutes). */
    if (d->errors > DIAG_MAX_ERRORS)
        return;
    /* A missing closer: point at the opener it would have closed. */
    TSNode parent = ts_node_parent(n);
    if (kind[0] && !kind[1] && strchr(")]}", kind[0]) && !ts_node_is_null(parent)) {
        for (uint32_t i = 0; i < ts_node_child_count(parent); i++) {
            TSNode opener = ts_node_child(parent, i);
            size_t len;
            const char *t = node_text(src, opener, &len);
            if (len == 1 && closer_of(t[0]) == kind[0] && strchr("([{", t[0])) {
                diag_note(d, src, ts_node_start_byte(opener), "to match this '%c'", t[0]);
                break;
            }
        }
    }
}

/* Is n a string or character literal that is well formed but for NUL
 * bytes (tree-sitter takes a NUL for an unexpected character)?  gcc and
 * clang keep those NULs with a warning (-Wnull-character). */
static bool literal_with_nul(TSNode n, const Source *src)
{
    const char *type = ts_node_type(n);
    if (strcmp(type, "string_literal") != 0 && strcmp(type, "char_literal") != 0)
        return false;
    size_t len;
    const char *t = node_text(src, n, &len);
    const char *quote = memchr(t, type[0] == 's' ? '"' : '\'', len);
    if (!quote || quote == t + len - 1 || t[len - 1] != *quote || !memchr(t, '\0', len))
        return false;
    for (const char *p = quote + 1; p < t + len - 1; p++)
        if (*p == '\n' || *p == '\r' || (*p == *quote && p[-1] != '\\'))
            return false;
    return true;
}

/* The offset of the first NUL byte outside such a literal (src->len + 1
 * if none): a NUL there means a binary file. */
static size_t stray_nul(TSTree *tree, const Source *src)
{
    TSNode root = ts_tree_root_node(tree);
    size_t from = 0;
    const char *p;
    while (from < src->len && (p = memchr(src->text + from, '\0', src->len - from))) {
        size_t at = (size_t)(p - src->text);
        TSNode n = ts_node_descendant_for_byte_range(root, (uint32_t)at, (uint32_t)at + 1);
        bool kept = false;
        for (int up = 0; up < 4 && !kept && !ts_node_is_null(n); up++, n = ts_node_parent(n))
            kept = literal_with_nul(n, src);
        if (!kept)
            return at;
        from = at + 1;
    }
    return src->len + 1;
}

/* A NUL byte outside a literal means a binary or corrupt file: report the
 * syntax errors before it, then the NUL itself, and nothing after it (it
 * would all be noise). */
void report_syntax_errors(TSTree *tree, Source *src, Diag *d)
{
    report_syntax_errors_where(tree, src, d, NULL);
}

void report_syntax_errors_where(TSTree *tree, Source *src, Diag *d, const SyntaxErrorFilter *f)
{
    size_t stop = stray_nul(tree, src);
    bool nul = stop <= src->len;
    TSNode root = ts_tree_root_node(tree);
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        bool descend = false;
        if (ts_node_start_byte(n) >= stop)
            break;
        if (ts_node_has_error(n) && literal_with_nul(n, src)) {
            diag_at(d, DIAG_WARNING, src,
                    (size_t)((const char *)memchr(src->text + ts_node_start_byte(n), '\0',
                                                  ts_node_end_byte(n) - ts_node_start_byte(n))
                             - src->text),
                    "null character preserved in %s literal",
                    ts_node_type(n)[0] == 's' ? "string" : "character");
        } else if (ts_node_is_missing(n) || node_is(n, KIND_ERROR)) {
            if (!f || f->wanted(f->ctx, ts_node_start_byte(n))) {
                bool c_error = true;
                if (ts_node_is_missing(n))
                    report_missing_node(n, src, d);
                else
                    c_error = report_error_node(n, src, d);
                if (f && f->reported)
                    f->reported(f->ctx, ts_node_start_byte(n), c_error);
            }
        } else {
            descend = ts_node_has_error(n);
        }
        if (!tree_cursor_next(&c, descend))
            break;
    }
    ts_tree_cursor_delete(&c);
    if (nul)
        diag_error(d, src, stop, "null character in source file (is this a binary file?)");
}
