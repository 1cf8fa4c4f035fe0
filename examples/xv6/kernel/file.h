/* file.h -- open files, in-memory inodes and device switch. */
#ifndef XV6_FILE_H
#define XV6_FILE_H

#include "fs.h"
#include "sleeplock.h"

/* An open file: what a file descriptor points to.  Shared by dup() and fork();
 * ref counts the descriptors.  ftable.lock protects ref; off is protected by
 * the inode's sleep lock (it is only changed while the inode is locked). */
struct IO;

struct file {
  enum { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE } type;
  int ref;
  char readable;
  char writable;
  struct pipe *pipe;    /* FD_PIPE */
  struct inode *ip;     /* FD_INODE and FD_DEVICE */
  uint off;             /* FD_INODE */
  short major;          /* FD_DEVICE */
  struct IO *io;        /* its kind's IO instance (Gears mode, kernel/gears/IO.h) */
};

/* An inode in memory.  itable.lock protects dev, inum and ref (the entry's
 * identity and how many pointers to it exist); the sleep lock protects
 * everything below it, which is a copy of the on-disk inode once valid. */
struct inode {
  uint dev;
  uint inum;
  int ref;
  struct sleeplock lock;
  int valid;            /* the fields below were read from disk */

  short type;
  short major;
  short minor;
  short nlink;
  uint size;
  uint addrs[NDIRECT + 1];
};

/* Device switch: read/write of a device file go to devsw[major].
 * user_addr says whether addr is a user virtual address (else kernel). */
struct devsw {
  int (*read)(int user_addr, uint64 addr, int n);
  int (*write)(int user_addr, uint64 addr, int n);
};
extern struct devsw devsw[];

#define CONSOLE 1   /* the console's major number */
#define GTRACE_MAJOR 2   /* the Gears transition tracer (GTRACE=1 builds; kernel/gears/gtrace.cbc) */

#endif
