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

/* gearsc's own warnings (docs/usage.md says what each warns about). */
typedef enum DiagWarning {
    WARN_UNUSED_GEAR_PARAMETER, /* -Wunused-gear-parameter: off by default */
    WARN_GEAR_FALL_OFF,         /* -Wgear-fall-off: on by default */
    DIAG_WARNING_COUNT
} DiagWarning;

typedef enum DiagColor { DIAG_COLOR_AUTO, DIAG_COLOR_NEVER, DIAG_COLOR_ALWAYS } DiagColor;

/* What the command line says about diagnostics; diag_init takes it from
 * diag_options (process-wide: one command line per process). */
typedef struct DiagOptions {
    DiagColor color;        /* -fdiagnostics-color=...: auto colours a terminal */
    bool no_warnings;       /* -w */
    bool werror;            /* -Werror */
    bool wall, wextra;      /* -Wall, -Wextra */
    signed char enabled[DIAG_WARNING_COUNT];  /* -Wname 1, -Wno-name 0, unset -1 */
    signed char as_error[DIAG_WARNING_COUNT]; /* -Werror=name 1, -Wno-error=name 0, unset -1 */
} DiagOptions;

extern DiagOptions diag_options;

/* What diag_option made of a command-line word. */
typedef enum DiagOptionKind {
    DIAG_OPTION_NONE,   /* not a diagnostic option */
    DIAG_OPTION_SHARED, /* taken; a C compiler takes it too (-w, -Werror, -Wall, colour) */
    DIAG_OPTION_OWN,    /* taken; gearsc's alone (-Wgear-fall-off, -Werror=gear-fall-off) */
    DIAG_OPTION_OTHER,  /* another -W option: not gearsc's (a C compiler's) */
    DIAG_OPTION_BAD     /* malformed: -fdiagnostics-color=sometimes */
} DiagOptionKind;
DiagOptionKind diag_option(DiagOptions *o, const char *arg);

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
    bool color;         /* ANSI colours (from diag_options and the terminal) */
    unsigned char warning_state[DIAG_WARNING_COUNT]; /* 0 off, 1 warning, 2 error */
} Diag;

void diag_init(Diag *d, FILE *out);
void diag_at(Diag *d, DiagLevel level, Source *src, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define diag_error(d, src, offset, ...) diag_at((d), DIAG_ERROR, (src), (offset), __VA_ARGS__)
#define diag_note(d, src, offset, ...) diag_at((d), DIAG_NOTE, (src), (offset), __VA_ARGS__)
/* A warning of kind w: printed with its option ("[-Wgear-fall-off]"),
 * as an error under -Werror, nothing when off.  Returns whether it was
 * shown (notes that go with it are added only then). */
bool diag_warn(Diag *d, DiagWarning w, Source *src, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
bool diag_warning_enabled(const Diag *d, DiagWarning w);
const char *diag_warning_name(DiagWarning w); /* "gear-fall-off" */

/* "Did you mean": offer each name in scope; the nearest by edit distance
 * (within a third of the name's length) wins, ties to the first name in
 * byte order.  diag_suggestion(s) is NULL when none is near. */
typedef struct Suggestion {
    const char *name;
    size_t len;
    const char *best;
    size_t best_len;
    size_t distance;
} Suggestion;
/* Past DIAG_MAX_ERRORS errors (nothing more is shown) it offers nothing:
 * a file of many misspellings and many names costs no quadratic time. */
void suggestion_init(Suggestion *s, const Diag *d, const char *name, size_t len);
void suggestion_offer(Suggestion *s, const char *candidate, size_t len);

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
