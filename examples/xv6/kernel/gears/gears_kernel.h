/* gears_kernel.h -- what the kernel's Gears-mode files (kernel/gears/NAME.cbc,
 * make GEARS=1) share besides the Interfaces: plain C declarations only,
 * included after the context header that `gearsc link` wrote (struct IO,
 * struct VM, struct Sched are its data gears). */
#ifndef XV6_GEARS_KERNEL_H
#define XV6_GEARS_KERNEL_H

struct proc;
struct file;

/* file.c: the two halves of fileclose, for the IO close method: fileput
 * drops a reference and says whether it was the last (the file then stays
 * allocated, its kind and contents untouched, until filefree). */
int  fileput(struct file *f);
void filefree(struct file *f);

/* gears_vm.cbc: the calling process's memory as a VM instance. */
struct VM *uservm(void);

/* gears_syscall.cbc: the Sched instance (the kernel scheduler). */
extern struct Sched procSched;

/* gtrace.cbc (GTRACE=1): the transition tracer (the first gear `code` of
 * each system call; meta records the rest) and its device's IO instance;
 * nothing at all otherwise. */
#ifdef GTRACE
void gears_trace_syscall(struct Context *context, struct proc *p, uint64 code);
extern struct IO traceIO;
#else
#define gears_trace_syscall(context, p, code) ((void)0)
#endif

#endif
