/* interface.h - the Gears meta model of one file: Interfaces, their
 * implementations, and the checks the Perl generators never made.
 *
 * An Interface
 *
 *     typedef struct Stack<Type, Impl> {
 *         union Data* stack;                                  data fields
 *         union Data* data;
 *         __code push(Impl* stack, Type* data, __code next(...));   methods
 *         __code pop(Impl* stack, __code next(Type* data, ...));
 *         __code next(...);                                   continuation slots
 *     } Stack;
 *
 * is a data gear whose C struct has the data fields (declared, or derived
 * from the methods' parameters when none are declared) and one `enum Code`
 * per method and per continuation name.  An instance holds the gear numbers
 * of an implementation's methods; the Interface's data gear in the Context
 * holds the arguments of the call in progress. */
#ifndef GEARSC_INTERFACE_H
#define GEARSC_INTERFACE_H

#include "../sema/declarations.h"

typedef struct IfaceField {
    const char *name;
    Type *type;             /* the C type of the field (gear slots: NULL) */
    bool is_code;           /* an `enum Code` slot: a method or a continuation */
    uint32_t offset;
} IfaceField;

typedef struct Method {
    const char *name;
    Type *sig;              /* TYPE_GEAR as declared in the Interface */
    uint32_t offset;
} Method;

typedef struct Interface {
    HashLink link;              /* first: in GearsModel.iface_index */
    const char *name;
    const char **type_params;   /* "Type", "Impl" */
    int type_param_count;
    IfaceField *fields;
    int field_count;
    Method *methods;
    int method_count;
    bool fields_declared;
    Source *src;
    uint32_t offset;
    HashTable method_index;     /* name -> methods[k], the first of a name */
    HashTable field_index;      /* name -> fields[k] */
} Interface;

typedef struct Implementation {
    const char *name;           /* SingleLinkedStack */
    const char *iface;          /* Stack */
    const char *body;           /* "{ struct Element* top; }" */
    Source *src;
    uint32_t offset;
} Implementation;

/* A plain data gear, declared as in the paper's listing 4 (the form its
 * definition takes inside union Data): `struct Element { ... } Element;`. */
typedef struct DataGear {
    const char *name;
    const char *c_struct;       /* "struct Element { ... }" */
    Source *src;
    uint32_t offset;
} DataGear;

/* A gear bound to an Interface method: by its name (m + Impl), or by a
 * create function's assignment `stack->push = C_pushSingleLinkedStack;`
 * (old-style implementations). */
typedef struct Binding {
    const char *gear;
    Interface *iface;
    Method *method;
} Binding;

typedef struct GearsModel {
    Interface **ifaces;
    int iface_count, iface_cap;
    HashTable iface_index;      /* name -> Interface (lookups stay constant:
                                   10^5 Interfaces or methods are linear) */
    Implementation **impls;
    int impl_count, impl_cap;
    DataGear **data_gears;
    int data_gear_count, data_gear_cap;
    Binding *bindings;          /* by assignment in the file, the first of a gear */
    int binding_count, binding_cap;
    HashTable binding_index;    /* gear name -> its binding */
} GearsModel;

/* Is the file-scope declaration n a data gear `struct T { ... } T;`? */
bool is_data_gear_declaration(Source *src, TSNode n);
/* The C definition of an Interface's data gear: "struct Stack { ... }". */
const char *interface_c_struct(Arena *arena, const Interface *i);

/* Reads every interface_definition and implementation_definition of the
 * units (headers first, then the file), reporting ill-formed ones, and the
 * file's old-style bindings by assignment. */
void gears_model_build(GearsModel *m, TypeEnv *env, Unit *main_unit, Unit *headers);
void gears_model_free(GearsModel *m);

/* The method gear implements: by name (m + Impl for an implementation),
 * else by assignment; a null iface if none. */
Binding gears_binding_of(const GearsModel *m, const char *gear);

/* What a name becomes in the generated C: a gear (a function and a gear
 * number), a data gear (Interfaces and implementations too: a struct tag, a
 * typedef and a member of union Data, beside enum Code and struct
 * Context), or a member (a method's code slot). */
typedef enum GearsNameKind { GEARS_NAME_GEAR, GEARS_NAME_DATA, GEARS_NAME_MEMBER } GearsNameKind;

/* The one check of the names that become C names of the generated code,
 * made by gearsc --gears, gearsc link and gearsc skeleton: NULL when
 * name[0..len) may be one, else why not ("is a C keyword", "is reserved by
 * the generated code", "is not an ASCII identifier", ...). */
const char *gears_name_problem(const char *name, size_t len, GearsNameKind kind);

Interface *gears_interface(const GearsModel *m, const char *name, size_t len);
Method *interface_method(Interface *i, const char *name, size_t len);
IfaceField *interface_field(Interface *i, const char *name, size_t len);
/* Is t the Interface's type parameter Impl or Type (`Impl*`, `Type*`)? */
bool is_type_parameter(const Interface *i, const Type *t);

#endif
