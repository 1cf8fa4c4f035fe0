/* fs.c -- the file system: blocks, inodes, directories, path names.
 *
 * The on-disk layout is in fs.h (superblock, inode blocks, free bitmap,
 * data blocks).  The layers, bottom up:
 *
 *   blocks       balloc/bfree flip bits in the free bitmap (through the
 *                buffer cache, whose sleep lock on the bitmap block
 *                serialises allocators);
 *   inodes       an in-memory table (itable) of the inodes in use.  iget()
 *                finds or makes an entry (ref counts the pointers to it)
 *                without reading the disk; ilock() takes its sleep lock and
 *                reads the on-disk inode the first time; iput() drops a
 *                reference and, when the last reference to an inode with no
 *                links goes, frees its blocks and the inode itself;
 *   file data    bmap() maps a file's block number to a disk block (12
 *                direct, then one indirect block), readi/writei copy bytes;
 *   directories  a directory is a file of struct dirent; dirlookup and
 *                dirlink search and add entries;
 *   path names   namei/nameiparent walk a path one element at a time,
 *                holding the lock of one directory at a time, so two walks
 *                can never deadlock (a parent's lock is released before
 *                its child's is taken).
 *
 * There is no log: every bwrite() goes straight to the RAM disk, and a
 * crash loses the disk anyway.  Running out of inodes (on disk or in the
 * table) or blocks makes the operation fail with -1, never a panic. */
#include "types.h"
#include "defs.h"
#include "proc.h"
#include "stat.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "buf.h"
#include "file.h"

static struct superblock sb;

static void readsb(int dev, struct superblock *s)
{
  struct buf *bp = bread(dev, 1);
  memmove(s, bp->data, sizeof(*s));
  brelse(bp);
}

void fsinit(int dev)
{
  ramdisk_init();
  readsb(dev, &sb);
  if (sb.magic != FSMAGIC)
    panic("fsinit: bad file system magic 0x%x", sb.magic);
  if (sb.size > FSSIZE * 64 || sb.ninodes == 0 || sb.bmapstart >= sb.size)
    panic("fsinit: bad superblock");
}

/* ---- blocks ------------------------------------------------------------- */

static void bzero(int dev, uint bno)
{
  struct buf *bp = bread(dev, bno);
  memset(bp->data, 0, BSIZE);
  bwrite(bp);
  brelse(bp);
}

/* Allocates a zeroed block; 0 if the disk is full. */
static uint balloc(uint dev)
{
  for (uint base = 0; base < sb.size; base += BPB) {
    struct buf *bp = bread(dev, BBLOCK(base, sb));
    for (uint bi = 0; bi < BPB && base + bi < sb.size; bi++) {
      uchar mask = 1 << (bi % 8);
      if ((bp->data[bi / 8] & mask) == 0) {
        bp->data[bi / 8] |= mask;
        bwrite(bp);
        brelse(bp);
        bzero(dev, base + bi);
        return base + bi;
      }
    }
    brelse(bp);
  }
  printf("balloc: out of blocks\n");
  return 0;
}

static void bfree(int dev, uint b)
{
  struct buf *bp = bread(dev, BBLOCK(b, sb));
  uint bi = b % BPB;
  uchar mask = 1 << (bi % 8);
  if ((bp->data[bi / 8] & mask) == 0)
    panic("bfree: block %d already free", b);
  bp->data[bi / 8] &= ~mask;
  bwrite(bp);
  brelse(bp);
}

/* ---- inodes --------------------------------------------------------------- */

static struct {
  struct spinlock lock;
  struct inode inode[NINODE];
} itable;

void iinit(void)
{
  initlock(&itable.lock, "itable");
  for (int i = 0; i < NINODE; i++)
    initsleeplock(&itable.inode[i].lock, "inode");
}

/* The in-memory entry for inode inum, unlocked and maybe not yet read from
 * disk; 0 if the table is full. */
static struct inode *iget(uint dev, uint inum)
{
  struct inode *ip, *empty = 0;
  acquire(&itable.lock);
  for (ip = itable.inode; ip < &itable.inode[NINODE]; ip++) {
    if (ip->ref > 0 && ip->dev == dev && ip->inum == inum) {
      ip->ref++;
      release(&itable.lock);
      return ip;
    }
    if (empty == 0 && ip->ref == 0)
      empty = ip;
  }
  if (empty == 0) {
    release(&itable.lock);
    printf("iget: no free in-memory inodes\n");
    return 0;
  }
  ip = empty;
  ip->dev = dev;
  ip->inum = inum;
  ip->ref = 1;
  ip->valid = 0;
  release(&itable.lock);
  return ip;
}

/* Allocates an on-disk inode of the given type; returns it unlocked and
 * referenced, or 0 if there are no free inodes. */
struct inode *ialloc(uint dev, short type)
{
  for (uint inum = 1; inum < sb.ninodes; inum++) {
    struct buf *bp = bread(dev, IBLOCK(inum, sb));
    struct dinode *dip = (struct dinode *)bp->data + inum % IPB;
    if (dip->type == 0) {
      memset(dip, 0, sizeof(*dip));
      dip->type = type;
      bwrite(bp);
      brelse(bp);
      struct inode *ip = iget(dev, inum);
      if (ip == 0) {
        /* No room in memory: give the on-disk inode back. */
        bp = bread(dev, IBLOCK(inum, sb));
        dip = (struct dinode *)bp->data + inum % IPB;
        dip->type = 0;
        bwrite(bp);
        brelse(bp);
      }
      return ip;
    }
    brelse(bp);
  }
  printf("ialloc: no free inodes\n");
  return 0;
}

/* Writes a locked inode's fields back to disk. */
void iupdate(struct inode *ip)
{
  struct buf *bp = bread(ip->dev, IBLOCK(ip->inum, sb));
  struct dinode *dip = (struct dinode *)bp->data + ip->inum % IPB;
  dip->type = ip->type;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->size = ip->size;
  memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
  bwrite(bp);
  brelse(bp);
}

struct inode *idup(struct inode *ip)
{
  acquire(&itable.lock);
  ip->ref++;
  release(&itable.lock);
  return ip;
}

/* Locks an inode, reading it from disk if needed. */
void ilock(struct inode *ip)
{
  if (ip == 0 || ip->ref < 1)
    panic("ilock");
  acquiresleep(&ip->lock);
  if (!ip->valid) {
    struct buf *bp = bread(ip->dev, IBLOCK(ip->inum, sb));
    struct dinode *dip = (struct dinode *)bp->data + ip->inum % IPB;
    ip->type = dip->type;
    ip->major = dip->major;
    ip->minor = dip->minor;
    ip->nlink = dip->nlink;
    ip->size = dip->size;
    memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
    brelse(bp);
    ip->valid = 1;
    if (ip->type == 0)
      panic("ilock: inode %d has no type", ip->inum);
  }
}

void iunlock(struct inode *ip)
{
  if (ip == 0 || !holdingsleep(&ip->lock) || ip->ref < 1)
    panic("iunlock");
  releasesleep(&ip->lock);
}

/* Drops a reference.  The last reference to an inode with no directory
 * entries frees it (its data blocks, then the inode on disk). */
void iput(struct inode *ip)
{
  acquire(&itable.lock);
  if (ip->ref == 1 && ip->valid && ip->nlink == 0) {
    /* Nobody else has a pointer, so nobody holds or waits for the sleep
     * lock: taking it here cannot block. */
    acquiresleep(&ip->lock);
    release(&itable.lock);
    itrunc(ip);
    ip->type = 0;
    iupdate(ip);
    ip->valid = 0;
    releasesleep(&ip->lock);
    acquire(&itable.lock);
  }
  ip->ref--;
  release(&itable.lock);
}

void iunlockput(struct inode *ip)
{
  iunlock(ip);
  iput(ip);
}

/* The disk block holding byte bn*BSIZE of the file, allocated if there is
 * none yet; 0 if the disk is full. */
static uint bmap(struct inode *ip, uint bn)
{
  uint addr;
  if (bn < NDIRECT) {
    if ((addr = ip->addrs[bn]) == 0) {
      addr = balloc(ip->dev);
      ip->addrs[bn] = addr;
    }
    return addr;
  }
  bn -= NDIRECT;
  if (bn >= NINDIRECT)
    panic("bmap: block %d out of range", bn + NDIRECT);
  uint ind = ip->addrs[NDIRECT];
  if (ind == 0) {
    ind = balloc(ip->dev);
    if (ind == 0)
      return 0;
    ip->addrs[NDIRECT] = ind;
  }
  struct buf *bp = bread(ip->dev, ind);
  uint *a = (uint *)bp->data;
  if ((addr = a[bn]) == 0) {
    addr = balloc(ip->dev);
    if (addr) {
      a[bn] = addr;
      bwrite(bp);
    }
  }
  brelse(bp);
  return addr;
}

/* Frees all of a locked inode's data blocks. */
void itrunc(struct inode *ip)
{
  for (int i = 0; i < NDIRECT; i++) {
    if (ip->addrs[i]) {
      bfree(ip->dev, ip->addrs[i]);
      ip->addrs[i] = 0;
    }
  }
  if (ip->addrs[NDIRECT]) {
    struct buf *bp = bread(ip->dev, ip->addrs[NDIRECT]);
    uint *a = (uint *)bp->data;
    for (uint j = 0; j < NINDIRECT; j++)
      if (a[j])
        bfree(ip->dev, a[j]);
    brelse(bp);
    bfree(ip->dev, ip->addrs[NDIRECT]);
    ip->addrs[NDIRECT] = 0;
  }
  ip->size = 0;
  iupdate(ip);
}

void stati(struct inode *ip, struct stat *st)
{
  st->dev = ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

/* Reads up to n bytes at offset off of a locked inode into dst (a user
 * address if user_dst).  Returns the bytes read, or -1 on a bad address. */
int readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
  if (off > ip->size || off + n < off)
    return 0;
  if (off + n > ip->size)
    n = ip->size - off;
  uint tot = 0;
  while (tot < n) {
    uint addr = bmap(ip, off / BSIZE);
    if (addr == 0)
      break;
    struct buf *bp = bread(ip->dev, addr);
    uint m = BSIZE - off % BSIZE;
    if (m > n - tot)
      m = n - tot;
    if (either_copyout(user_dst, dst, bp->data + off % BSIZE, m) < 0) {
      brelse(bp);
      return -1;
    }
    brelse(bp);
    tot += m;
    off += m;
    dst += m;
  }
  return tot;
}

/* Writes n bytes from src (a user address if user_src) at offset off of a
 * locked inode, growing it.  Returns the bytes written (fewer if the disk
 * fills or src goes bad), or -1 for an offset past the end or too big. */
int writei(struct inode *ip, int user_src, uint64 src, uint off, uint n)
{
  if (off > ip->size || off + n < off)
    return -1;
  if ((uint64)off + n > (uint64)MAXFILE * BSIZE)
    return -1;
  uint tot = 0;
  while (tot < n) {
    uint addr = bmap(ip, off / BSIZE);
    if (addr == 0)
      break;
    struct buf *bp = bread(ip->dev, addr);
    uint m = BSIZE - off % BSIZE;
    if (m > n - tot)
      m = n - tot;
    if (either_copyin(bp->data + off % BSIZE, user_src, src, m) < 0) {
      brelse(bp);
      break;
    }
    bwrite(bp);
    brelse(bp);
    tot += m;
    off += m;
    src += m;
  }
  if (off > ip->size)
    ip->size = off;
  /* Written even if the size did not change: bmap may have added blocks. */
  iupdate(ip);
  return tot;
}

/* ---- directories ---------------------------------------------------------- */

int namecmp(const char *s, const char *t)
{
  return strncmp(s, t, DIRSIZ);
}

/* Looks name up in a locked directory; returns its inode unlocked (and
 * sets *poff to the entry's offset), or 0. */
struct inode *dirlookup(struct inode *dp, const char *name, uint *poff)
{
  struct dirent de;
  if (dp->type != T_DIR)
    panic("dirlookup: not a directory");
  for (uint off = 0; off + sizeof(de) <= dp->size; off += sizeof(de)) {
    if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      panic("dirlookup: read");
    if (de.inum == 0)
      continue;
    if (namecmp(name, de.name) == 0) {
      if (poff)
        *poff = off;
      return iget(dp->dev, de.inum);
    }
  }
  return 0;
}

/* Adds the entry (name, inum) to a locked directory; -1 if the name is
 * already there or the directory cannot grow. */
int dirlink(struct inode *dp, const char *name, uint inum)
{
  struct dirent de;
  struct inode *ip = dirlookup(dp, name, 0);
  if (ip != 0) {
    iput(ip);
    return -1;
  }
  uint off;
  for (off = 0; off + sizeof(de) <= dp->size; off += sizeof(de)) {
    if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      panic("dirlink: read");
    if (de.inum == 0)
      break;
  }
  strncpy(de.name, name, DIRSIZ);
  de.inum = inum;
  if (writei(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
    return -1;
  return 0;
}

/* ---- path names ------------------------------------------------------------ */

/* Copies the first element of path into name (at most DIRSIZ bytes) and
 * returns the rest without leading slashes; 0 if there is no element.
 *   skipelem("a/bb/c", name) = "bb/c", name "a";  skipelem("///", name) = 0 */
static const char *skipelem(const char *path, char *name)
{
  while (*path == '/')
    path++;
  if (*path == 0)
    return 0;
  const char *s = path;
  while (*path != '/' && *path != 0)
    path++;
  int len = path - s;
  if (len >= DIRSIZ) {
    memmove(name, s, DIRSIZ);
  } else {
    memmove(name, s, len);
    name[len] = 0;
  }
  while (*path == '/')
    path++;
  return path;
}

/* Walks path; returns its inode, or (parent) its parent directory's inode
 * with the last element copied into name.  Returned unlocked, referenced. */
static struct inode *namex(const char *path, int parent, char *name)
{
  struct inode *ip, *next;
  if (*path == '/')
    ip = iget(ROOTDEV, ROOTINO);
  else
    ip = idup(myproc()->cwd);
  if (ip == 0)
    return 0;
  while ((path = skipelem(path, name)) != 0) {
    ilock(ip);
    if (ip->type != T_DIR) {
      iunlockput(ip);
      return 0;
    }
    if (parent && *path == 0) {
      iunlock(ip);   /* stop one level early */
      return ip;
    }
    if ((next = dirlookup(ip, name, 0)) == 0) {
      iunlockput(ip);
      return 0;
    }
    iunlockput(ip);
    ip = next;
  }
  if (parent) {
    iput(ip);
    return 0;
  }
  return ip;
}

struct inode *namei(const char *path)
{
  char name[DIRSIZ];
  return namex(path, 0, name);
}

struct inode *nameiparent(const char *path, char *name)
{
  return namex(path, 1, name);
}
