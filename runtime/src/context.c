/* context.c - the freestanding core of the Gears runtime; see gears/context.h.
 * No libc: everything comes from the caller's region. */
#include <gears/context.h>

#include <stdint.h>

static unsigned char *align_up(unsigned char *p, size_t align)
{
    uintptr_t a = align ? align : 1;
    return (unsigned char *)(((uintptr_t)p + a - 1) / a * a);
}

static void zero(void *p, size_t n)
{
    unsigned char *b = p;
    while (n--)
        *b++ = 0;
}

/* Takes n bytes aligned to align from [*p, end), or NULL if they do not fit. */
static unsigned char *take(unsigned char **p, unsigned char *end, size_t n, size_t align)
{
    unsigned char *at = align_up(*p, align);
    if (at > end || (size_t)(end - at) < n)
        return NULL;
    *p = at + n;
    return at;
}

int gears_context_init(struct Context *context, void *region, size_t size,
                       __gears_code *const *code, int code_count, int data_count,
                       size_t data_size, size_t data_align)
{
    unsigned char *base = (unsigned char *)context, *p = region, *end = p + size;
    size_t align = data_align ? data_align : 1;
    zero(context, sizeof *context);
    /* The gears find the dispatch table and the data gears at offsets fixed
     * at compile time: the region must follow the Context. */
    if (p != base + GEARS_CONTEXT_HEADER || (uintptr_t)base % align != 0)
        return -1;
    context->region = region;
    context->code = context->dispatch = code;
    context->codeNum = code_count;
    context->dataNum = data_count;
    size_t n_code = code_count > 0 ? (size_t)code_count : 0;
    size_t at = GEARS_CONTEXT_DATA_OFFSET(n_code, align);
    if (size < at - GEARS_CONTEXT_HEADER)
        return -1;
    p = base + at;
    unsigned char *gears = take(&p, end, (size_t)data_count * data_size, align);
    union Data **data = (union Data **)take(&p, end, (size_t)data_count * sizeof *data,
                                            _Alignof(union Data *));
    unsigned char *scratch = take(&p, end, data_size, data_align > 16 ? data_align : 16);
    if (!data || !gears || !scratch)
        return -1;
    /* The dispatch table: the code table's entries while the Context runs
     * (the last, a task's exit, is the task manager's to set); gears_alloc
     * fills it with gears_heap_exhausted when the heap runs out, and then
     * it is the `exhausted` table context->dispatch points to. */
    __gears_code **table = GEARS_CONTEXT_DISPATCH(context);
    for (size_t i = 0; i < n_code; i++)
        table[i] = code[i];
    table[n_code] = gears_heap_exhausted;
    context->exhausted = (__gears_code *const *)table;
    zero(gears, (size_t)data_count * data_size);
    zero(scratch, data_size);
    for (int i = 0; i < data_count; i++)
        data[i] = (union Data *)(gears + (size_t)i * data_size);
    context->gears = (union Data *)gears;
    context->data = data;
    context->scratch = scratch;
    context->scratchSize = data_size;
    context->dataAlign = data_align;
    context->heapStart = context->heap = p;
    context->heapLimit = end;
    context->status = GEARS_RUNNING;
    return 0;
}

void *gears_alloc(struct Context *context, size_t size, size_t align)
{
    unsigned char *p = align_up(context->heap, align);
    if (p > context->heapLimit || (size_t)(context->heapLimit - p) < size) {
        context->status = GEARS_HEAP_EXHAUSTED;
        __gears_code **table = GEARS_CONTEXT_DISPATCH(context);
        for (int i = 0; i <= context->codeNum; i++)
            table[i] = gears_heap_exhausted;
        context->dispatch = context->exhausted;
        if (size > context->scratchSize)
            return NULL;
        zero(context->scratch, size);
        return context->scratch;
    }
    context->heap = p + size;
    zero(p, size);
    return p;
}

void gears_heap_reset(struct Context *context)
{
    context->heap = context->heapStart;
    context->status = GEARS_RUNNING;
    context->dispatch = context->code;
}

void gears_heap_exhausted(struct Context *context)
{
    (void)context; /* returning ends the chain */
}

void gears_unbound(struct Context *context)
{
    if (context->status == GEARS_RUNNING)
        context->status = GEARS_UNBOUND; /* returning ends the chain */
}

void gears_run(struct Context *context, int code)
{
    /* The dispatch table follows context->dispatch: C code that set it back
     * to the code table (a heap emptied for the next chain) gets the code
     * table's entries back. */
    __gears_code **table = GEARS_CONTEXT_DISPATCH(context);
    if (context->dispatch == context->code && context->codeNum > 0 && table[0] != context->code[0])
        for (int i = 0; i < context->codeNum; i++)
            table[i] = context->code[i];
    context->next = code;
    context->code[code](context);
}
