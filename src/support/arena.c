/* arena.c - see arena.h. */
#include "arena.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Above glibc's initial mmap threshold (128 KiB), so chunks come from mmap
 * and go back with munmap.  With 64 KiB chunks, each free at exit made
 * glibc consolidate the million small blocks tree-sitter had just freed
 * (1.3% of gearsc's instructions on bench/gen_big.sh 4200000). */
enum { ARENA_CHUNK_SIZE = 256 * 1024 };

struct ArenaChunk {
    ArenaChunk *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

_Noreturn void fatal_out_of_memory(void)
{
    fputs("gearsc: fatal error: out of memory\n", stderr);
    exit(1);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        fatal_out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        fatal_out_of_memory();
    return q;
}

void *xgrow(void *items, int count, int *cap, size_t size)
{
    if (count < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 16;
    return xrealloc(items, (size_t)*cap * size);
}

static size_t align_up(size_t n)
{
    size_t a = alignof(max_align_t);
    return (n + a - 1) & ~(a - 1);
}

void *arena_alloc(Arena *arena, size_t size)
{
    size = align_up(size ? size : 1);
    ArenaChunk *c = arena->chunks;
    if (!c || c->size - c->used < size) {
        size_t cap = size > ARENA_CHUNK_SIZE / 4 ? size : ARENA_CHUNK_SIZE;
        if (cap > SIZE_MAX - sizeof(ArenaChunk))
            fatal_out_of_memory();
        c = xmalloc(sizeof(ArenaChunk) + cap);
        c->size = cap;
        c->used = 0;
        /* A big one-off block goes behind the current chunk so the current
         * chunk's free space is not abandoned. */
        if (cap != ARENA_CHUNK_SIZE && arena->chunks) {
            c->next = arena->chunks->next;
            arena->chunks->next = c;
        } else {
            c->next = arena->chunks;
            arena->chunks = c;
        }
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *arena, const char *s, size_t len)
{
    char *p = arena_alloc(arena, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(Arena *arena, const char *s)
{
    return arena_strndup(arena, s, strlen(s));
}

/* Short texts are formatted once, on the stack, and copied: formatting is
 * the expensive part, and measuring first would do it twice. */
char *arena_printf(Arena *arena, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof small)
        return arena_strndup(arena, small, (size_t)n);
    char *p = arena_alloc(arena, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_release(Arena *arena)
{
    ArenaChunk *c = arena->chunks;
    while (c) {
        ArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    arena->chunks = NULL;
}
