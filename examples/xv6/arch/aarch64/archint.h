/* archint.h -- what the AArch64 files share among themselves (not part of
 * the contract with the shared kernel, which is kernel/arch.h).
 *
 * Besides arch.h's callbacks the architecture uses a few functions of the
 * shared kernel, declared in its defs.h: kalloc/kfree (kernel virtual
 * addresses of 4 KiB pages) and memset, for the user page tables. */
#ifndef XV6_ARCHINT_H
#define XV6_ARCHINT_H

#include "types.h"
#include "param.h"
#include "arch.h"
#include "defs.h"

/* System registers. */
#define READ_SYSREG(name) ({ uint64 v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define WRITE_SYSREG(name, v) __asm__ volatile("msr " #name ", %0" :: "r"((uint64)(v)) : "memory")
#define ISB() __asm__ volatile("isb" ::: "memory")

static inline uint32 mmio_read32(volatile void *addr) { return *(volatile uint32 *)addr; }
static inline void mmio_write32(volatile void *addr, uint32 v) { *(volatile uint32 *)addr = v; }

/* vectors.S */
extern char vectors[];
void user_return(struct trapframe *tf) __attribute__((noreturn));

/* trap.c: sanitize the saved PSTATE and eret through user_return. */
void arch_return_to_user(struct trapframe *tf) __attribute__((noreturn));

/* intr.c: the GIC and the timer.  handle_irq() acknowledges one interrupt,
 * runs its device handler and says which it was (TRAP_TIMER or
 * TRAP_DEVICE). */
void gic_init_distributor(void);
enum trapcause handle_irq(void);

/* uart.c */
void uart_intr(void);

/* Early output that needs nothing but the UART: for the panics of the
 * architecture itself (trap.c). */
void arch_puts(const char *s);
void arch_puthex(uint64 v);

/* psci.c: set once arch_poweroff has begun (its semihosting call may trap). */
extern volatile int arch_poweroff_started;

/* vm.c: switch this CPU to the kernel table arch_kvm_init built. */
void kvm_switch(void);

/* boot.S */
extern pte_t kernel_pgtbl[], empty_pgtbl[];
void replace_ttbr1(uint64 table_pa);

#endif
