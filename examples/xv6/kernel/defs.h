/* defs.h -- the shared kernel's functions, one section per file.
 *
 * Every kernel/NAME.c includes this; the architecture's code may include it too
 * (with proc.h for myproc() and struct proc).  The hardware side is arch.h. */
#ifndef XV6_DEFS_H
#define XV6_DEFS_H

#include "types.h"
#include "param.h"
#include "arch.h"

struct buf;
struct context;
struct file;
struct inode;
struct pipe;
struct proc;
struct spinlock;
struct sleeplock;
struct stat;
struct superblock;
struct cpu;

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* bio.c */
void          binit(void);
struct buf   *bread(uint dev, uint blockno);
void          brelse(struct buf *b);
void          bwrite(struct buf *b);

/* cbc_syscall.cbc (not built when CBC_SYSCALLS=none) */
int           cbc_dispatch(struct proc *p, uint64 num);

/* Gears mode (make GEARS=1, kernel/gears/): read, write, close and sbrk as
 * Gears code gears behind Interfaces.  gears_dispatch runs system call num
 * of p that way if it has a Gears version (returns 1); fileio_bind points
 * a file's IO instance at its kind (called where f->type is set). */
#ifdef GEARS
int           gears_dispatch(struct proc *p, uint64 num);
void          fileio_bind(struct file *f);
#else
#define       fileio_bind(f) ((void)0)
#endif
void          cbc_report(void);

/* console.c */
void          consoleinit(void);
void          consputc(int c);

/* exec.c */
int           exec(const char *path, char **argv);

/* file.c */
struct file  *filealloc(void);
void          fileclose(struct file *f);
struct file  *filedup(struct file *f);
void          fileinit(void);
int           fileread(struct file *f, uint64 addr, int n);
int           filestat(struct file *f, uint64 addr);
int           filewrite(struct file *f, uint64 addr, int n);

/* fs.c */
void          fsinit(int dev);
int           dirlink(struct inode *dp, const char *name, uint inum);
struct inode *dirlookup(struct inode *dp, const char *name, uint *poff);
struct inode *ialloc(uint dev, short type);
struct inode *idup(struct inode *ip);
void          iinit(void);
void          ilock(struct inode *ip);
void          iput(struct inode *ip);
void          iunlock(struct inode *ip);
void          iunlockput(struct inode *ip);
void          iupdate(struct inode *ip);
int           namecmp(const char *s, const char *t);
struct inode *namei(const char *path);
struct inode *nameiparent(const char *path, char *name);
int           readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n);
void          stati(struct inode *ip, struct stat *st);
int           writei(struct inode *ip, int user_src, uint64 src, uint off, uint n);
void          itrunc(struct inode *ip);

/* kalloc.c */
void         *kalloc(void);
void          kfree(void *pa);
void          kinit(void);
uint64        kfreepages(void);

/* pipe.c */
int           pipealloc(struct file **f0, struct file **f1);
void          pipeclose(struct pipe *pi, int writable);
int           piperead(struct pipe *pi, uint64 addr, int n);
int           pipewrite(struct pipe *pi, uint64 addr, int n);

/* printf.c */
void          printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void          panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void          printfinit(void);
extern volatile int panicked;

/* proc.c */
int           cpuid_checked(void);
void          exit(int status) __attribute__((noreturn));
int           fork(void);
int           growproc(int n);
int           kill(int pid);
int           killed(struct proc *p);
void          setkilled(struct proc *p);
struct cpu   *mycpu(void);
struct proc  *myproc(void);
void          procinit(void);
void          scheduler(void) __attribute__((noreturn));
void          sched(void);
void          sleep(void *chan, struct spinlock *lk);
void          userinit(void);
int           wait(uint64 addr);
void          wakeup(void *chan);
void          yield(void);
int           either_copyout(int user_dst, uint64 dst, const void *src, uint64 len);
int           either_copyin(void *dst, int user_src, uint64 src, uint64 len);
void          procdump(void);

/* ramdisk.c */
void          ramdisk_init(void);
void          ramdisk_rw(struct buf *b, int write);

/* sleeplock.c */
void          acquiresleep(struct sleeplock *lk);
void          releasesleep(struct sleeplock *lk);
int           holdingsleep(struct sleeplock *lk);
void          initsleeplock(struct sleeplock *lk, const char *name);

/* spinlock.c */
void          acquire(struct spinlock *lk);
int           holding(struct spinlock *lk);
void          initlock(struct spinlock *lk, const char *name);
void          release(struct spinlock *lk);
void          push_off(void);
void          pop_off(void);

/* string.c */
int           memcmp(const void *a, const void *b, uint64 n);
void         *memmove(void *dst, const void *src, uint64 n);
void         *memcpy(void *dst, const void *src, uint64 n);
void         *memset(void *dst, int c, uint64 n);
char         *safestrcpy(char *dst, const char *src, int n);
int           strlen(const char *s);
int           strncmp(const char *a, const char *b, uint n);
char         *strncpy(char *dst, const char *src, int n);

/* syscall.c */
void          argint(int n, int *ip);
void          argaddr(int n, uint64 *ip);
int           argstr(int n, char *buf, int max);
int           fetchaddr(uint64 addr, uint64 *ip);
int           fetchstr(uint64 addr, char *buf, int max);
void          syscall(void);
void          kstack_report(void);

/* trap.c */
extern uint   ticks;
extern struct spinlock tickslock;
void          trapinit(void);

/* vm.c */
int           mappages(pagetable_t pt, uint64 va, uint64 size, uint64 pa, int perm);
uint64        uvmalloc(pagetable_t pt, uint64 oldsz, uint64 newsz, int perm);
uint64        uvmdealloc(pagetable_t pt, uint64 oldsz, uint64 newsz);
int           uvmcopy(pagetable_t old, pagetable_t new, uint64 sz);
void          uvmfree(pagetable_t pt, uint64 sz);
void          uvmunmap(pagetable_t pt, uint64 va, uint64 npages, int do_free);
uint64        walkaddr(pagetable_t pt, uint64 va);
int           copyout(pagetable_t pt, uint64 dstva, const void *src, uint64 len);
int           copyin(pagetable_t pt, void *dst, uint64 srcva, uint64 len);
int           copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max);

/* main.c */
void          arch_idle(void);   /* weak default in main.c: waits for an interrupt (wfi, sti;hlt) */

#endif
