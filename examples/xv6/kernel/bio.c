/* bio.c -- the buffer cache: NBUF in-memory copies of disk blocks.
 *
 * It keeps at most one buffer per block, so that every process reading or
 * changing a block sees the same copy, and it serialises their use: bread()
 * returns the buffer sleep-locked, brelse() unlocks it.  Buffers with no
 * users are recycled least recently used first: the list runs from the
 * most recently released (head.next) to the least (head.prev).
 *
 * Locks: bcache.lock (a spinlock) protects the list, every b->refcnt and
 * the identity (dev, blockno) of every buffer; b->lock (a sleep lock)
 * protects b->data and b->valid.  With no log, bwrite() writes through to
 * the RAM disk at once. */
#include "types.h"
#include "defs.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "buf.h"

static struct {
  struct spinlock lock;
  struct buf buf[NBUF];
  struct buf head;    /* sentinel of the LRU list */
  int waiters;        /* processes asleep in bget() for a free buffer */
} bcache;

void binit(void)
{
  initlock(&bcache.lock, "bcache");
  bcache.head.prev = &bcache.head;
  bcache.head.next = &bcache.head;
  for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
    initsleeplock(&b->lock, "buffer");
    b->next = bcache.head.next;
    b->prev = &bcache.head;
    bcache.head.next->prev = b;
    bcache.head.next = b;
  }
}

/* The buffer for (dev, blockno), locked; recycles an unused one if the
 * block is not cached. */
static struct buf *bget(uint dev, uint blockno)
{
  struct buf *b;
  acquire(&bcache.lock);
again:
  for (b = bcache.head.next; b != &bcache.head; b = b->next) {
    if (b->dev == dev && b->blockno == blockno) {
      b->refcnt++;
      release(&bcache.lock);
      acquiresleep(&b->lock);
      return b;
    }
  }
  for (b = bcache.head.prev; b != &bcache.head; b = b->prev) {
    if (b->refcnt == 0) {
      b->dev = dev;
      b->blockno = blockno;
      b->valid = 0;
      b->refcnt = 1;
      release(&bcache.lock);
      acquiresleep(&b->lock);
      return b;
    }
  }
  /* Every buffer is in use (many processes in the file system at once):
   * wait for a brelse() rather than fail. */
  bcache.waiters++;
  sleep(&bcache, &bcache.lock);
  bcache.waiters--;
  goto again;
}

struct buf *bread(uint dev, uint blockno)
{
  struct buf *b = bget(dev, blockno);
  if (!b->valid) {
    ramdisk_rw(b, 0);
    b->valid = 1;
  }
  return b;
}

void bwrite(struct buf *b)
{
  if (!holdingsleep(&b->lock))
    panic("bwrite: buffer not locked");
  ramdisk_rw(b, 1);
}

/* Unlocks a buffer; the last user moves it to the front of the LRU list. */
void brelse(struct buf *b)
{
  if (!holdingsleep(&b->lock))
    panic("brelse: buffer not locked");
  releasesleep(&b->lock);
  acquire(&bcache.lock);
  b->refcnt--;
  if (b->refcnt == 0) {
    b->next->prev = b->prev;
    b->prev->next = b->next;
    b->next = bcache.head.next;
    b->prev = &bcache.head;
    bcache.head.next->prev = b;
    bcache.head.next = b;
    if (bcache.waiters > 0)
      wakeup(&bcache);
  }
  release(&bcache.lock);
}
