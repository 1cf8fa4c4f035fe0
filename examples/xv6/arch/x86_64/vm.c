/* vm.c -- x86-64 page tables: the kernel half, per-process user halves.
 *
 * 4-level paging with 4 KiB pages for user memory: PML4 -> PDPT -> PD ->
 * PT, 9 bits of the virtual address per level.  The kernel half is PML4
 * entry 511 and nothing else: it points at entry.S's boot_pdpt_high, which
 * maps the direct map (KERNBASE, RAM, 2 MiB pages) and the device window
 * (DEVBASE).  kernel_pml4 holds only that entry and is what a CPU runs on
 * when no process is loaded; every process's PML4 copies entry 511, so the
 * kernel half is one set of tables, shared, never changed after boot.
 * (boot_pml4 also maps the first GiB at 0 for the switch to long mode; it
 * is used again only by the startup trampoline of the other CPUs.)
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
#define X_NX  (1ULL << 63)
#define X_ADDR 0x000ffffffffff000ULL

extern pte_t boot_pml4[512];
extern pte_t boot_pdpt_high[512];

static pte_t kernel_pml4[512] __attribute__((aligned(4096)));
uint64 x86_kernel_cr3;

void arch_kvm_init(void)
{
  kernel_pml4[511] = boot_pml4[511];
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
