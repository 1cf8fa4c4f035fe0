/* syntax.h - the node kinds and field names of tree-sitter-cbc that gearsc
 * reads, listed once and resolved once to the grammar's ids.
 *
 * tree-sitter names kinds and fields with strings, and the string API is
 * slow: ts_node_child_by_field_name scans every field name of the grammar
 * on each call, and comparing ts_node_type with strcmp costs a call and a
 * string compare per test.  gearsc asks such questions of every node, so it
 * resolves the names it uses to ids at start-up (syntax_init) and compares
 * ids: node_kind(n) == KIND_identifier, node_field(n, FIELD_declarator).
 *
 * The ids are those of the *public* symbols, which is what ts_node_symbol
 * returns: a grammar may have several internal symbols of one name (the
 * C grammar has five `function_declarator`s), and ts_node_type cannot tell
 * them apart either, so comparing public ids agrees with comparing names.
 * tests/tools/syntax_check.c checks that agreement on real inputs.
 *
 * A name the grammar does not have would make every comparison with it
 * silently false, so syntax_init stops gearsc with an internal error if any
 * name in the lists below is missing (and syntax_check tests it in CTest). */
#ifndef GEARSC_SYNTAX_H
#define GEARSC_SYNTAX_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

/* Named node kinds.  Add a kind here to use KIND_<name>. */
#define SYNTAX_NAMED_KINDS(X)                                                                     \
    X(ERROR)                                                                                      \
    X(abstract_array_declarator)                                                                  \
    X(abstract_function_declarator)                                                               \
    X(abstract_parenthesized_declarator)                                                          \
    X(abstract_pointer_declarator)                                                                \
    X(array_declarator)                                                                           \
    X(assignment_expression)                                                                      \
    X(attribute_specifier)                                                                        \
    X(attributed_declarator)                                                                      \
    X(call_expression)                                                                            \
    X(cast_expression)                                                                            \
    X(code_type)                                                                                  \
    X(comma_expression)                                                                           \
    X(comment)                                                                                    \
    X(compound_statement)                                                                         \
    X(conditional_expression)                                                                     \
    X(declaration)                                                                                \
    X(declaration_list)                                                                           \
    X(enum_specifier)                                                                             \
    X(field_declaration)                                                                          \
    X(field_designator)                                                                           \
    X(field_expression)                                                                           \
    X(field_identifier)                                                                           \
    X(for_statement)                                                                              \
    X(function_declarator)                                                                        \
    X(function_definition)                                                                        \
    X(gear_goto_statement)                                                                        \
    X(identifier)                                                                                 \
    X(implementation_definition)                                                                  \
    X(init_declarator)                                                                            \
    X(initializer_list)                                                                           \
    X(initializer_pair)                                                                           \
    X(interface_definition)                                                                       \
    X(linkage_specification)                                                                      \
    X(ms_call_modifier)                                                                           \
    X(new_expression)                                                                             \
    X(number_literal)                                                                             \
    X(par_goto_statement)                                                                         \
    X(parameter_declaration)                                                                      \
    X(parenthesized_declarator)                                                                   \
    X(parenthesized_expression)                                                                   \
    X(pointer_declarator)                                                                         \
    X(pointer_expression)                                                                         \
    X(preproc_call)                                                                               \
    X(preproc_def)                                                                                \
    X(preproc_elif)                                                                               \
    X(preproc_elifdef)                                                                            \
    X(preproc_function_def)                                                                       \
    X(preproc_else)                                                                               \
    X(preproc_if)                                                                                 \
    X(preproc_ifdef)                                                                              \
    X(preproc_include)                                                                            \
    X(primitive_type)                                                                             \
    X(return_statement)                                                                           \
    X(sized_type_specifier)                                                                       \
    X(storage_class_specifier)                                                                    \
    X(string_literal)                                                                             \
    X(struct_specifier)                                                                           \
    X(subscript_designator)                                                                       \
    X(subscript_expression)                                                                       \
    X(translation_unit)                                                                           \
    X(type_definition)                                                                            \
    X(type_descriptor)                                                                            \
    X(type_identifier)                                                                            \
    X(type_qualifier)                                                                             \
    X(union_specifier)                                                                            \
    X(variadic_argument)                                                                          \
    X(variadic_parameter)

/* Anonymous nodes (tokens) gearsc looks for: KIND_<name>. */
#define SYNTAX_TOKEN_KINDS(X) X(goto)

/* Field names: FIELD_<name>. */
#define SYNTAX_FIELDS(X)                                                                          \
    X(alternative)                                                                                \
    X(argument)                                                                                   \
    X(arguments)                                                                                  \
    X(body)                                                                                       \
    X(condition)                                                                                  \
    X(consequence)                                                                                \
    X(declarator)                                                                                 \
    X(designator)                                                                                 \
    X(directive)                                                                                  \
    X(field)                                                                                      \
    X(function)                                                                                   \
    X(interface)                                                                                  \
    X(left)                                                                                       \
    X(name)                                                                                       \
    X(operator)                                                                                   \
    X(parameters)                                                                                 \
    X(path)                                                                                       \
    X(right)                                                                                      \
    X(size)                                                                                       \
    X(type)                                                                                       \
    X(value)

typedef enum NodeKind {
    KIND_OTHER, /* a kind gearsc has no name for */
#define SYNTAX_KIND_ENUM(name) KIND_##name,
    SYNTAX_NAMED_KINDS(SYNTAX_KIND_ENUM) SYNTAX_TOKEN_KINDS(SYNTAX_KIND_ENUM)
#undef SYNTAX_KIND_ENUM
    NODE_KIND_COUNT
} NodeKind;

typedef enum FieldName {
#define SYNTAX_FIELD_ENUM(name) FIELD_##name,
    SYNTAX_FIELDS(SYNTAX_FIELD_ENUM)
#undef SYNTAX_FIELD_ENUM
    FIELD_NAME_COUNT
} FieldName;

/* The resolved ids, filled by syntax_init; use the functions below. */
typedef struct SyntaxIds {
    const uint8_t *kind_of_symbol; /* NodeKind by public symbol id */
    uint32_t symbol_count;         /* entries in kind_of_symbol */
    TSSymbol error_symbol;         /* ERROR, outside the table */
    TSSymbol symbol_of_kind[NODE_KIND_COUNT];
    TSFieldId field_id[FIELD_NAME_COUNT];
} SyntaxIds;

extern SyntaxIds syntax_ids;

/* Resolves the lists against tree_sitter_cbc(); exits with an internal
 * error if the grammar lacks one of the names.  parse_source calls it, so
 * it has run before any tree gearsc reads exists.  Idempotent. */
void syntax_init(void);

/* The names of the lists, for tests: NULL past the end. */
const char *syntax_kind_name(NodeKind k);
bool syntax_kind_is_named(NodeKind k);
const char *syntax_field_name(FieldName f);

/* The kind of a node, KIND_OTHER for kinds not in the lists (or a null node). */
static inline NodeKind node_kind(TSNode n)
{
    if (ts_node_is_null(n))
        return KIND_OTHER;
    TSSymbol s = ts_node_symbol(n);
    if (s < syntax_ids.symbol_count)
        return (NodeKind)syntax_ids.kind_of_symbol[s];
    return s == syntax_ids.error_symbol ? KIND_ERROR : KIND_OTHER;
}

/* Is n (which may be null) of kind k? */
static inline bool node_is(TSNode n, NodeKind k)
{
    return node_kind(n) == k;
}

/* The child of n in field f, or a null node. */
static inline TSNode node_field(TSNode n, FieldName f)
{
    return ts_node_child_by_field_id(n, syntax_ids.field_id[f]);
}

/* Is the cursor's current node in field f of its parent? */
static inline bool cursor_in_field(const TSTreeCursor *c, FieldName f)
{
    return ts_tree_cursor_current_field_id(c) == syntax_ids.field_id[f];
}

/* Function declarators, concrete or abstract (`int (*)(void)`). */
static inline bool is_function_declarator(TSNode n)
{
    NodeKind k = node_kind(n);
    return k == KIND_function_declarator || k == KIND_abstract_function_declarator;
}

/* #if / #ifdef / #elif / #elifdef / #else blocks: gearsc looks inside every
 * branch (it does not evaluate conditions). */
static inline bool kind_is_preproc_block(NodeKind k)
{
    return k == KIND_preproc_if || k == KIND_preproc_ifdef || k == KIND_preproc_elif
        || k == KIND_preproc_elifdef || k == KIND_preproc_else;
}

#endif
