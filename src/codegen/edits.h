/* edits.h - the output as the input plus a list of replacements.
 *
 * Lowering never re-prints C: it records "replace bytes [start,end) with
 * text" and everything it does not touch is copied byte-for-byte.  Every
 * replacement keeps the line count of what it replaces (missing newlines are
 * appended), so one #line directive at the top keeps clang's diagnostics and
 * gdb on the .cbc's lines.
 *
 * Edits nest the way the tree does: a statement that is replaced as a whole
 * is rendered from its parts *with their own edits applied* (edits_render),
 * and then supersedes them (edits_replace_since drops every edit recorded
 * since a mark). */
#ifndef GEARSC_EDITS_H
#define GEARSC_EDITS_H

#include "../support/source.h"
#include "../support/buf.h"

#include <stdint.h>

typedef struct Edit {
    uint32_t start, end;
    const char *text;
    size_t seq;         /* recording order, for a stable sort */
} Edit;

typedef struct Edits {
    const Source *src;
    Edit *items;
    size_t count, cap;
    size_t next_seq;
    size_t text_bytes;  /* total length of all texts added (lowering's budget) */
} Edits;

void edits_add(Edits *e, uint32_t start, uint32_t end, const char *text);
/* Replace [start,end) and drop the edits recorded since `mark` (they lay
 * inside and have been rendered into text already). */
void edits_replace_since(Edits *e, size_t mark, uint32_t start, uint32_t end, const char *text);
/* The source bytes [start,end) with the edits recorded since `mark` that
 * fall inside applied.  Result in out. */
void edits_render(const Edits *e, size_t mark, uint32_t start, uint32_t end, Buf *out);
/* The whole file with every edit applied. */
void edits_apply(const Edits *e, Buf *out);
void edits_free(Edits *e);

#endif
