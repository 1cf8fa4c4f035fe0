/* vm.c -- x86-64 page tables: the kernel half, per-process user halves.
 *
 * 4-level paging with 4 KiB pages for user memory: PML4 -> PDPT -> PD ->
 * PT, 9 bits of the virtual address per level.  The kernel half is PML4
 * entry 511 and nothing else.  arch_kvm_init builds its final tables from
 * entry.S's boot tables: the device window (DEVBASE) as it was, the direct
 * map (KERNBASE) in 2 MiB pages, not executable -- except the 2 MiB pages
 * that hold the kernel image, which are split into 4 KiB pages so that
 * text is read-only and executable, rodata read-only, and everything else
 * writable but not executable (CR0.WP makes read-only bind the kernel too).
 * A stray kernel write into its code, or a jump into data, faults.
 * kernel_pml4 holds only entry 511 and is what a CPU runs on when no
 * process is loaded; every process's PML4 copies entry 511, so the kernel
 * half is one set of tables, shared, never changed after boot.
 * (boot_pml4 keeps mapping the first GiB at 0 and at KERNBASE, all
 * writable and executable, for the startup trampoline of the other CPUs,
 * which switch to kernel_pml4 as soon as they run in the kernel.)
 *
 * Permissions: the kernel half's entries lack U/S, so user mode can never
 * touch it.  The user half's intermediate entries allow everything
 * (P|W|U); each leaf says what the page allows: U/S for user access, R/W
 * for writing, NX unless executable (EFER.NXE is on).  A leaf without
 * PTE_USER (a guard page, say) is present but user mode faults on it.
 *
 * TLB: every CR3 load flushes this CPU's non-global entries, and no entry
 * is global, so arch_uvm_switch() is also the flush the shared kernel asks
 * for after changing the running process's mappings.
 */
#include "x86.h"
#include "defs.h"

#define X_P   0x001ULL
#define X_W   0x002ULL
#define X_U   0x004ULL
#define X_PS  0x080ULL     /* a 2 MiB page (in a PD entry) */
#define X_NX  (1ULL << 63)
#define X_ADDR 0x000ffffffffff000ULL

extern pte_t boot_pml4[512];
extern pte_t boot_pdpt_high[512];
extern char etext[], erodata[], end[];

static pte_t kernel_pml4[512] __attribute__((aligned(4096)));
uint64 x86_kernel_cr3;

static pte_t *zalloc_table(void)
{
  pte_t *t = kalloc();
  if (t == 0)
    panic("arch_kvm_init: out of memory");
  memset(t, 0, PGSIZE);
  return t;
}

void arch_kvm_init(void)
{
  const uint64 big = 2 * 1024 * 1024;
  pte_t *pdpt = zalloc_table(), *pd = zalloc_table();
  memmove(pdpt, boot_pdpt_high, PGSIZE);     /* keeps the device window */
  pdpt[KERNBASE >> 30 & 511] = V2P(pd) | X_P | X_W;
  for (uint64 i = 0; i < 512; i++) {
    uint64 pa = i * big;
    if (pa >= V2P(end)) {                    /* RAM (and beyond): data only */
      pd[i] = pa | X_P | X_W | X_PS | X_NX;
      continue;
    }
    pte_t *pt = zalloc_table();              /* holds part of the image */
    for (uint64 j = 0; j < 512; j++) {
      uint64 a = pa + j * PGSIZE;
      pte_t e = a | X_P;
      if (a >= V2P(KERNLINK) && a < V2P(etext))
        ;                                    /* text: read, execute */
      else if (a >= V2P(etext) && a < V2P(erodata))
        e |= X_NX;                           /* rodata: read */
      else
        e |= X_W | X_NX;                     /* data, bss, other RAM */
      pt[j] = e;
    }
    pd[i] = V2P(pt) | X_P | X_W;
  }
  kernel_pml4[511] = V2P(pdpt) | X_P | X_W;
  x86_kernel_cr3 = V2P(kernel_pml4);
  lcr3(x86_kernel_cr3);
}

pagetable_t arch_uvm_create(void)
{
  pte_t *pml4 = kalloc();
  if (pml4 == 0)
    return 0;
  memset(pml4, 0, PGSIZE);
  for (int i = 256; i < 512; i++)
    pml4[i] = kernel_pml4[i];
  return pml4;
}

static int index_at(uint64 va, int level)   /* level 3 = PML4 .. 0 = PT */
{
  return (va >> (12 + 9 * level)) & 511;
}

pte_t *arch_walk(pagetable_t pt, uint64 va, int alloc)
{
  if (va >= USERTOP)
    return 0;
  pte_t *table = pt;
  for (int level = 3; level > 0; level--) {
    pte_t *e = &table[index_at(va, level)];
    if (*e & X_P) {
      table = P2V(*e & X_ADDR);
    } else {
      if (!alloc)
        return 0;
      pte_t *next = kalloc();
      if (next == 0)
        return 0;
      memset(next, 0, PGSIZE);
      *e = V2P(next) | X_P | X_W | X_U;
      table = next;
    }
  }
  return &table[index_at(va, 0)];
}

static void free_level(pte_t *table, int level)
{
  if (level > 0) {
    for (int i = 0; i < 512; i++)
      if (table[i] & X_P)
        free_level(P2V(table[i] & X_ADDR), level - 1);
  }
  kfree(table);
}

void arch_uvm_free(pagetable_t pt)
{
  for (int i = 0; i < 256; i++)
    if (pt[i] & X_P)
      free_level(P2V(pt[i] & X_ADDR), 2);   /* a PDPT: PDs and PTs below */
  kfree(pt);
}

void arch_uvm_switch(pagetable_t pt)
{
  lcr3(pt ? V2P(pt) : x86_kernel_cr3);
}

pte_t arch_pte_make(uint64 pa, int perm)
{
  pte_t e = (pa & X_ADDR) | X_P;
  if (perm & PTE_WRITE) e |= X_W;
  if (perm & PTE_USER)  e |= X_U;
  if (!(perm & PTE_EXEC)) e |= X_NX;
  return e;
}

uint64 arch_pte_pa(pte_t pte) { return pte & X_ADDR; }

int arch_pte_perm(pte_t pte)
{
  if (!(pte & X_P))
    return 0;
  int perm = PTE_VALID;
  if (pte & X_W)  perm |= PTE_WRITE;
  if (pte & X_U)  perm |= PTE_USER;
  if (!(pte & X_NX)) perm |= PTE_EXEC;
  return perm;
}
