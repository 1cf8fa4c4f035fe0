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
    unsigned char *p = region, *end = p + size;
    zero(context, sizeof *context);
    context->region = region;
    context->code = context->dispatch = code;
    context->codeNum = code_count;
    context->dataNum = data_count;
    size_t n_code = code_count > 0 ? (size_t)code_count : 1;
    __gears_code **exhausted = (__gears_code **)take(&p, end, n_code * sizeof *exhausted,
                                                     _Alignof(__gears_code *));
    union Data **data = (union Data **)take(&p, end, (size_t)data_count * sizeof *data,
                                            _Alignof(union Data *));
    unsigned char *gears = take(&p, end, (size_t)data_count * data_size, data_align);
    unsigned char *scratch = take(&p, end, data_size, data_align > 16 ? data_align : 16);
    if (!exhausted || !data || !gears || !scratch)
        return -1;
    for (size_t i = 0; i < n_code; i++)
        exhausted[i] = gears_heap_exhausted;
    context->exhausted = (__gears_code *const *)exhausted;
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

void gears_run(struct Context *context, int code)
{
    context->next = code;
    context->code[code](context);
}
