/* file.c -- open files: the objects file descriptors point to.
 *
 * A struct file is a pipe end, an inode opened for reading and/or writing
 * (with its own offset), or a device file (read and write go to
 * devsw[major]).  The table is fixed (NFILE); dup() and fork() share an
 * entry and count references.  ftable.lock protects every f->ref and the
 * allocation of entries; the other fields are set before the entry is
 * shared and only read afterwards, except f->off, which is only touched
 * with the inode's sleep lock held. */
#include "types.h"
#include "defs.h"
#include "proc.h"
#include "stat.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"

struct devsw devsw[NDEV];

static struct {
  struct spinlock lock;
  struct file file[NFILE];
} ftable;

void fileinit(void)
{
  initlock(&ftable.lock, "ftable");
}

/* A fresh entry with ref 1; 0 if the table is full. */
struct file *filealloc(void)
{
  acquire(&ftable.lock);
  for (struct file *f = ftable.file; f < ftable.file + NFILE; f++) {
    if (f->ref == 0) {
      f->ref = 1;
      release(&ftable.lock);
      return f;
    }
  }
  release(&ftable.lock);
  return 0;
}

struct file *filedup(struct file *f)
{
  acquire(&ftable.lock);
  if (f->ref < 1)
    panic("filedup");
  f->ref++;
  release(&ftable.lock);
  return f;
}

/* Drops a reference; the last one closes the pipe end or the inode. */
void fileclose(struct file *f)
{
  acquire(&ftable.lock);
  if (f->ref < 1)
    panic("fileclose");
  if (--f->ref > 0) {
    release(&ftable.lock);
    return;
  }
  struct file ff = *f;
  f->ref = 0;
  f->type = FD_NONE;
  release(&ftable.lock);

  if (ff.type == FD_PIPE)
    pipeclose(ff.pipe, ff.writable);
  else if (ff.type == FD_INODE || ff.type == FD_DEVICE)
    iput(ff.ip);
}

/* fileclose in two halves, for the Gears close system call (kernel/gears):
 * fileput drops a reference and returns 1 if it was the last -- the file
 * then stays allocated and unchanged, the caller's to close -- else 0;
 * filefree gives the closed file back to the table. */
int fileput(struct file *f)
{
  acquire(&ftable.lock);
  if (f->ref < 1)
    panic("fileput");
  if (f->ref > 1) {
    f->ref--;
    release(&ftable.lock);
    return 0;
  }
  release(&ftable.lock);
  return 1;
}

void filefree(struct file *f)
{
  acquire(&ftable.lock);
  f->ref = 0;
  f->type = FD_NONE;
  release(&ftable.lock);
}

/* Copies the file's metadata to user address addr. */
int filestat(struct file *f, uint64 addr)
{
  struct stat st;
  if (f->type != FD_INODE && f->type != FD_DEVICE)
    return -1;
  ilock(f->ip);
  stati(f->ip, &st);
  iunlock(f->ip);
  return copyout(myproc()->pagetable, addr, &st, sizeof(st));
}

static int bad_major(short major)
{
  return major < 0 || major >= NDEV;
}

/* Reads up to n bytes into user address addr. */
int fileread(struct file *f, uint64 addr, int n)
{
  if (!f->readable)
    return -1;
  switch (f->type) {
  case FD_PIPE:
    return piperead(f->pipe, addr, n);
  case FD_DEVICE:
    if (bad_major(f->major) || !devsw[f->major].read)
      return -1;
    return devsw[f->major].read(1, addr, n);
  case FD_INODE: {
    ilock(f->ip);
    int r = readi(f->ip, 1, addr, f->off, n);
    if (r > 0)
      f->off += r;
    iunlock(f->ip);
    return r;
  }
  default:
    panic("fileread");
  }
}

/* Writes n bytes from user address addr; n, or -1 if not all were written. */
int filewrite(struct file *f, uint64 addr, int n)
{
  if (!f->writable)
    return -1;
  switch (f->type) {
  case FD_PIPE:
    return pipewrite(f->pipe, addr, n);
  case FD_DEVICE:
    if (bad_major(f->major) || !devsw[f->major].write)
      return -1;
    return devsw[f->major].write(1, addr, n);
  case FD_INODE: {
    ilock(f->ip);
    int r = writei(f->ip, 1, addr, f->off, n);
    if (r > 0)
      f->off += r;
    iunlock(f->ip);
    return r == n ? n : -1;
  }
  default:
    panic("filewrite");
  }
}
