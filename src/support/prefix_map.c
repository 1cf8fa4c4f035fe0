/* prefix_map.c - see prefix_map.h. */
#include "prefix_map.h"

#include <stdlib.h>
#include <string.h>

typedef struct PrefixMap {
    const char *old, *new_prefix; /* into the option's own text: argv lives until exit */
    size_t old_len, new_len;
} PrefixMap;

static PrefixMap *maps;
static int map_count;
static Arena mapped; /* the mapped paths */

PrefixMapOption prefix_map_option(const char *arg)
{
    static const char *const names[] = { "-ffile-prefix-map=", "-fdebug-prefix-map=",
                                         "-fmacro-prefix-map=", NULL };
    const char *value = NULL;
    for (int i = 0; names[i] && !value; i++)
        if (strncmp(arg, names[i], strlen(names[i])) == 0)
            value = arg + strlen(names[i]);
    if (!value)
        return PREFIX_MAP_NONE;
    const char *eq = strchr(value, '=');
    if (!eq)
        return PREFIX_MAP_BAD;
    maps = xrealloc(maps, (size_t)(map_count + 1) * sizeof *maps);
    maps[map_count++] = (PrefixMap){ value, eq + 1, (size_t)(eq - value), strlen(eq + 1) };
    return PREFIX_MAP_TAKEN;
}

const char *prefix_map_path(const char *path)
{
    for (int i = map_count - 1; i >= 0; i--) {
        const PrefixMap *m = &maps[i];
        if (strncmp(path, m->old, m->old_len) == 0)
            return arena_printf(&mapped, "%.*s%s", (int)m->new_len, m->new_prefix,
                                path + m->old_len);
    }
    return path;
}

void prefix_map_clear(void)
{
    free(maps);
    maps = NULL;
    map_count = 0;
    arena_release(&mapped);
}
