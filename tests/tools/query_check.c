/* query_check - compiles tree-sitter query files (grammar/queries/ *.scm)
 * against the tree-sitter-cbc language, so a query naming a node or field
 * the grammar does not have fails in CTest rather than in an editor. */
#include "../../src/parse/parse.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    int failures = 0;
    for (int i = 1; i < argc; i++) {
        Arena arena = { 0 };
        const char *err = NULL;
        Source *src = source_read(&arena, argv[i], &err);
        if (!src) {
            printf("FAIL %s: %s\n", argv[i], err);
            failures++;
            continue;
        }
        uint32_t offset;
        TSQueryError kind;
        TSQuery *q = ts_query_new(tree_sitter_cbc(), src->text, (uint32_t)src->len, &offset, &kind);
        if (!q) {
            SourcePos pos = source_pos(src, offset);
            printf("FAIL %s:%u:%u: query error %d\n", argv[i], pos.line, pos.col, (int)kind);
            failures++;
        } else {
            printf("ok %s (%u patterns)\n", argv[i], ts_query_pattern_count(q));
            ts_query_delete(q);
        }
        arena_release(&arena);
    }
    printf("%d passed, %d failed\n", argc - 1 - failures, failures);
    return failures ? 1 : 0;
}
