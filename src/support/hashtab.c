/* hashtab.c - see hashtab.h. */
#include "hashtab.h"

uint64_t hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

uint64_t hash_pointer(const void *p)
{
    return (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15u;
}

static unsigned bucket_of(uint64_t h, unsigned bucket_count)
{
    return (unsigned)((h >> 32 ^ h) % bucket_count);
}

HashLink *hash_find(const HashTable *t, uint64_t h)
{
    if (!t->bucket_count)
        return NULL;
    HashLink *e = t->buckets[bucket_of(h, t->bucket_count)];
    while (e && e->hash != h)
        e = e->next;
    return e;
}

HashLink *hash_next(const HashLink *e, uint64_t h)
{
    for (e = e->next; e && e->hash != h; e = e->next) {
    }
    return (HashLink *)e;
}

static void grow(Arena *arena, HashTable *t)
{
    unsigned n = t->bucket_count ? t->bucket_count * 2 : 16;
    HashLink **b = arena_alloc(arena, n * sizeof *b);
    for (unsigned i = 0; i < t->bucket_count; i++) {
        HashLink *e = t->buckets[i];
        while (e) {
            HashLink *next = e->next;
            unsigned k = bucket_of(e->hash, n);
            e->next = b[k];
            b[k] = e;
            e = next;
        }
    }
    t->buckets = b;
    t->bucket_count = n;
}

void hash_insert(Arena *arena, HashTable *t, HashLink *e, uint64_t h)
{
    if (t->count * 2 >= t->bucket_count)
        grow(arena, t);
    unsigned k = bucket_of(h, t->bucket_count);
    e->hash = h;
    e->next = t->buckets[k];
    t->buckets[k] = e;
    t->count++;
}
