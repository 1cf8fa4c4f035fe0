/* spinlock.h -- mutual exclusion between CPUs, for short critical sections.
 *
 * A spinlock is one word taken with the architecture's atomic exchange
 * (__atomic builtins: ldaxr/stlxr or an LSE swap on AArch64, xchg on x86-64).
 * While a CPU holds any spinlock its interrupts are off (push_off), so an
 * interrupt handler on the same CPU can never spin on a lock its own CPU
 * holds.  Never sleep while holding one. */
#ifndef XV6_SPINLOCK_H
#define XV6_SPINLOCK_H

struct cpu;

struct spinlock {
  uint locked;        /* 0: free; 1: held */
  const char *name;   /* for panics */
  struct cpu *cpu;    /* holder, for holding() and panics */
};

#endif
