/* Sched.h -- sleeping inside a Gears chain, as an Interface (issue 17).
 *
 * `goto sched->sleep(chan, lk, resume)`: the caller holds lk; the process
 * sleeps on chan (lk released while asleep, exactly as sleep() does) and,
 * once woken -- perhaps on another CPU -- continues at gear `resume`,
 * holding lk again.  Nothing is saved by hand: the chain's arguments are in
 * the process's Context, which nothing else touches while it sleeps.  The
 * one implementation is ProcSched (gears_syscall.cbc). */
#ifndef XV6_GEARS_SCHED_H
#define XV6_GEARS_SCHED_H
typedef struct Sched<Impl> {
    __code sleep(Impl* sched, void* chan, struct spinlock* lk, __code resume(...));
    __code resume(...);
} Sched;
#endif
