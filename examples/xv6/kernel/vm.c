/* vm.c -- user address spaces, on top of the architecture's page tables.
 *
 * The architecture owns the page-table format (arch_walk finds or makes the
 * leaf entry of a user virtual address; arch_pte_* build and read entries
 * with portable PTE_* bits) and the kernel half, which is the same in every
 * address space.  This file owns the user half of each process:
 *
 *   - which pages are mapped and with which permissions (uvmalloc,
 *     uvmdealloc, uvmcopy, uvmfree); a user page is always a whole page from
 *     kalloc, and a process's memory [0, sz) may contain unmapped holes
 *     (the stack guard page, gaps between ELF segments);
 *   - every access the kernel makes to user memory (copyin, copyout,
 *     copyinstr).  They go through the page table, never through the user
 *     pointer itself: the address must be below USERTOP, mapped, and have
 *     PTE_USER (and PTE_WRITE for copyout), so a user program can never make
 *     the kernel read or write kernel memory or another process's pages.
 *     The data is reached through the kernel's direct map, P2V(pa).
 *
 * A PTE is cleared by storing 0 (invalid on both architectures).  Whoever
 * removes mappings of the running process calls arch_uvm_switch() again,
 * which flushes this CPU's TLB. */
#include "types.h"
#include "defs.h"

static int pte_valid(pte_t *pte)
{
  return pte != 0 && (arch_pte_perm(*pte) & PTE_VALID);
}

/* Maps [va, va+size) to [pa, pa+size); va and size page-aligned. */
int mappages(pagetable_t pt, uint64 va, uint64 size, uint64 pa, int perm)
{
  for (uint64 a = va; a < va + size; a += PGSIZE, pa += PGSIZE) {
    if (a >= USERTOP)
      return -1;
    pte_t *pte = arch_walk(pt, a, 1);
    if (pte == 0)
      return -1;
    if (pte_valid(pte))
      panic("mappages: remap of 0x%llx", a);
    *pte = arch_pte_make(pa, perm | PTE_VALID);
  }
  return 0;
}

/* Unmaps npages pages from va, freeing them if do_free; skips holes. */
void uvmunmap(pagetable_t pt, uint64 va, uint64 npages, int do_free)
{
  for (uint64 a = va; a < va + npages * PGSIZE; a += PGSIZE) {
    pte_t *pte = arch_walk(pt, a, 0);
    if (!pte_valid(pte))
      continue;
    if (do_free)
      kfree(P2V(arch_pte_pa(*pte)));
    *pte = 0;
  }
}

/* Grows a process from oldsz to newsz bytes with zeroed pages of the given
 * permissions.  Returns newsz, or 0 (having undone everything) when out of
 * memory or past USERTOP. */
uint64 uvmalloc(pagetable_t pt, uint64 oldsz, uint64 newsz, int perm)
{
  if (newsz <= oldsz)
    return oldsz;
  if (newsz > USERTOP)
    return 0;
  for (uint64 a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE) {
    void *mem = kalloc();
    if (mem == 0) {
      uvmdealloc(pt, a, oldsz);
      return 0;
    }
    memset(mem, 0, PGSIZE);
    if (mappages(pt, a, PGSIZE, V2P(mem), perm | PTE_USER) < 0) {
      kfree(mem);
      uvmdealloc(pt, a, oldsz);
      return 0;
    }
  }
  return newsz;
}

/* Shrinks a process from oldsz to newsz bytes, freeing whole pages above
 * newsz.  Returns the new size. */
uint64 uvmdealloc(pagetable_t pt, uint64 oldsz, uint64 newsz)
{
  if (newsz >= oldsz)
    return oldsz;
  uint64 from = PGROUNDUP(newsz), to = PGROUNDUP(oldsz);
  if (from < to)
    uvmunmap(pt, from, (to - from) / PGSIZE, 1);
  return newsz;
}

/* Copies every mapped page of [0, sz) from old into new (fork), with the
 * same permissions.  On failure frees what it made and returns -1. */
int uvmcopy(pagetable_t old, pagetable_t new, uint64 sz)
{
  for (uint64 a = 0; a < sz; a += PGSIZE) {
    pte_t *pte = arch_walk(old, a, 0);
    if (!pte_valid(pte))
      continue;
    void *mem = kalloc();
    if (mem == 0)
      goto fail;
    memmove(mem, P2V(arch_pte_pa(*pte)), PGSIZE);
    if (mappages(new, a, PGSIZE, V2P(mem), arch_pte_perm(*pte)) < 0) {
      kfree(mem);
      goto fail;
    }
  }
  return 0;
fail:
  uvmunmap(new, 0, PGROUNDUP(sz) / PGSIZE, 1);
  return -1;
}

/* Frees every user page of [0, sz) and then the page-table pages. */
void uvmfree(pagetable_t pt, uint64 sz)
{
  if (sz > 0)
    uvmunmap(pt, 0, PGROUNDUP(sz) / PGSIZE, 1);
  arch_uvm_free(pt);
}

/* The physical address of the user page holding va, if the user may read
 * it (and write it, when need_write); else 0. */
static uint64 user_page(pagetable_t pt, uint64 va, int need_write)
{
  if (va >= USERTOP)
    return 0;
  pte_t *pte = arch_walk(pt, va, 0);
  if (pte == 0)
    return 0;
  int perm = arch_pte_perm(*pte);
  if (!(perm & PTE_VALID) || !(perm & PTE_USER))
    return 0;
  if (need_write && !(perm & PTE_WRITE))
    return 0;
  return arch_pte_pa(*pte);
}

uint64 walkaddr(pagetable_t pt, uint64 va)
{
  return user_page(pt, PGROUNDDOWN(va), 0);
}

/* Copies len bytes from kernel src to user dstva.  0, or -1 on a bad address. */
int copyout(pagetable_t pt, uint64 dstva, const void *src, uint64 len)
{
  const char *s = src;
  while (len > 0) {
    uint64 va0 = PGROUNDDOWN(dstva);
    uint64 pa0 = user_page(pt, va0, 1);
    if (pa0 == 0)
      return -1;
    uint64 n = PGSIZE - (dstva - va0);
    if (n > len)
      n = len;
    memmove((char *)P2V(pa0) + (dstva - va0), s, n);
    len -= n;
    s += n;
    dstva = va0 + PGSIZE;
  }
  return 0;
}

/* Copies len bytes from user srcva to kernel dst.  0, or -1 on a bad address. */
int copyin(pagetable_t pt, void *dst, uint64 srcva, uint64 len)
{
  char *d = dst;
  while (len > 0) {
    uint64 va0 = PGROUNDDOWN(srcva);
    uint64 pa0 = user_page(pt, va0, 0);
    if (pa0 == 0)
      return -1;
    uint64 n = PGSIZE - (srcva - va0);
    if (n > len)
      n = len;
    memmove(d, (char *)P2V(pa0) + (srcva - va0), n);
    len -= n;
    d += n;
    srcva = va0 + PGSIZE;
  }
  return 0;
}

/* Copies a NUL-terminated string of at most max bytes (with its NUL) from
 * user srcva to dst.  0, or -1 on a bad address or a string too long. */
int copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max)
{
  while (max > 0) {
    uint64 va0 = PGROUNDDOWN(srcva);
    uint64 pa0 = user_page(pt, va0, 0);
    if (pa0 == 0)
      return -1;
    const char *p = (const char *)P2V(pa0) + (srcva - va0);
    uint64 n = PGSIZE - (srcva - va0);
    for (; n > 0 && max > 0; n--, max--, p++, dst++) {
      *dst = *p;
      if (*p == 0)
        return 0;
    }
    srcva = va0 + PGSIZE;
  }
  return -1;
}
