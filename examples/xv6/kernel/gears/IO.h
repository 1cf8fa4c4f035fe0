/* IO.h -- the file layer as a Gears Interface (issue 17).
 *
 * An open file (struct file, file.h) points at the IO instance of its kind
 * (f->io, bound where the kind is set: fileio_bind in gears_io.cbc); the
 * gear system calls read, write and close reach the file's implementation
 * with `goto f->io->read(f, addr, n, next)`.  Implementations (gears_io.cbc):
 * InodeIO (files and directories), PipeIO (either end of a pipe) and
 * ConsoleIO (the console device).
 *
 * Every method takes the file it works on (so one instance serves every
 * file of a kind) and continues to `next`; read and write pass their result
 * on as `ret` (a byte count or -1), close passes nothing.  As in every Gears
 * Interface the arguments travel in the Context's IO data gear, which is
 * per process here (gears_syscall.cbc): they survive a sleep in the middle
 * of a read. */
#ifndef XV6_GEARS_IO_H
#define XV6_GEARS_IO_H
typedef struct IO<Impl> {
    __code read(Impl* io, struct file* file, uint64 addr, int n, __code next(int ret, ...));
    __code write(Impl* io, struct file* file, uint64 addr, int n, __code next(int ret, ...));
    __code close(Impl* io, struct file* file, __code next(...));
    __code next(...);
} IO;
#endif
