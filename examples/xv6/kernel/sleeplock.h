/* sleeplock.h -- a lock that a process may hold for a long time.
 *
 * Waiting processes sleep instead of spinning, and the holder keeps
 * interrupts on and may itself sleep (the buffer cache and inodes hold one
 * across copies to and from user memory).  A spinlock protects the fields. */
#ifndef XV6_SLEEPLOCK_H
#define XV6_SLEEPLOCK_H

#include "spinlock.h"

struct sleeplock {
  uint locked;          /* held? */
  struct spinlock lk;   /* protects locked and pid */
  const char *name;
  int pid;              /* holder */
  int waiters;          /* processes asleep in acquiresleep (so release wakes only if needed) */
};

#endif
