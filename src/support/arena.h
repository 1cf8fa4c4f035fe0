/* arena.h - one bump allocator per compilation.
 *
 * Everything a compilation builds (line tables, diagnostics' scratch, the gear
 * model, strings) lives until the compilation ends, so it is allocated here and
 * released at once with arena_release().  Allocation failure is fatal: gearsc
 * prints "out of memory" and exits 1 rather than limping on. */
#ifndef GEARSC_ARENA_H
#define GEARSC_ARENA_H

#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
    ArenaChunk *chunks; /* newest first */
} Arena;

void *arena_alloc(Arena *arena, size_t size);         /* zeroed, max-aligned */
char *arena_strndup(Arena *arena, const char *s, size_t len);
char *arena_strdup(Arena *arena, const char *s);
char *arena_printf(Arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void arena_release(Arena *arena);

/* malloc/realloc that exit with a diagnostic instead of returning NULL. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
/* items (of count, in a block of *cap of size bytes each) with room for one
 * more: doubling, so that n appends cost O(n). */
void *xgrow(void *items, int count, int *cap, size_t size);
_Noreturn void fatal_out_of_memory(void);

#endif
