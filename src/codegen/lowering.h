/* lowering.h - the state of one lowering pass, shared by the plain CbC
 * lowering (lower.c) and the Gears lowering (gears_lower.c).  Internal to
 * src/codegen/. */
#ifndef GEARSC_LOWERING_H
#define GEARSC_LOWERING_H

#include "../gears/model.h"
#include "../gears/manifest.h"
#include "../sema/resolve.h"
#include "edits.h"
#include "lower.h"

enum { WORD_SLOTS = 5, FLOAT_SLOTS = 8 };

typedef enum SlotClass { SLOT_WORD, SLOT_FLOAT, SLOT_MEMORY } SlotClass;

typedef struct Slot {
    SlotClass cls;
    int index;              /* register slot index, for SLOT_WORD / SLOT_FLOAT */
    const char *offset;     /* C expression, for SLOT_MEMORY */
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
} Function;

/* A gear bound to an Interface method by a create function's assignment
 * `stack->push = C_pushSingleLinkedStack;` (old-style implementations). */
typedef struct GearBinding {
    const char *gear;
    Interface *iface;
    Method *method;
} GearBinding;

typedef struct Lowering {
    const LowerOptions *opt;
    bool gears;             /* --gears: lower to the Context ABI */
    GearsModel *model;      /* Interfaces and implementations (Gears mode) */
    Manifest *manifest;     /* Gears mode: what this file defines and uses */
    GearBinding *fn_bindings;
    int fn_bindings_count;
    TypeEnv *env;
    Diag *diag;
    Source *src;
    Arena *arena;
    Edits edits;
    Scope *scope;
    Function fn;
    bool any_cbc;           /* the file needs the prelude */
    Scope return_gears;     /* names of return gears already defined (arena) */
    size_t rendered_bytes;  /* text rendered so far: see LOWERING_BUDGET in lower.c */
    bool budget_exhausted;  /* the budget ran out (reported once) */
} Lowering;

/* The text of n with the edits recorded since mark applied. */
const char *render(Lowering *L, size_t mark, TSNode n);
const char *node_str(Lowering *L, TSNode n);
Resolver resolver(Lowering *L);
TSNode outer_function_declarator(TSNode d);

/* Gears mode (gears_lower.c): each returns true if it handled the node. */
bool gears_enter(Lowering *L, Frame *f);
bool gears_leave(Lowering *L, Frame *f);
void gears_print_prelude(Lowering *L, Buf *out);

#endif
