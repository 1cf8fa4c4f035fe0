/* source.c - see source.h. */
#include "source.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Source *source_from_memory(Arena *arena, const char *path, const char *text, size_t len)
{
    Source *src = arena_alloc(arena, sizeof *src);
    char *copy = arena_alloc(arena, len + 1);
    if (len)
        memcpy(copy, text, len);
    src->path = arena_strdup(arena, path);
    src->text = copy;
    src->len = len;
    src->arena = arena;
    return src;
}

Source *source_read(Arena *arena, const char *path, const char **error)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        *error = strerror(errno);
        return NULL;
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            data = xrealloc(data, cap + 1);
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (len > SOURCE_MAX_BYTES) {
            *error = "file too large (gearsc reads at most 4 GiB)";
            break;
        }
        if (n == 0) {
            if (ferror(f))
                *error = strerror(errno ? errno : EIO);
            break;
        }
    }
    int failed = ferror(f) || len > SOURCE_MAX_BYTES;
    if (!is_stdin)
        fclose(f);
    Source *src = NULL;
    if (!failed)
        src = source_from_memory(arena, is_stdin ? "<stdin>" : path, data ? data : "", len);
    else if (!*error)
        *error = "read error";
    free(data);
    return src;
}

/* Does a line end at text[i]?  LF, CRLF (at its LF) and a lone CR (old Mac
 * files), as gcc and clang count lines. */
static bool ends_line(const Source *src, size_t i)
{
    char c = src->text[i];
    return c == '\n' || (c == '\r' && (i + 1 == src->len || src->text[i + 1] != '\n'));
}

static void build_line_table(Source *src)
{
    size_t count = 1;
    for (size_t i = 0; i < src->len; i++)
        count += ends_line(src, i);
    uint32_t *starts = arena_alloc(src->arena, count * sizeof *starts);
    size_t k = 0;
    starts[k++] = 0;
    for (size_t i = 0; i < src->len; i++)
        if (ends_line(src, i))
            starts[k++] = (uint32_t)(i + 1);
    src->line_starts = starts;
    src->line_count = count;
}

static size_t line_index(Source *src, size_t offset)
{
    if (!src->line_starts)
        build_line_table(src);
    size_t lo = 0, hi = src->line_count; /* invariant: starts[lo] <= offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

SourcePos source_pos(Source *src, size_t offset)
{
    if (offset > src->len)
        offset = src->len;
    size_t i = line_index(src, offset);
    SourcePos pos = { (uint32_t)(i + 1), (uint32_t)(offset - src->line_starts[i] + 1) };
    return pos;
}

void source_line_span(Source *src, size_t offset, size_t *start, size_t *end)
{
    if (offset > src->len)
        offset = src->len;
    size_t i = line_index(src, offset);
    size_t s = src->line_starts[i];
    size_t e = i + 1 < src->line_count ? src->line_starts[i + 1] - 1 : src->len;
    if (e > s && src->text[e - 1] == '\r')
        e--;
    *start = s;
    *end = e;
}
