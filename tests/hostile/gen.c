/* gen.c - writes the large hostile inputs of tests/hostile (they are
 * generated at test time, not committed):
 *
 *     hostile_gen NAME > NAME.cbc
 *
 * Each NAME has a committed NAME.err with the diagnostics gearsc must print
 * (tests/hostile/run.sh).  Deterministic: the same bytes on every run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ordinary CbC, repeated with fresh names until it has at least `bytes`
 * bytes: structs and typedefs, an enum, C helpers with loops and a switch,
 * comments, gear prototypes and definitions, gotos by name, through a member
 * and through a table, spilled arguments, and C functions entering chains.
 * `hostile_gen big BYTES` feeds the memory-bound test. */
static void big(long bytes)
{
    static const char unit[] =
        "/* unit @: one step of a small machine */\n"
        "struct frame@ {\n"
        "    long acc;\n"
        "    int pc;\n"
        "    double scale;\n"
        "    __code (*next)(struct frame@ *f, long x);\n"
        "};\n"
        "typedef struct frame@ frame@;\n"
        "enum op@ { OP@_ADD, OP@_SUB, OP@_XOR, OP@_HALT };\n"
        "\n"
        "static long mix@(const long *v, int n)\n"
        "{\n"
        "    long s = 0;\n"
        "    for (int i = 0; i < n; i++) {\n"
        "        switch (v[i] & 3) {\n"
        "        case OP@_ADD: s += v[i]; break;\n"
        "        case OP@_SUB: s -= v[i]; break;\n"
        "        default: s ^= v[i] << (i & 7); break;\n"
        "        }\n"
        "    }\n"
        "    return s;\n"
        "}\n"
        "\n"
        "__code step@(frame@ *f, long x);\n"
        "__code wide@(frame@ *f, long a, long b, long c, long d, long e, long g, frame@ copy, double s);\n"
        "static __code (*const table@[2])(frame@ *, long) = { step@, step@ };\n"
        "\n"
        "__code done@(frame@ *f, long x)\n"
        "{\n"
        "    f->acc += x;\n"
        "}\n"
        "\n"
        "__code step@(frame@ *f, long x)\n"
        "{\n"
        "    // stop, go through the member, or through the table\n"
        "    if (x > 1000)\n"
        "        goto done@(f, x);\n"
        "    f->acc += mix@(&x, 1);\n"
        "    if (f->pc++ & 1)\n"
        "        goto f->next(f, x * 2 + 1);\n"
        "    goto table@[x & 1](f, x + 3);\n"
        "}\n"
        "\n"
        "__code wide@(frame@ *f, long a, long b, long c, long d, long e, long g, frame@ copy, double s)\n"
        "{\n"
        "    goto step@(f, a + b + c + d + e + g + copy.pc + (long)(s * f->scale));\n"
        "}\n"
        "\n"
        "long run@(long x)\n"
        "{\n"
        "    frame@ f = { 0, 0, 1.5, step@ };\n"
        "    goto wide@(&f, x, 1, 2, 3, 4, 5, f, 0.5);\n"
        "}\n"
        "\n";
    long written = 0;
    for (long u = 0; written < bytes; u++) {
        for (const char *p = unit; *p; p++) {
            if (*p == '@')
                written += printf("%ld", u);
            else {
                putchar(*p);
                written++;
            }
        }
    }
}

static void rep(const char *s, long n)
{
    for (long i = 0; i < n; i++)
        fputs(s, stdout);
}

static void numbered(const char *fmt, long n)
{
    for (long i = 0; i < n; i++)
        printf(fmt, i);
}

/* One Interface with n methods, each with its own data field, and an
 * implementation with a gear per method (Gears mode; issue 11 item 14:
 * 4.8 s at n = 20000, 73 s at 80000, when every lookup was linear). */
static void many_methods(long n)
{
    fputs("typedef struct Big<Type, Impl> {\n", stdout);
    for (long i = 0; i < n; i++)
        printf("    __code m%ld(Impl* self, int v%ld, __code next(...));\n", i, i);
    fputs("    __code next(...);\n} Big;\n\n"
          "typedef struct BigImpl <Type, Isa> impl Big {\n    int count;\n} BigImpl;\n\n", stdout);
    for (long i = 0; i < n; i++)
        printf("__code m%ldBigImpl(struct BigImpl* self, int v%ld, __code next(...)) {\n"
               "    self->count += v%ld;\n    goto next(...);\n}\n",
               i, i, i);
}

/* The same in the older style: a create function assigns every method's
 * gear number (`self->mI = C_mIOld;`), which binds the gear to the method. */
static void many_assignments(long n)
{
    fputs("typedef struct Big<Type, Impl> {\n", stdout);
    for (long i = 0; i < n; i++)
        printf("    __code m%ld(Impl* self, int v%ld, __code next(...));\n", i, i);
    fputs("    __code next(...);\n} Big;\n\nstruct Old { int count; } Old;\n\n"
          "Big* createOld(struct Context* context) {\n    struct Big* self = new Big();\n", stdout);
    for (long i = 0; i < n; i++)
        printf("    self->m%ld = C_m%ldOld;\n", i, i);
    fputs("    return self;\n}\n", stdout);
    for (long i = 0; i < n; i++)
        printf("__code m%ldOld(struct Old* self, int v%ld, __code next(...)) {\n"
               "    goto next(...);\n}\n",
               i, i);
}

/* n Interfaces of one method each. */
static void many_interfaces(long n)
{
    for (long i = 0; i < n; i++)
        printf("typedef struct I%ld<Type, Impl> {\n"
               "    __code run%ld(Impl* self, int x%ld, __code next(...));\n"
               "    __code next(...);\n} I%ld;\n",
               i, i, i, i);
}

/* Plain CbC: a struct with n gear-pointer members and a gear per member
 * that goes through it (s->kI(x): a record-field lookup each). */
static void many_members(long n)
{
    fputs("struct s {\n", stdout);
    numbered("    __code (*k%ld)(struct s *s, int x);\n", n);
    fputs("};\n", stdout);
    for (long i = 0; i < n; i++)
        printf("__code g%ld(struct s *s, int x) { goto s->k%ld(s, x + 1); }\n", i, i);
}

int main(int argc, char **argv)
{
    const char *name = argc >= 2 ? argv[1] : "";
    if (strcmp(name, "long_line") == 0) {
        /* one 6 MB line: a string literal of ASCII, tabs, escapes and UTF-8,
         * and a declaration missing its ';' at the very end (a token-dense
         * line costs tree-sitter far more memory; see the memory-bound test) */
        fputs("static const char s[] = \"", stdout);
        rep("gears\t\\n \xce\xbb(\xe2\x86\x92){}", 333334);
        fputs("\" int", stdout);
    } else if (strcmp(name, "deep_parens") == 0) {
        /* 10^5 nested parentheses, well formed, then a bad goto: the deep tree
         * goes through the parse, the declarations and the lowering walk */
        fputs("__code f(void) {\n    int x = ", stdout);
        rep("(", 100000);
        fputs("1", stdout);
        rep(")", 100000);
        fputs(";\n    goto nowhere(x);\n}\n", stdout);
    } else if (strcmp(name, "deep_parens_unclosed") == 0) {
        /* 10^5 '(' never closed: beyond tree-sitter 0.20.7's 65535 children */
        fputs("int x = ", stdout);
        rep("(", 100000);
        fputs("1;\n", stdout);
    } else if (strcmp(name, "unclosed_braces") == 0) {
        fputs("void f(void) ", stdout);
        rep("{", 50000);
        fputs("\n", stdout);
    } else if (strcmp(name, "unclosed_braces_100k") == 0) {
        fputs("void f(void) ", stdout);
        rep("{", 100000);
        fputs("\n", stdout);
    } else if (strcmp(name, "comment_run") == 0) {
        /* 70000 comments inside an unfinished declaration: the tree
         * tree-sitter 0.20.7 returns for this looked free of errors */
        fputs("int x = ", stdout);
        rep("/**/", 70000);
        fputs("\n", stdout);
    } else if (strcmp(name, "wide_declaration") == 0) {
        /* 10^5 declarators in one declaration (was quadratic: > 60 s) */
        fputs("int a0", stdout);
        for (long i = 1; i < 100000; i++)
            printf(", a%ld", i);
        fputs(";\n__code f(void) { goto nowhere(a99999); }\n", stdout);
    } else if (strcmp(name, "wide_struct_declarators") == 0) {
        /* a 10^4-member struct declaring 10^4 objects (the struct was built
         * once per declarator: 10^8 members, gigabytes) */
        fputs("struct s {", stdout);
        numbered(" int f%ld;", 10000);
        fputs(" } v0", stdout);
        for (long i = 1; i < 10000; i++)
            printf(", v%ld", i);
        fputs(";\n__code f(void) { goto nowhere(v9999.f9999); }\n", stdout);
    } else if (strcmp(name, "many_gear_params") == 0) {
        /* a gear with 10^5 parameters (spill offsets: quadratic text) */
        fputs("__code f(int a0", stdout);
        for (long i = 1; i < 100000; i++)
            printf(", int a%ld", i);
        fputs(") { goto f(a0); }\n", stdout);
    } else if (strcmp(name, "spilled_gotos") == 0) {
        /* 1000 gotos with 127 arguments each: the spill offsets made 250 MB
         * of C from 280 KB */
        fputs("__code g(int a0", stdout);
        for (int i = 1; i < 127; i++)
            printf(", int a%d", i);
        fputs(");\n__code f(int x)\n{\n", stdout);
        for (int k = 0; k < 1000; k++) {
            printf("    if (x == %d)\n        goto g(0", k);
            rep(", 0", 126);
            fputs(");\n", stdout);
        }
        fputs("}\n", stdout);
    } else if (strcmp(name, "nested_gear_calls") == 0) {
        /* gear calls nested 8000 deep (each level copied the ones inside:
         * 12 GB) */
        fputs("__code g(int x);\nvoid f(int x) { ", stdout);
        rep("g(", 8000);
        fputs("x", stdout);
        rep(")", 8000);
        fputs("; }\n", stdout);
    } else if (strcmp(name, "binary_junk_1mb") == 0) {
        /* 1 MiB of pseudo-random bytes without NUL: errors past the 20th
         * are counted, not printed */
        unsigned long x = 12345;
        for (long i = 0; i < 1L << 20; i++) {
            x = x * 1103515245UL + 12345UL;
            int c = (int)((x >> 16) & 0xff);
            putchar(c ? c : 'A');
        }
    } else if (strcmp(name, "nul_run") == 0) {
        for (long i = 0; i < 1L << 20; i++)
            putchar('\0');
    } else if (strcmp(name, "missing_parens_deep") == 0) {
        /* 20000 nested blocks, each missing a ')': finding the opener of
         * every MISSING ')' walked down from the root (104 s) */
        fputs("void f(void) ", stdout);
        rep("{ x = (1; ", 20000);
        rep("}", 20000);
        fputs("\n", stdout);
    } else if (strcmp(name, "many_errors") == 0) {
        rep("int = ;\n", 30000);
    } else if (strcmp(name, "deep_member_chain") == 0) {
        /* a goto through p->n->n->...->k, 300 members deep: past the 256
         * levels type resolution follows, said as such (it said "cannot
         * determine the type") */
        fputs("struct s { struct s *n; __code (*k)(int); };\n"
              "__code g(struct s *p) { goto p", stdout);
        rep("->n", 300);
        fputs("->k(1); }\n", stdout);
    } else if (strcmp(name, "long_identifier") == 0) {
        /* a goto to an undeclared gear with a 1 MB name: the message cuts
         * the name at 1 KB (it was printed whole) */
        fputs("__code f(int x) {\n    goto ", stdout);
        rep("g", 1L << 20);
        fputs("(x);\n}\n", stdout);
    } else if (strcmp(name, "many_methods") == 0) {
        many_methods(argc == 3 ? atol(argv[2]) : 100000);
    } else if (strcmp(name, "many_assignments") == 0) {
        many_assignments(argc == 3 ? atol(argv[2]) : 100000);
    } else if (strcmp(name, "many_interfaces") == 0) {
        many_interfaces(argc == 3 ? atol(argv[2]) : 100000);
    } else if (strcmp(name, "many_members") == 0) {
        many_members(argc == 3 ? atol(argv[2]) : 100000);
    } else if (strcmp(name, "big") == 0 && argc == 3) {
        big(atol(argv[2]));
    } else {
        fprintf(stderr, "hostile_gen: unknown input '%s'\n", name);
        return 2;
    }
    return ferror(stdout) ? 1 : 0;
}
