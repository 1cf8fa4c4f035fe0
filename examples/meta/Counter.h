/* Counter.h - an Interface without data fields: gearsc derives them from the
 * methods' parameters (counter, amount). */
typedef struct Counter<Impl> {
    __code add(Impl* counter, long amount, __code next(...));
    __code next(...);
} Counter;
