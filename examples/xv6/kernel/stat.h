/* stat.h -- what fstat() reports; shared by kernel and user programs. */
#ifndef XV6_STAT_H
#define XV6_STAT_H

#define T_DIR     1   /* directory */
#define T_FILE    2   /* regular file */
#define T_DEVICE  3   /* device file (major, minor) */

struct stat {
  int dev;      /* file system's disk device */
  uint ino;     /* inode number */
  short type;   /* T_DIR, T_FILE or T_DEVICE */
  short nlink;  /* links to the file */
  uint64 size;  /* size in bytes */
};

#endif
