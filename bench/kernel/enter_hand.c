/* enter.cbc by hand: a plain tail call to a C function in another file. */
long sys_impl(long fd, long n);
long sys_read(long fd, long n) { return sys_impl(fd, n); }
