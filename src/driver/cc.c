/* cc.c - `gearsc cc`: see cc.h.
 *
 * The options are sorted the way clang's driver sorts them:
 *
 *   preprocessing  -D -U -I -iquote -isystem -idirafter -include -imacros
 *                  -nostdinc -isysroot -Wp, -Xpreprocessor ...: the -E step only
 *   dependencies   -MD -MMD -MF -MT -MQ -MP -MG: the -E step only, which writes
 *                  the .d file (naming the .cbc and every header); -MF and -MT
 *                  are filled in as clang would name them, so the file and its
 *                  target are those of the final object, not of a temporary
 *   compile only   -Wa, -Xassembler
 *   link only      -l -L -Wl, -Xlinker -shared -static -pie -nostdlib -T ...
 *   gearsc's own   --cc=PROG --gears --manifest= --context-header= --no-line
 *   modes          -c -S -E -fsyntax-only -M -MM -o -x -v -### -save-temps
 *   everything else (-O -g -f -m -std= --target= -W -w --sysroot ...): every step.
 *
 * One input, compiled with -c:
 *
 *   $CC -E <pp> <deps> <common> -x c x.cbc -o T.cbc.i        the preprocessor
 *   lower T.cbc.i -> T.i                                     gearsc, in process
 *   $CC -c <common> <compile> -x cpp-output T.i -o x.o       the backend
 *
 * A .c input whose text, and that of the headers it includes from the
 * user's directories, holds no CbC token goes to the backend as it is.
 * Any other .c input takes the same first step; when its preprocessed text holds no
 * CbC token (__code, __return, __environment, _CbC_..., par goto), T.cbc.i
 * itself goes to the backend as cpp-output: one preprocessing, no lowering.
 *
 * The lowering runs in this process, through the same narrow calls the
 * plain `gearsc FILE` path makes (source_from_memory, parse_source,
 * lower_file): no second gearsc process, and nothing here depends on how
 * main.c arranges its own passes. */
#define _GNU_SOURCE /* mkstemps */
#include "cc.h"

#include "linemarkers.h"
#include "../codegen/lower.h"
#include "../gears/manifest.h"
#include "../parse/parse.h"
#include "../sema/check.h"
#include "../sema/warnings.h"
#include "../support/output.h"
#include "../support/prefix_map.h"

#include <errno.h>
#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- argument vectors ---- */

typedef struct Args {
    const char **v;
    int n, cap;
} Args;

static void push(Args *a, const char *s)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->v = xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n++] = s;
    a->v[a->n] = NULL;
}

static void push_all(Args *a, const Args *b)
{
    for (int i = 0; i < b->n; i++)
        push(a, b->v[i]);
}

/* ---- the command line ---- */

typedef enum Mode { MODE_LINK, MODE_COMPILE, MODE_ASSEMBLY, MODE_PREPROCESS, MODE_SYNTAX,
                    MODE_DEPS } Mode;
typedef enum Lang { LANG_CBC, LANG_C, LANG_SOURCE, LANG_OBJECT } Lang;

typedef struct Input {
    const char *path;
    const char *x;      /* the -x in force for it, NULL for none */
    Lang lang;
    int link_index;     /* its place in the link line */
} Input;

typedef struct Driver {
    Arena arena;        /* strings made here */
    Args backend;       /* the backend command: "clang", or --cc / GEARSC_CC split on spaces */
    Args pp, deps, common, compile, link;
    Args link_line;     /* link options and inputs, in command-line order */
    Input *inputs;
    int input_count;
    Mode mode;
    const char *output;
    bool md, mf, mt;    /* -MD or -MMD given; -MF given; -MT or -MQ given */
    int save_temps;     /* 0 no, 1 cwd, 2 beside the output (obj) */
    bool verbose, dry_run, gcc_backend;
    bool gears, line_directives;
    const char *manifest, *context_header;
    Args temps;         /* files to remove at the end */
    char **argv;        /* the original words, for the no-input case */
    int argc;
} Driver;

static int cc_error(const char *fmt, const char *arg)
{
    fputs("gearsc cc: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return 1;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

/* Options that take the next word as their value, by class. */
static const char *const pp_separate[] = {
    "-D", "-U", "-I", "-iquote", "-isystem", "-idirafter", "-include", "-imacros", "-iprefix",
    "-iwithprefix", "-iwithprefixbefore", "-isysroot", "-imultilib", "-isystem-after",
    "-Xpreprocessor", "-iframework", "-F", NULL };
static const char *const link_separate[] = { "-L", "-l", "-Xlinker", "-T", "-u", "-z", NULL };
static const char *const common_separate[] = {
    "-target", "-arch", "-Xclang", "-mllvm", "--param", "-gcc-toolchain", "-B", "--sysroot",
    "-aux-info", "-Xopenmp-target", "-ivfsoverlay", NULL };
/* Prefixes that mark preprocessing-only and link-only options written joined. */
static const char *const pp_joined[] = {
    "-D", "-U", "-I", "-iquote", "-isystem", "-idirafter", "-include", "-imacros",
    "-isysroot", "-Wp,", "-nostdinc", "-undef", "-iwithprefix", "-iprefix", "-F", NULL };
static const char *const pp_exact[] = { "-C", "-CC", "-P", "-H", "-dM", "-dD", "-dI",
                                        "-trigraphs", NULL };
static const char *const link_joined[] = {
    "-l", "-L", "-Wl,", "-fuse-ld=", "--ld-path=", "-rtlib=", "-unwindlib=", "-T", NULL };
static const char *const link_exact[] = {
    "-shared", "-static", "-static-pie", "-static-libgcc", "-shared-libgcc", "-pie", "-no-pie",
    "-rdynamic", "-nostdlib", "-nostartfiles", "-nodefaultlibs", "-nolibc", "-s", "-r", NULL };

static bool any_prefix(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (starts(s, *list))
            return true;
    return false;
}

static const char *extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    return dot ? dot : "";
}

static Lang language(const char *path, const char *x)
{
    if (x) {
        if (strcmp(x, "cbc") == 0)
            return LANG_CBC;
        if (strcmp(x, "c") == 0)
            return LANG_C;
        return LANG_SOURCE;
    }
    const char *e = extension(path);
    if (strcmp(e, ".cbc") == 0)
        return LANG_CBC;
    if (strcmp(e, ".c") == 0)
        return LANG_C;
    static const char *const sources[] = { ".S", ".s", ".sx", ".i", ".cc", ".cpp", ".cxx",
                                           ".C", ".m", ".ii", ".h", NULL };
    return in_list(e, sources) ? LANG_SOURCE : LANG_OBJECT;
}

static void split_words(Driver *d, const char *s)
{
    char *copy = arena_strdup(&d->arena, s);
    for (char *w = strtok(copy, " \t"); w; w = strtok(NULL, " \t"))
        push(&d->backend, w);
}

static void add_input(Driver *d, const char *path, const char *x)
{
    d->inputs = xrealloc(d->inputs, (size_t)(d->input_count + 1) * sizeof *d->inputs);
    Input *in = &d->inputs[d->input_count++];
    in->path = path;
    in->x = x;
    in->lang = language(path, x);
    in->link_index = d->link_line.n;
    push(&d->link_line, path);
}

/* Sorts argv[1..] into d; returns false (having reported) on a usage error. */
static bool parse_command_line(Driver *d, int argc, char **argv)
{
    const char *x = NULL;
    const char *cc = getenv("GEARSC_CC");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            add_input(d, a, x);
        } else if (starts(a, "--cc=")) {
            cc = a + 5;
        } else if (strcmp(a, "--gears") == 0) {
            d->gears = true;
        } else if (starts(a, "--manifest=")) {
            d->manifest = a + 11;
        } else if (starts(a, "--context-header=")) {
            d->context_header = a + 17;
        } else if (strcmp(a, "--no-line") == 0) {
            d->line_directives = false;
        } else if (strcmp(a, "-c") == 0) {
            d->mode = MODE_COMPILE;
        } else if (strcmp(a, "-S") == 0) {
            if (d->mode != MODE_PREPROCESS)
                d->mode = MODE_ASSEMBLY;
        } else if (strcmp(a, "-E") == 0) {
            d->mode = MODE_PREPROCESS;
        } else if (strcmp(a, "-fsyntax-only") == 0) {
            d->mode = MODE_SYNTAX;
        } else if (strcmp(a, "-M") == 0 || strcmp(a, "-MM") == 0) {
            d->mode = MODE_DEPS;
            push(&d->deps, a);
        } else if (strcmp(a, "-o") == 0) {
            if (!next)
                return cc_error("missing argument to '%s'", a), false;
            d->output = argv[++i];
        } else if (starts(a, "-o")) {
            d->output = a + 2;
        } else if (strcmp(a, "-x") == 0 || (starts(a, "-x") && a[2])) {
            if (a[2] == '\0' && !next)
                return cc_error("missing argument to '%s'", a), false;
            x = a[2] ? a + 2 : argv[++i];
            if (strcmp(x, "none") == 0)
                x = NULL;
        } else if (strcmp(a, "-v") == 0) {
            d->verbose = true;
            push(&d->common, a);
        } else if (strcmp(a, "-###") == 0) {
            d->dry_run = true;
        } else if (strcmp(a, "-save-temps") == 0 || strcmp(a, "-save-temps=cwd") == 0) {
            d->save_temps = 1;
            push(&d->compile, a);
        } else if (strcmp(a, "-save-temps=obj") == 0) {
            d->save_temps = 2;
            push(&d->compile, a);
        } else if (strcmp(a, "-MD") == 0 || strcmp(a, "-MMD") == 0) {
            d->md = true;
            push(&d->deps, a);
        } else if (strcmp(a, "-MF") == 0 || strcmp(a, "-MT") == 0 || strcmp(a, "-MQ") == 0) {
            if (!next)
                return cc_error("missing argument to '%s'", a), false;
            push(&d->deps, a);
            push(&d->deps, argv[++i]);
            d->mf |= a[2] == 'F';
            d->mt |= a[2] != 'F';
        } else if (starts(a, "-MF") || starts(a, "-MT") || starts(a, "-MQ")) {
            push(&d->deps, a);
            d->mf |= a[2] == 'F';
            d->mt |= a[2] != 'F';
        } else if (strcmp(a, "-MP") == 0 || strcmp(a, "-MG") == 0 || strcmp(a, "-MV") == 0) {
            push(&d->deps, a);
        } else if (in_list(a, pp_separate)) {
            if (!next)
                return cc_error("missing argument to '%s'", a), false;
            push(&d->pp, a);
            push(&d->pp, argv[++i]);
        } else if (in_list(a, link_separate)) {
            if (!next)
                return cc_error("missing argument to '%s'", a), false;
            push(&d->link, a);
            push(&d->link, argv[i + 1]);
            push(&d->link_line, a);
            push(&d->link_line, argv[++i]);
        } else if (in_list(a, common_separate)) {
            if (!next)
                return cc_error("missing argument to '%s'", a), false;
            push(&d->common, a);
            push(&d->common, argv[++i]);
        } else if (strcmp(a, "-Xassembler") == 0) {
            if (!next)
                return cc_error("missing argument to '%s'", a), false;
            push(&d->compile, a);
            push(&d->compile, argv[++i]);
        } else if (starts(a, "-Wa,")) {
            push(&d->compile, a);
        } else if (any_prefix(a, pp_joined) || in_list(a, pp_exact)) {
            push(&d->pp, a);
        } else if (any_prefix(a, link_joined) || in_list(a, link_exact)) {
            push(&d->link, a);
            push(&d->link_line, a);
        } else {
            /* -w, -Werror, -Wall, -fdiagnostics-color=: gearsc's diagnostics
             * and the backend's; gearsc's own warnings (-Wgear-fall-off) are
             * not the backend's (clang would call them unknown) */
            if (prefix_map_option(a) == PREFIX_MAP_BAD) /* and to the backend, below */
                return cc_error("invalid argument '%s': expected OLD=NEW", a), false;
            DiagOptionKind k = diag_option(&diag_options, a);
            if (k == DIAG_OPTION_BAD)
                return cc_error("bad value in '%s' (expected never, always or auto)", a), false;
            if (k != DIAG_OPTION_OWN)
                push(&d->common, a);
        }
    }
    if (!cc || !*cc)
        cc = "clang";
    split_words(d, cc);
    if (d->backend.n == 0)
        push(&d->backend, "clang");
    /* gcc's -x cpp-output means -fpreprocessed: no macro expansion, and the
     * lowered C's prelude defines macros; clang expands them in any input. */
    const char *prog = strrchr(d->backend.v[d->backend.n - 1], '/');
    prog = prog ? prog + 1 : d->backend.v[d->backend.n - 1];
    d->gcc_backend = strstr(prog, "clang") == NULL
                     && (strstr(prog, "gcc") != NULL || strcmp(prog, "cc") == 0);
    return true;
}

/* ---- running commands ---- */

static void print_command(const Args *cmd)
{
    for (int i = 0; i < cmd->n; i++) {
        const char *w = cmd->v[i];
        bool plain = *w != '\0';
        for (const char *p = w; *p; p++)
            if (!(strchr("+-./=,_:@%", *p) || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z')
                  || (*p >= 'A' && *p <= 'Z')))
                plain = false;
        if (i)
            fputc(' ', stderr);
        if (plain) {
            fputs(w, stderr);
        } else {
            fputc('"', stderr);
            for (const char *p = w; *p; p++) {
                if (*p == '"' || *p == '\\' || *p == '$' || *p == '`')
                    fputc('\\', stderr);
                fputc(*p, stderr);
            }
            fputc('"', stderr);
        }
    }
    fputc('\n', stderr);
}

/* Runs cmd; returns its exit status (1 when it cannot run or dies by a signal). */
static int run(Driver *d, const Args *cmd)
{
    if (d->verbose || d->dry_run)
        print_command(cmd);
    if (d->dry_run)
        return 0;
    fflush(stdout);
    fflush(stderr);
    pid_t pid;
    int err = posix_spawnp(&pid, cmd->v[0], NULL, NULL, (char *const *)cmd->v, environ);
    if (err) {
        fprintf(stderr, "gearsc cc: error: cannot run '%s': %s\n", cmd->v[0], strerror(err));
        return 1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return 1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    fprintf(stderr, "gearsc cc: error: '%s' terminated by signal %d\n", cmd->v[0],
            WTERMSIG(status));
    return 1;
}

/* ---- file names ---- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* path with its extension replaced by ext ("" drops it). */
static const char *replace_ext(Driver *d, const char *path, const char *ext)
{
    size_t keep = strlen(path) - strlen(extension(path));
    return arena_printf(&d->arena, "%.*s%s", (int)keep, path, ext);
}

static const char *temp_file(Driver *d, const char *suffix)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char *name = arena_printf(&d->arena, "%s/gearsc-XXXXXX%s", dir, suffix);
    int fd = mkstemps(name, (int)strlen(suffix));
    if (fd < 0) {
        fprintf(stderr, "gearsc cc: error: cannot create a temporary file in %s: %s\n", dir,
                strerror(errno));
        return NULL;
    }
    close(fd);
    push(&d->temps, name);
    return name;
}

/* Where -save-temps puts stem+suffix: the current directory, or beside the output. */
static const char *kept_temp(Driver *d, const Input *in, const char *suffix)
{
    const char *stem = replace_ext(d, base_name(in->path), "");
    if (d->save_temps == 2 && d->output) {
        const char *slash = strrchr(d->output, '/');
        if (slash)
            return arena_printf(&d->arena, "%.*s/%s%s", (int)(slash - d->output), d->output,
                                stem, suffix);
    }
    return arena_printf(&d->arena, "%s%s", stem, suffix);
}

static bool read_file(const char *path, Buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(out, chunk, n);
    bool ok = !ferror(f);
    fclose(f);
    return ok;
}

/* ---- CbC in preprocessed text ---- */

static bool ident_char(char c)
{
    return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the text holds a CbC token: __code, __return, __environment, an
 * identifier starting _CbC_, or `par goto`.  A cheap scan, not a lexer: a
 * string that holds one only costs a lowering that changes nothing. */
static bool uses_cbc(const char *t, size_t len)
{
    static const char *const words[] = { "__code", "__return", "__environment", NULL };
    for (size_t i = 0; i + 3 < len; i++) {
        if (t[i] == '_' && (i == 0 || !ident_char(t[i - 1]))) {
            if (len - i > 5 && memcmp(t + i, "_CbC_", 5) == 0)
                return true;
            for (int k = 0; words[k]; k++) {
                size_t n = strlen(words[k]);
                if (len - i >= n && memcmp(t + i, words[k], n) == 0
                    && (i + n == len || !ident_char(t[i + n])))
                    return true;
            }
        } else if (t[i] == 'p' && len - i > 3 && t[i + 1] == 'a' && t[i + 2] == 'r'
                   && (i == 0 || !ident_char(t[i - 1])) && !ident_char(t[i + 3])) {
            size_t j = i + 3;
            while (j < len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n'))
                j++;
            if (len - j >= 4 && memcmp(t + j, "goto", 4) == 0
                && (j + 4 == len || !ident_char(t[j + 4])))
                return true;
        }
    }
    return false;
}

/* ---- C files that need no preprocessing step ---- */

/* The user's include directories, by kind, from the preprocessing options. */
typedef struct IncludeDirs {
    Args quote, angle, forced; /* "..." only; "..." and <...>; -include / -imacros files */
} IncludeDirs;

static void include_dirs(const Driver *d, IncludeDirs *dirs)
{
    static const char *const quote_only[] = { "-iquote", NULL };
    static const char *const angle[] = { "-I", "-isystem", "-idirafter", NULL };
    static const char *const forced[] = { "-include", "-imacros", NULL };
    for (int i = 0; i < d->pp.n; i++) {
        const char *a = d->pp.v[i];
        const char *const *lists[] = { quote_only, angle, forced };
        Args *into[] = { &dirs->quote, &dirs->angle, &dirs->forced };
        for (int k = 0; k < 3; k++)
            for (const char *const *o = lists[k]; *o; o++) {
                size_t n = strlen(*o);
                if (strncmp(a, *o, n) != 0)
                    continue;
                if (a[n] == '\0' && i + 1 < d->pp.n)
                    push(into[k], d->pp.v[++i]);
                else if (a[n] != '\0' && strcmp(*o, "-I") == 0)
                    push(into[k], a + n);
                else if (a[n] != '\0' && k != 2)
                    push(into[k], a + n);
                goto next;
            }
    next:;
    }
}

static bool file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* Where an include of header finds it: an absolute path as it is; quoted,
 * beside the file `from` (NULL: the working directory), then in the
 * -iquote directories; then in the -I, -isystem and -idirafter ones.  NULL
 * if nowhere. */
static const char *find_header(Driver *d, const IncludeDirs *dirs, const char *header,
                               const char *from, bool quoted)
{
    if (header[0] == '/')
        return header;
    if (quoted) {
        const char *slash = from ? strrchr(from, '/') : NULL;
        const char *here = slash ? arena_printf(&d->arena, "%.*s/%s", (int)(slash - from), from,
                                                header)
                                 : header;
        if (file_exists(here))
            return here;
        for (int k = 0; k < dirs->quote.n; k++) {
            const char *p = arena_printf(&d->arena, "%s/%s", dirs->quote.v[k], header);
            if (file_exists(p))
                return p;
        }
    }
    for (int k = 0; k < dirs->angle.n; k++) {
        const char *p = arena_printf(&d->arena, "%s/%s", dirs->angle.v[k], header);
        if (file_exists(p))
            return p;
    }
    return NULL;
}

/* Whether `-include header` would find header (as a quoted include from
 * the working directory).  Used only to explain a failure, never to
 * refuse a build. */
static bool include_found(Driver *d, const char *header)
{
    IncludeDirs dirs = { 0 };
    include_dirs(d, &dirs);
    const char *p = find_header(d, &dirs, header, NULL, true);
    bool found = p && file_exists(p);
    free(dirs.quote.v);
    free(dirs.angle.v);
    free(dirs.forced.v);
    return found;
}

/* Whether the C file `path` can go to the backend as it is, skipping the
 * preprocessing step: neither it nor any header it includes from the user's
 * own directories (followed textually, through every #if branch) holds a
 * CbC token, and every #include names its header literally.  Headers not
 * found there are the system's, which declare no gears.  Conservative: a
 * token in a comment or a dead branch only costs the preprocessing step. */
static bool textually_plain(Driver *d, const char *path)
{
    IncludeDirs dirs = { 0 };
    include_dirs(d, &dirs);
    Args todo = { 0 }, seen = { 0 };
    push(&todo, path);
    push_all(&todo, &dirs.forced);
    bool plain = true;
    Buf text = { 0 };
    while (plain && todo.n > 0) {
        const char *file = todo.v[--todo.n];
        bool again = false;
        for (int i = 0; i < seen.n && !again; i++)
            again = strcmp(seen.v[i], file) == 0;
        if (again)
            continue;
        push(&seen, file);
        text.len = 0;
        if (!read_file(file, &text) || uses_cbc(text.data, text.len)) {
            plain = false;
            break;
        }
        const char *t = text.data;
        size_t len = text.len;
        for (size_t i = 0; i < len && plain; i++) {
            if (t[i] != '#' || (i > 0 && t[i - 1] != '\n' && t[i - 1] != ' ' && t[i - 1] != '\t'))
                continue;
            size_t j = i + 1;
            while (j < len && (t[j] == ' ' || t[j] == '\t'))
                j++;
            size_t w = j;
            while (j < len && ident_char(t[j]))
                j++;
            bool include = (j - w == 7 && memcmp(t + w, "include", 7) == 0)
                        || (j - w == 12 && memcmp(t + w, "include_next", 12) == 0)
                        || (j - w == 6 && memcmp(t + w, "import", 6) == 0);
            if (!include)
                continue;
            while (j < len && (t[j] == ' ' || t[j] == '\t'))
                j++;
            char close = j < len && t[j] == '"' ? '"' : j < len && t[j] == '<' ? '>' : 0;
            if (!close) {
                plain = false; /* #include MACRO */
                break;
            }
            size_t name = ++j;
            while (j < len && t[j] != close && t[j] != '\n')
                j++;
            if (j >= len || t[j] != close) {
                plain = false;
                break;
            }
            const char *header = arena_printf(&d->arena, "%.*s", (int)(j - name), t + name);
            const char *found = find_header(d, &dirs, header, file, close == '"');
            if (found)
                push(&todo, found);
            i = j;
        }
    }
    buf_free(&text);
    free(todo.v);
    free(seen.v);
    free(dirs.quote.v);
    free(dirs.angle.v);
    free(dirs.forced.v);
    return plain;
}

/* ---- lowering ---- */

/* The "line" and "col" of every object in a manifest, which lowering took
 * from the preprocessed text, mapped through its line markers to the lines
 * of the files they came from (as source mode's manifests have them). */
static void map_manifest_positions(json_t *v, Source *src, LineMarkers *markers)
{
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            map_manifest_positions(json_array_get(v, i), src, markers);
        return;
    }
    if (!json_is_object(v))
        return;
    json_t *line = json_object_get(v, "line"), *col = json_object_get(v, "col");
    if (json_is_integer(line) && json_is_integer(col)) {
        json_int_t l = json_integer_value(line), c = json_integer_value(col);
        source_pos(src, 0); /* builds the line table */
        if (l >= 1 && (size_t)l <= src->line_count && c >= 1) {
            DiagLocation loc;
            size_t offset = src->line_starts[l - 1] + (size_t)(c - 1);
            json_t *source = json_object_get(v, "source");
            if (linemarkers_locate(markers, src, offset, &loc)) {
                json_integer_set(line, loc.pos.line);
                json_integer_set(col, loc.pos.col);
                if (json_is_string(source))
                    json_string_set(source, prefix_map_path(loc.path));
            }
        }
    }
    const char *key;
    json_t *child;
    json_object_foreach(v, key, child)
        map_manifest_positions(child, src, markers);
}

static void map_manifest(Buf *manifest, Source *src, LineMarkers *markers)
{
    json_t *root = json_loadb(manifest->data ? manifest->data : "", manifest->len, 0, NULL);
    if (!root)
        return;
    map_manifest_positions(root, src, markers);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text) {
        manifest->len = 0;
        buf_puts(manifest, text);
        buf_putc(manifest, '\n');
        free(text);
    }
    json_decref(root);
}

/* The slot layout for the backend's target and flags: the backend command's
 * own words (--cc="clang --target=...") and then the command line's, so
 * that a kernel built with -mgeneral-regs-only or -mno-sse gets the
 * integer-only layout (docs/lowering.md). */
static const SlotLayout *target_layout(Driver *d)
{
    Args all = { 0 };
    push_all(&all, &d->backend);
    push_all(&all, &d->common);
    const SlotLayout *layout = slot_layout_for_target(NULL, all.n, all.v);
    free(all.v);
    return layout ? layout : slot_layout_default();
}

/* The lowered text starts with a line marker naming the source (through
 * the prefix maps): clang names a preprocessed input's compilation unit,
 * in the debug information and the object's file symbol, after a line
 * marker on its first line, and otherwise after the file itself -- a
 * temporary whose random name would make every object differ.  The
 * prelude gearsc puts in front of the text is then `<gearsc prelude>`. */
static void put_marker(Buf *out, const char *path)
{
    buf_puts(out, "# 1 \"");
    for (const char *p = path; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_putc(out, '\\');
        buf_putc(out, *p);
    }
    buf_puts(out, "\"\n");
}

/* The -D and -U of CBC_ macros (CBC_SPILL_BYTES, CBC_NO_SIGNATURE_CHECK...)
 * as directives: the prelude and the signature block that gearsc adds after
 * preprocessing test them, and a compiler reading preprocessed input
 * (-x cpp-output) does not apply command-line -D options. */
static void put_lowering_macros(Buf *out, const Args *pp)
{
    for (int i = 0; i < pp->n; i++) {
        const char *a = pp->v[i];
        bool define = strncmp(a, "-D", 2) == 0, undef = strncmp(a, "-U", 2) == 0;
        if (!define && !undef)
            continue;
        const char *name = a[2] ? a + 2 : (i + 1 < pp->n ? pp->v[++i] : "");
        if (strncmp(name, "CBC_", 4) != 0)
            continue;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        if (undef)
            buf_printf(out, "#undef %.*s\n", (int)len, name);
        else
            buf_printf(out, "#define %.*s %s\n", (int)len, name, eq ? eq + 1 : "1");
    }
}

/* Whether the compile makes LTO objects: the last of -flto, -flto=...
 * and -fno-lto among the options for every step (where all three go). */
static bool lto_requested(const Args *common)
{
    bool lto = false;
    for (int i = 0; i < common->n; i++) {
        const char *a = common->v[i];
        if (strcmp(a, "-flto") == 0 || starts(a, "-flto="))
            lto = true;
        else if (strcmp(a, "-fno-lto") == 0)
            lto = false;
    }
    return lto;
}

static void start_lowered_text(Buf *out, const char *path, const Driver *d)
{
    put_marker(out, prefix_map_path(path));
    put_marker(out, "<gearsc prelude>");
    /* The link-time checks are symbols that module-level asm defines in
     * COMDAT groups, which LTO cannot merge ("duplicate symbol"): under
     * LTO, gearsc's prelude leaves them out (docs/lowering.md). */
    if (lto_requested(&d->common))
        buf_puts(out, "#define CBC_NO_LINK_CHECKS 1\n");
    put_lowering_macros(out, &d->pp);
}

/* gearsc's warnings are about the gears of the file compiled, not of the
 * headers it includes: where the line markers say an offset comes from. */
typedef struct MainFile {
    LineMarkers *markers;
    Source *src;
    const char *path;
} MainFile;

static bool in_main_file(void *ctx, size_t offset)
{
    MainFile *m = ctx;
    DiagLocation loc;
    return !linemarkers_locate(m->markers, m->src, offset, &loc) || strcmp(loc.path, m->path) == 0;
}

/* Lowers the preprocessed text of `in` (in `text`) to `out`; returns false
 * (having printed gearsc's diagnostics, at the original files' lines) on errors. */
static bool lower_preprocessed(Driver *d, const Input *in, const Buf *text, Buf *out,
                               const char *manifest)
{
    Arena arena = { 0 };
    LineMarkers markers = { 0 };
    Diag diag;
    diag_init(&diag, stderr);
    diag.locate = linemarkers_locate;
    diag.locate_ctx = &markers;
    Buf manifest_text = { 0 };
    bool included = d->gears && d->mode != MODE_PREPROCESS && d->mode != MODE_DEPS;
    Buf clean = { 0 };
    if (included) {
        /* -dD writes `#define X ` with a trailing blank, which the parse
         * takes for the start of a macro body running on: drop the blanks
         * at the end of #define lines (no line moves). */
        const char *t = text->data ? text->data : "";
        for (size_t i = 0; i < text->len;) {
            size_t e = i;
            while (e < text->len && t[e] != '\n')
                e++;
            size_t end = e;
            if (e - i > 8 && memcmp(t + i, "#define ", 8) == 0)
                while (end > i && (t[end - 1] == ' ' || t[end - 1] == '\t'))
                    end--;
            buf_append(&clean, t + i, end - i);
            if (e < text->len)
                buf_putc(&clean, '\n');
            i = e + 1;
        }
        text = &clean;
    }
    Source *src = source_from_memory(&arena, in->path, text->data ? text->data : "", text->len);
    TSTree *tree = parse_preprocessed_passthrough(src, &diag);
    if (tree && !diag.errors) {
        LowerOptions lo = { .line_directives = d->line_directives, .gears = d->gears, .exact_columns = true,
                            .context_header = included ? NULL : d->context_header,
                            .layout = target_layout(d) };
        Model model;
        model_init(&model, &diag);
        model_declare(&model, src, tree, NULL, 0); /* preprocessed: no #include left */
        if (d->gears)
            model_build_gears(&model);
        check_file(&model.env, &model.main_unit, model.headers, d->gears);
        MainFile main_file = { &markers, src, in->path };
        warn_gears(&model.env, src, tree, in_main_file, &main_file);
        if (!diag.errors)
            start_lowered_text(out, in->path, d);
        Lowered lowered = { 0 };
        lower_file(out, &lowered, &model, &lo);
        if (d->gears && manifest && !diag.errors)
            manifest_from_model(&manifest_text, &model, &lowered);
        lowered_free(&lowered);
        model_free(&model);
    }
    const char *err = NULL;
    if (!diag.errors && manifest)
        map_manifest(&manifest_text, src, &markers);
    if (!diag.errors && manifest && !write_output(manifest, &manifest_text, &err))
        diag_plain(&diag, "cannot write '%s': %s", manifest, err);
    diag_finish(&diag);
    if (tree)
        ts_tree_delete(tree);
    buf_free(&manifest_text);
    buf_free(&clean);
    linemarkers_free(&markers);
    arena_release(&arena);
    return diag.errors == 0;
}

/* ---- the steps ---- */

static void start_command(Driver *d, Args *cmd)
{
    cmd->n = 0;
    push_all(cmd, &d->backend);
}

/* The -E step for a C or CbC input, its dependency options completed as
 * clang's driver completes them for `object`; writes the text to `to`. */
/* Gears sources name their Interfaces with `#interface "Stack.h"`, which is
 * no C directive: the preprocessor reads a copy where it is `#include`,
 * headed by a line marker naming the original (so lines, diagnostics and
 * __FILE__ stay the original's), with the original's directory searched
 * for "..." headers.  NULL when the file has no #interface. */
static const char *interface_copy(Driver *d, const Input *in, Args *cmd)
{
    Buf text = { 0 };
    if (!read_file(in->path, &text) || !text.len) {
        buf_free(&text);
        return NULL;
    }
    Buf out = { 0 };
    bool any = false;
    buf_puts(&out, "# 1 \"");
    for (const char *p = in->path; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_putc(&out, '\\');
        buf_putc(&out, *p);
    }
    buf_puts(&out, "\"\n");
    for (size_t i = 0; i < text.len;) {
        size_t e = i;
        while (e < text.len && text.data[e] != '\n')
            e++;
        size_t j = i;
        while (j < e && (text.data[j] == ' ' || text.data[j] == '\t'))
            j++;
        if (j < e && text.data[j] == '#') {
            size_t k = j + 1;
            while (k < e && (text.data[k] == ' ' || text.data[k] == '\t'))
                k++;
            if (e - k > 9 && memcmp(text.data + k, "interface", 9) == 0
                && (text.data[k + 9] == ' ' || text.data[k + 9] == '\t' || text.data[k + 9] == '"')) {
                buf_append(&out, text.data + i, k - i);
                buf_puts(&out, "include");
                i = k + 9;
                any = true;
            }
        }
        buf_append(&out, text.data + i, e - i + (e < text.len));
        i = e + 1;
    }
    const char *copy = NULL;
    const char *err = NULL;
    if (any && (copy = temp_file(d, ".cbc")) && !write_output(copy, &out, &err)) {
        cc_error("cannot write a temporary file: %s", err);
        copy = NULL;
    }
    if (copy) {
        const char *slash = strrchr(in->path, '/');
        push(cmd, "-iquote");
        push(cmd, slash ? arena_printf(&d->arena, "%.*s", (int)(slash - in->path), in->path) : ".");
    }
    buf_free(&text);
    buf_free(&out);
    return copy;
}

/* In the dependency file, the copy's name becomes the original's. */
static int rename_in_deps(Driver *d, const char *dep_file, const char *copy, const char *path)
{
    if (!dep_file)
        return 0;
    Buf text = { 0 }, out = { 0 };
    if (!read_file(dep_file, &text))
        return 0;
    size_t n = strlen(copy);
    for (size_t i = 0; i < text.len;) {
        if (text.len - i >= n && memcmp(text.data + i, copy, n) == 0) {
            buf_puts(&out, path);
            i += n;
        } else {
            buf_putc(&out, text.data[i++]);
        }
    }
    const char *err = NULL;
    int status = write_output(dep_file, &out, &err) ? 0 : cc_error("cannot rewrite '%s'", dep_file);
    buf_free(&text);
    buf_free(&out);
    (void)d;
    return status;
}

static int preprocess(Driver *d, const Input *in, const char *object, const char *to)
{
    Args cmd = { 0 };
    const char *dep_file = NULL;
    for (int i = 0; i < d->deps.n; i++) /* -MF FILE or -MFFILE, as given */
        if (strncmp(d->deps.v[i], "-MF", 3) == 0)
            dep_file = d->deps.v[i][3] ? d->deps.v[i] + 3
                     : i + 1 < d->deps.n ? d->deps.v[i + 1] : NULL;
    start_command(d, &cmd);
    push(&cmd, "-E");
    push_all(&cmd, &d->pp);
    push_all(&cmd, &d->common);
    if (d->md || d->mode == MODE_DEPS) {
        push_all(&cmd, &d->deps);
        if (d->md && !d->mf) {
            dep_file = replace_ext(d, d->output && d->mode != MODE_LINK ? d->output
                                                                        : base_name(in->path),
                                   ".d");
            push(&cmd, "-MF");
            push(&cmd, dep_file);
        }
        if (!d->mt) {
            push(&cmd, "-MQ");
            push(&cmd, object);
        }
    }
    /* Gears, compiling: the generated context header goes in front of the
     * text (-include) with its macros kept (-dD), since the lowered C uses
     * them and the text has already expanded the headers it includes. */
    if (d->gears && d->mode != MODE_PREPROCESS && d->mode != MODE_DEPS) {
        push(&cmd, "-dD");
        push(&cmd, "-include");
        push(&cmd, d->context_header);
    }
    const char *copy = d->gears ? interface_copy(d, in, &cmd) : NULL;
    push(&cmd, "-x");
    push(&cmd, "c");
    push(&cmd, copy ? copy : in->path);
    if (to) {
        push(&cmd, "-o");
        push(&cmd, to);
    }
    int status = run(d, &cmd);
    free(cmd.v);
    if (status && d->gears && d->mode != MODE_PREPROCESS && d->mode != MODE_DEPS
        && !include_found(d, d->context_header))
        fprintf(stderr,
                "gearsc cc: note: Gears mode compiles against the context header that 'gearsc "
                "link' writes ('%s', not found here): first run 'gearsc cc --gears -E "
                "--manifest=FILE.json' on every file and 'gearsc link' on the manifests, then "
                "compile with -I naming the header's directory (docs/driver.md, \"Gears mode\")\n",
                d->context_header);
    if (!status && copy && d->md && !d->dry_run)
        status = rename_in_deps(d, dep_file, copy, in->path);
    return status;
}

/* The compile step for a preprocessed (and maybe lowered) file. */
static int compile_preprocessed(Driver *d, const char *file, bool lowered, Mode mode,
                                const char *object)
{
    Args cmd = { 0 };
    start_command(d, &cmd);
    push(&cmd, mode == MODE_ASSEMBLY ? "-S" : mode == MODE_SYNTAX ? "-fsyntax-only" : "-c");
    push_all(&cmd, &d->common);
    push_all(&cmd, &d->compile);
    push(&cmd, "-x");
    push(&cmd, lowered && d->gcc_backend ? "c" : "cpp-output");
    push(&cmd, file);
    if (object) {
        push(&cmd, "-o");
        push(&cmd, object);
    }
    int status = run(d, &cmd);
    free(cmd.v);
    return status;
}

/* A source the backend compiles itself (.S, .s, C++...): every option but the link ones. */
static int compile_other(Driver *d, const Input *in, Mode mode, const char *object)
{
    Args cmd = { 0 };
    start_command(d, &cmd);
    push(&cmd, mode == MODE_ASSEMBLY ? "-S" : mode == MODE_SYNTAX ? "-fsyntax-only"
               : mode == MODE_PREPROCESS ? "-E" : "-c");
    push_all(&cmd, &d->pp);
    push_all(&cmd, &d->deps);
    push_all(&cmd, &d->common);
    push_all(&cmd, &d->compile);
    if (in->x) {
        push(&cmd, "-x");
        push(&cmd, in->x);
    }
    push(&cmd, in->path);
    if (object) {
        push(&cmd, "-o");
        push(&cmd, object);
    }
    int status = run(d, &cmd);
    free(cmd.v);
    return status;
}

/* A C or CbC input through the preprocessor and gearsc.  Sets *result to the
 * file for the backend and *lowered; with -E appends the text to `pp_out`. */
static int prepare(Driver *d, const Input *in, const char *object, const char **result,
                   bool *lowered, Buf *pp_out)
{
    const char *raw = d->save_temps ? kept_temp(d, in, in->lang == LANG_CBC ? ".cbc.i" : ".i")
                                    : temp_file(d, ".i");
    if (!raw)
        return 1;
    int status = preprocess(d, in, object, raw);
    if (status)
        return status;
    *result = raw;
    *lowered = false;
    Buf text = { 0 };
    if (d->dry_run) {
        *lowered = in->lang == LANG_CBC;
    } else if (!read_file(raw, &text)) {
        status = cc_error("cannot read the preprocessed text '%s'", raw);
    } else if (in->lang == LANG_CBC || uses_cbc(text.data, text.len)) {
        Buf out = { 0 };
        const char *manifest = d->manifest;
        if (!lower_preprocessed(d, in, &text, &out, manifest)) {
            status = 1;
        } else if (pp_out) {
            buf_append(pp_out, out.data ? out.data : "", out.len);
        } else {
            const char *lowered_file = d->save_temps
                ? kept_temp(d, in, in->lang == LANG_CBC ? ".i" : ".cbc.c.i")
                : temp_file(d, ".i");
            const char *err = NULL;
            if (!lowered_file)
                status = 1;
            else if (!write_output(lowered_file, &out, &err))
                status = cc_error("cannot write the lowered C: %s", err);
            *result = lowered_file;
            *lowered = true;
        }
        buf_free(&out);
    } else if (pp_out) {
        buf_append(pp_out, text.data ? text.data : "", text.len);
    }
    buf_free(&text);
    return status;
}

/* What clang names the output of one input when there is no -o. */
static const char *default_output(Driver *d, const Input *in, Mode mode)
{
    return replace_ext(d, base_name(in->path), mode == MODE_ASSEMBLY ? ".s" : ".o");
}

/* An -o naming one of the inputs is refused before anything runs, as gcc
 * refuses it: clang would overwrite the source (or the object) with the
 * output. */
static bool output_is_an_input(const Driver *d)
{
    struct stat out, in;
    if (!d->output || strcmp(d->output, "-") == 0 || stat(d->output, &out) != 0)
        return false;
    for (int i = 0; i < d->input_count; i++) {
        const char *path = d->inputs[i].path;
        if (strcmp(path, "-") != 0 && stat(path, &in) == 0 && in.st_dev == out.st_dev
            && in.st_ino == out.st_ino) {
            cc_error("input file '%s' is the same as output file", path);
            return true;
        }
    }
    return false;
}

static int drive(Driver *d)
{
    if (output_is_an_input(d))
        return 1;
    int sources = 0;
    for (int i = 0; i < d->input_count; i++)
        sources += d->inputs[i].lang != LANG_OBJECT;
    if (d->output && d->mode != MODE_LINK && d->mode != MODE_PREPROCESS && sources > 1)
        return cc_error("%s", "cannot specify -o when generating multiple output files");

    if (d->mode == MODE_DEPS) {
        /* -M / -MM: the preprocessor's own output is the answer. */
        for (int i = 0; i < d->input_count; i++) {
            const Input *in = &d->inputs[i];
            int status = in->lang == LANG_CBC || in->lang == LANG_C
                       ? preprocess(d, in, default_output(d, in, MODE_COMPILE), d->output)
                       : compile_other(d, in, MODE_DEPS, NULL);
            if (status)
                return status;
        }
        return 0;
    }

    if (d->mode == MODE_PREPROCESS) {
        Buf all = { 0 };
        int status = 0;
        for (int i = 0; i < d->input_count && !status; i++) {
            const Input *in = &d->inputs[i];
            const char *file;
            bool lowered;
            if (in->lang == LANG_CBC || in->lang == LANG_C) {
                status = prepare(d, in, d->output ? d->output : default_output(d, in, MODE_COMPILE), &file,
                                 &lowered, &all);
            } else if (in->lang == LANG_SOURCE) {
                status = compile_other(d, in, MODE_PREPROCESS, d->output);
            }
        }
        const char *err = NULL;
        if (!status && !d->dry_run && all.len && !write_output(d->output ? d->output : "-", &all, &err))
            status = cc_error("cannot write the output: %s", err);
        buf_free(&all);
        return status;
    }

    /* -c, -S, -fsyntax-only: one backend command per source input; a link:
     * every source to a temporary object, then one link command. */
    Mode mode = d->mode == MODE_LINK ? MODE_COMPILE : d->mode;
    Args link = { 0 };
    push_all(&link, &d->link_line);
    for (int i = 0; i < d->input_count; i++) {
        const Input *in = &d->inputs[i];
        if (in->lang == LANG_OBJECT)
            continue;
        const char *object = d->mode == MODE_SYNTAX ? NULL
                           : d->mode == MODE_LINK ? temp_file(d, ".o")
                           : d->output ? d->output : default_output(d, in, mode);
        if (d->mode == MODE_LINK && !object)
            return 1;
        int status;
        if (in->lang == LANG_C && !d->dry_run && textually_plain(d, in->path)) {
            status = compile_other(d, in, mode, object);
        } else if (in->lang == LANG_CBC || in->lang == LANG_C) {
            const char *dep_target = d->mode == MODE_LINK ? default_output(d, in, mode) : object;
            const char *file;
            bool lowered;
            status = prepare(d, in, dep_target ? dep_target : default_output(d, in, mode), &file,
                             &lowered, NULL);
            if (!status)
                status = compile_preprocessed(d, file, lowered, mode, object);
        } else {
            status = compile_other(d, in, mode, object);
        }
        if (status) {
            free(link.v);
            return status;
        }
        if (d->mode == MODE_LINK)
            link.v[in->link_index] = object;
    }
    int status = 0;
    if (d->mode == MODE_LINK) {
        Args cmd = { 0 };
        start_command(d, &cmd);
        push_all(&cmd, &d->common);
        push_all(&cmd, &link);
        if (d->output) {
            push(&cmd, "-o");
            push(&cmd, d->output);
        }
        status = run(d, &cmd);
        free(cmd.v);
    }
    free(link.v);
    return status;
}

static void driver_free(Driver *d)
{
    for (int i = 0; i < d->temps.n; i++) /* -save-temps names are not in this list */
        remove(d->temps.v[i]);
    Args *lists[] = { &d->backend, &d->pp, &d->deps, &d->common, &d->compile, &d->link,
                      &d->link_line, &d->temps };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        free(lists[i]->v);
    free(d->inputs);
    arena_release(&d->arena);
}

static const char cc_help[] =
    "usage: gearsc cc [clang or gcc options] [--cc=PROG] FILE...\n"
    "       gearsc --preprocess [preprocessing options] INPUT.cbc [-o OUT.c]\n"
    "\n"
    "A compiler driver, a drop-in for CC: each .cbc input (and each .c input\n"
    "whose preprocessed text holds CbC) is preprocessed by the backend with\n"
    "the preprocessing and dependency options, lowered by gearsc, and compiled\n"
    "by the backend with the other options.  .S, .s, .o, .a inputs and the\n"
    "link step go to the backend unchanged.  See docs/driver.md.\n"
    "\n"
    "gearsc's own options:\n"
    "  --cc=PROG        the backend (default: clang, or $GEARSC_CC); split on\n"
    "                   spaces: GEARSC_CC=\"ccache clang\", --cc=\"distcc clang\"\n"
    "  --gears          Gears mode (docs/gears.md)\n"
    "  --manifest=FILE  Gears mode: write the file's manifest to FILE\n"
    "  --context-header=NAME  Gears mode: the context header (default context.h)\n"
    "  --no-line        no #line directives after the prelude\n"
    "  -w, -Werror, -Wall, -Wextra, -fdiagnostics-color=WHEN: for gearsc's\n"
    "                   diagnostics and the backend's\n"
    "  -ffile-prefix-map=OLD=NEW (-fdebug-, -fmacro-prefix-map): paths in the\n"
    "                   lowered text, and the backend's\n"
    "  -Wunused-gear-parameter, -Wgear-fall-off (-Wno-..., -Werror=...):\n"
    "                   gearsc's own warnings (gearsc --help), not passed on\n"
    "  -h, --help       print this help and exit ('clang --help' lists the\n"
    "                   backend's options)\n"
    "\n"
    "Modes as the backend's: -c, -S, -E (writes the lowered C), -fsyntax-only,\n"
    "-M, -MM, -o FILE, -x cbc, -v, -###, -save-temps.\n"
    "Exit status: the backend's when it fails, 1 for gearsc's own errors.\n";

static int cc_run(int argc, char **argv, bool preprocess_only)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(cc_help, stdout);
            return 0;
        }
    Driver d = { .line_directives = true, .context_header = "context.h", .argc = argc,
                 .argv = argv };
    int status;
    if (!parse_command_line(&d, argc, argv)) {
        status = 1;
    } else if (d.input_count == 0) {
        /* --version, -v, -print-*: the backend answers. */
        Args cmd = { 0 };
        start_command(&d, &cmd);
        for (int i = 1; i < argc; i++)
            if (!starts(argv[i], "--cc=") && strcmp(argv[i], "--gears") != 0)
                push(&cmd, argv[i]);
        status = run(&d, &cmd);
        free(cmd.v);
    } else {
        if (preprocess_only)
            d.mode = MODE_PREPROCESS;
        status = drive(&d);
    }
    driver_free(&d);
    prefix_map_clear();
    return status;
}

int cc_main(int argc, char **argv)
{
    return cc_run(argc, argv, false);
}

int cc_preprocess_main(int argc, char **argv)
{
    return cc_run(argc, argv, true);
}
