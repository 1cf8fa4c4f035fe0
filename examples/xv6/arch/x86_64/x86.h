/* x86.h -- the x86-64 part's private helpers: instructions C cannot say
 * (port I/O, control registers, MSRs) and the names its files share.
 * Nothing in kernel/ includes it. */
#ifndef XV6_X86_H
#define XV6_X86_H

#include "types.h"
#include "param.h"
#include "archdefs.h"

static inline uchar inb(uint16 port)
{
  uchar v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
static inline void outb(uint16 port, uchar v)
{
  __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}
static inline void outw(uint16 port, uint16 v)
{
  __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}
static inline void outl(uint16 port, uint32 v)
{
  __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint64 rcr0(void) { uint64 v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint64 rcr2(void) { uint64 v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint64 rcr3(void) { uint64 v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint64 rcr4(void) { uint64 v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void lcr0(uint64 v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void lcr3(uint64 v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void lcr4(uint64 v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

static inline uint64 rdtsc(void)
{
  uint32 lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64)hi << 32) | lo;
}

static inline void pause(void) { __asm__ volatile("pause"); }

#define CR0_MP  0x00000002   /* with TS: wait/fwait fault too */
#define CR0_EM  0x00000004   /* x87 instructions raise #NM; SSE raises #UD */
#define CR0_TS  0x00000008
#define CR4_TSD 0x00000004   /* rdtsc privileged: left clear */
#define CR4_OSFXSR 0x00000200  /* SSE allowed: left clear */
#define CR4_OSXMMEXCPT 0x00000400
#define CR4_OSXSAVE 0x00040000

/* acpi.c: what the firmware tables say, read once at boot. */
extern int x86_ncpu_found;               /* enabled local APICs */
extern uchar x86_apicid_of_cpu[NCPU];    /* index -> LAPIC id */
extern uint64 x86_ioapic_pa;
extern int x86_com1_gsi;                 /* IOAPIC pin of ISA IRQ 4 */
void x86_acpi_init(void);

/* lapic.c */
void x86_lapic_init(void);               /* this CPU's LAPIC and timer */
void x86_lapic_eoi(void);
void x86_ioapic_route(int gsi, int vector, int cpu);
void x86_pic_disable(void);
extern uint64 x86_kernel_cr3;            /* physical address of kernel_pml4 */

/* trap.c */
void x86_idt_init(void);
void x86_load_gdt_tss_idt(int cid);      /* makes cpuid() return cid */
void x86_trap(struct trapframe *tf);
extern char x86_vectors[];               /* trapasm.S: 256 stubs, 16 bytes each */
void x86_trapret(struct trapframe *tf) __attribute__((noreturn));

/* uart.c */
void x86_uart_intr(void);
void x86_puts(const char *s);            /* polled, for the arch's own messages */
void x86_puthex(uint64 v);

#endif
