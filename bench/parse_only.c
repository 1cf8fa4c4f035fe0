/* parse_only - the bare tree-sitter parse of a file with the parser gearsc
 * links (tree_sitter_cbc + the tree-sitter runtime): read the file, parse
 * it, free the tree.  The baseline for gearsc's own time and memory in
 * bench/run.sh.  Exits 1 if the file does not parse without errors.
 *
 *   parse_only FILE */
#include <stdio.h>
#include <stdlib.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_cbc(void);

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parse_only FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    size_t got;
    while (text && (got = fread(text + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            text = realloc(text, cap *= 2);
    }
    fclose(f);
    if (!text) {
        fprintf(stderr, "parse_only: out of memory\n");
        return 2;
    }
    TSParser *parser = ts_parser_new();
    if (!ts_parser_set_language(parser, tree_sitter_cbc())) {
        fprintf(stderr, "parse_only: the runtime does not accept the parser\n");
        return 2;
    }
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
    int bad = !tree || ts_node_has_error(ts_tree_root_node(tree));
    printf("%zu bytes, %s\n", len, bad ? "syntax errors" : "ok");
    ts_tree_delete(tree);
    ts_parser_delete(parser);
    free(text);
    return bad;
}
