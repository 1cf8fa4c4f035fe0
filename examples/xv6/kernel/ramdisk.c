/* ramdisk.c -- the "disk": the file system image embedded in the kernel.
 *
 * fsimg.S includes build/$(ARCH)/fs.img between fsimg_start and fsimg_end
 * in a writable data section, so reading a block is a copy out of kernel
 * memory and writing one a copy back; nothing survives a reboot.  The
 * caller (bio.c) holds the buffer's sleep lock, and each block has at most
 * one buffer, so no further locking is needed. */
#include "types.h"
#include "defs.h"
#include "buf.h"

extern char fsimg_start[], fsimg_end[];

void ramdisk_init(void)
{
  uint64 size = fsimg_end - fsimg_start;
  if (size < 2 * BSIZE || size % BSIZE != 0)
    panic("ramdisk: bad image size %lld", size);
}

void ramdisk_rw(struct buf *b, int write)
{
  if (!holdingsleep(&b->lock))
    panic("ramdisk_rw: buffer not locked");
  if (b->dev != ROOTDEV)
    panic("ramdisk_rw: no device %d", b->dev);
  if ((uint64)b->blockno >= (uint64)(fsimg_end - fsimg_start) / BSIZE)
    panic("ramdisk_rw: block %d beyond the image", b->blockno);
  char *addr = fsimg_start + (uint64)b->blockno * BSIZE;
  if (write)
    memmove(addr, b->data, BSIZE);
  else
    memmove(b->data, addr, BSIZE);
}
