/* diag.c - see diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A source line longer than this is shown as a window around the column. */
enum { SNIPPET_WINDOW = 120 };

static const char *level_name[] = { "error", "warning", "note" };

void diag_init(Diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
    d->show_snippet = 1;
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
    fputs("^\n", d->out);
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

void diag_at(Diag *d, DiagLevel level, Source *src, size_t offset, const char *fmt, ...)
{
    if (!count(d, level))
        return;
    DiagLocation loc;
    if (!d->locate || !d->locate(d->locate_ctx, src, offset, &loc)) {
        size_t start, end;
        source_line_span(src, offset, &start, &end);
        loc = (DiagLocation){ src->path, source_pos(src, offset), src->text + start, end - start,
                              (offset > src->len ? src->len : offset) - start };
    }
    fprintf(d->out, "%s:%u:%u: %s: ", loc.path, loc.pos.line, loc.pos.col, level_name[level]);
    va_list ap;
    va_start(ap, fmt);
    put_message(d->out, fmt, ap);
    va_end(ap);
    fputc('\n', d->out);
    if (d->show_snippet)
        print_snippet(d, loc.line, 0, loc.line_len, loc.caret, loc.pos.line);
}

void diag_in_file(Diag *d, DiagLevel level, const char *file, long line, long col,
                  const char *fmt, ...)
{
    if (!count(d, level))
        return;
    if (line > 0)
        fprintf(d->out, "%s:%ld:%ld: %s: ", file, line, col, level_name[level]);
    else
        fprintf(d->out, "%s: %s: ", file, level_name[level]);
    va_list ap;
    va_start(ap, fmt);
    put_message(d->out, fmt, ap);
    va_end(ap);
    fputc('\n', d->out);
}

void diag_plain(Diag *d, const char *fmt, ...)
{
    d->errors++;
    fputs("gearsc: error: ", d->out);
    va_list ap;
    va_start(ap, fmt);
    put_message(d->out, fmt, ap);
    va_end(ap);
    fputc('\n', d->out);
}

void diag_finish(Diag *d)
{
    if (d->suppressed)
        fprintf(d->out, "gearsc: note: %d more error%s not shown (gearsc stops printing after %d)\n",
                d->suppressed, d->suppressed == 1 ? "" : "s", DIAG_MAX_ERRORS);
    if (d->errors)
        fprintf(d->out, "%d error%s generated.\n", d->errors, d->errors == 1 ? "" : "s");
    fflush(d->out);
}
