/* vm.c -- page tables: the kernel's final table (TTBR1) and the user page
 * tables (TTBR0) with their entries.
 *
 * A user address space is a three-level tree of 4 KiB tables (39-bit
 * addresses, T0SZ = 25): bits 38..30 of an address index the level-1 table,
 * 29..21 a level-2 table, 20..12 a level-3 table whose entries map pages.
 * The kernel half is not in these trees at all: it is TTBR1's, shared by
 * every CPU, so arch_uvm_create is one empty page.
 *
 * The kernel half: boot.S starts every CPU on its static kernel_pgtbl, which
 * maps all of RAM read/write/executable for EL1 in 2 MiB blocks.
 * arch_kvm_init (boot CPU, once the page allocator works) builds the table
 * the kernel keeps: the same, except that the 2 MiB blocks holding the
 * kernel image are split into pages -- code (up to etext) read-only and
 * executable, read-only data (up to erodata) read-only, everything else
 * (data, BSS, the RAM disk, free memory, page tables) read/write and never
 * executable (PXN).  A stray kernel write to its code or a jump into data
 * then faults at once instead of corrupting the kernel.  Each CPU switches
 * TTBR1 to it: the boot CPU here, the others in secondary_main (psci.c).
 *
 * Tables are pages from kalloc(), reached through the direct map; entries
 * hold physical addresses.  arch_walk allocates missing tables on demand.
 *
 * Switching: arch_uvm_switch loads TTBR0_EL1 and flushes this CPU's whole
 * TLB (no ASIDs: correctness first).  Because every switch flushes, a CPU's
 * TLB only ever holds entries of the table it runs now, so the shared kernel
 * only has to call arch_uvm_switch again after it removes or narrows a
 * mapping of the running process (sbrk shrinking).  Newly added mappings
 * need nothing: invalid entries are never cached, and the dsb in
 * user_return (vectors.S) orders the table stores before user code runs.
 *
 * Leaf entries (level-3 page descriptors): Normal write-back memory,
 * inner-shareable, access flag set, not global (nG), never executable by the
 * kernel (PXN); AP[1] gives EL0 access (PTE_USER), AP[2] makes it read-only
 * (no PTE_WRITE), UXN forbids user execution (no PTE_EXEC). */
#include "archint.h"

#define DESC_VALID     (1ULL << 0)
#define DESC_TABLE     (3ULL)             /* levels 1, 2: next table */
#define DESC_PAGE      (3ULL)             /* level 3: a page */
#define DESC_ATTR_NORMAL (1ULL << 2)      /* MAIR index 1 */
#define DESC_AP_EL0    (1ULL << 6)        /* AP[1]: EL0 may access */
#define DESC_AP_RO     (1ULL << 7)        /* AP[2]: read-only */
#define DESC_SH_INNER  (3ULL << 8)
#define DESC_AF        (1ULL << 10)
#define DESC_NG        (1ULL << 11)
#define DESC_PXN       (1ULL << 53)
#define DESC_UXN       (1ULL << 54)
#define DESC_ADDR      0x0000fffffffff000ULL   /* output address, bits 47..12 */

static int level_index(uint64 va, int level)   /* level 1, 2 or 3 */
{
  return (int)((va >> (PGSHIFT + 9 * (3 - level))) & 511);
}

/* Kernel (TTBR1) descriptors: EL1 only, never executable by EL0. */
#define KDESC_DEVICE_BLOCK (1ULL | (0ULL << 2) | DESC_AF | DESC_PXN | DESC_UXN)
#define KDESC_NORMAL (DESC_ATTR_NORMAL | DESC_SH_INNER | DESC_AF | DESC_UXN)
#define KDESC_BLOCK  1ULL
#define BLOCK_SIZE   (1ULL << 21)

pagetable_t kernel_table;    /* the final TTBR1 table; 0 until arch_kvm_init */

extern char _start[], etext[], erodata[];

/* The descriptor bits of the kernel page at virtual address va. */
static pte_t kernel_page_bits(uint64 va)
{
  if (va >= (uint64)_start && va < (uint64)etext)
    return KDESC_NORMAL | DESC_AP_RO;               /* code: r-x */
  if (va >= (uint64)etext && va < (uint64)erodata)
    return KDESC_NORMAL | DESC_AP_RO | DESC_PXN;    /* read-only data: r-- */
  return KDESC_NORMAL | DESC_PXN;                   /* rw- */
}

/* Makes this CPU use kernel_table for the kernel half (through boot.S's
 * replace_ttbr1: break-before-make). */
void kvm_switch(void)
{
  if (!kernel_table)
    return;
  __asm__ volatile("dsb ishst" ::: "memory");   /* the table's stores first */
  replace_ttbr1(V2P(kernel_table));
}

void arch_kvm_init(void)
{
  pagetable_t l1 = kalloc(), l2 = kalloc();
  if (!l1 || !l2)
    return;                  /* keep the boot table: it works, less strictly */
  memset(l1, 0, PGSIZE);
  memset(l2, 0, PGSIZE);
  l1[0] = 0 | KDESC_DEVICE_BLOCK;                   /* devices, as in boot.S */
  l1[1] = V2P(l2) | DESC_TABLE;                     /* RAM */
  uint64 image_start = V2P(PGROUNDDOWN((uint64)_start));
  uint64 image_end = V2P(erodata);                  /* past it: all rw- */
  for (uint64 block = RAMBASE; block < PHYSTOP; block += BLOCK_SIZE) {
    pte_t *slot = &l2[(block >> 21) & 511];
    if (block + BLOCK_SIZE <= image_start || block >= image_end) {
      *slot = block | KDESC_BLOCK | KDESC_NORMAL | DESC_PXN;
      continue;
    }
    pagetable_t l3 = kalloc();
    if (!l3)
      return;
    for (int i = 0; i < 512; i++) {
      uint64 pa = block + (uint64)i * PGSIZE;
      l3[i] = pa | DESC_PAGE | kernel_page_bits((uint64)P2V(pa));
    }
    *slot = V2P(l3) | DESC_TABLE;
  }
  kernel_table = l1;
  kvm_switch();
}

pagetable_t arch_uvm_create(void)
{
  pagetable_t pt = kalloc();
  if (pt)
    memset(pt, 0, PGSIZE);
  return pt;
}

pte_t *arch_walk(pagetable_t pt, uint64 va, int alloc)
{
  if (va >= USERTOP)
    return 0;
  for (int level = 1; level < 3; level++) {
    pte_t *entry = &pt[level_index(va, level)];
    if (*entry & DESC_VALID) {
      pt = P2V(*entry & DESC_ADDR);
    } else {
      if (!alloc)
        return 0;
      pagetable_t next = kalloc();
      if (!next)
        return 0;
      memset(next, 0, PGSIZE);
      *entry = V2P(next) | DESC_TABLE;
      pt = next;
    }
  }
  return &pt[level_index(va, 3)];
}

static void free_table(pagetable_t pt, int level)
{
  if (level < 3) {
    for (int i = 0; i < 512; i++)
      if (pt[i] & DESC_VALID)
        free_table(P2V(pt[i] & DESC_ADDR), level + 1);
  }
  kfree(pt);
}

void arch_uvm_free(pagetable_t pt)
{
  if (pt)
    free_table(pt, 1);
}

void arch_uvm_switch(pagetable_t pt)
{
  uint64 table = pt ? V2P(pt) : V2P(empty_pgtbl);
  __asm__ volatile("dsb ishst" ::: "memory");
  WRITE_SYSREG(ttbr0_el1, table);
  __asm__ volatile("isb; tlbi vmalle1; dsb nsh; isb" ::: "memory");
}

/* Every entry arch_pte_make returns is valid: it maps pa. */
pte_t arch_pte_make(uint64 pa, int perm)
{
  pte_t pte = (pa & DESC_ADDR) | DESC_PAGE | DESC_ATTR_NORMAL | DESC_SH_INNER |
              DESC_AF | DESC_NG | DESC_PXN;
  if (perm & PTE_USER)
    pte |= DESC_AP_EL0;
  if (!(perm & PTE_WRITE))
    pte |= DESC_AP_RO;
  if (!(perm & PTE_EXEC))
    pte |= DESC_UXN;
  return pte;
}

uint64 arch_pte_pa(pte_t pte) { return pte & DESC_ADDR; }

int arch_pte_perm(pte_t pte)
{
  if (!(pte & DESC_VALID))
    return 0;
  int perm = PTE_VALID;
  if (pte & DESC_AP_EL0)
    perm |= PTE_USER;
  if (!(pte & DESC_AP_RO))
    perm |= PTE_WRITE;
  if (!(pte & DESC_UXN))
    perm |= PTE_EXEC;
  return perm;
}
