/* exec.c -- replaces the calling process's memory with a program from the
 * file system (an ELF64 executable for this machine).
 *
 * The new address space is built completely on the side; only when nothing
 * can fail any more does the process switch to it and free the old one, so
 * a failed exec returns -1 to an intact caller.  The file is not trusted:
 * every header field is checked against the file's size and the user
 * address limit before it is used (a user can write any bytes to a file and
 * exec it).  Loadable segments must start on a page boundary (user/user.ld
 * aligns them); should two still share a page, it gets both permissions.
 *
 * Layout of the new memory, from 0 up:
 *   program segments | guard page (unmapped) | stack (USERSTACK pages) | heap (sbrk)
 * The stack holds the argument strings and then argv[] (NULL-terminated),
 * 16-byte aligned; argc and argv go to the first two argument registers. */
#include "types.h"
#include "defs.h"
#include "proc.h"
#include "elf.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"

#define USERSTACK   2                     /* pages of user stack */
#define EXEC_MAXVA  0x40000000ULL         /* programs must end below 1 GiB */
#define EXEC_MAXPH  64                    /* program headers at most */

#if defined(__aarch64__)
#define ELF_MACHINE ELF_EM_AARCH64
#elif defined(__x86_64__)
#define ELF_MACHINE ELF_EM_X86_64
#endif

static int seg_perm(uint32 flags)
{
  int perm = PTE_USER;
  if (flags & ELF_PF_W)
    perm |= PTE_WRITE;
  if (flags & ELF_PF_X)
    perm |= PTE_EXEC;
  return perm;
}

/* Maps the pages covering [va, va+len) with perm (zeroed new pages; pages
 * already there gain perm). */
static int map_segment(pagetable_t pt, uint64 va, uint64 len, int perm)
{
  for (uint64 a = PGROUNDDOWN(va); a < va + len; a += PGSIZE) {
    pte_t *pte = arch_walk(pt, a, 1);
    if (pte == 0)
      return -1;
    int old = arch_pte_perm(*pte);
    if (old & PTE_VALID) {
      *pte = arch_pte_make(arch_pte_pa(*pte), old | perm | PTE_VALID);
      continue;
    }
    void *mem = kalloc();
    if (mem == 0)
      return -1;
    memset(mem, 0, PGSIZE);
    *pte = arch_pte_make(V2P(mem), perm | PTE_VALID);
  }
  return 0;
}

/* Reads len bytes at file offset off into user address va (mapped). */
static int load_segment(pagetable_t pt, uint64 va, struct inode *ip, uint64 off, uint64 len)
{
  while (len > 0) {
    uint64 pa = walkaddr(pt, va);
    if (pa == 0)
      return -1;
    uint64 n = PGSIZE - va % PGSIZE;
    if (n > len)
      n = len;
    if (readi(ip, 0, (uint64)P2V(pa) + va % PGSIZE, off, n) != (int)n)
      return -1;
    va += n;
    off += n;
    len -= n;
  }
  return 0;
}

int exec(const char *path, char **argv)
{
  struct proc *p = myproc();
  struct elfhdr elf;
  struct proghdr ph;
  struct inode *ip;
  pagetable_t pt = 0;
  uint64 sz = 0;

  if ((ip = namei(path)) == 0)
    return -1;
  ilock(ip);

  /* The ELF header. */
  if (readi(ip, 0, (uint64)&elf, 0, sizeof(elf)) != sizeof(elf))
    goto bad;
  if (elf.magic != ELF_MAGIC || elf.ident[0] != ELF_CLASS64 || elf.ident[1] != ELF_DATA_LSB ||
      elf.type != ELF_ET_EXEC || elf.machine != ELF_MACHINE ||
      elf.phentsize != sizeof(ph) || elf.phnum > EXEC_MAXPH ||
      elf.phoff > ip->size || elf.phoff + (uint64)elf.phnum * sizeof(ph) > ip->size)
    goto bad;
  if ((pt = arch_uvm_create()) == 0)
    goto bad;

  /* The program segments. */
  for (int i = 0; i < elf.phnum; i++) {
    uint64 off = elf.phoff + (uint64)i * sizeof(ph);
    if (readi(ip, 0, (uint64)&ph, off, sizeof(ph)) != sizeof(ph))
      goto bad;
    if (ph.type != ELF_PT_LOAD || ph.memsz == 0)
      continue;
    if (ph.filesz > ph.memsz || ph.vaddr % PGSIZE != 0 || ph.vaddr >= EXEC_MAXVA || ph.memsz > EXEC_MAXVA ||
        ph.vaddr + ph.memsz > EXEC_MAXVA || ph.off > ip->size || ph.filesz > ip->size ||
        ph.off + ph.filesz > ip->size)
      goto bad;
    if (ph.vaddr + ph.memsz > sz)
      sz = ph.vaddr + ph.memsz;   /* before mapping: bad: frees [0, sz) */
    if (map_segment(pt, ph.vaddr, ph.memsz, seg_perm(ph.flags)) < 0)
      goto bad;
    if (load_segment(pt, ph.vaddr, ip, ph.off, ph.filesz) < 0)
      goto bad;
  }
  iunlockput(ip);
  ip = 0;
  if (sz == 0 || elf.entry >= sz)
    goto bad;

  /* A guard page (left unmapped), then the stack. */
  sz = PGROUNDUP(sz) + PGSIZE;
  uint64 stackbase = sz;
  if ((sz = uvmalloc(pt, sz, sz + USERSTACK * PGSIZE, PTE_WRITE)) == 0) {
    sz = stackbase;
    goto bad;
  }
  uint64 sp = sz;

  /* The argument strings, then argv[]. */
  uint64 ustack[MAXARG + 1];
  int argc;
  for (argc = 0; argv[argc]; argc++) {
    if (argc >= MAXARG)
      goto bad;
    uint64 len = strlen(argv[argc]) + 1;
    if (len > sp - stackbase)
      goto bad;
    sp = (sp - len) & ~15ULL;
    if (sp < stackbase || copyout(pt, sp, argv[argc], len) < 0)
      goto bad;
    ustack[argc] = sp;
  }
  ustack[argc] = 0;
  uint64 vecsize = (argc + 1) * sizeof(uint64);
  if (vecsize > sp - stackbase)
    goto bad;
  sp = (sp - vecsize) & ~15ULL;
  if (sp < stackbase || copyout(pt, sp, ustack, vecsize) < 0)
    goto bad;

  /* The program's name, for procdump and fault messages. */
  const char *last = path, *s;
  for (s = path; *s; s++)
    if (*s == '/')
      last = s + 1;
  safestrcpy(p->name, last, sizeof(p->name));

  /* Commit: switch to the new memory and free the old. */
  pagetable_t oldpt = p->pagetable;
  uint64 oldsz = p->sz;
  p->pagetable = pt;
  p->sz = sz;
  arch_tf_init_user(p->tf, elf.entry, sp, argc, sp);
  arch_uvm_switch(pt);
  uvmfree(oldpt, oldsz);
  return argc;   /* the system call's result: it lands in the first argument register */

bad:
  if (pt)
    uvmfree(pt, sz);
  if (ip)
    iunlockput(ip);
  return -1;
}
