/* fs.h -- the on-disk format of the file system, shared by the kernel and
 * the host tool mkfs (which builds the RAM-disk image).
 *
 * The layout follows xv6's design (no log: the disk is RAM, and a crash
 * loses it anyway):
 *
 *   [ boot block | superblock | inode blocks | free bitmap | data blocks ]
 *     block 0      block 1      inodestart     bmapstart
 *
 * Block 0 is unused.  All integers are little-endian (both targets are). */
#ifndef XV6_FS_H
#define XV6_FS_H

#define BSIZE     1024        /* block size */
#define FSMAGIC   0x43624346  /* "FCbC" */

struct superblock {
  uint magic;       /* FSMAGIC */
  uint size;        /* blocks in the image */
  uint nblocks;     /* data blocks */
  uint ninodes;     /* inodes */
  uint inodestart;  /* first inode block */
  uint bmapstart;   /* first free-bitmap block */
};

#define NDIRECT   12
#define NINDIRECT (BSIZE / sizeof(uint))
#define MAXFILE   (NDIRECT + NINDIRECT)   /* blocks */

/* An inode on disk.  type 0 means free. */
struct dinode {
  short type;               /* T_DIR, T_FILE, T_DEVICE (stat.h) or 0 */
  short major;              /* device files: major number */
  short minor;              /* device files: minor number */
  short nlink;              /* directory entries that name it */
  uint size;                /* bytes */
  uint addrs[NDIRECT + 1];  /* data blocks; the last one is the indirect block */
};

#define IPB           (BSIZE / sizeof(struct dinode))   /* inodes per block */
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)     /* block holding inode i */
#define BPB           (BSIZE * 8)                       /* bitmap bits per block */
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)      /* bitmap block for block b */

#define ROOTINO   1    /* the root directory's inode */
#define DIRSIZ    14   /* a directory entry's name length (NUL-padded, not always terminated) */

struct dirent {
  ushort inum;         /* 0: free entry */
  char name[DIRSIZ];
};

#endif
