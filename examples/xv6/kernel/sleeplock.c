/* sleeplock.c -- locks held across long operations; waiters sleep.
 *
 * Used for buffers and inodes, whose holders copy to and from user memory
 * and may themselves sleep.  The inner spinlock makes "test locked, then
 * sleep" atomic with respect to releasesleep's wakeup (sleep() releases it
 * only once the process is marked SLEEPING).  releasesleep calls wakeup()
 * -- a scan of the whole process table -- only when someone waits: the
 * waiters count is kept under the same spinlock, so none can be missed. */
#include "types.h"
#include "defs.h"
#include "proc.h"
#include "sleeplock.h"

void initsleeplock(struct sleeplock *lk, const char *name)
{
  initlock(&lk->lk, "sleeplock");
  lk->name = name;
  lk->locked = 0;
  lk->pid = 0;
  lk->waiters = 0;
}

void acquiresleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  while (lk->locked) {
    lk->waiters++;
    sleep(lk, &lk->lk);
    lk->waiters--;
  }
  lk->locked = 1;
  lk->pid = myproc()->pid;
  release(&lk->lk);
}

void releasesleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  lk->locked = 0;
  lk->pid = 0;
  if (lk->waiters > 0)
    wakeup(lk);
  release(&lk->lk);
}

int holdingsleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  int mine = lk->locked && lk->pid == myproc()->pid;
  release(&lk->lk);
  return mine;
}
