/* buf.h -- one block of the buffer cache (bio.c). */
#ifndef XV6_BUF_H
#define XV6_BUF_H

#include "fs.h"
#include "sleeplock.h"

struct buf {
  int valid;            /* data holds the block's contents */
  uint dev;
  uint blockno;
  struct sleeplock lock;   /* held by the one process using data */
  uint refcnt;          /* protected by the cache's spinlock */
  struct buf *prev;     /* LRU list: head.next is the most recently used */
  struct buf *next;
  uchar data[BSIZE];
};

#endif
