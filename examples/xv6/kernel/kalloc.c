/* kalloc.c -- the physical page allocator.
 *
 * Hands out 4096-byte pages of the RAM between the end of the kernel image
 * (the linker's `end`, which includes the embedded file system image) and
 * PHYSTOP.  Pages are named by their kernel virtual address in the direct
 * map (P2V); page tables and user pages store V2P of it.
 *
 * Two sources, under one spinlock (allocation is short; a per-CPU list
 * would scale better but is not needed at four CPUs):
 *   - the free list of pages given back by kfree(), threaded through the
 *     pages themselves;
 *   - the pages never used yet, [unused, top): kalloc() takes from here
 *     when the list is empty.  So boot touches no page at all (threading
 *     all 32K pages onto a list made QEMU fault in all of guest RAM and was
 *     95% of the boot time).
 * Contents of an allocated page are undefined: callers that need zeros
 * memset. */
#include "types.h"
#include "defs.h"
#include "spinlock.h"

extern char end[];   /* first byte after the kernel image (linker script) */

struct freepage {
  struct freepage *next;
};

static struct {
  struct spinlock lock;
  struct freepage *list;   /* pages given back */
  uint64 nfree;            /* pages on the list */
  char *unused;            /* first page never handed out */
  char *top;               /* end of RAM (kernel virtual) */
} kmem;

void kinit(void)
{
  initlock(&kmem.lock, "kmem");
  kmem.unused = (char *)PGROUNDUP((uint64)end);
  kmem.top = (char *)P2V(PHYSTOP);
}

void kfree(void *page)
{
  uint64 a = (uint64)page;
  if (a % PGSIZE != 0 || a < (uint64)end || a >= (uint64)kmem.top)
    panic("kfree: bad page %p", page);
  struct freepage *fp = page;
  acquire(&kmem.lock);
  if ((char *)page >= kmem.unused)
    panic("kfree: page %p was never allocated", page);
  fp->next = kmem.list;
  kmem.list = fp;
  kmem.nfree++;
  release(&kmem.lock);
}

void *kalloc(void)
{
  void *page = 0;
  acquire(&kmem.lock);
  if (kmem.list) {
    page = kmem.list;
    kmem.list = kmem.list->next;
    kmem.nfree--;
  } else if (kmem.unused + PGSIZE <= kmem.top) {
    page = kmem.unused;
    kmem.unused += PGSIZE;
  }
  release(&kmem.lock);
  return page;
}

/* Pages that kalloc() can still hand out. */
uint64 kfreepages(void)
{
  acquire(&kmem.lock);
  uint64 n = kmem.nfree + (uint64)(kmem.top - kmem.unused) / PGSIZE;
  release(&kmem.lock);
  return n;
}
