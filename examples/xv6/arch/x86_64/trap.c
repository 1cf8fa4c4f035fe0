/* trap.c -- segments, the interrupt table, and what a trap means.
 *
 * Segments.  64-bit mode ignores segment bases and limits, but the CPU
 * still needs descriptors: a 64-bit code segment for each privilege level
 * (the DPL of the code segment is what "kernel mode" and "user mode" are),
 * a writable data segment for each level's stack segment, and a task state
 * segment (TSS), whose rsp0 is the stack the CPU switches to when an
 * interrupt arrives in user mode.  The TSS descriptor is marked busy when
 * loaded, so each CPU has its own TSS (struct x86cpu) and, in its own GDT,
 * a descriptor for it at SEG_TSS + 16*i: the task register then tells
 * cpuid() which CPU it runs on.  User mode may learn it too, without a
 * system call: SEG_UCPU is a DPL-3 data descriptor whose limit is the CPU's
 * index, so `lsl $(SEG_UCPU|3), reg` loads it (and sets ZF).  rsp0 is the
 * top of the kernel stack of the process this CPU returns to user mode:
 * arch_usertrapret() sets it right before iretq, with interrupts off, so it
 * is always the running process's.  IST1 gives double faults a stack of
 * their own (a kernel stack overflow would otherwise triple-fault and
 * reset silently).
 *
 * Interrupt table.  All 256 vectors lead to trapasm.S's stubs and from there
 * to x86_trap(); all are interrupt gates (IF cleared on entry), DPL 0 except
 * T_SYSCALL, the one vector user mode may raise with `int`.  A user `int n`
 * for any other n is a general protection fault.
 *
 * What x86_trap() does with a trap:
 *   from user mode: system call -> usertrap(TRAP_SYSCALL); timer ->
 *     clockintr() then usertrap(TRAP_TIMER); UART -> consoleintr() then
 *     usertrap(TRAP_DEVICE); an exception -> usertrap(TRAP_FAULT, what,
 *     addr), which kills the process; then back to user mode through
 *     arch_usertrapret().
 *   from kernel mode: interrupts as above but kerneltrap(); an exception is
 *     a kernel bug: print rip, cr2, the error code and the vector, then
 *     kerneltrap(TRAP_FAULT, ...), which panics.
 * FP/SSE: CR0.EM is set and CR4.OSFXSR clear, so any x87 instruction raises
 * #NM and any SSE instruction #UD; a user program using them is killed and
 * no FP state is ever saved.
 */
#include "x86.h"
#include "defs.h"
#include "proc.h"

struct tss {
  uint32 reserved0;
  uint64 rsp0, rsp1, rsp2;
  uint64 reserved1;
  uint64 ist[7];
  uint64 reserved2;
  uint16 reserved3;
  uint16 iomap_base;      /* past the limit: no I/O bitmap, user in/out fault */
} __attribute__((packed));

struct x86cpu {
  uint64 gdt[SEG_TSS / 8 + 2 * NCPU];  /* null, kcode, kdata, udata, ucode, ucpu, TSSs */
  struct tss tss;
  uchar df_stack[4096] __attribute__((aligned(16)));
};
static struct x86cpu x86cpus[NCPU];

struct gate {
  uint16 off_lo, sel;
  uint8 ist, type_attr;
  uint16 off_mid;
  uint32 off_hi, zero;
};
static struct gate idt[256];

#define GATE_INTR   0x8e   /* present, DPL 0, 64-bit interrupt gate */
#define GATE_USER   0x60   /* DPL 3 */

void x86_idt_init(void)
{
  for (int v = 0; v < 256; v++) {
    uint64 addr = (uint64)x86_vectors + 16 * v;
    idt[v].off_lo = addr & 0xffff;
    idt[v].sel = SEG_KCODE;
    idt[v].ist = (v == 8) ? 1 : 0;
    idt[v].type_attr = GATE_INTR | (v == T_SYSCALL ? GATE_USER : 0);
    idt[v].off_mid = (addr >> 16) & 0xffff;
    idt[v].off_hi = addr >> 32;
    idt[v].zero = 0;
  }
}

/* Loads CPU cid's GDT, TSS and the IDT.  Run again (arch_cpu_init after
 * x86_cpu_early), it rebuilds the TSS descriptor as "available" first:
 * ltr faults on a descriptor marked busy. */
void x86_load_gdt_tss_idt(int cid)
{
  struct x86cpu *c = &x86cpus[cid];
  c->gdt[0] = 0;
  c->gdt[SEG_KCODE / 8] = 0x00af9a000000ffffULL;   /* P, DPL 0, code, L */
  c->gdt[SEG_KDATA / 8] = 0x00cf92000000ffffULL;   /* P, DPL 0, data, W */
  c->gdt[SEG_UDATA / 8] = 0x00cff2000000ffffULL;   /* P, DPL 3, data, W */
  c->gdt[SEG_UCODE / 8] = 0x00affa000000ffffULL;   /* P, DPL 3, code, L */
  c->gdt[SEG_UCPU / 8] = 0x0000f20000000000ULL | cid; /* P, DPL 3, data, limit = cid */
  uint64 base = (uint64)&c->tss, limit = sizeof(c->tss) - 1;
  int tss = SEG_TSS + 16 * cid;
  c->gdt[tss / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                        (0x89ULL << 40) |              /* P, available 64-bit TSS */
                        (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
  c->gdt[tss / 8 + 1] = base >> 32;
  c->tss.iomap_base = sizeof(c->tss);
  c->tss.ist[0] = (uint64)(c->df_stack + sizeof(c->df_stack));

  struct { uint16 limit; uint64 base; } __attribute__((packed)) gdtr, idtr;
  gdtr.limit = sizeof(c->gdt) - 1;
  gdtr.base = (uint64)c->gdt;
  idtr.limit = sizeof(idt) - 1;
  idtr.base = (uint64)idt;
  __asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
  /* The selectors keep their values (kernel code 0x08, data 0x10); reload
   * them anyway so that the hidden parts come from this GDT. */
  __asm__ volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
                   : : "i"(SEG_KCODE) : "rax", "memory");
  __asm__ volatile("movw %w0, %%ds; movw %w0, %%es; movw %w0, %%ss"
                   : : "r"(SEG_KDATA));
  __asm__ volatile("ltr %w0" : : "r"(tss));
  __asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

void arch_cpu_init(void)
{
  x86_load_gdt_tss_idt(cpuid());
  /* No FP/SSE for anyone: x87 -> #NM (EM), SSE -> #UD (EM, !OSFXSR).
   * rdtsc stays allowed in user mode (TSD clear). */
  lcr0((rcr0() | CR0_EM | CR0_MP) & ~CR0_TS);
  lcr4(rcr4() & ~(CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_OSXSAVE | CR4_TSD));
  x86_lapic_init();
}

/* ---- Traps ------------------------------------------------------------- */

static const char *exception_name(uint64 v, uint64 err)
{
  switch (v) {
  case 0:  return "divide error (#DE)";
  case 1:  return "debug exception (#DB)";
  case 2:  return "non-maskable interrupt";
  case 3:  return "breakpoint (#BP)";
  case 4:  return "overflow (#OF)";
  case 5:  return "bound range exceeded (#BR)";
  case 6:  return "illegal instruction (#UD)";
  case 7:  return "FP instruction (#NM)";
  case 8:  return "double fault (#DF)";
  case 10: return "invalid TSS (#TS)";
  case 11: return "segment not present (#NP)";
  case 12: return "stack segment fault (#SS)";
  case 13: return "general protection fault (#GP)";
  case 14:
    if (err & 0x10) return "page fault (exec)";
    if (err & 0x02) return "page fault (write)";
    return "page fault (read)";
  case 16: return "x87 FP error (#MF)";
  case 17: return "alignment check (#AC)";
  case 18: return "machine check (#MC)";
  case 19: return "SIMD FP exception (#XM)";
  default: return "unknown exception";
  }
}

/* Handles a device interrupt; returns its trapcause, or -1 if v is not one. */
static int device_interrupt(uint64 v)
{
  switch (v) {
  case T_TIMER:
    x86_lapic_eoi();
    clockintr();
    return TRAP_TIMER;
  case T_COM1:
    x86_uart_intr();
    x86_lapic_eoi();
    return TRAP_DEVICE;
  case T_SPURIOUS:
    return TRAP_DEVICE;     /* no EOI for the spurious vector */
  default:
    if (v >= T_IRQ0 && v < 256 && v != T_SYSCALL) {
      x86_lapic_eoi();      /* something unexpected; acknowledge, ignore */
      return TRAP_DEVICE;
    }
    return -1;
  }
}

void x86_trap(struct trapframe *tf)
{
  uint64 v = tf->vector;
  int cause;

  if ((tf->cs & 3) == 0) {
    /* From kernel mode. */
    cause = device_interrupt(v);
    if (cause >= 0) {
      kerneltrap(cause, 0, 0);
      return;
    }
    uint64 cr2 = rcr2();
    x86_puts("\nkernel trap: ");
    x86_puts(exception_name(v, tf->err));
    x86_puts(" vector ");  x86_puthex(v);
    x86_puts(" err ");     x86_puthex(tf->err);
    x86_puts(" rip ");     x86_puthex(tf->rip);
    x86_puts(" cr2 ");     x86_puthex(cr2);
    x86_puts(" rsp ");     x86_puthex(tf->rsp);
    x86_puts(" cpu ");     x86_puthex(cpuid());
    x86_puts("\n");
    kerneltrap(TRAP_FAULT, exception_name(v, tf->err), v == 14 ? cr2 : tf->rip);
    return;
  }

  /* From user mode: tf is myproc()->tf. */
  if (v == T_SYSCALL) {
    usertrap(TRAP_SYSCALL, 0, 0);
  } else if ((cause = device_interrupt(v)) >= 0) {
    usertrap(cause, 0, 0);
  } else {
    uint64 addr = (v == 14) ? rcr2() : tf->rip;
    usertrap(TRAP_FAULT, exception_name(v, tf->err), addr);
  }
  arch_usertrapret();
}

void arch_usertrapret(void)
{
  intr_off();
  struct trapframe *tf = myproc()->tf;
  /* The next trap from user mode pushes its frame right below here. */
  x86cpus[cpuid()].tss.rsp0 = (uint64)(tf + 1);
  x86_trapret(tf);
}

/* ---- Trapframes and contexts ------------------------------------------- */

uint64 arch_tf_sysnum(struct trapframe *tf) { return tf->rax; }

uint64 arch_tf_arg(struct trapframe *tf, int n)
{
  switch (n) {
  case 0: return tf->rdi;
  case 1: return tf->rsi;
  case 2: return tf->rdx;
  case 3: return tf->r10;
  case 4: return tf->r8;
  case 5: return tf->r9;
  default: return 0;
  }
}

void arch_tf_set_return(struct trapframe *tf, uint64 value) { tf->rax = value; }

void arch_tf_init_user(struct trapframe *tf, uint64 pc, uint64 sp, uint64 a0, uint64 a1)
{
  memset(tf, 0, sizeof(*tf));
  tf->rip = pc;
  /* The entry point is a C function (_start): the SysV ABI wants
   * rsp + 8 to be 16-aligned at a function's first instruction, as if a
   * return address had been pushed; the slot holds whatever the (zeroed)
   * stack page has there.  _start never returns. */
  tf->rsp = (sp & 15) == 0 ? sp - 8 : sp;
  tf->rdi = a0;
  tf->rsi = a1;
  tf->cs = SEG_UCODE | 3;
  tf->ss = SEG_UDATA | 3;
  tf->rflags = 0x202;      /* IF, and the always-one bit 1 */
}

void arch_context_init(struct context *c, uint64 kstack_top, void (*entry)(void))
{
  memset(c, 0, sizeof(*c));
  /* entry() starts as if called: rsp + 8 16-aligned, a zero return
   * address (ends a debugger's backtrace; entry never returns). */
  uint64 sp = (kstack_top & ~(uint64)15) - 8;
  *(uint64 *)sp = 0;
  c->rsp = sp;
  c->rip = (uint64)entry;
}

uint64 arch_cycles(void) { return rdtsc(); }

void arch_idle(void)
{
  /* sti takes effect after the next instruction, so an interrupt cannot
   * slip in between and leave hlt waiting for the one after it. */
  __asm__ volatile("sti; hlt" ::: "memory");
}
