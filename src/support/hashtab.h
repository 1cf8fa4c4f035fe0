/* hashtab.h - the one hash table of gearsc: chained, its buckets in an
 * arena, keyed by a hash the caller computes.  An entry is the caller's
 * struct whose first member is a HashLink; the caller compares keys while
 * walking the entries of one hash (hash_find, then hash_next).  It grows
 * at half load, so lookups stay constant on files with 10^5 names. */
#ifndef GEARSC_HASHTAB_H
#define GEARSC_HASHTAB_H

#include "arena.h"

#include <stdint.h>

typedef struct HashLink {
    struct HashLink *next;
    uint64_t hash;
} HashLink;

typedef struct HashTable {
    HashLink **buckets;
    unsigned bucket_count;
    unsigned count;
} HashTable;

uint64_t hash_bytes(const void *data, size_t len);
uint64_t hash_pointer(const void *p);

/* The first entry with hash h, or NULL; the next one after e. */
HashLink *hash_find(const HashTable *t, uint64_t h);
HashLink *hash_next(const HashLink *e, uint64_t h);
/* Adds e (not already in t) under hash h. */
void hash_insert(Arena *arena, HashTable *t, HashLink *e, uint64_t h);

#endif
