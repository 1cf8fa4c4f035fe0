/* graph.c - `gearsc graph`: the gear transition graph of a program, from
 * its manifests (read and checked by manifest_read, as `gearsc link` reads
 * them), as JSON or Graphviz DOT. */
#include "graph.h"

#include "manifest.h"
#include "../support/arena.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void dot_quote(Buf *out, const char *s)
{
    buf_putc(out, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_putc(out, '\\');
        buf_putc(out, *s);
    }
    buf_putc(out, '"');
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool gears_graph(Buf *out, const char **manifests, int count, bool dot, Diag *d)
{
    json_t *nodes = json_array(), *edges = json_array();
    char **lines = NULL; /* DOT lines, sorted for determinism */
    int nlines = 0, lines_cap = 0;
    json_t *seen = json_object(); /* gear names already listed */
    struct stat *ids = xmalloc((size_t)(count > 0 ? count : 1) * sizeof *ids);
    for (int m = 0; m < count; m++) {
        /* a manifest named twice (or by two names) is read once */
        bool again = false;
        if (stat(manifests[m], &ids[m]) == 0)
            for (int k = 0; k < m && !again; k++)
                again = ids[k].st_ino == ids[m].st_ino && ids[k].st_dev == ids[m].st_dev;
        else
            memset(&ids[m], 0, sizeof ids[m]);
        if (again)
            continue;
        ManifestFile mf;
        if (!manifest_read(&mf, manifests[m], d)) {
            manifest_file_free(&mf);
            continue;
        }
        for (size_t k = 0; k < mf.gear_count; k++) {
            const char *name = mf.gears[k].name, *impl = mf.gears[k].implements;
            if (json_object_get(seen, name))
                continue;
            json_object_set_new(seen, name, json_true());
            json_array_append_new(nodes, json_pack("{s:s, s:s?}", "name", name, "implements", impl));
            if (impl) {
                Buf b = { 0 };
                dot_quote(&b, impl);
                buf_puts(&b, " -> ");
                dot_quote(&b, name);
                buf_puts(&b, " [style=dashed];");
                lines = xgrow(lines, nlines, &lines_cap, sizeof *lines);
                lines[nlines++] = b.data;
            }
        }
        size_t k;
        json_t *g;
        json_array_foreach(mf.gotos, k, g) {
            const char *from = json_string_value(json_object_get(g, "from"));
            const char *to = json_string_value(json_object_get(g, "to"));
            const char *kind = json_string_value(json_object_get(g, "kind"));
            if (!from || !to || !kind)
                continue;
            json_array_append_new(edges, json_pack("{s:s, s:s, s:s, s:O?, s:O?}", "from", from, "to", to,
                                                   "kind", kind, "line", json_object_get(g, "line"),
                                                   "source", json_object_get(mf.root, "source")));
            Buf b = { 0 };
            dot_quote(&b, from);
            buf_puts(&b, " -> ");
            dot_quote(&b, to);
            buf_printf(&b, " [label=\"%s\"];", strcmp(kind, "interface") == 0 ? "call"
                                              : strcmp(kind, "continuation") == 0 ? "next"
                                              : strcmp(kind, "meta") == 0 ? "meta"
                                              : strcmp(kind, "par") == 0 ? "par" : "");
            lines = xgrow(lines, nlines, &lines_cap, sizeof *lines);
            lines[nlines++] = b.data;
        }
        manifest_file_free(&mf);
    }
    if (!d->errors) {
        if (dot) {
            if (nlines > 1) /* no transitions: lines is NULL, and qsort(NULL, ...) is undefined */
                qsort(lines, (size_t)nlines, sizeof *lines, by_text);
            buf_puts(out, "digraph gears {\n    rankdir=LR;\n    node [shape=box, style=rounded];\n");
            for (int i = 0; i < nlines; i++)
                if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0)
                    buf_printf(out, "    %s\n", lines[i]);
            buf_puts(out, "}\n");
        } else {
            json_t *root = json_pack("{s:o, s:o}", "gears", json_incref(nodes), "transitions",
                                     json_incref(edges));
            char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            buf_puts(out, s);
            buf_putc(out, '\n');
            free(s);
            json_decref(root);
        }
    }
    for (int i = 0; i < nlines; i++)
        free(lines[i]);
    free(lines);
    json_decref(nodes);
    json_decref(edges);
    json_decref(seen);
    free(ids);
    return !d->errors;
}
