/* lowering.h - the lowering core that plain CbC (cbc_lower.c) and Gears
 * mode (gears_lower.c) share: the state of one pass over a file, the walk,
 * and the operations a mode plugs into it.  Internal to src/codegen/.
 *
 * The files of src/codegen/ call downwards only:
 *
 *     lower.c        lower_file: picks the mode
 *       gears_lower.c   Gears mode: wraps plain CbC, falls back to it
 *         cbc_lower.c     plain CbC: the base operations
 *           lowering.c      the walk, rendering, the budget, output assembly
 *             edits.c         the output as "input + replacements"
 *
 * One walk visits every node in document order and calls the mode's
 * LowerOps: enter on the way down, leave on the way up.  Gears mode's
 * operations handle what Gears changes and hand every other node to plain
 * CbC's (as grammar.js extends tree-sitter-c). */
#ifndef GEARSC_LOWERING_H
#define GEARSC_LOWERING_H

#include "../gears/model.h"
#include "../sema/resolve.h"
#include "edits.h"
#include "lower.h"

/* SLOT_RECORD: a struct or union in the two word slots from index when
 * it has at most 16 bytes, else in the spill area at offset -- sizeof
 * decides, in the generated C, so the slot never depends on whether gearsc
 * saw the struct's body (cbc_lower.c, "small structs"). */
typedef enum SlotClass { SLOT_WORD, SLOT_FLOAT, SLOT_MEMORY, SLOT_RECORD } SlotClass;

typedef struct Slot {
    SlotClass cls;
    int index;              /* register slot index, for SLOT_WORD / SLOT_FLOAT / SLOT_RECORD */
    const char *offset;     /* C expression, for SLOT_MEMORY / SLOT_RECORD */
} Slot;

typedef struct Frame {
    TSNode node;
    NodeKind kind;
    size_t edit_mark;       /* edits recorded before entering node */
    Scope *scope_before;    /* restored when leaving node */
} Frame;

typedef struct Function {
    bool active;
    bool is_gear;
    const char *name;
    Type *type;             /* TYPE_GEAR or TYPE_FUNCTION */
    Type *return_type;      /* C functions */
    Type *return_gear;      /* C functions: the type of __return */
    bool enters_chain;      /* C functions: has a goto into a gear, or __return */
    bool uses_return;       /* C functions: names __return (so needs its gear) */
    bool makes_call;        /* gears: the body calls a function (so slots are not forwarded) */
    TSNode def;             /* the function_definition */
    signed char names_env;  /* C functions: the body's text names __environment (1), not (-1),
                               not yet looked (0): its gear calls are where __return may leave */
} Function;

typedef struct Lowering {
    const LowerOptions *opt;
    const SlotLayout *layout;
    TypeEnv *env;
    Diag *diag;
    Source *src;
    Arena *arena;
    Edits edits;
    Scope *scope;
    Function fn;
    bool any_cbc;           /* the file needs the prelude */
    bool record_slots;      /* a struct travels in word slots: the prelude defines __CBC_REC_* */
    bool may_spill;         /* a gear type of the file passes arguments in the spill area */
    bool chain_frames;      /* the file makes chain frames (__CBC_FRAME): C entries, gear calls */
    Scope return_gears;     /* names of return gears already defined (arena) */
    size_t rendered_bytes;  /* text rendered so far: see LOWERING_BUDGET in lowering.c */
    bool budget_exhausted;  /* the budget ran out (reported once) */
    /* The file's #line directives and line markers, found on first use
     * (presumed_line): from physical line markers[i].line + 1 on, the
     * presumed line is the physical line + markers[i].delta. */
    struct LineMarker { uint32_t line; long delta; } *markers;
    size_t marker_count;
    bool markers_scanned;
} Lowering;

/* What a mode does at each node, and in front of its output. */
typedef struct LowerOps {
    void (*enter)(Lowering *L, Frame *f);
    void (*leave)(Lowering *L, Frame *f);
    void (*prelude)(Lowering *L, Buf *out);
    void (*epilogue)(Lowering *L, Buf *out); /* after the file's text, or NULL */
} LowerOps;

/* A pass over the model's file. */
void lowering_init(Lowering *L, Model *model, const LowerOptions *opt);
/* Walks the file with ops; unless errors were reported, appends the output
 * (prelude, #line, the edited file) to out. */
void lowering_run(Lowering *L, const LowerOps *ops, TSNode root, Buf *out);
void lowering_free(Lowering *L);

/* Whether leaving f leaves the function being lowered: a function defined
 * inside it (GNU C) is not one of its own (cbc_enter checks those). */
bool leaves_current_function(const Lowering *L, const Frame *f);

/* text, to be inserted at offset, under `#line 0` (code with no line of
 * its own: a debugger's breakpoint on the function skips it), followed by
 * `#line N` and spaces so that what follows offset keeps its line and
 * column; text itself without --no-line. */
const char *line_zero_wrap(Lowering *L, uint32_t offset, const char *text);
/* The line of offset as #line directives and line markers present it. */
uint32_t presumed_line(Lowering *L, uint32_t offset);

/* The text of n with the edits recorded since mark applied. */
const char *render(Lowering *L, size_t mark, TSNode n);
const char *node_str(Lowering *L, TSNode n);
/* path as it can stand inside a C comment (the prelude's): "*" "/" and
 * control bytes escaped. */
const char *path_for_comment(Lowering *L, const char *path);
Resolver resolver(Lowering *L);

/* unprototyped.c: for a gear whose parameters are unspecified (__code (*k)()),
 * the signature its arguments give it, each by its promoted type; NULL (with
 * a diagnostic) when an argument's type cannot be told. */
Type *signature_from_arguments(Lowering *L, TSNode callee, TSNode args, Type *sig);
TSNode outer_function_declarator(TSNode d);

/* signatures.c: the link-time signature symbols of the gears the file
 * defines and reaches (plain CbC). */
void print_signature_symbols(Lowering *L, Buf *out);

#endif
