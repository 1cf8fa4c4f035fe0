/* spinlock.c -- spinlocks and the per-CPU interrupt nesting they rely on.
 *
 * acquire() first turns this CPU's interrupts off (push_off), then spins on
 * an atomic exchange of lk->locked.  The exchange has acquire ordering and
 * the release store has release ordering, so everything written inside the
 * critical section is visible to the next holder; on AArch64 these become
 * ldaxr/stxr (or swpa) and stlr, on x86-64 xchg and a plain store.
 *
 * Why interrupts off: if a CPU holding lock L took an interrupt whose
 * handler also acquires L (tickslock, the console lock), it would spin
 * forever on itself.  push_off/pop_off nest, so code holding two locks
 * turns interrupts back on only after releasing both, and only if they
 * were on before the first push_off (mycpu()->intena). */
#include "types.h"
#include "defs.h"
#include "proc.h"

void initlock(struct spinlock *lk, const char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
}

void acquire(struct spinlock *lk)
{
  push_off();
  if (holding(lk))
    panic("acquire: %s already held by this cpu", lk->name);
  while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0)
    while (__atomic_load_n(&lk->locked, __ATOMIC_RELAXED) != 0)
      ;   /* spin reading, not writing, so the line stays shared */
  lk->cpu = mycpu();
}

void release(struct spinlock *lk)
{
  if (!holding(lk))
    panic("release: %s not held", lk->name);
  lk->cpu = 0;
  __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
  pop_off();
}

/* Does this CPU hold lk?  Interrupts must be off (the answer would be
 * stale if the process could move to another CPU). */
int holding(struct spinlock *lk)
{
  return __atomic_load_n(&lk->locked, __ATOMIC_RELAXED) && lk->cpu == mycpu();
}

void push_off(void)
{
  int was_on = intr_get();
  intr_off();
  struct cpu *c = mycpu();
  if (c->noff == 0)
    c->intena = was_on;
  c->noff++;
}

void pop_off(void)
{
  struct cpu *c = mycpu();
  if (intr_get())
    panic("pop_off: interrupts on");
  if (c->noff < 1)
    panic("pop_off: not pushed");
  c->noff--;
  if (c->noff == 0 && c->intena)
    intr_on();
}
