/* interp.h - a MoarVM-like interpreter: one code gear per opcode, declared
 * by a macro, dispatching through a table of gears. */
#ifndef INTERP_H
#define INTERP_H

#include <stdint.h>

struct interp {
    const uint8_t *pc;
    int64_t regs[8];
    int64_t acc;
    __code (*halt)(int64_t, void *);
    void *env;
};

#define OP(name) __code op_##name(struct interp *i)
#define DISPATCH(i) goto op_table[*(i)->pc++](i)
#define ARG(i) (*(i)->pc++)

enum { OP_CONST, OP_ADD, OP_MUL, OP_DEC, OP_JNZ, OP_MOVE, OP_HALT, OP_COUNT };

extern __code (*const op_table[OP_COUNT])(struct interp *);

OP(const);
OP(add);
OP(mul);
OP(dec);
OP(jnz);
OP(move);
OP(halt);

int64_t run(const uint8_t *code);

#endif
