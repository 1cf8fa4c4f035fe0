/* Chain.h - the homes of gears_chain.cbc's gears: the argument x of a call,
 * the result v of a return, the frame stack pointer sp, and the return
 * continuation next. */
typedef struct Chain<Impl> {
    long x;
    long v;
    struct frame *sp;
    __code next(...);
} Chain;
