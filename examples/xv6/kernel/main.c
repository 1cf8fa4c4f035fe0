/* main.c -- where the kernel starts, on every CPU.
 *
 * The architecture's boot code brings the boot CPU to kmain() with the MMU
 * on (the kernel half mapped), a stack and a clear BSS, and interrupts off.
 * kmain sets up the shared kernel in dependency order: the console (so
 * that printf and panic work), the page allocator, the kernel page tables
 * (which need pages), the process table, this CPU's traps, interrupts and
 * timer, the buffer cache and the file tables; it creates the first
 * process, starts the other CPUs and becomes CPU 0's scheduler.  The file
 * system itself is read later, by the first process (proc.c, forkret),
 * because reading blocks takes sleep locks and so needs a process.
 * Every other CPU enters mpmain() after its early boot: it sets up its own
 * traps and timer and becomes a scheduler too. */
#include "types.h"
#include "defs.h"
#include "proc.h"

int ncpu = 1;   /* CPUs running; set by arch_start_others() */

void kmain(void)
{
  consoleinit();
  arch_uart_init();
  printfinit();
  printf("\nxv6: booting\n");
  kinit();
  arch_kvm_init();
  procinit();
  trapinit();
  arch_cpu_init();
  binit();
  iinit();
  fileinit();
  userinit();
  ncpu = arch_start_others();
  printf("xv6: %d cpu%s, %llu free pages\n", ncpu, ncpu == 1 ? "" : "s", kfreepages());
  scheduler();
}

void mpmain(void)
{
  arch_cpu_init();
  scheduler();
}

/* Until an architecture provides arch_idle (wfi / hlt), an idle CPU spins. */
__attribute__((weak)) void arch_idle(void)
{
}
