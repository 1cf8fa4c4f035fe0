/* grammar_so - loads the editor grammar (libtree-sitter-cbc.so) the way an
 * editor does, with dlopen and the symbol tree_sitter_cbc, parses a .cbc file
 * and runs query files over it, concatenated in order (as an editor joins
 * tree-sitter-c's queries and ours).
 *
 *   grammar_so LIB.so FILE.cbc [QUERY.scm]...
 *
 * Prints "LINE:COL @capture text" for each capture (text up to the first
 * newline), and "parsed FILE: N errors" (N counts ERROR and MISSING nodes).
 * Exits 1 if anything fails to load, parse or compile. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    size_t got;
    while (s && (got = fread(s + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            s = realloc(s, cap *= 2);
    }
    fclose(f);
    if (s)
        s[n] = '\0';
    *len = n;
    return s;
}

static unsigned count_errors(TSNode n)
{
    unsigned errors = (strcmp(ts_node_type(n), "ERROR") == 0) || ts_node_is_missing(n);
    for (uint32_t i = 0; i < ts_node_child_count(n); i++)
        errors += count_errors(ts_node_child(n, i));
    return errors;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: grammar_so LIB.so FILE.cbc [QUERY.scm]...\n");
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        printf("FAIL dlopen: %s\n", dlerror());
        return 1;
    }
    const TSLanguage *(*language)(void);
    *(void **)&language = dlsym(lib, "tree_sitter_cbc");
    if (!language) {
        printf("FAIL dlsym tree_sitter_cbc: %s\n", dlerror());
        return 1;
    }
    size_t len;
    char *text = slurp(argv[2], &len);
    if (!text) {
        printf("FAIL cannot read %s\n", argv[2]);
        return 1;
    }
    TSParser *parser = ts_parser_new();
    if (!ts_parser_set_language(parser, language())) {
        printf("FAIL parser ABI %u not accepted by this tree-sitter runtime\n",
               ts_language_version(language()));
        return 1;
    }
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)len);
    TSNode root = ts_tree_root_node(tree);
    printf("parsed %s: %u errors\n", argv[2], count_errors(root));

    size_t qlen = 0;
    char *query_text = calloc(1, 1);
    for (int i = 3; i < argc; i++) {
        size_t n;
        char *q = slurp(argv[i], &n);
        if (!q) {
            printf("FAIL cannot read %s\n", argv[i]);
            return 1;
        }
        query_text = realloc(query_text, qlen + n + 2);
        memcpy(query_text + qlen, q, n);
        qlen += n;
        query_text[qlen++] = '\n';
        query_text[qlen] = '\0';
        free(q);
    }
    int status = 0;
    if (argc > 3) {
        uint32_t offset;
        TSQueryError kind;
        TSQuery *query = ts_query_new(language(), query_text, (uint32_t)qlen, &offset, &kind);
        if (!query) {
            printf("FAIL query error %d at byte %u of the joined queries\n", (int)kind, offset);
            status = 1;
        } else {
            TSQueryCursor *cursor = ts_query_cursor_new();
            ts_query_cursor_exec(cursor, query, root);
            TSQueryMatch match;
            uint32_t index;
            while (ts_query_cursor_next_capture(cursor, &match, &index)) {
                TSQueryCapture c = match.captures[index];
                uint32_t name_len;
                const char *name = ts_query_capture_name_for_id(query, c.index, &name_len);
                uint32_t start = ts_node_start_byte(c.node), end = ts_node_end_byte(c.node);
                const char *nl = memchr(text + start, '\n', end - start);
                if (nl)
                    end = (uint32_t)(nl - text);
                TSPoint p = ts_node_start_point(c.node);
                printf("%u:%u @%.*s %.*s\n", p.row + 1, p.column + 1, (int)name_len, name,
                       (int)(end - start), text + start);
            }
            ts_query_cursor_delete(cursor);
            ts_query_delete(query);
        }
    }
    free(query_text);
    ts_tree_delete(tree);
    ts_parser_delete(parser);
    free(text);
    dlclose(lib);
    return status;
}
