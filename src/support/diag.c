/* diag.c - see diag.h. */
#define _POSIX_C_SOURCE 200809L /* fileno */
#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A source line longer than this is shown as a window around the column. */
enum { SNIPPET_WINDOW = 120 };

static const char *level_name[] = { "error", "warning", "note" };

/* ---- options ---- */

DiagOptions diag_options = { .enabled = { -1, -1 }, .as_error = { -1, -1 } };

static const struct {
    const char *name;
    bool by_default, in_wall, in_wextra;
} warnings[DIAG_WARNING_COUNT] = {
    /* not in -Wextra: a gear takes the parameters its Interface method or its
     * callers fix, used or not (tests/cc builds with -Wall -Wextra -Werror) */
    [WARN_UNUSED_GEAR_PARAMETER] = { "unused-gear-parameter", false, false, false },
    [WARN_GEAR_FALL_OFF] = { "gear-fall-off", true, true, true },
};

const char *diag_warning_name(DiagWarning w)
{
    return warnings[w].name;
}

static int warning_named(const char *name)
{
    for (int w = 0; w < DIAG_WARNING_COUNT; w++)
        if (strcmp(name, warnings[w].name) == 0)
            return w;
    return -1;
}

DiagOptionKind diag_option(DiagOptions *o, const char *arg)
{
    if (strcmp(arg, "-fdiagnostics-color") == 0 || strcmp(arg, "-fcolor-diagnostics") == 0
        || strcmp(arg, "-fdiagnostics-color=always") == 0) {
        o->color = DIAG_COLOR_ALWAYS;
        return DIAG_OPTION_SHARED;
    }
    if (strcmp(arg, "-fno-diagnostics-color") == 0 || strcmp(arg, "-fno-color-diagnostics") == 0
        || strcmp(arg, "-fdiagnostics-color=never") == 0) {
        o->color = DIAG_COLOR_NEVER;
        return DIAG_OPTION_SHARED;
    }
    if (strcmp(arg, "-fdiagnostics-color=auto") == 0) {
        o->color = DIAG_COLOR_AUTO;
        return DIAG_OPTION_SHARED;
    }
    if (strncmp(arg, "-fdiagnostics-color=", 20) == 0)
        return DIAG_OPTION_BAD;
    if (strcmp(arg, "-w") == 0) {
        o->no_warnings = true;
        return DIAG_OPTION_SHARED;
    }
    if (strncmp(arg, "-W", 2) != 0)
        return DIAG_OPTION_NONE;
    const char *w = arg + 2;
    if (strcmp(w, "error") == 0 || strcmp(w, "no-error") == 0) {
        o->werror = w[0] == 'e';
        return DIAG_OPTION_SHARED;
    }
    if (strcmp(w, "all") == 0 || strcmp(w, "extra") == 0) {
        if (w[0] == 'a')
            o->wall = true;
        else
            o->wextra = true;
        return DIAG_OPTION_SHARED;
    }
    bool no = strncmp(w, "no-", 3) == 0;
    if (no)
        w += 3;
    bool error = strncmp(w, "error=", 6) == 0;
    if (error)
        w += 6;
    int k = warning_named(w);
    if (k < 0)
        return DIAG_OPTION_OTHER;
    if (error) {
        o->as_error[k] = !no;
        if (!no)
            o->enabled[k] = 1; /* -Werror=name also enables name, as in gcc and clang */
    } else {
        o->enabled[k] = !no;
    }
    return DIAG_OPTION_OWN;
}

void diag_init(Diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
    d->show_snippet = 1;
    const DiagOptions *o = &diag_options;
    d->color = o->color == DIAG_COLOR_ALWAYS
            || (o->color == DIAG_COLOR_AUTO && out && isatty(fileno(out)));
    for (int w = 0; w < DIAG_WARNING_COUNT; w++) {
        bool on = o->enabled[w] >= 0 ? o->enabled[w] == 1
                : warnings[w].by_default || (o->wall && warnings[w].in_wall)
                  || (o->wextra && warnings[w].in_wextra);
        bool error = o->as_error[w] >= 0 ? o->as_error[w] == 1 : o->werror;
        d->warning_state[w] = o->no_warnings || !on ? 0 : error ? 2 : 1;
    }
}

bool diag_warning_enabled(const Diag *d, DiagWarning w)
{
    return d->warning_state[w] != 0;
}

/* ---- colours (gcc's: bold locus, red error, magenta warning, cyan note, green caret) ---- */

static const char *const level_color[] = { "\033[1;31m", "\033[1;35m", "\033[1;36m" };
#define BOLD "\033[1m"
#define CARET_COLOR "\033[1;32m"
#define RESET "\033[0m"

static void color(Diag *d, const char *code)
{
    if (d->color)
        fputs(code, d->out);
}

/* "PATH:LINE:COL: level: " ("PATH: level: " when line is 0), in colour when on. */
static void print_head(Diag *d, DiagLevel level, const char *path, long line, long col)
{
    color(d, BOLD);
    if (line > 0)
        fprintf(d->out, "%s:%ld:%ld:", path, line, col);
    else
        fprintf(d->out, "%s:", path);
    color(d, RESET);
    fputc(' ', d->out);
    color(d, level_color[level]);
    fprintf(d->out, "%s:", level_name[level]);
    color(d, RESET);
    fputc(' ', d->out);
}

/* ---- did you mean ---- */

enum { SUGGEST_MAX_LEN = 64 };

void suggestion_init(Suggestion *s, const Diag *d, const char *name, size_t len)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->len = d->errors >= DIAG_MAX_ERRORS ? 0 : len;
    s->distance = (len + 2) / 3 + 1; /* anything nearer than this */
}

/* The optimal string alignment distance of a and b (insertions, deletions,
 * substitutions and swaps of neighbours), or limit if it is at least limit. */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m, size_t limit)
{
    size_t rows[3][SUGGEST_MAX_LEN + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && before[j - 2] + 1 < v)
                v = before[j - 2] + 1;
            cur[j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min >= limit)
            return limit;
        size_t *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    return prev[m] < limit ? prev[m] : limit;
}

void suggestion_offer(Suggestion *s, const char *candidate, size_t len)
{
    if (s->len == 0 || s->len > SUGGEST_MAX_LEN || len > SUGGEST_MAX_LEN)
        return;
    size_t diff = len > s->len ? len - s->len : s->len - len;
    if (diff > s->distance)
        return;
    size_t d = edit_distance(s->name, s->len, candidate, len, s->distance + 1);
    if (d == 0 || d >= s->len) /* itself, or nothing in common */
        return;
    if (d > s->distance)
        return;
    if (d == s->distance) { /* a tie with the best so far: the first in byte order */
        if (!s->best)
            return;
        size_t k = len < s->best_len ? len : s->best_len;
        int c = memcmp(candidate, s->best, k);
        if (c > 0 || (c == 0 && len >= s->best_len))
            return;
    }
    s->best = candidate;
    s->best_len = len;
    s->distance = d;
}

static int is_utf8_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Length of the valid UTF-8 sequence at t[i..end), or 0 if it is not one. */
static size_t utf8_length(const unsigned char *t, size_t i, size_t end)
{
    unsigned char c = t[i];
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3
             : c >= 0xF0 && c < 0xF5 ? 4 : 0;
    if (n == 0 || i + n > end)
        return 0;
    for (size_t k = 1; k < n; k++)
        if (!is_utf8_continuation(t[i + k]))
            return 0;
    return n;
}

/* Print t[from..to) so that it cannot garble a terminal: control bytes and
 * invalid UTF-8 become '?'.  Returns nothing; see caret_pad for alignment. */
static void put_visible(FILE *out, const unsigned char *t, size_t from, size_t to)
{
    for (size_t i = from; i < to;) {
        size_t n = utf8_length(t, i, to);
        if (n > 1) {
            fwrite(t + i, 1, n, out);
            i += n;
            continue;
        }
        unsigned char c = t[i++];
        fputc(n == 1 && (c == '\t' || (c >= 0x20 && c != 0x7f)) ? c : '?', out);
    }
}

/* Spaces (tabs kept) as wide as put_visible's rendering of t[from..to). */
static void caret_pad(FILE *out, const unsigned char *t, size_t from, size_t to)
{
    for (size_t i = from; i < to;) {
        size_t n = utf8_length(t, i, to);
        fputc(t[i] == '\t' ? '\t' : ' ', out);
        i += n > 1 ? n : 1;
    }
}

/* The line text[start..end) with a caret under text[offset]. */
static void print_snippet(Diag *d, const char *text, size_t start, size_t end, size_t offset,
                          uint32_t line)
{
    if (offset > end)
        offset = end;
    size_t from = start, to = end;
    if (to - from > 2 * SNIPPET_WINDOW) {
        from = offset > start + SNIPPET_WINDOW ? offset - SNIPPET_WINDOW : start;
        to = from + 2 * SNIPPET_WINDOW < end ? from + 2 * SNIPPET_WINDOW : end;
        while (from > start && is_utf8_continuation((unsigned char)text[from]))
            from--;
    }
    const unsigned char *t = (const unsigned char *)text;
    fprintf(d->out, "%5u | %s", line, from > start ? "..." : "");
    put_visible(d->out, t, from, to);
    fprintf(d->out, "%s\n      | %s", to < end ? "..." : "", from > start ? "   " : "");
    caret_pad(d->out, t, from, offset);
    color(d, CARET_COLOR);
    fputc('^', d->out);
    color(d, RESET);
    fputc('\n', d->out);
}

/* The message, with every run of more than DIAG_MAX_WORD bytes without a
 * blank or a quote (an identifier, an expression's text) cut there with
 * "...": a 1 MB identifier must not make a 1 MB message. */
enum { DIAG_MAX_WORD = 1024 };

static void put_message(FILE *out, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    char small[512];
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0)
        return;
    char *text = small;
    if ((size_t)n >= sizeof small) {
        text = malloc((size_t)n + 1);
        if (!text) {
            fputs("(message too long to print)", out);
            return;
        }
        vsnprintf(text, (size_t)n + 1, fmt, ap);
    }
    size_t run = 0;
    for (const char *p = text; *p; p++) {
        bool word = *p != ' ' && *p != '\t' && *p != '\n' && *p != '\'' && *p != '"';
        run = word ? run + 1 : 0;
        if (run == DIAG_MAX_WORD + 1 && ((unsigned char)*p & 0xC0) == 0x80) {
            fputc(*p, out); /* finish the UTF-8 character the cut is in */
            run--;
        } else if (run <= DIAG_MAX_WORD) {
            fputc(*p, out);
        } else if (run == DIAG_MAX_WORD + 1) {
            fputs("...", out);
        }
    }
    if (text != small)
        free(text);
}

/* Counts a diagnostic of this level; false if it is not to be printed. */
static bool count(Diag *d, DiagLevel level)
{
    if (level == DIAG_ERROR) {
        if (d->errors >= DIAG_MAX_ERRORS) {
            d->suppressed++;
            d->errors++;
            return false;
        }
        d->errors++;
    } else if (level == DIAG_WARNING) {
        d->warnings++;
    } else if (d->errors > DIAG_MAX_ERRORS) {
        return false; /* a note to a suppressed error */
    }
    return true;
}

/* One diagnostic at src+offset; option names the warning ("-Wx") or is NULL. */
static void vdiag(Diag *d, DiagLevel level, const char *option, Source *src, size_t offset,
                  const char *fmt, va_list ap)
{
    DiagLocation loc;
    if (!d->locate || !d->locate(d->locate_ctx, src, offset, &loc)) {
        size_t start, end;
        source_line_span(src, offset, &start, &end);
        loc = (DiagLocation){ src->path, source_pos(src, offset), src->text + start, end - start,
                              (offset > src->len ? src->len : offset) - start };
    }
    print_head(d, level, loc.path, (long)loc.pos.line, (long)loc.pos.col);
    color(d, BOLD);
    put_message(d->out, fmt, ap);
    if (option)
        fprintf(d->out, " [%s%s]", level == DIAG_ERROR ? "-Werror," : "", option);
    color(d, RESET);
    fputc('\n', d->out);
    if (d->show_snippet)
        print_snippet(d, loc.line, 0, loc.line_len, loc.caret, loc.pos.line);
}

void diag_at(Diag *d, DiagLevel level, Source *src, size_t offset, const char *fmt, ...)
{
    if (!count(d, level))
        return;
    va_list ap;
    va_start(ap, fmt);
    vdiag(d, level, NULL, src, offset, fmt, ap);
    va_end(ap);
}

bool diag_warn(Diag *d, DiagWarning w, Source *src, size_t offset, const char *fmt, ...)
{
    if (!d->warning_state[w])
        return false;
    DiagLevel level = d->warning_state[w] == 2 ? DIAG_ERROR : DIAG_WARNING;
    if (!count(d, level))
        return false;
    char option[64];
    snprintf(option, sizeof option, "-W%s", warnings[w].name);
    va_list ap;
    va_start(ap, fmt);
    vdiag(d, level, option, src, offset, fmt, ap);
    va_end(ap);
    return true;
}

void diag_in_file(Diag *d, DiagLevel level, const char *file, long line, long col,
                  const char *fmt, ...)
{
    if (!count(d, level))
        return;
    print_head(d, level, file, line, col);
    color(d, BOLD);
    va_list ap;
    va_start(ap, fmt);
    put_message(d->out, fmt, ap);
    va_end(ap);
    color(d, RESET);
    fputc('\n', d->out);
}

void diag_plain(Diag *d, const char *fmt, ...)
{
    d->errors++;
    print_head(d, DIAG_ERROR, "gearsc", 0, 0);
    color(d, BOLD);
    va_list ap;
    va_start(ap, fmt);
    put_message(d->out, fmt, ap);
    va_end(ap);
    color(d, RESET);
    fputc('\n', d->out);
}

void diag_finish(Diag *d)
{
    if (d->suppressed)
        fprintf(d->out, "gearsc: note: %d more error%s not shown (gearsc stops printing after %d)\n",
                d->suppressed, d->suppressed == 1 ? "" : "s", DIAG_MAX_ERRORS);
    if (d->errors && d->warnings)
        fprintf(d->out, "%d warning%s and %d error%s generated.\n", d->warnings,
                d->warnings == 1 ? "" : "s", d->errors, d->errors == 1 ? "" : "s");
    else if (d->errors)
        fprintf(d->out, "%d error%s generated.\n", d->errors, d->errors == 1 ? "" : "s");
    else if (d->warnings)
        fprintf(d->out, "%d warning%s generated.\n", d->warnings, d->warnings == 1 ? "" : "s");
    fflush(d->out);
}
