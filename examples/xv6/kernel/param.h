/* param.h -- the kernel's sizes and limits, in one place. */
#ifndef XV6_PARAM_H
#define XV6_PARAM_H

#define NPROC        64   /* processes */
#define NCPU          8   /* CPUs the kernel can drive (QEMU runs it with 1-4) */
#define NOFILE       16   /* open files per process */
#define NFILE       100   /* open files in the system */
#define NINODE       50   /* in-memory inodes */
#define NDEV         10   /* device major numbers */
#define ROOTDEV       1   /* device number of the file system's disk */
#define MAXARG       32   /* exec arguments */
#define MAXPATH     128   /* path name length, with its NUL */
#define NBUF         30   /* buffer cache blocks */
#define FSSIZE     2000   /* file system size in blocks */
#define KSTACKSIZE 16384  /* kernel stack per process, bytes */
#define HZ          100   /* timer interrupts per second */

#endif
