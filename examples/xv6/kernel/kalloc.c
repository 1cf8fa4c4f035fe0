/* kalloc.c -- the physical page allocator.
 *
 * Hands out 4096-byte pages of the RAM between the end of the kernel image
 * (the linker's `end`, which includes the embedded file system image) and
 * PHYSTOP.  Pages are named by their kernel virtual address in the direct
 * map (P2V); page tables and user pages store V2P of it.  The free pages
 * form a singly linked list threaded through the pages themselves, guarded
 * by one spinlock (allocation is short; a per-CPU list would scale better
 * but is not needed at four CPUs).  Contents of an allocated page are
 * undefined: callers that need zeros memset. */
#include "types.h"
#include "defs.h"
#include "spinlock.h"

extern char end[];   /* first byte after the kernel image (linker script) */

struct freepage {
  struct freepage *next;
};

static struct {
  struct spinlock lock;
  struct freepage *list;
  uint64 nfree;
} kmem;

void kinit(void)
{
  initlock(&kmem.lock, "kmem");
  char *p = (char *)PGROUNDUP((uint64)end);
  char *top = (char *)P2V(PHYSTOP);
  for (; p + PGSIZE <= top; p += PGSIZE)
    kfree(p);
}

void kfree(void *page)
{
  uint64 a = (uint64)page;
  if (a % PGSIZE != 0 || a < (uint64)end || a >= (uint64)P2V(PHYSTOP))
    panic("kfree: bad page %p", page);
  struct freepage *fp = page;
  acquire(&kmem.lock);
  fp->next = kmem.list;
  kmem.list = fp;
  kmem.nfree++;
  release(&kmem.lock);
}

void *kalloc(void)
{
  acquire(&kmem.lock);
  struct freepage *fp = kmem.list;
  if (fp) {
    kmem.list = fp->next;
    kmem.nfree--;
  }
  release(&kmem.lock);
  return fp;
}

uint64 kfreepages(void)
{
  return kmem.nfree;
}
