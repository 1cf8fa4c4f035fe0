/* parse.h - the tree-sitter parse of one CbC file, with every syntax error
 * turned into a located diagnostic. */
#ifndef GEARSC_PARSE_H
#define GEARSC_PARSE_H

#include "../support/diag.h"
#include "../support/source.h"
#include "syntax.h"
#include "../support/buf.h"

#include <stdbool.h>
#include <tree_sitter/api.h>

/* The language object compiled from grammar/src/parser.c. */
const TSLanguage *tree_sitter_cbc(void);

/* Parses src; returns NULL (and reports) only if tree-sitter itself fails.
 * Syntax errors are reported to d and the tree is still returned. */
TSTree *parse_source(Source *src, Diag *d);

/* Reports every ERROR and MISSING node of the tree, and NUL bytes. */
void report_syntax_errors(TSTree *tree, Source *src, Diag *d);

/* The tree-sitter parse of `text` (src->len bytes, src->text or a copy of
 * it with the same length): reports only a parse tree-sitter cannot make or
 * represent, never a syntax error. */
TSTree *parse_text(Source *src, const char *text, Diag *d);

/* report_syntax_errors for the ERROR and MISSING nodes that `wanted`
 * accepts (by their start offset); `reported` (may be NULL) hears of each
 * one reported, with c_error false for a malformed goto. */
typedef struct SyntaxErrorFilter {
    bool (*wanted)(void *ctx, uint32_t at);
    void (*reported)(void *ctx, uint32_t at, bool c_error);
    void *ctx;
} SyntaxErrorFilter;
void report_syntax_errors_where(TSTree *tree, Source *src, Diag *d, const SyntaxErrorFilter *f);

/* Source mode's parse (src/parse/passthrough.c): parse_source, except that a
 * region the parser cannot read without the preprocessor (a macro it cannot
 * expand: `LUA_API`, `EXPORT_SYMBOL(x)`, an #if inside an expression) and
 * that holds no CbC is passed through: the tree returned is the parse of the
 * text with those regions blanked (offsets unchanged), so no later pass sees
 * them and the output copies their bytes.  A region that holds CbC, or bytes
 * that are not C, is reported as parse_source reports it. */
TSTree *parse_source_passthrough(Source *src, Diag *d);

/* The same for a preprocessed translation unit (gearsc cc): what the
 * grammar cannot read there (a GNU construct it lacks) passes through to the
 * backend when it holds no CbC; a region with CbC gets no source-mode note. */
TSTree *parse_preprocessed_passthrough(Source *src, Diag *d);

/* S-expression of the tree as `tree-sitter parse` prints it: named nodes only,
 * with field names when `with_fields`, MISSING nodes as (MISSING "x"). */
void print_tree_sexp(Buf *out, TSNode root, bool with_fields);

/* One step of a pre-order walk that never leaves the node the cursor was
 * made on: into the first child when `descend`, else to the next node after
 * the current one's subtree.  False when the walk is over.  Every walk in
 * gearsc is a loop over this (no recursion: deep input cannot overflow the
 * C stack). */
bool tree_cursor_next(TSTreeCursor *c, bool descend);

/* The node's text (not NUL-terminated). */
static inline const char *node_text(const Source *src, TSNode n, size_t *len)
{
    *len = ts_node_end_byte(n) - ts_node_start_byte(n);
    return src->text + ts_node_start_byte(n);
}

/* The node's text, NUL-terminated, in the arena. */
static inline const char *node_strdup(Arena *arena, const Source *src, TSNode n)
{
    size_t len;
    const char *t = node_text(src, n, &len);
    return arena_strndup(arena, t, len);
}

#endif
