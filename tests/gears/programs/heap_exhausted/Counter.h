/* Counter.h - one method and its continuation. */
typedef struct Counter<Impl> {
    __code add(Impl* counter, long amount, __code next(...));
    __code next(...);
} Counter;
