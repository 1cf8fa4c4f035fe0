/* types.h - the C types gearsc needs to know, and the names that have them.
 *
 * gearsc is not a C compiler: it needs types only to lower gear transitions.
 * For `goto e(args)` it must know the parameter list of the gear that `e`
 * designates, so it resolves the declared type of `e` (a gear, a variable, a
 * parameter, a struct member, an array element, a cast...), and for each
 * parameter it must know whether the argument travels in an integer register,
 * a floating-point register, or the chain's spill area.  So types here are
 * shallow: a kind, the declarator structure (pointer, array, function, gear),
 * and for base types the specifier text as written, which is how they are
 * printed back into the generated C.
 *
 * A *gear type* (TYPE_GEAR) is a function type whose return type is __code.
 * Its C lowering is `__cbc_code`, the one uniform function type of every
 * lowered gear (see codegen/lower.c). */
#ifndef GEARSC_TYPES_H
#define GEARSC_TYPES_H

#include "../support/diag.h"
#include "../parse/parse.h"
#include "../support/arena.h"
#include "../support/hashtab.h"

#include <stdbool.h>

typedef enum TypeKind {
    TYPE_VOID,
    TYPE_INTEGER,   /* integer types known to fit a word, _Bool, enums */
    TYPE_FLOATING,  /* float, double, _Float32, _Float64 */
    TYPE_OTHER,     /* every other base type (long double, _Complex, __int128,
                       vectors, typeof...): passed in memory */
    TYPE_RECORD,    /* struct or union */
    TYPE_TYPEDEF,   /* a typedef name; `resolved` once looked up */
    TYPE_POINTER,
    TYPE_ARRAY,
    TYPE_FUNCTION,  /* a C function type */
    TYPE_GEAR,      /* a function type returning __code */
} TypeKind;

typedef struct Type Type;

typedef struct Param {
    const char *name;   /* NULL when unnamed */
    Type *type;         /* adjusted: arrays and functions become pointers */
    uint32_t offset;    /* where it is declared */
} Param;

struct Type {
    TypeKind kind;
    const char *spec;       /* base types: specifier text as written ("struct inode", "uint") */
    const char *quals;      /* qualifiers on this level ("const", "volatile"), or "" */
    const char *tag;        /* TYPE_RECORD: "struct inode" (NULL if anonymous) */
    struct Record *record;  /* TYPE_RECORD with a body seen where the type was written */
    Type *base;             /* pointer target, array element, function return */
    const char *array_size; /* TYPE_ARRAY: the size expression text, "" if none */
    Param *params;          /* TYPE_FUNCTION, TYPE_GEAR */
    int param_count;
    bool variadic;
    bool unprototyped;      /* `f()`: no parameter information */
};

typedef struct Field {
    const char *name;   /* NULL for an anonymous struct/union member */
    Type *type;
} Field;

typedef struct Record {
    const char *tag;    /* "struct foo", or NULL if anonymous */
    Field *fields;
    int field_count;
    struct RecordIndex *index; /* record_field's, built on first use */
} Record;

typedef enum SymbolKind { SYM_VARIABLE, SYM_FUNCTION, SYM_GEAR, SYM_TYPEDEF } SymbolKind;

typedef struct Symbol {
    HashLink link;      /* first: in its Scope's table */
    const char *name;
    SymbolKind kind;
    Type *type;
    Source *src;        /* where it is declared, for notes */
    uint32_t offset;
    bool is_static;
    /* Set by the check pass (check.c) on file-scope gears: the type of the
     * gear's definition in this file, and where the file reaches the gear
     * (names it in an expression): NULL nowhere, "" unconditionally, else
     * the #if condition under which it does ("(A) || (B)", reach_terms
     * terms).  codegen/signatures.c emits the link-time signature symbols
     * from them. */
    Type *definition;
    const char *reached_if;
    int reach_terms;
} Symbol;

/* A scope: file scope (with includes) or a block.  Lookups go outward. */
typedef struct Scope {
    struct Scope *parent;
    HashTable symbols;  /* of Symbol, by name */
} Scope;

typedef struct DefinedFunction DefinedFunction; /* declarations.c */

/* An #include "..." gearsc did not find (declarations.c). */
typedef struct MissingInclude {
    struct MissingInclude *next;
    Source *src;        /* the including file */
    uint32_t offset;    /* of the "name" */
    const char *name;   /* "name", quotes included */
    size_t name_len;
} MissingInclude;

/* Everything type resolution needs: the arena, the file scope, the tags. */
typedef struct TypeEnv {
    Arena *arena;
    Diag *diag;
    Scope *file_scope;
    Scope tags;         /* struct/union tags -> Symbol whose type has the Record */
    /* The last declaration whose base type was built, and that type: the
     * declarators of `struct {...} a, b, c;` share one (never modified). */
    TSNode base_owner;
    Type *base_of_owner;
    /* The function definitions declare_node has typed, by node (a hash
     * table in the arena): lowering looks them up rather than typing every
     * definition a second time.  See function_definition_type. */
    HashTable defined;  /* of DefinedFunction, by node */
    MissingInclude *missing_includes; /* in the order found */
} TypeEnv;

void type_env_init(TypeEnv *env, Arena *arena, Diag *diag);

Scope *scope_new(Arena *arena, Scope *parent);
Symbol *scope_lookup(const Scope *scope, const char *name, size_t len);
/* Offers the name of every symbol of scope and its parents that accept
 * takes (NULL: all) to a did-you-mean suggestion (support/diag.h). */
void scope_suggest(const Scope *scope, Suggestion *s, bool (*accept)(void *ctx, const Symbol *sym),
                   void *ctx);
/* Adds or updates a symbol: a later definition replaces a prototype. */
Symbol *scope_declare(Arena *arena, Scope *scope, const char *name, SymbolKind kind, Type *type,
                      Source *src, uint32_t offset);

/* The type declared by `specifier_owner` (a node with a `type` field: declaration,
 * parameter_declaration, field_declaration, type_definition, type_descriptor,
 * function_definition) through `declarator` (may be null for an abstract
 * type).  *name receives the declared identifier, or NULL. */
Type *type_from_declarator(TypeEnv *env, Source *src, TSNode specifier_owner, TSNode declarator,
                           const char **name, uint32_t *name_offset);

/* The type a type specifier node names (struct/union bodies are registered). */
Type *type_from_specifier(TypeEnv *env, Source *src, TSNode spec);

/* The parameters of a parameter_list node. */
void params_from_list(TypeEnv *env, Source *src, TSNode list, Type *fn);

/* Follows typedefs; returns the type itself if it is not a typedef, NULL if a
 * typedef name cannot be resolved (declared nowhere gearsc can see). */
Type *type_resolve(TypeEnv *env, Type *t);
/* How a value of type t travels as a gear argument: in a 64-bit word
 * (integers whose spelling is known to fit, enums, pointers), in a double
 * (float, double), or intact in memory (everything else: structs, unions,
 * __int128, long double, _Complex, vectors, _Float128...).  CLASS_UNKNOWN:
 * t is a typedef gearsc cannot see (*unknown receives its name), whose
 * class it must not guess: a file that saw the typedef would guess
 * otherwise. */
typedef enum TypeClass { CLASS_WORD, CLASS_FLOAT, CLASS_MEMORY, CLASS_UNKNOWN } TypeClass;
TypeClass type_class(TypeEnv *env, Type *t, const char **unknown);
/* The record of a struct/union type, following typedefs and tags. */
Record *type_record(TypeEnv *env, Type *t);
Field *record_field(TypeEnv *env, Record *r, const char *name, size_t len);

/* A pointer to a gear as written, `__code (*k)(...)` or a parameter
 * `__code k(...)` (no typedef followed): a continuation in Gears code. */
bool type_is_code_pointer(const Type *t);

/* C spelling of a declaration of `name` (or an abstract type when name is "")
 * with __code lowered to __cbc_code.  drop_top_const: for objects memcpy'd into. */
const char *type_to_c(Arena *arena, const Type *t, const char *name, bool drop_top_const);
void type_print_c(Buf *out, const Type *t, const char *name, bool drop_top_const); /* the same, into out */
/* CbC spelling for messages ("__code (*)(int, char *)"). */
const char *type_to_cbc(Arena *arena, const Type *t);

Type *type_new(Arena *arena, TypeKind kind);
Type *type_pointer_to(Arena *arena, Type *base);

#endif
