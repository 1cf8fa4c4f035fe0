/* fuzz_link.c - libFuzzer target for what reads manifests: `gearsc link`
 * (context header and code table) and `gearsc graph` (JSON and DOT).
 *
 * The input is one to three manifests separated by lines "---"; each is
 * written to a scratch file (the linker reads files), then linked, in the
 * given order and reversed, and graphed.  Besides the sanitizers it checks
 * that linking succeeds or fails the same way in both orders and, when it
 * succeeds, gives byte-identical files (link.h: "the same manifests in any
 * order give byte-identical files").
 *
 *     build/tests/fuzz_link CORPUS_DIR SEED_DIR     (-DGEARSC_FUZZ=ON) */
#define _GNU_SOURCE /* open_memstream, mkdtemp */
#include "gears/link.h"
#include "gears/graph.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_MANIFESTS = 3 };

static char scratch[64];
static char paths[MAX_MANIFESTS][96];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void remove_scratch(void)
{
    for (int i = 0; i < MAX_MANIFESTS; i++)
        unlink(paths[i]);
    rmdir(scratch);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    strcpy(scratch, "/tmp/fuzz_link.XXXXXX");
    if (!mkdtemp(scratch))
        abort();
    for (int i = 0; i < MAX_MANIFESTS; i++)
        snprintf(paths[i], sizeof paths[i], "%s/m%d.json", scratch, i);
    atexit(remove_scratch);
    return 0;
}

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_link: invariant broken: %s\n", what);
    abort();
}

/* gearsc link on the manifests in the given order; *ok is its result. */
static void link_once(const char **files, int count, Buf *h, Buf *c, bool *ok, FILE *diag_out)
{
    Diag d;
    diag_init(&d, diag_out);
    LinkOptions lo = { .manifests = files, .manifest_count = count, .includes = NULL,
                       .include_count = 0, .context_name = "context.h" };
    *ok = gears_link(&lo, h, c, &d);
    diag_finish(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Split at "\n---\n" into up to MAX_MANIFESTS files. */
    int count = 0;
    size_t start = 0;
    while (count < MAX_MANIFESTS) {
        size_t end = size;
        if (count < MAX_MANIFESTS - 1) {
            for (size_t i = start; i + 5 <= size; i++)
                if (memcmp(data + i, "\n---\n", 5) == 0) {
                    end = i + 1;
                    break;
                }
        }
        FILE *f = fopen(paths[count], "wb");
        if (!f)
            abort();
        fwrite(data + start, 1, end - start, f);
        fclose(f);
        count++;
        if (end >= size)
            break;
        start = end + 4;
    }
    const char *forward[MAX_MANIFESTS], *backward[MAX_MANIFESTS];
    for (int i = 0; i < count; i++) {
        forward[i] = paths[i];
        backward[i] = paths[count - 1 - i];
    }

    char *diag_text = NULL;
    size_t diag_len = 0;
    FILE *diag_out = open_memstream(&diag_text, &diag_len);
    if (!diag_out)
        abort();
    Buf h1 = { 0 }, c1 = { 0 }, h2 = { 0 }, c2 = { 0 };
    bool ok1, ok2;
    link_once(forward, count, &h1, &c1, &ok1, diag_out);
    link_once(backward, count, &h2, &c2, &ok2, diag_out);
    if (ok1 != ok2)
        fail("linking succeeds in one order of the manifests and fails in the other");
    if (ok1 && (h1.len != h2.len || c1.len != c2.len || memcmp(h1.data, h2.data, h1.len) != 0
                || memcmp(c1.data, c2.data, c1.len) != 0))
        fail("the order of the manifests changed the linked files");
    buf_free(&h1);
    buf_free(&c1);
    buf_free(&h2);
    buf_free(&c2);

    for (int dot = 0; dot < 2; dot++) {
        Buf g = { 0 };
        Diag d;
        diag_init(&d, diag_out);
        gears_graph(&g, forward, count, dot, &d);
        diag_finish(&d);
        buf_free(&g);
    }
    fclose(diag_out);
    free(diag_text);
    return 0;
}
