/* Count.h - an Interface for tests/cc/gears_kernel.sh. */
typedef struct Count<Impl> {
    __code add(Impl* count, long amount, __code next(long total, ...));
    __code next(...);
} Count;
