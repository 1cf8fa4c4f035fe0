/* pipe.c -- pipes: a PIPESIZE-byte ring buffer between two file ends.
 *
 * nread and nwrite count bytes ever read and written (they wrap as uints;
 * only their difference matters): the pipe is empty when they are equal and
 * full when nwrite == nread + PIPESIZE.  A writer sleeps on &nwrite while
 * the pipe is full, a reader on &nread while it is empty; each wakes the
 * other after moving bytes.  pi->lock protects everything, and sleep()
 * releases it atomically, so no wakeup is lost.  Data moves in chunks as
 * large as the ring allows, straight between user memory and the ring. */
#include "types.h"
#include "defs.h"
#include "proc.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"
#include "pipe.h"


int pipealloc(struct file **f0, struct file **f1)
{
  struct pipe *pi = 0;
  *f0 = *f1 = 0;
  if ((*f0 = filealloc()) == 0 || (*f1 = filealloc()) == 0)
    goto bad;
  if ((pi = kalloc()) == 0)
    goto bad;
  pi->readopen = 1;
  pi->writeopen = 1;
  pi->nread = 0;
  pi->nwrite = 0;
  initlock(&pi->lock, "pipe");
  (*f0)->type = FD_PIPE;
  (*f0)->readable = 1;
  (*f0)->writable = 0;
  (*f0)->pipe = pi;
  (*f1)->type = FD_PIPE;
  (*f1)->readable = 0;
  (*f1)->writable = 1;
  (*f1)->pipe = pi;
  fileio_bind(*f0);
  fileio_bind(*f1);
  return 0;

bad:
  if (*f0)
    fileclose(*f0);
  if (*f1)
    fileclose(*f1);
  return -1;
}

void pipeclose(struct pipe *pi, int writable)
{
  acquire(&pi->lock);
  if (writable) {
    pi->writeopen = 0;
    wakeup(&pi->nread);
  } else {
    pi->readopen = 0;
    wakeup(&pi->nwrite);
  }
  if (!pi->readopen && !pi->writeopen) {
    release(&pi->lock);
    kfree(pi);
  } else {
    release(&pi->lock);
  }
}

static uint min3(uint a, uint b, uint c)
{
  uint m = a < b ? a : b;
  return m < c ? m : c;
}

/* Writes n bytes from user address addr, sleeping while the pipe is full.
 * Returns n, the bytes written before a bad address, or -1 if the read end
 * is closed, the writer is killed, or addr is bad from the start. */
int pipewrite(struct pipe *pi, uint64 addr, int n)
{
  struct proc *pr = myproc();
  int i = 0;
  acquire(&pi->lock);
  while (i < n) {
    if (!pi->readopen || killed(pr)) {
      release(&pi->lock);
      return -1;
    }
    uint used = pi->nwrite - pi->nread;
    if (used == PIPESIZE) {
      wakeup(&pi->nread);
      sleep(&pi->nwrite, &pi->lock);
      continue;
    }
    uint pos = pi->nwrite % PIPESIZE;
    uint m = min3(PIPESIZE - used, PIPESIZE - pos, n - i);
    if (copyin(pr->pagetable, &pi->data[pos], addr + i, m) < 0) {
      if (i == 0)
        i = -1;
      break;
    }
    pi->nwrite += m;
    i += m;
  }
  wakeup(&pi->nread);
  release(&pi->lock);
  return i;
}

/* Reads up to n bytes into user address addr, sleeping while the pipe is
 * empty and a writer remains.  0 at end of file; -1 if killed or addr bad. */
int piperead(struct pipe *pi, uint64 addr, int n)
{
  struct proc *pr = myproc();
  int i = 0;
  acquire(&pi->lock);
  while (pi->nread == pi->nwrite && pi->writeopen) {
    if (killed(pr)) {
      release(&pi->lock);
      return -1;
    }
    sleep(&pi->nread, &pi->lock);
  }
  while (i < n && pi->nread != pi->nwrite) {
    uint pos = pi->nread % PIPESIZE;
    uint m = min3(pi->nwrite - pi->nread, PIPESIZE - pos, n - i);
    if (copyout(pr->pagetable, addr + i, &pi->data[pos], m) < 0) {
      if (i == 0)
        i = -1;
      break;
    }
    pi->nread += m;
    i += m;
  }
  wakeup(&pi->nwrite);
  release(&pi->lock);
  return i;
}
