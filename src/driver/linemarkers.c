/* linemarkers.c - see linemarkers.h. */
#include "linemarkers.h"

#include <string.h>

struct OriginalFile {
    const char *path;
    Source *src;                /* NULL: unreadable */
    struct OriginalFile *next;
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Parses the line text[p..end) as a line marker: `# N "file" flags` or
 * `#line N "file"`.  *path is NULL (and *path_len 0) when it names no file. */
static bool parse_marker(Arena *a, const char *t, size_t p, size_t end, unsigned long *line,
                         const char **path)
{
    while (p < end && is_blank(t[p]))
        p++;
    if (p >= end || t[p] != '#')
        return false;
    p++;
    while (p < end && is_blank(t[p]))
        p++;
    if (end - p >= 4 && memcmp(t + p, "line", 4) == 0) {
        p += 4;
        if (p >= end || !is_blank(t[p]))
            return false;
        while (p < end && is_blank(t[p]))
            p++;
    }
    if (p >= end || !is_digit(t[p]))
        return false;
    unsigned long n = 0;
    while (p < end && is_digit(t[p]) && n < 100000000)
        n = n * 10 + (unsigned long)(t[p++] - '0');
    *line = n;
    *path = NULL;
    while (p < end && is_blank(t[p]))
        p++;
    if (p < end && t[p] == '"') {
        char *s = arena_alloc(a, end - p);
        size_t k = 0;
        for (p++; p < end && t[p] != '"'; p++) {
            if (t[p] == '\\' && p + 1 < end)
                p++;
            s[k++] = t[p];
        }
        s[k] = '\0';
        *path = s;
    }
    return true;
}

static Source *original(LineMarkers *m, const char *path)
{
    for (struct OriginalFile *f = m->files; f; f = f->next)
        if (strcmp(f->path, path) == 0)
            return f->src;
    struct OriginalFile *f = arena_alloc(&m->arena, sizeof *f);
    const char *err = NULL;
    f->path = arena_strdup(&m->arena, path);
    f->src = path[0] == '<' ? NULL : source_read(&m->arena, path, &err);
    f->next = m->files;
    m->files = f;
    return f->src;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The column in orig[0..olen) of the character at pp[caret] of the
 * preprocessed line pp, comparing the two with whitespace (and the
 * original's comments) skipped; where they differ first (a macro), that
 * place in the original. */
static size_t align(const char *pp, size_t caret, const char *orig, size_t olen)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < caret && is_space(pp[i]))
            i++;
        for (;;) {
            while (j < olen && is_space(orig[j]))
                j++;
            if (j + 1 < olen && orig[j] == '/' && orig[j + 1] == '*') {
                const char *close = NULL;
                for (size_t k = j + 2; k + 1 < olen; k++)
                    if (orig[k] == '*' && orig[k + 1] == '/') {
                        close = orig + k;
                        break;
                    }
                j = close ? (size_t)(close - orig) + 2 : olen;
                continue;
            }
            if (j + 1 < olen && orig[j] == '/' && orig[j + 1] == '/')
                j = olen;
            break;
        }
        if (i >= caret || j >= olen || pp[i] != orig[j])
            return j;
        i++;
        j++;
    }
}

bool linemarkers_locate(void *ctx, Source *src, size_t offset, DiagLocation *loc)
{
    LineMarkers *m = ctx;
    const char *t = src->text;
    if (offset > src->len)
        offset = src->len;
    size_t start, end;
    source_line_span(src, offset, &start, &end);
    /* Back to the nearest marker, counting the lines in between. */
    unsigned long count = 0, line = 0;
    const char *path = NULL;
    bool have_line = false;
    size_t p = start;
    while (p > 0 && !path) {
        size_t q = p - 1; /* the '\n' ending the line before */
        while (q > 0 && t[q - 1] != '\n')
            q--;
        unsigned long n;
        const char *file;
        if (parse_marker(&m->arena, t, q, p - 1, &n, &file)) {
            if (!have_line) {
                line = n + count;
                have_line = true;
            }
            path = file;
        } else if (!have_line) {
            count++;
        }
        p = q;
    }
    if (!path)
        return false;
    loc->path = path;
    loc->pos.line = (uint32_t)line;
    size_t caret = offset - start;
    Source *o = original(m, path);
    if (o) {
        source_pos(o, 0); /* builds the line table */
        if (line >= 1 && line <= o->line_count) {
            size_t os, oe;
            source_line_span(o, o->line_starts[line - 1], &os, &oe);
            size_t col = align(t + start, caret, o->text + os, oe - os);
            loc->line = o->text + os;
            loc->line_len = oe - os;
            loc->caret = col;
            loc->pos.col = (uint32_t)col + 1;
            return true;
        }
    }
    loc->line = t + start;
    loc->line_len = end - start;
    loc->caret = caret;
    loc->pos.col = (uint32_t)caret + 1;
    return true;
}

void linemarkers_free(LineMarkers *m)
{
    arena_release(&m->arena);
    m->files = NULL;
}
