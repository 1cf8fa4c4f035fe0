/* diag.h - diagnostics as gcc and clang print them:
 *
 *     file.cbc:12:9: error: expected ';' after gear goto
 *        12 |     goto next(x)
 *           |         ^
 *
 * Every message carries file:line:col.  After DIAG_MAX_ERRORS errors the rest
 * are counted but not printed (binary junk would otherwise print thousands). */
#ifndef GEARSC_DIAG_H
#define GEARSC_DIAG_H

#include "source.h"

#include <stdbool.h>
#include <stdio.h>

enum { DIAG_MAX_ERRORS = 20 };

typedef enum DiagLevel { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagLevel;

/* Where a diagnostic is shown: by default src's own path, line and column.
 * A Diag with a `locate` hook (gearsc cc, src/driver/: preprocessed input)
 * maps an offset through the preprocessor's line markers instead; the hook
 * fills this and returns true, or returns false for the default. */
typedef struct DiagLocation {
    const char *path;
    SourcePos pos;
    const char *line;   /* the text of the line shown under the message */
    size_t line_len;
    size_t caret;       /* byte offset of the caret in line */
} DiagLocation;
typedef bool (*DiagLocate)(void *ctx, Source *src, size_t offset, DiagLocation *loc);

typedef struct Diag {
    FILE *out;
    DiagLocate locate;  /* NULL: src's own positions */
    void *locate_ctx;
    int errors;
    int warnings;
    int suppressed;     /* errors past DIAG_MAX_ERRORS */
    int show_snippet;   /* print the source line and caret */
} Diag;

void diag_init(Diag *d, FILE *out);
void diag_at(Diag *d, DiagLevel level, Source *src, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define diag_error(d, src, offset, ...) diag_at((d), DIAG_ERROR, (src), (offset), __VA_ARGS__)
#define diag_note(d, src, offset, ...) diag_at((d), DIAG_NOTE, (src), (offset), __VA_ARGS__)
/* A diagnostic in a file gearsc holds no text of (a manifest, or a source a
 * manifest names): "file:line:col: level: message", or "file: level:
 * message" when line is 0; no snippet.  Counted as diag_at counts. */
void diag_in_file(Diag *d, DiagLevel level, const char *file, long line, long col,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* An error with no source location: "gearsc: error: ..." */
void diag_plain(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "N errors generated." style summary lines; call once at the end. */
void diag_finish(Diag *d);

#endif
