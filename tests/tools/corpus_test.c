/* corpus_test - runs tree-sitter corpus files (grammar/test/corpus/ *.txt)
 * against the compiled tree-sitter-cbc parser, so CI checks the grammar
 * without the tree-sitter CLI (and without Rust).
 *
 * A corpus file is a sequence of tests:
 *
 *     ==================
 *     name
 *     ==================
 *     source text
 *     ---
 *     (expected s-expression)
 *
 * Whitespace in the expected tree is not significant.  Field names are
 * compared only if the expected tree uses them, as `tree-sitter test` does.
 *
 * `corpus_test --update FILE...` rewrites each expected tree with the actual
 * one (with field names, indented): review the diff before committing. */
#include "../../src/parse/parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_rule(const char *line, size_t len, char c)
{
    size_t i = 0;
    while (i < len && line[i] == c)
        i++;
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    return i >= 3 && i == len && line[0] == c;
}

/* Collapse whitespace; no space after '(' or before ')'. */
static void normalize(Buf *out, const char *s, size_t len)
{
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (isspace((unsigned char)c)) {
            space = out->len > 0;
            continue;
        }
        if (space && c != ')' && out->data[out->len - 1] != '(')
            buf_putc(out, ' ');
        space = false;
        buf_putc(out, c);
    }
}

static bool has_fields(const char *s)
{
    for (const char *p = s; *p; p++)
        if (*p == ':' && p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
            return true;
    return false;
}

typedef struct Line {
    const char *text;
    size_t len;
} Line;

static size_t split_lines(const char *text, size_t len, Line **out)
{
    size_t n = 0, cap = 64;
    Line *lines = xmalloc(cap * sizeof *lines);
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            if (i == len && start == len)
                break;
            if (n == cap)
                lines = xrealloc(lines, (cap *= 2) * sizeof *lines);
            lines[n].text = text + start;
            lines[n].len = i - start;
            n++;
            start = i + 1;
        }
    }
    *out = lines;
    return n;
}

static bool update_mode;

/* Indented form of a normalized s-expression: one node per line. */
static void pretty(Buf *out, const char *s)
{
    int depth = 0;
    bool pending_field = false;
    for (const char *p = s; *p; p++) {
        if (*p == '(') {
            if (p != s && !pending_field) {
                buf_putc(out, '\n');
                for (int i = 0; i < depth; i++)
                    buf_puts(out, "  ");
            }
            pending_field = false;
            depth++;
        } else if (*p == ')') {
            depth--;
        } else if (*p == ' ' && p[1] != '(' && p[-1] != ':') {
            /* a field name follows: start it on its own line */
            buf_putc(out, '\n');
            for (int i = 0; i < depth; i++)
                buf_puts(out, "  ");
            pending_field = true;
            continue;
        } else if (*p == ' ' && p[-1] == ':') {
            buf_putc(out, ' ');
            continue;
        } else if (*p == ' ') {
            continue;
        }
        buf_putc(out, *p);
    }
    buf_putc(out, '\n');
}

static int run_case(Buf *updated, const char *file, const char *name, const char *code,
                    size_t code_len, const char *expected, size_t expected_len)
{
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_cbc());
    TSTree *tree = ts_parser_parse_string(parser, NULL, code, (uint32_t)code_len);
    Buf want = { 0 }, got = { 0 }, raw = { 0 };
    normalize(&want, expected, expected_len);
    print_tree_sexp(&raw, ts_tree_root_node(tree),
                    update_mode || has_fields(want.data ? want.data : ""));
    normalize(&got, raw.data, raw.len);
    int failed = strcmp(want.data ? want.data : "", got.data ? got.data : "") != 0;
    if (update_mode) {
        pretty(updated, got.data ? got.data : "");
        failed = 0;
    } else if (failed)
        printf("FAIL %s: %s\n  expected: %s\n  actual:   %s\n", file, name,
               want.data ? want.data : "", got.data ? got.data : "");
    buf_free(&want);
    buf_free(&got);
    buf_free(&raw);
    ts_tree_delete(tree);
    ts_parser_delete(parser);
    return failed;
}

static int run_file(const char *path, int *cases)
{
    Arena arena = { 0 };
    const char *err = NULL;
    Source *src = source_read(&arena, path, &err);
    if (!src) {
        printf("FAIL %s: cannot read: %s\n", path, err);
        return 1;
    }
    Line *lines;
    size_t n = split_lines(src->text, src->len, &lines);
    int failures = 0;
    size_t i = 0;
    Buf updated = { 0 };
    while (i < n) {
        if (!is_rule(lines[i].text, lines[i].len, '=')) {
            if (update_mode)
                buf_printf(&updated, "%.*s\n", (int)lines[i].len, lines[i].text);
            i++;
            continue;
        }
        if (i + 2 >= n || !is_rule(lines[i + 2].text, lines[i + 2].len, '=')) {
            printf("FAIL %s:%zu: malformed test header\n", path, i + 1);
            failures++;
            break;
        }
        char *name = arena_strndup(&arena, lines[i + 1].text, lines[i + 1].len);
        size_t code_first = i + 3, divider = code_first;
        while (divider < n && !is_rule(lines[divider].text, lines[divider].len, '-'))
            divider++;
        size_t next = divider + 1;
        while (next < n && !is_rule(lines[next].text, lines[next].len, '='))
            next++;
        if (divider >= n) {
            printf("FAIL %s: %s: no '---' divider\n", path, name);
            failures++;
            break;
        }
        const char *code = lines[code_first].text;
        size_t code_len = (size_t)(lines[divider].text - code);
        while (code_len > 0 && isspace((unsigned char)code[code_len - 1]))
            code_len--;
        const char *exp = divider + 1 < n ? lines[divider + 1].text : "";
        size_t exp_len = next < n ? (size_t)(lines[next].text - exp)
                                  : (size_t)(src->text + src->len - exp);
        if (divider + 1 >= n)
            exp_len = 0;
        if (update_mode) {
            const char *head = lines[i].text;
            buf_append(&updated, head, (size_t)(lines[divider].text - head));
            buf_printf(&updated, "%.*s\n\n", (int)lines[divider].len, lines[divider].text);
        }
        failures += run_case(&updated, path, name, code, code_len, exp, exp_len);
        if (update_mode && next < n)
            buf_putc(&updated, '\n');
        (*cases)++;
        i = next;
    }
    if (update_mode && failures == 0) {
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(updated.data, 1, updated.len, f) != updated.len || fclose(f) != 0) {
            printf("FAIL %s: cannot rewrite\n", path);
            failures++;
        }
    }
    buf_free(&updated);
    free(lines);
    arena_release(&arena);
    return failures;
}

int main(int argc, char **argv)
{
    int failures = 0, cases = 0;
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "--update") == 0) {
        update_mode = true;
        first = 2;
    }
    for (int i = first; i < argc; i++)
        failures += run_file(argv[i], &cases);
    printf("%d passed, %d failed\n", cases - failures, failures);
    return failures || cases == 0 ? 1 : 0;
}
