/* Vm.h - the homes of interp.cbc's gears: the bytecode interpreter's
 * state (pc, stack pointer, variables) and the continuation next. */
typedef struct Vm<Impl> {
    const long *pc;
    long *sp;
    long *vars;
    __code next(...);
} Vm;
