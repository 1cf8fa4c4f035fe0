/* archdefs.h -- AArch64 definitions the shared kernel relies on (see arch.h).
 *
 * Memory layout (QEMU virt, -m 128M, 4 KiB pages, 39-bit virtual halves):
 *
 *   user half (TTBR0_EL1, one table tree per process)
 *     0 .. USERTOP (512 GiB)        the process's pages, mapped by
 *                                   arch_walk(); text is linked at 0
 *   kernel half (TTBR1_EL1, one table for every CPU, vm.c arch_kvm_init)
 *     KERNBASE + 0x00000000 ..      devices (GIC, PL011, ...): one 1 GiB
 *                + 0x3fffffff       Device-nGnRE block
 *     KERNBASE + 0x40000000 ..      RAM, Normal write-back, 2 MiB blocks;
 *                + PHYSTOP          the kernel image is linked at
 *                                   KERNBASE + 0x40080000 (its code r-x,
 *                                   its read-only data r--, all else rw-)
 *
 * So the kernel reaches every physical address pa below PHYSTOP at
 * P2V(pa) = pa + KERNBASE, in every address space, and user mode can never
 * reach it (the kernel half has AP=EL1-only and UXN).  A user address is
 * always below USERTOP and a kernel address always at or above KERNBASE:
 * the top 25 bits tell which table the MMU walks.
 *
 * Registers and CPU state:
 *   struct trapframe  x0..x30, the user sp (SP_EL0), the pc (ELR_EL1) and
 *                     the PSTATE (SPSR_EL1) saved by vectors.S on a trap
 *                     from EL0; it lives at the top of the process's kernel
 *                     stack, where SP_EL1 points while the process runs in
 *                     user mode.
 *   struct context    what swtch() keeps: the callee-saved x19..x28, the
 *                     frame pointer x29, the return address x30 and sp
 *                     (AAPCS64; the kernel keeps nothing in FP/SIMD
 *                     registers: its C is -mgeneral-regs-only, and gear
 *                     code from clang >= 15 only zeroes d0-d7).
 *   cpuid()           TPIDR_EL1, set by boot.S to the CPU's index (0 for the
 *                     boot CPU, n for the CPU PSCI started as number n).
 *   intr_*()          the I bit of DAIF (IRQ mask); FIQs are not used.
 */
#ifndef XV6_ARCHDEFS_H
#define XV6_ARCHDEFS_H

#ifdef __ASSEMBLER__
#define U64(x) x
#else
#include "types.h"
#define U64(x) x##ULL
#endif

#define KERNBASE   U64(0xffffff8000000000)   /* start of the TTBR1 half (T1SZ=25) */
#define RAMBASE    U64(0x40000000)          /* physical start of RAM on virt */
#define PHYSTOP    (RAMBASE + 128 * 1024 * 1024)   /* QEMU_OPTS gives -m 128M */
#define USERTOP    (U64(1) << 39)          /* end of the TTBR0 half (T0SZ=25) */

#define P2V(pa)    ((void *)((uint64)(pa) + KERNBASE))
#define V2P(va)    ((uint64)(va) - KERNBASE)

#define PGSIZE     4096
#define PGSHIFT    12
#define PGROUNDUP(a)   (((uint64)(a) + PGSIZE - 1) & ~(uint64)(PGSIZE - 1))
#define PGROUNDDOWN(a) ((uint64)(a) & ~(uint64)(PGSIZE - 1))

/* Devices, at their kernel virtual addresses. */
#define GICD_BASE  P2V(0x08000000)   /* GICv2 distributor */
#define GICC_BASE  P2V(0x08010000)   /* GICv2 CPU interface */
#define UART0_BASE P2V(0x09000000)   /* PL011 */
#define UART0_IRQ  33                /* SPI 1 */
#define TIMER_IRQ  27                /* EL1 virtual timer, a PPI */

/* Byte offsets in struct trapframe, for vectors.S. */
#define TF_SP      (31 * 8)
#define TF_ELR     (32 * 8)
#define TF_SPSR    (33 * 8)
#define TF_SIZE    (34 * 8)          /* a multiple of 16: sp stays aligned */

#ifndef __ASSEMBLER__

typedef uint64 pte_t;

struct trapframe {
  uint64 x[31];    /* x0..x30 */
  uint64 sp;       /* SP_EL0: the user stack pointer */
  uint64 elr;      /* ELR_EL1: where user mode resumes */
  uint64 spsr;     /* SPSR_EL1: the user PSTATE (EL0t, flags) */
};

struct context {
  uint64 x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
  uint64 fp;       /* x29 */
  uint64 lr;       /* x30: where swtch() returns to */
  uint64 sp;
};

static inline void intr_on(void)  { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void intr_off(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }
static inline int intr_get(void)
{
  uint64 daif;
  __asm__ volatile("mrs %0, daif" : "=r"(daif));
  return (daif & (1 << 7)) == 0;   /* I clear: IRQs are taken */
}

static inline int cpuid(void)
{
  uint64 id;
  __asm__ volatile("mrs %0, tpidr_el1" : "=r"(id));
  return (int)id;
}

#endif /* __ASSEMBLER__ */
#endif
