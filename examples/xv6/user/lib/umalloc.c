/* umalloc.c -- malloc and free for user programs, on top of sbrk().
 *
 * The heap is one contiguous run of blocks from the first sbrk() to the
 * current break.  Every block starts with a 16-byte header holding the
 * block's whole size (header included, a multiple of 16, so payloads stay
 * 16-byte aligned) and whether it is free; the next block begins right
 * after it, so the headers form an implicit list that needs no pointers.
 *
 *   malloc(n)  walks the list for the first free block big enough, merging
 *              neighbouring free blocks as it passes them (so free() stays
 *              O(1)), splits off the unused tail if it is worth a block,
 *              and otherwise grows the heap with sbrk() (at least 4 KiB at
 *              a time, to keep system calls rare).
 *   free(p)    marks the block free; if the heap's last block is then free
 *              and large, its memory goes back to the kernel with a
 *              negative sbrk().
 *
 * A linear walk is slow for big heaps, but user programs here keep a few
 * dozen blocks; clarity wins. */
#include "../user.h"

struct header {
  uint64 size;   /* bytes in this block, header included */
  uint64 free;   /* 1 if on offer */
};

#define HDR      ((uint64)sizeof(struct header))
#define MINGROW  4096
#define RELEASE  (64 * 1024)   /* give back a free tail at least this big */

static char *heap_start;   /* first block */
static char *heap_end;     /* the break: one past the last block */

static struct header *next_block(struct header *h)
{
  return (struct header *)((char *)h + h->size);
}

/* Extends the heap by at least `need` bytes as one new free block (or by
 * growing a free last block); returns it, or 0 if the kernel said no. */
static struct header *grow(uint64 need, struct header *last)
{
  int extend = last && last->free;   /* a free last block already covers part */
  uint64 add = extend ? need - last->size : need;
  if (add < MINGROW)
    add = MINGROW;
  if (add > 0x7fffffff)
    return 0;
  char *p = sbrk((int)add);
  if (p == (char *)-1)
    return 0;
  if (heap_start == 0 || p != heap_end) {
    /* First use, or the program moved the break itself: the new memory
     * starts a fresh heap; blocks below it stay valid but are never merged
     * across the gap (see in_heap).  A break left unaligned by the program
     * costs a few bytes more, so that payloads stay 16-byte aligned. */
    uint64 pad = (16 - (uint64)p % 16) % 16;
    if (pad && sbrk((int)pad) == (char *)-1) {
      sbrk(-(int)add);
      return 0;
    }
    p += pad;
    heap_start = p;
    extend = 0;
  }
  heap_end = p + add;
  if (extend) {
    last->size += add;
    return last;
  }
  struct header *h = (struct header *)p;
  h->size = add;
  h->free = 1;
  return h;
}

static int in_heap(struct header *h)
{
  return (char *)h >= heap_start && (char *)h < heap_end;
}

void *malloc(uint n)
{
  if (n == 0)
    n = 1;
  uint64 need = ((uint64)n + HDR + 15) & ~(uint64)15;
  struct header *h = 0, *last = 0;

  if (heap_start) {
    for (struct header *b = (struct header *)heap_start; (char *)b < heap_end; b = next_block(b)) {
      if (b->free) {
        /* Merge the free blocks that follow into this one. */
        for (struct header *nb = next_block(b); in_heap(nb) && nb->free; nb = next_block(b))
          b->size += nb->size;
        if (b->size >= need) {
          h = b;
          break;
        }
      }
      last = b;
    }
  }
  if (h == 0) {
    h = grow(need, last);
    if (h == 0)
      return 0;
  }
  if (h->size - need >= HDR + 16) {     /* split: the tail stays free */
    struct header *tail = (struct header *)((char *)h + need);
    tail->size = h->size - need;
    tail->free = 1;
    h->size = need;
  }
  h->free = 0;
  return (char *)h + HDR;
}

void free(void *p)
{
  if (p == 0)
    return;
  struct header *h = (struct header *)((char *)p - HDR);
  h->free = 1;
  if (!in_heap(h))
    return;
  /* Merge the free blocks after it, then give a big free tail back. */
  for (struct header *nb = next_block(h); in_heap(nb) && nb->free; nb = next_block(h))
    h->size += nb->size;
  if ((char *)h + h->size == heap_end && h->size >= RELEASE && h->size <= 0x7fffffff &&
      sbrk(0) == heap_end && sbrk(-(int)h->size) != (char *)-1) {
    heap_end = (char *)h;
    if (heap_end == heap_start)
      heap_start = heap_end = 0;
  }
}
