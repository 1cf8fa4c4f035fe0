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

int gears_context_init(struct Context *context, void *region, size_t size,
                       __gears_code *const *code, int code_count, int data_count,
                       size_t data_size)
{
    unsigned char *p = region, *end = p + size;
    zero(context, sizeof *context);
    context->region = region;
    context->code = code;
    context->codeNum = code_count;
    context->dataNum = data_count;
    size_t gear_size = (data_size + 15) & ~(size_t)15;
    p = align_up(p, _Alignof(union Data *));
    if ((size_t)(end - p) < (size_t)data_count * sizeof(union Data *))
        return -1;
    context->data = (union Data **)p;
    p += (size_t)data_count * sizeof(union Data *);
    for (int i = 0; i <= data_count; i++) { /* data gears, then the scratch one */
        p = align_up(p, 16);
        if ((size_t)(end - p) < gear_size)
            return -1;
        zero(p, gear_size);
        if (i < data_count)
            context->data[i] = (union Data *)p;
        else
            context->scratch = p;
        p += gear_size;
    }
    context->scratchSize = gear_size;
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
        if (size > context->scratchSize)
            return NULL;
        zero(context->scratch, size);
        return context->scratch;
    }
    context->heap = p + size;
    zero(p, size);
    return p;
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
