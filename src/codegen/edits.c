/* edits.c - see edits.h. */
#include "edits.h"

#include "../support/arena.h"

#include <stdlib.h>
#include <string.h>

static size_t count_newlines(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n;
}

void edits_add(Edits *e, uint32_t start, uint32_t end, const char *text)
{
    if (e->count == e->cap)
        e->items = xrealloc(e->items, (e->cap = e->cap ? e->cap * 2 : 64) * sizeof *e->items);
    e->items[e->count++] = (Edit){ start, end, text, e->next_seq++ };
    e->text_bytes += strlen(text);
}

void edits_replace_since(Edits *e, size_t mark, uint32_t start, uint32_t end, const char *text)
{
    if (mark < e->count)
        e->count = mark;
    edits_add(e, start, end, text);
}

/* Position order; at one position an insertion (empty range) comes first,
 * then the longer replacement, then recording order. */
static int compare_edits(const void *a, const void *b)
{
    const Edit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    if ((x->start == x->end) != (y->start == y->end))
        return x->start == x->end ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void render_sorted(const Source *src, Edit *items, size_t count, uint32_t start,
                          uint32_t end, Buf *out)
{
    qsort(items, count, sizeof *items, compare_edits);
    uint32_t pos = start;
    for (size_t i = 0; i < count; i++) {
        Edit *ed = &items[i];
        if (ed->start < start || ed->end > end)
            continue;
        if (ed->start < pos)
            continue; /* inside a replacement already made */
        buf_append(out, src->text + pos, ed->start - pos);
        buf_puts(out, ed->text);
        size_t want = count_newlines(src->text + ed->start, ed->end - ed->start);
        size_t have = count_newlines(ed->text, strlen(ed->text));
        for (; have < want; have++)
            buf_putc(out, '\n');
        pos = ed->end;
    }
    buf_append(out, src->text + pos, end - pos);
}

void edits_render(const Edits *e, size_t mark, uint32_t start, uint32_t end, Buf *out)
{
    size_t n = mark < e->count ? e->count - mark : 0;
    Edit *copy = xmalloc((n ? n : 1) * sizeof *copy);
    if (n)
        memcpy(copy, e->items + mark, n * sizeof *copy);
    render_sorted(e->src, copy, n, start, end, out);
    free(copy);
}

void edits_apply(const Edits *e, Buf *out)
{
    edits_render(e, 0, 0, (uint32_t)e->src->len, out);
}

void edits_free(Edits *e)
{
    free(e->items);
    e->items = NULL;
    e->count = e->cap = 0;
}
