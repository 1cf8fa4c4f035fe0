/* Loop.h - the homes of the ping-pong (Loop) and an Interface with one
 * method (Counter). */
typedef struct Loop<Impl> {
    long i;
    long n;
} Loop;

typedef struct Counter<Impl> {
    __code add(Impl* counter, long amount, __code next(...));
    __code next(...);
} Counter;
