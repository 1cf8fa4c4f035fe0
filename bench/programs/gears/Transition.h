/* Transition.h - the homes of transition.cbc's gears: Loop holds the
 * counter of the ping-pong, Counter is an Interface with one method. */
typedef struct Loop<Impl> {
    long i;
    long n;
} Loop;

typedef struct Counter<Impl> {
    __code add(Impl* counter, long amount, __code next(...));
    __code next(...);
} Counter;
