/* source.h - a source file read whole, and byte offset -> line:col.
 *
 * gearsc never transforms the bytes of a file it reads: everything that is not
 * CbC is copied to the output unchanged, so the text is kept exactly as read
 * (any bytes, NULs included; `len` is authoritative, `text[len]` is a spare NUL). */
#ifndef GEARSC_SOURCE_H
#define GEARSC_SOURCE_H

#include "arena.h"

#include <stddef.h>
#include <stdint.h>

typedef struct Source {
    const char *path;       /* as given on the command line; "<stdin>" for - */
    const char *text;
    size_t len;
    uint32_t *line_starts;  /* built on first use */
    size_t line_count;
    Arena *arena;           /* owns text and line table */
} Source;

typedef struct SourcePos {
    uint32_t line;          /* 1-based */
    uint32_t col;           /* 1-based, in bytes, as gcc and clang count */
} SourcePos;

/* Largest file gearsc reads: tree-sitter addresses bytes with uint32_t. */
#define SOURCE_MAX_BYTES ((size_t)UINT32_MAX - 1)

/* Read `path` ("-" is standard input).  On failure returns NULL and sets
 * *error to a message (strerror text or "file too large"). */
Source *source_read(Arena *arena, const char *path, const char **error);
Source *source_from_memory(Arena *arena, const char *path, const char *text, size_t len);

SourcePos source_pos(Source *src, size_t offset);
/* The line containing `offset`, without its line terminator. */
void source_line_span(Source *src, size_t offset, size_t *start, size_t *end);

#endif
