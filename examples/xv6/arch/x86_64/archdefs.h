/* archdefs.h -- x86-64 definitions the shared kernel relies on (see arch.h).
 *
 * Memory layout (QEMU pc/q35, -m 128M, 4-level paging, 48-bit addresses):
 *
 *   user half (PML4 entries 0..255, one table tree per process)
 *     0 .. USERTOP (128 TiB)         the process's pages, mapped by
 *                                    arch_walk(); text is linked at 0
 *   kernel half (PML4 entry 511, the same table in every address space)
 *     DEVBASE  0xffffffff40000000    physical 3 GiB .. 4 GiB (IOAPIC,
 *                                    LAPIC), uncached 2 MiB pages
 *     KERNBASE 0xffffffff80000000    physical 0 .. 1 GiB, 2 MiB pages:
 *                                    the direct map of RAM (PHYSTOP =
 *                                    126 MiB); the kernel image is linked
 *                                    at KERNBASE + 1 MiB, where the loader
 *                                    puts it, so image and direct map are
 *                                    one mapping (-mcmodel=kernel)
 *
 * Every kernel mapping is supervisor-only (U/S clear); user pages carry
 * U/S, W only if writable and NX unless executable.  No mapping is global,
 * so a CR3 load flushes the whole TLB (see vm.c).
 *
 * Registers and CPU state:
 *   struct trapframe  what trapasm.S saves on a trap: every general register,
 *                     the vector and error code, and the five words the CPU
 *                     pushes itself (rip cs rflags rsp ss).  For a trap from
 *                     user mode it is the last 176 bytes of the process's
 *                     kernel stack: the TSS's rsp0 points just above it.
 *   struct context    what swtch() keeps: the callee-saved rbx rbp r12..r15
 *                     (SysV ABI; the kernel uses no SSE/x87) plus rsp and
 *                     the rip to resume at.
 *   cpuid()           read from the task register: CPU i loads the TSS
 *                     selector SEG_TSS + 16*i (trap.c), and `str` reads it
 *                     back -- one cheap instruction, where reading the
 *                     LAPIC id would be an MMIO access (which QEMU
 *                     serializes across CPUs).  The boot CPU is 0.
 *   intr_*()          RFLAGS.IF (cli/sti).
 */
#ifndef XV6_ARCHDEFS_H
#define XV6_ARCHDEFS_H

#ifdef __ASSEMBLER__
#define U64(x) x
#else
#include "types.h"
#define U64(x) x##ULL
#endif

#define KERNBASE   U64(0xffffffff80000000)   /* the top 2 GiB */
#define KERNLINK   (KERNBASE + 0x100000)     /* where the image is linked */
/* QEMU_OPTS gives -m 128M; the firmware keeps the top 128 KiB (ACPI tables,
 * its own data: reserved in the e820 map), so the kernel stops short. */
#define PHYSTOP    (126 * 1024 * 1024)
#define USERTOP    (U64(1) << 47)            /* the lower canonical half */

#define DEVBASE    U64(0xffffffff40000000)   /* 1 GiB below KERNBASE ... */
#define DEVPHYS    U64(0xc0000000)           /* ... maps physical 3..4 GiB */

#define P2V(pa)    ((void *)((uint64)(pa) + KERNBASE))
#define V2P(va)    ((uint64)(va) - KERNBASE)
#define IO2V(pa)   ((void *)((uint64)(pa) - DEVPHYS + DEVBASE))

#define PGSIZE     4096
#define PGSHIFT    12
#define PGROUNDUP(a)   (((uint64)(a) + PGSIZE - 1) & ~(uint64)(PGSIZE - 1))
#define PGROUNDDOWN(a) ((uint64)(a) & ~(uint64)(PGSIZE - 1))

/* Segment selectors (gdt in trap.c, boot GDT in entry.S agree on the
 * kernel ones). */
#define SEG_KCODE  0x08
#define SEG_KDATA  0x10
#define SEG_UDATA  0x18    /* user selectors are used with RPL 3 */
#define SEG_UCODE  0x20
#define SEG_UCPU   0x28    /* user-readable CPU number: its limit (see trap.c) */
#define SEG_TSS    0x30    /* CPU i's TSS: SEG_TSS + 16*i (16-byte descriptors) */

/* Interrupt vectors. */
#define T_IRQ0     32      /* IOAPIC/LAPIC interrupts start here */
#define T_TIMER    (T_IRQ0 + 0)
#define T_COM1     (T_IRQ0 + 4)
#define T_SYSCALL  64      /* int $64, the only gate user mode may use */
#define T_SPURIOUS 255

/* The local APIC, at its kernel virtual address (QEMU: physical 0xfee00000). */
#define LAPIC_PA   U64(0xfee00000)
#define LAPIC_VA   (DEVBASE + (LAPIC_PA - DEVPHYS))

/* Byte offsets in struct trapframe, for trapasm.S. */
#define TF_VECTOR  (15 * 8)
#define TF_ERR     (16 * 8)
#define TF_RIP     (17 * 8)
#define TF_CS      (18 * 8)
#define TF_SIZE    (22 * 8)  /* 176, a multiple of 16: rsp stays aligned */

#ifndef __ASSEMBLER__

typedef uint64 pte_t;

/* In push order reversed: trapasm.S pushes rax first and r15 last, the CPU
 * pushed ss..rip before, the vector stub the error code and vector. */
struct trapframe {
  uint64 r15, r14, r13, r12, r11, r10, r9, r8;
  uint64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
  uint64 vector;   /* pushed by the vector's stub */
  uint64 err;      /* the CPU's error code, or 0 */
  uint64 rip, cs, rflags, rsp, ss;   /* pushed by the CPU */
};

struct context {
  uint64 rbx, rbp, r12, r13, r14, r15;
  uint64 rsp;      /* the stack pointer after swtch() returns */
  uint64 rip;      /* where swtch() returns to */
};

static inline void intr_on(void)  { __asm__ volatile("sti" ::: "memory"); }
static inline void intr_off(void) { __asm__ volatile("cli" ::: "memory"); }
static inline int intr_get(void)
{
  uint64 rflags;
  __asm__ volatile("pushfq; popq %0" : "=r"(rflags));
  return (rflags & 0x200) != 0;   /* IF */
}

/* This CPU's index: which TSS its task register holds (trap.c loads CPU
 * i's at SEG_TSS + 16*i before anything asks, boot.c for the boot CPU). */
static inline int cpuid(void)
{
  uint16 tr;
  __asm__ volatile("str %0" : "=r"(tr));
  return (tr - SEG_TSS) >> 4;
}

#endif /* !__ASSEMBLER__ */
#endif
