/* syntax_check - the ids of src/parse/syntax.h answer what the names would.
 *
 * gearsc compares node kinds and fields by id (node_kind, node_field,
 * cursor_in_field) where it once compared the strings ts_node_type and
 * ts_tree_cursor_current_field_name.  This checks that the two agree:
 *
 *  - every kind and field syntax.h lists exists in the grammar (syntax_init
 *    stops with an internal error otherwise), and no listed kind also exists
 *    with the other namedness (a string compare would match both);
 *  - on every node of the files given: its public symbol is the one its
 *    name resolves to (so comparing symbols is comparing names, aliases
 *    included), node_is agrees with strcmp for every listed kind, and
 *    node_field / cursor_in_field agree with the by-name lookups for every
 *    listed field.
 *
 *   syntax_check FILE...     exit status 0 when everything agrees */
#include "../../src/parse/parse.h"

#include <stdio.h>
#include <string.h>

static int failures;

static void fail(const char *path, TSNode n, const char *fmt, const char *a, const char *b)
{
    if (++failures > 50)
        return;
    printf("FAIL %s: node '%s' at byte %u: ", path, ts_node_type(n), ts_node_start_byte(n));
    printf(fmt, a, b);
    putchar('\n');
}

static void check_lists(void)
{
    const TSLanguage *lang = tree_sitter_cbc();
    for (NodeKind k = KIND_OTHER + 1; k < NODE_KIND_COUNT; k++) {
        const char *name = syntax_kind_name(k);
        if (strcmp(name, "ERROR") == 0)
            continue; /* ts_language_symbol_for_name answers ERROR for any namedness */
        bool named = syntax_kind_is_named(k);
        if (ts_language_symbol_for_name(lang, name, (uint32_t)strlen(name), !named) != 0) {
            printf("FAIL: kind '%s' exists both named and anonymous\n", name);
            failures++;
        }
    }
}

static void check_fields(const char *path, TSNode n)
{
    for (FieldName f = 0; f < FIELD_NAME_COUNT; f++) {
        const char *name = syntax_field_name(f);
        TSNode by_id = node_field(n, f);
        TSNode by_name = ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
        if (ts_node_is_null(by_id) != ts_node_is_null(by_name)
            || (!ts_node_is_null(by_id) && !ts_node_eq(by_id, by_name)))
            fail(path, n, "node_field(%s) differs from ts_node_child_by_field_name%s", name, "");
    }
}

static void check_node(const char *path, const TSTreeCursor *c)
{
    TSNode n = ts_tree_cursor_current_node(c);
    const char *type = ts_node_type(n);
    TSSymbol by_name = ts_language_symbol_for_name(tree_sitter_cbc(), type, (uint32_t)strlen(type),
                                                   ts_node_is_named(n));
    if (ts_node_symbol(n) != by_name)
        fail(path, n, "ts_node_symbol is not the symbol its name resolves to%s%s", "", "");
    for (NodeKind k = KIND_OTHER + 1; k < NODE_KIND_COUNT; k++)
        if (node_is(n, k) != (strcmp(type, syntax_kind_name(k)) == 0))
            fail(path, n, "node_is(%s) differs from strcmp%s", syntax_kind_name(k), "");
    const char *field = ts_tree_cursor_current_field_name(c);
    for (FieldName f = 0; f < FIELD_NAME_COUNT; f++)
        if (cursor_in_field(c, f) != (field && strcmp(field, syntax_field_name(f)) == 0))
            fail(path, n, "cursor_in_field(%s) differs from the field name%s", syntax_field_name(f), "");
    check_fields(path, n);
}

/* Returns the number of nodes checked. */
static size_t check_file(const char *path)
{
    Arena arena = { 0 };
    const char *err = NULL;
    Source *src = source_read(&arena, path, &err);
    if (!src) {
        printf("FAIL %s: %s\n", path, err);
        failures++;
        return 0;
    }
    /* Syntax errors are welcome: their ERROR and MISSING nodes get checked too. */
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_cbc());
    TSTree *tree = ts_parser_parse_string(parser, NULL, src->text, (uint32_t)src->len);
    ts_parser_delete(parser);
    size_t nodes = 0;
    if (tree) {
        TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
        do {
            check_node(path, &c);
            nodes++;
        } while (tree_cursor_next(&c, true));
        ts_tree_cursor_delete(&c);
        ts_tree_delete(tree);
    }
    arena_release(&arena);
    return nodes;
}

int main(int argc, char **argv)
{
    syntax_init();
    check_lists();
    size_t nodes = 0;
    for (int i = 1; i < argc; i++)
        nodes += check_file(argv[i]);
    printf("%d files, %zu nodes, %d failures\n", argc - 1, nodes, failures);
    return failures || nodes == 0 ? 1 : 0;
}
