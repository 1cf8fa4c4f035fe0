/* gears.h - the code gears of the multifile example, declared once and
 * included as it is by .cbc and .c files alike (gearsc cc lowers every file
 * whose preprocessed text declares or uses gears). */
#ifndef MULTIFILE_GEARS_H
#define MULTIFILE_GEARS_H

/* A step of the chain, with the continuation it goes on to. */
struct step {
    long value;
    __code (*next)(long value, void *env);
};

/* chain.cbc */
__code start(long n, __code (*ret)(long, void *), void *env);
__code finish(long value, void *env);
long compute(long n);

/* scale.cbc: a gear of another file, in the middle of the chain */
__code scale(long x, int factor, __code (*k)(long, void *), void *env);

#define FACTOR 3

#endif
