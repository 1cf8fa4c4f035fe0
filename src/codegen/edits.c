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

/* Edits are recorded nearly in position order: the out-of-order ones are
 * those a node records after its children's (a function's type and
 * parameter list, a declaration's type), and they belong only a few places
 * back.  So an insertion sort, which moves each edit that short way, is
 * linear in practice; past a linear amount of moving (an order no lowering
 * produces today), qsort takes over, so no order costs more than n log n. */
static void sort_edits(Edit *items, size_t count)
{
    size_t moves_left = 8 * count + 64;
    for (size_t i = 1; i < count; i++) {
        Edit e = items[i];
        size_t j = i;
        for (; j > 0 && compare_edits(&items[j - 1], &e) > 0; j--) {
            if (moves_left-- == 0) {
                items[j] = e;
                qsort(items, count, sizeof *items, compare_edits);
                return;
            }
            items[j] = items[j - 1];
        }
        items[j] = e;
    }
}

static void render_sorted(const Source *src, Edit *items, size_t count, uint32_t start,
                          uint32_t end, Buf *out)
{
    sort_edits(items, count);
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
