/* arch.h -- the line between the shared kernel and one architecture.
 *
 * Everything the shared kernel (the files in kernel/) needs from the hardware goes
 * through the names declared here; each architecture (arch/aarch64/,
 * arch/x86_64/) implements them and nothing else of the kernel looks at a
 * register, a page-table bit or a device.  The build puts
 * arch/$(ARCH)/ on the include path, so "archdefs.h" is that architecture's.
 *
 * archdefs.h defines, for its architecture:
 *   KERNBASE, P2V(pa), V2P(va)  the kernel's direct map of physical memory:
 *                               every physical address pa below PHYSTOP is
 *                               readable and writable by the kernel at P2V(pa),
 *                               in every address space, never by user mode.
 *   PHYSTOP                     end of the RAM the kernel uses (physical).
 *   USERTOP                     user addresses are [0, USERTOP).
 *   PGSIZE (4096), PGROUNDUP, PGROUNDDOWN
 *   typedef ... pte_t;          a leaf page-table entry
 *   struct trapframe            the user registers saved at a trap
 *   struct context              the callee-saved registers swtch() keeps
 *   static inline intr_on(), intr_off(), intr_get()   this CPU's interrupts
 *   static inline int cpuid(void)   this CPU's index, 0..ncpu-1
 *
 * The user side of the system call ABI is in syscall.h.
 */
#ifndef XV6_ARCH_H
#define XV6_ARCH_H

#include "types.h"
#include "archdefs.h"

typedef pte_t *pagetable_t;   /* kernel virtual address of a top-level table */

/* ---- Provided by the architecture -------------------------------------- */

/* Console UART: polled output (usable from the first instruction of kmain,
 * and from panic with interrupts off); interrupt-driven input, delivered by
 * the architecture's interrupt handler to consoleintr(c) one byte at a time. */
void arch_uart_init(void);          /* enables the receive interrupt */
void arch_uart_putc(int c);

/* Per-CPU set-up that must run on every CPU with its own stack: exception
 * vectors / IDT, interrupt controller, timer (HZ ticks per second). */
void arch_cpu_init(void);

/* Starts the other CPUs; each runs its early boot, then mpmain().  Returns
 * how many CPUs run in all (also stored in ncpu). */
int  arch_start_others(void);

/* Address spaces.  The kernel half (the direct map, devices) is the same in
 * every page table and is set up once by arch_kvm_init() on the boot CPU. */
void        arch_kvm_init(void);
pagetable_t arch_uvm_create(void);                 /* empty user half; 0 if out of memory */
pte_t      *arch_walk(pagetable_t pt, uint64 va, int alloc);  /* leaf PTE of a user va; 0 if none (or out of memory) */
void        arch_uvm_free(pagetable_t pt);         /* frees the table pages (not the mapped pages) */
void        arch_uvm_switch(pagetable_t pt);       /* makes pt this CPU's user half (0: none) */

/* Leaf entries, with portable permission bits. */
#define PTE_VALID  0x1   /* mapped */
#define PTE_WRITE  0x2   /* user may write */
#define PTE_EXEC   0x4   /* user may execute */
#define PTE_USER   0x8   /* user may read (every user mapping has it) */
pte_t  arch_pte_make(uint64 pa, int perm);  /* perm: PTE_* bits */
uint64 arch_pte_pa(pte_t pte);
int    arch_pte_perm(pte_t pte);            /* PTE_* bits */

/* Traps.  The architecture's trap entry saves the user registers into the
 * current process's trapframe (p->tf, at the top of its kernel stack) and
 * calls usertrap(); after it returns, arch_usertrapret() restores them. */
uint64 arch_tf_sysnum(struct trapframe *tf);
uint64 arch_tf_arg(struct trapframe *tf, int n);        /* n = 0..5 */
void   arch_tf_set_return(struct trapframe *tf, uint64 value);
/* A fresh user register state: start at pc with stack sp, a0 and a1 in the
 * first two argument registers (exec: argc, argv). */
void   arch_tf_init_user(struct trapframe *tf, uint64 pc, uint64 sp, uint64 a0, uint64 a1);
void   arch_usertrapret(void) __attribute__((noreturn));  /* to user mode, from myproc()->tf */

/* Context switch: saves the callee-saved registers and sp of the running
 * thread in *old, loads *new. */
void swtch(struct context *old, struct context *new);
/* A new process's first swtch() lands in entry() on the stack below kstack_top. */
void arch_context_init(struct context *c, uint64 kstack_top, void (*entry)(void));

/* Halts the machine: QEMU exits with status 0 for status 0, non-zero otherwise. */
void arch_poweroff(int status) __attribute__((noreturn));

/* A cycle counter (only compared with itself). */
uint64 arch_cycles(void);

/* ---- Provided by the shared kernel, called by the architecture ---------- */

void kmain(void) __attribute__((noreturn));    /* boot CPU, once the MMU is on and BSS is clear */
void mpmain(void) __attribute__((noreturn));   /* every other CPU, after its early boot */

enum trapcause {
  TRAP_SYSCALL,   /* the user asked for a system call */
  TRAP_TIMER,     /* a timer tick (already acknowledged; clockintr() already called) */
  TRAP_DEVICE,    /* another device interrupt, already handled */
  TRAP_FAULT,     /* the user program faulted: what and addr describe it */
};
void usertrap(enum trapcause cause, const char *what, uint64 addr);    /* from user mode */
void kerneltrap(enum trapcause cause, const char *what, uint64 addr);  /* from kernel mode */

void clockintr(void);        /* a timer tick on this CPU */
void consoleintr(int c);     /* a byte arrived at the console UART */

extern int ncpu;

#endif
