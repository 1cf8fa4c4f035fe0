/* vectors.S -- exception entry and exit, and swtch().
 *
 * VBAR_EL1 points at `vectors`: 16 entries of 128 bytes, four groups of
 * four (synchronous, IRQ, FIQ, SError) for: EL1 on SP_EL0 (never used: the
 * kernel always runs on SP_EL1), EL1 on SP_EL1 (a trap in the kernel), EL0
 * in AArch64 (a trap from a user program), EL0 in AArch32 (never used).
 *
 * Every entry saves the same frame, a struct trapframe (archdefs.h), on the
 * stack it finds in SP_EL1, and passes it to C (trap.c):
 *
 *   from EL0: SP_EL1 is the top of the process's kernel stack (user_return
 *             left it there), so the frame IS the process's trapframe p->tf.
 *             The C handler ends in arch_usertrapret(), which comes back to
 *             user_return below: registers from the trapframe, SP_EL1 back
 *             at the top of the kernel stack, eret.
 *   from EL1: the frame goes below whatever the kernel was doing, on the
 *             same stack; the C handler returns (an IRQ may have switched to
 *             other processes meanwhile, through yield), and el1_return
 *             restores the interrupted state.  ELR_EL1/SPSR_EL1 are in the
 *             frame, not left in the registers, because a nested exception
 *             or another thread run by yield would overwrite them.
 *
 * The hardware masks IRQs (DAIF.I) on every exception; the C side decides
 * when to take them again.  The restore paths mask IRQs again before they
 * reload ELR_EL1/SPSR_EL1, for the same reason. */
#include "archdefs.h"

/* Save x0..x30, SP_EL0, ELR_EL1, SPSR_EL1 in a trapframe below sp. */
.macro SAVE_FRAME
        sub     sp, sp, #TF_SIZE
        stp     x0, x1, [sp, #16 * 0]
        stp     x2, x3, [sp, #16 * 1]
        stp     x4, x5, [sp, #16 * 2]
        stp     x6, x7, [sp, #16 * 3]
        stp     x8, x9, [sp, #16 * 4]
        stp     x10, x11, [sp, #16 * 5]
        stp     x12, x13, [sp, #16 * 6]
        stp     x14, x15, [sp, #16 * 7]
        stp     x16, x17, [sp, #16 * 8]
        stp     x18, x19, [sp, #16 * 9]
        stp     x20, x21, [sp, #16 * 10]
        stp     x22, x23, [sp, #16 * 11]
        stp     x24, x25, [sp, #16 * 12]
        stp     x26, x27, [sp, #16 * 13]
        stp     x28, x29, [sp, #16 * 14]
        mrs     x21, sp_el0
        stp     x30, x21, [sp, #16 * 15]        /* x30, then TF_SP */
        mrs     x22, elr_el1
        mrs     x23, spsr_el1
        stp     x22, x23, [sp, #TF_ELR]         /* TF_ELR, TF_SPSR */
.endm

/* Reload x0..x30 from the frame at sp and pop it. */
.macro LOAD_REGS
        ldp     x0, x1, [sp, #16 * 0]
        ldp     x2, x3, [sp, #16 * 1]
        ldp     x4, x5, [sp, #16 * 2]
        ldp     x6, x7, [sp, #16 * 3]
        ldp     x8, x9, [sp, #16 * 4]
        ldp     x10, x11, [sp, #16 * 5]
        ldp     x12, x13, [sp, #16 * 6]
        ldp     x14, x15, [sp, #16 * 7]
        ldp     x16, x17, [sp, #16 * 8]
        ldp     x18, x19, [sp, #16 * 9]
        ldp     x20, x21, [sp, #16 * 10]
        ldp     x22, x23, [sp, #16 * 11]
        ldp     x24, x25, [sp, #16 * 12]
        ldp     x26, x27, [sp, #16 * 13]
        ldp     x28, x29, [sp, #16 * 14]
        ldr     x30, [sp, #16 * 15]
        add     sp, sp, #TF_SIZE
.endm

/* One vector entry: save the frame, call handler(frame, kind). */
.macro ENTRY handler, kind
        .balign 128
        SAVE_FRAME
        mov     x0, sp
        mov     x1, #\kind
        bl      \handler
        b       el1_return      /* only EL1 handlers return */
.endm

        .text
        .balign 2048
        .globl vectors
vectors:
        /* EL1 with SP_EL0: unused */
        ENTRY   bad_exception, 0
        ENTRY   bad_exception, 1
        ENTRY   bad_exception, 2
        ENTRY   bad_exception, 3
        /* EL1 with SP_EL1: the kernel */
        ENTRY   el1_sync_handler, 4
        ENTRY   el1_irq_handler, 5
        ENTRY   bad_exception, 6
        ENTRY   bad_exception, 7
        /* EL0, AArch64: user programs */
        ENTRY   el0_sync_handler, 8
        ENTRY   el0_irq_handler, 9
        ENTRY   bad_exception, 10
        ENTRY   bad_exception, 11
        /* EL0, AArch32: unused */
        ENTRY   bad_exception, 12
        ENTRY   bad_exception, 13
        ENTRY   bad_exception, 14
        ENTRY   bad_exception, 15

/* Back to the kernel code an EL1 exception interrupted. */
el1_return:
        msr     daifset, #2
        ldp     x22, x23, [sp, #TF_ELR]
        msr     elr_el1, x22
        msr     spsr_el1, x23
        LOAD_REGS
        eret

/* void user_return(struct trapframe *tf): to user mode with the registers
 * in *tf, which sits at the top of the process's kernel stack.  Called by
 * arch_usertrapret() with IRQs masked; never returns. */
        .globl user_return
user_return:
        msr     daifset, #2
        ldp     x22, x23, [x0, #TF_ELR]
        msr     elr_el1, x22
        msr     spsr_el1, x23
        ldr     x21, [x0, #TF_SP]
        msr     sp_el0, x21
        dsb     ish             /* page-table stores are visible to the walk */
        mov     sp, x0
        LOAD_REGS               /* leaves SP_EL1 = top of the kernel stack */
        eret

/* void swtch(struct context *old, struct context *new)
 * Saves the callee-saved registers, lr and sp of the caller in *old and
 * resumes whatever saved *new: it returns into that thread's swtch() call
 * (or, the first time, into the entry arch_context_init() put in lr). */
        .globl swtch
swtch:
        stp     x19, x20, [x0, #16 * 0]
        stp     x21, x22, [x0, #16 * 1]
        stp     x23, x24, [x0, #16 * 2]
        stp     x25, x26, [x0, #16 * 3]
        stp     x27, x28, [x0, #16 * 4]
        stp     x29, x30, [x0, #16 * 5]
        mov     x9, sp
        str     x9, [x0, #16 * 6]

        ldp     x19, x20, [x1, #16 * 0]
        ldp     x21, x22, [x1, #16 * 1]
        ldp     x23, x24, [x1, #16 * 2]
        ldp     x25, x26, [x1, #16 * 3]
        ldp     x27, x28, [x1, #16 * 4]
        ldp     x29, x30, [x1, #16 * 5]
        ldr     x9, [x1, #16 * 6]
        mov     sp, x9
        ret
