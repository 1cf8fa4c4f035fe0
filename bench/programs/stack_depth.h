/* stack_depth.h - shared by stack_depth.cbc and stack_depth_far.cbc (plain
 * C only: a header with CbC in it would need a gearsc pass of its own). */
#ifndef BENCH_STACK_DEPTH_H
#define BENCH_STACK_DEPTH_H

/* The lowest %rsp seen so far, updated by SAMPLE_SP() with one instruction
 * of inline asm (no call, no frame). */
extern char *lowest;
#define SAMPLE_SP()                                              \
    do {                                                         \
        char *sp_now_;                                           \
        __asm__ volatile("mov %%rsp, %0" : "=r"(sp_now_));       \
        if (sp_now_ < lowest)                                    \
            lowest = sp_now_;                                    \
    } while (0)

struct pair { long a, b; };

#endif
