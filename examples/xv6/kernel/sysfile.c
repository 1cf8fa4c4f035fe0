/* sysfile.c -- the file system calls: argument checking, file descriptors,
 * and the directory operations built from fs.c's pieces (open, link,
 * unlink, mkdir, mknod, chdir), plus exec's and pipe's entry points.
 *
 * Every path is copied in with argstr (at most MAXPATH bytes), every file
 * descriptor checked by argfd, every buffer address handed to a function
 * that copies through the page table.  Inode locks are taken parent before
 * child, as in fs.c's path walk. */
#include "types.h"
#include "defs.h"
#include "proc.h"
#include "stat.h"
#include "fcntl.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"

/* Fetches argument n as a file descriptor of the calling process. */
static int argfd(int n, int *pfd, struct file **pf)
{
  int fd;
  argint(n, &fd);
  if (fd < 0 || fd >= NOFILE)
    return -1;
  struct file *f = myproc()->ofile[fd];
  if (f == 0)
    return -1;
  if (pfd)
    *pfd = fd;
  if (pf)
    *pf = f;
  return 0;
}

/* The lowest free descriptor, now pointing at f; -1 if none. */
static int fdalloc(struct file *f)
{
  struct proc *p = myproc();
  for (int fd = 0; fd < NOFILE; fd++) {
    if (p->ofile[fd] == 0) {
      p->ofile[fd] = f;
      return fd;
    }
  }
  return -1;
}

uint64 sys_dup(void)
{
  struct file *f;
  if (argfd(0, 0, &f) < 0)
    return -1;
  int fd = fdalloc(f);
  if (fd < 0)
    return -1;
  filedup(f);
  return fd;
}

uint64 sys_read(void)
{
  struct file *f;
  int n;
  uint64 addr;
  argint(2, &n);
  argaddr(1, &addr);
  if (argfd(0, 0, &f) < 0 || n < 0)
    return -1;
  return fileread(f, addr, n);
}

uint64 sys_write(void)
{
  struct file *f;
  int n;
  uint64 addr;
  argint(2, &n);
  argaddr(1, &addr);
  if (argfd(0, 0, &f) < 0 || n < 0)
    return -1;
  return filewrite(f, addr, n);
}

uint64 sys_close(void)
{
  int fd;
  struct file *f;
  if (argfd(0, &fd, &f) < 0)
    return -1;
  myproc()->ofile[fd] = 0;
  fileclose(f);
  return 0;
}

uint64 sys_fstat(void)
{
  struct file *f;
  uint64 st;
  argaddr(1, &st);
  if (argfd(0, 0, &f) < 0)
    return -1;
  return filestat(f, st);
}

/* link(old, new): a second name for a file (not a directory). */
uint64 sys_link(void)
{
  char name[DIRSIZ], new[MAXPATH], old[MAXPATH];
  struct inode *dp, *ip;

  if (argstr(0, old, MAXPATH) < 0 || argstr(1, new, MAXPATH) < 0)
    return -1;
  if ((ip = namei(old)) == 0)
    return -1;
  ilock(ip);
  if (ip->type == T_DIR) {
    iunlockput(ip);
    return -1;
  }
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);

  if ((dp = nameiparent(new, name)) == 0)
    goto bad;
  ilock(dp);
  if (dp->dev != ip->dev || dirlink(dp, name, ip->inum) < 0) {
    iunlockput(dp);
    goto bad;
  }
  iunlockput(dp);
  iput(ip);
  return 0;

bad:
  ilock(ip);
  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  return -1;
}

/* Is directory dp empty but for "." and ".."? */
static int isdirempty(struct inode *dp)
{
  struct dirent de;
  for (uint off = 2 * sizeof(de); off < dp->size; off += sizeof(de)) {
    if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      panic("isdirempty: read");
    if (de.inum != 0)
      return 0;
  }
  return 1;
}

uint64 sys_unlink(void)
{
  struct inode *ip, *dp;
  struct dirent de;
  char name[DIRSIZ], path[MAXPATH];
  uint off;

  if (argstr(0, path, MAXPATH) < 0)
    return -1;
  if ((dp = nameiparent(path, name)) == 0)
    return -1;
  ilock(dp);
  /* "." and ".." cannot be unlinked. */
  if (namecmp(name, ".") == 0 || namecmp(name, "..") == 0)
    goto bad;
  if ((ip = dirlookup(dp, name, &off)) == 0)
    goto bad;
  ilock(ip);
  if (ip->nlink < 1)
    panic("unlink: nlink < 1");
  if (ip->type == T_DIR && !isdirempty(ip)) {
    iunlockput(ip);
    goto bad;
  }
  memset(&de, 0, sizeof(de));
  if (writei(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
    panic("unlink: writei");
  if (ip->type == T_DIR) {
    dp->nlink--;   /* the child's ".." */
    iupdate(dp);
  }
  iunlockput(dp);
  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  return 0;

bad:
  iunlockput(dp);
  return -1;
}

/* Creates path as a new inode of the given type and returns it locked; an
 * existing file is returned for open(O_CREATE).  0 on failure. */
static struct inode *create(const char *path, short type, short major, short minor)
{
  struct inode *ip, *dp;
  char name[DIRSIZ];

  if ((dp = nameiparent(path, name)) == 0)
    return 0;
  ilock(dp);
  if ((ip = dirlookup(dp, name, 0)) != 0) {
    iunlockput(dp);
    ilock(ip);
    if (type == T_FILE && (ip->type == T_FILE || ip->type == T_DEVICE))
      return ip;
    iunlockput(ip);
    return 0;
  }
  if ((ip = ialloc(dp->dev, type)) == 0) {
    iunlockput(dp);
    return 0;
  }
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  iupdate(ip);
  if (type == T_DIR) {
    /* "." is not counted in nlink (it would keep the directory alive). */
    if (dirlink(ip, ".", ip->inum) < 0 || dirlink(ip, "..", dp->inum) < 0)
      goto fail;
  }
  if (dirlink(dp, name, ip->inum) < 0)
    goto fail;
  if (type == T_DIR) {
    dp->nlink++;   /* the child's ".." */
    iupdate(dp);
  }
  iunlockput(dp);
  return ip;

fail:
  ip->nlink = 0;   /* iput frees it */
  iupdate(ip);
  iunlockput(ip);
  iunlockput(dp);
  return 0;
}

uint64 sys_open(void)
{
  char path[MAXPATH];
  int omode;
  struct file *f;
  struct inode *ip;
  int fd;

  argint(1, &omode);
  if (argstr(0, path, MAXPATH) < 0)
    return -1;
  if (omode & O_CREATE) {
    if ((ip = create(path, T_FILE, 0, 0)) == 0)
      return -1;
  } else {
    if ((ip = namei(path)) == 0)
      return -1;
    ilock(ip);
    if (ip->type == T_DIR && omode != O_RDONLY) {
      iunlockput(ip);
      return -1;
    }
  }
  if (ip->type == T_DEVICE && (ip->major < 0 || ip->major >= NDEV)) {
    iunlockput(ip);
    return -1;
  }
  if ((f = filealloc()) == 0 || (fd = fdalloc(f)) < 0) {
    if (f)
      fileclose(f);
    iunlockput(ip);
    return -1;
  }
  if (ip->type == T_DEVICE) {
    f->type = FD_DEVICE;
    f->major = ip->major;
  } else {
    f->type = FD_INODE;
    f->off = 0;
  }
  f->ip = ip;
  fileio_bind(f);
  f->readable = !(omode & O_WRONLY);
  f->writable = (omode & O_WRONLY) || (omode & O_RDWR);
  if ((omode & O_TRUNC) && ip->type == T_FILE)
    itrunc(ip);
  iunlock(ip);
  return fd;
}

uint64 sys_mkdir(void)
{
  char path[MAXPATH];
  struct inode *ip;
  if (argstr(0, path, MAXPATH) < 0 || (ip = create(path, T_DIR, 0, 0)) == 0)
    return -1;
  iunlockput(ip);
  return 0;
}

uint64 sys_mknod(void)
{
  char path[MAXPATH];
  struct inode *ip;
  int major, minor;
  argint(1, &major);
  argint(2, &minor);
  if (argstr(0, path, MAXPATH) < 0 || (ip = create(path, T_DEVICE, major, minor)) == 0)
    return -1;
  iunlockput(ip);
  return 0;
}

uint64 sys_chdir(void)
{
  char path[MAXPATH];
  struct inode *ip;
  struct proc *p = myproc();
  if (argstr(0, path, MAXPATH) < 0 || (ip = namei(path)) == 0)
    return -1;
  ilock(ip);
  if (ip->type != T_DIR) {
    iunlockput(ip);
    return -1;
  }
  iunlock(ip);
  iput(p->cwd);
  p->cwd = ip;
  return 0;
}

/* exec(path, argv): copies the path and the argument strings into kernel
 * pages (one per argument), then loads the program. */
uint64 sys_exec(void)
{
  char path[MAXPATH], *argv[MAXARG + 1];
  uint64 uargv, uarg;
  int i, ret = -1;

  argaddr(1, &uargv);
  if (argstr(0, path, MAXPATH) < 0)
    return -1;
  memset(argv, 0, sizeof(argv));
  for (i = 0;; i++) {
    if (i > MAXARG)
      goto out;
    if (fetchaddr(uargv + sizeof(uint64) * i, &uarg) < 0)
      goto out;
    if (uarg == 0)
      break;
    if (i == MAXARG)
      goto out;   /* more than MAXARG arguments */
    if ((argv[i] = kalloc()) == 0)
      goto out;
    if (fetchstr(uarg, argv[i], PGSIZE) < 0)
      goto out;
  }
  ret = exec(path, argv);
out:
  for (i = 0; i <= MAXARG && argv[i] != 0; i++)
    kfree(argv[i]);
  return ret;
}

/* pipe(fds): fds[0] is the read end, fds[1] the write end. */
uint64 sys_pipe(void)
{
  uint64 fdarray;
  struct file *rf, *wf;
  int fd0, fd1;
  struct proc *p = myproc();

  argaddr(0, &fdarray);
  if (pipealloc(&rf, &wf) < 0)
    return -1;
  fd0 = -1;
  if ((fd0 = fdalloc(rf)) < 0 || (fd1 = fdalloc(wf)) < 0) {
    if (fd0 >= 0)
      p->ofile[fd0] = 0;
    fileclose(rf);
    fileclose(wf);
    return -1;
  }
  if (copyout(p->pagetable, fdarray, &fd0, sizeof(fd0)) < 0 ||
      copyout(p->pagetable, fdarray + sizeof(fd0), &fd1, sizeof(fd1)) < 0) {
    p->ofile[fd0] = 0;
    p->ofile[fd1] = 0;
    fileclose(rf);
    fileclose(wf);
    return -1;
  }
  return 0;
}
