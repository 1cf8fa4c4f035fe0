/* VM.h -- a process's user memory as a Gears Interface (issue 17).
 *
 * `goto vm->grow(delta, done, fail)` grows (delta > 0) or shrinks (delta < 0)
 * the calling process's memory and continues to done with the old size, or
 * to fail.  The sbrk gear system call goes through it; the one
 * implementation, UserVM (gears_vm.cbc), works on the process's page table
 * with uvmalloc/uvmdealloc. */
#ifndef XV6_GEARS_VM_H
#define XV6_GEARS_VM_H
typedef struct VM<Impl> {
    __code grow(Impl* vm, int delta, __code done(uint64 oldsz, ...), __code fail(...));
    __code done(...);
    __code fail(...);
} VM;
#endif
