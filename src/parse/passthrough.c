/* passthrough.c - source mode passes through the C it cannot parse.
 *
 * Source mode reads C unpreprocessed, and real C is full of macros the
 * parser cannot know are macros: decorations (`LUA_API`, `__init`,
 * `asmlinkage`), macros that expand to statements or to declarations
 * (`EXPORT_SYMBOL(x)` without its `;`), an `#if` inside an expression or an
 * initializer.  tree-sitter marks what it could not parse as ERROR and
 * MISSING nodes.  gearsc never refuses valid C that holds no CbC, so:
 *
 *  1. Regions.  Each top-level item that holds an error (a child of the
 *     translation unit, or of an #if/#ifdef/#else block at top level whose
 *     own lines parsed; an `#if 0` block is taken whole) is a region.  A
 *     region is widened until it is made of whole lines, cuts no top-level
 *     item (comments included) and holds every conditional group (#if ...
 *     #endif) it has a directive of; regions that meet, or that only
 *     directive lines separate, are merged.
 *  2. Verdicts.  The region's text is read with a small C lexer (comments,
 *     strings, character literals and directives skipped as C skips them,
 *     and the body of `#if 0`).  It holds CbC if it has `__code`,
 *     `__return`, `__environment`, a `_CbC_` name, a gear goto (`goto f(`,
 *     `goto k->next(`, `goto (*k)(`: not `goto label` or `goto *p`),
 *     `par goto`, `new T`, `struct S <` (Interface syntax) or `#interface`.
 *     It is not C if it has bytes C has no token for (control characters,
 *     malformed UTF-8, `@`, a stray `#` or backslash), an unterminated
 *     comment, unbalanced brackets (each #if branch counted from where the
 *     #if began), the end of the file after a token that cannot end one
 *     (truncation), or nothing a macro could be -- no identifier other than
 *     a keyword and no directive (`int = ;` is an error, not a macro).
 *  3. A region that is C and holds no CbC is passed through: its bytes are
 *     blanked (newlines kept, so offsets and lines stay) in a copy of the
 *     text, which is parsed again; the tree of the copy is what the later
 *     passes see, with the original text (same offsets), so the output
 *     copies the region byte for byte and no name declared in it is known
 *     to gearsc (a call to one is an ordinary C call).  A region that holds
 *     CbC is split into its top-level declarations, and those of them that
 *     are C without CbC and hold the start of an error are passed through
 *     the same way (an #if that gives each branch its own `{` breaks the
 *     parse to the end of the file, gears included).  Blanking can expose
 *     new errors; their regions go the same way, for a few rounds.
 *  4. If any region is not C, or one with CbC is left, their errors are
 *     reported as parse_source reports them (and nothing of the passed
 *     regions); a region refused for its CbC gets a note saying the C
 *     around it could not be parsed and that `gearsc cc` / `gearsc
 *     --preprocess` read it preprocessed (not in gearsc cc's own parse of
 *     the preprocessed unit, which passes through the same way).
 *
 * A NUL byte anywhere, or a parse tree-sitter cannot represent, keeps
 * parse_source's behaviour: everything is reported. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_ROUNDS = 8, MAX_BRANCH_DEPTH = 256 };
#define NONE UINT32_MAX

typedef struct Span {
    uint32_t start, end; /* [start, end) */
} Span;

typedef struct Spans {
    Span *v;
    size_t n, cap;
} Spans;

static void spans_push(Spans *s, uint32_t start, uint32_t end)
{
    if (s->n == s->cap)
        s->v = xrealloc(s->v, (s->cap = s->cap ? s->cap * 2 : 64) * sizeof *s->v);
    s->v[s->n++] = (Span){ start, end };
}

/* ---- a small C lexer ---- */

typedef enum TokKind {
    TOK_END,
    TOK_IDENT,
    TOK_PUNCT,   /* one character */
    TOK_NUMBER,
    TOK_LITERAL, /* string or character literal */
    TOK_HASH,    /* the '#' that starts a directive */
    TOK_EOL,     /* the end of a directive */
} TokKind;

typedef struct Lexer {
    const char *s;
    size_t pos, end;
    bool line_start;   /* only blanks and comments since the last newline */
    bool in_directive;
    bool bad;          /* bytes that are not C, an unterminated comment */
    bool eof_in_token; /* a literal or comment runs to the end of the file */
} Lexer;

typedef struct Token {
    TokKind kind;
    uint32_t start, len;
    bool directive; /* inside a directive line */
} Token;

static bool is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static bool is_ident_char(unsigned char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* The length of a well-formed UTF-8 sequence of two to four bytes at p, or 0. */
static size_t utf8_length(const char *p, size_t avail)
{
    unsigned char c = (unsigned char)p[0];
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || n > avail)
        return 0;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* A backslash-newline (line splice) at pos: its length, or 0. */
static size_t splice_at(const Lexer *L, size_t pos)
{
    if (pos >= L->end || L->s[pos] != '\\')
        return 0;
    if (pos + 1 < L->end && L->s[pos + 1] == '\n')
        return 2;
    if (pos + 2 < L->end && L->s[pos + 1] == '\r' && L->s[pos + 2] == '\n')
        return 3;
    return 0;
}

/* Skips blanks, comments and splices; stops at the newline that ends a
 * directive (not consumed). */
static void skip_blanks(Lexer *L)
{
    while (L->pos < L->end) {
        char c = L->s[L->pos];
        size_t sp;
        if (c == '\n') {
            if (L->in_directive)
                return;
            L->line_start = true;
            L->pos++;
        } else if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r') {
            L->pos++;
        } else if ((sp = splice_at(L, L->pos)) != 0) {
            L->pos += sp;
        } else if (c == '/' && L->pos + 1 < L->end && L->s[L->pos + 1] == '/') {
            while (L->pos < L->end && L->s[L->pos] != '\n')
                L->pos += (sp = splice_at(L, L->pos)) ? sp : 1;
        } else if (c == '/' && L->pos + 1 < L->end && L->s[L->pos + 1] == '*') {
            const char *close = NULL;
            for (size_t i = L->pos + 2; i + 1 < L->end; i++)
                if (L->s[i] == '*' && L->s[i + 1] == '/') {
                    close = L->s + i;
                    break;
                }
            if (!close) {
                L->bad = L->eof_in_token = true;
                L->pos = L->end;
                return;
            }
            L->pos = (size_t)(close - L->s) + 2;
        } else {
            return;
        }
    }
}

/* A string or character literal from its quote; one that meets a newline
 * ends there (an apostrophe in #error text or in an #if 0 block), one that
 * meets the end of the file is a truncation. */
static void lex_literal(Lexer *L)
{
    char quote = L->s[L->pos++];
    while (L->pos < L->end) {
        char c = L->s[L->pos];
        if (c == quote) {
            L->pos++;
            return;
        }
        if (c == '\n')
            return;
        if (c == '\\' && L->pos + 1 < L->end) {
            L->pos += 2;
            if (L->s[L->pos - 1] == '\r' && L->pos < L->end && L->s[L->pos] == '\n')
                L->pos++;
            continue;
        }
        L->pos++;
    }
    L->eof_in_token = true;
}

static Token next_token(Lexer *L)
{
    skip_blanks(L);
    Token t = { TOK_END, (uint32_t)L->pos, 0, L->in_directive };
    if (L->pos >= L->end)
        return t;
    unsigned char c = (unsigned char)L->s[L->pos];
    size_t u8;
    if (c == '\n') { /* the end of a directive */
        L->pos++;
        L->in_directive = false;
        L->line_start = true;
        t.kind = TOK_EOL;
        t.len = 1;
        return t;
    }
    bool line_start = L->line_start;
    L->line_start = false;
    if (is_ident_start(c) || (c >= 0x80 && utf8_length(L->s + L->pos, L->end - L->pos))) {
        size_t start = L->pos;
        while (L->pos < L->end) {
            unsigned char d = (unsigned char)L->s[L->pos];
            if (is_ident_char(d))
                L->pos++;
            else if (d >= 0x80 && (u8 = utf8_length(L->s + L->pos, L->end - L->pos)))
                L->pos += u8;
            else
                break;
        }
        size_t n = L->pos - start;
        const char *id = L->s + start;
        bool prefix = (n == 1 && (*id == 'L' || *id == 'u' || *id == 'U'))
                   || (n == 2 && id[0] == 'u' && id[1] == '8');
        if (prefix && L->pos < L->end && (L->s[L->pos] == '"' || L->s[L->pos] == '\'')) {
            lex_literal(L);
            t.kind = TOK_LITERAL;
        } else {
            t.kind = TOK_IDENT;
        }
    } else if ((c >= '0' && c <= '9')
               || (c == '.' && L->pos + 1 < L->end && L->s[L->pos + 1] >= '0' && L->s[L->pos + 1] <= '9')) {
        L->pos++;
        while (L->pos < L->end) {
            char d = L->s[L->pos];
            if ((d == '+' || d == '-') && strchr("eEpP", L->s[L->pos - 1]))
                L->pos++;
            else if (is_ident_char((unsigned char)d) || d == '.' || d == '\'')
                L->pos++;
            else
                break;
        }
        t.kind = TOK_NUMBER;
    } else if (c == '"' || c == '\'') {
        lex_literal(L);
        t.kind = TOK_LITERAL;
    } else if (c == '#' && line_start && !L->in_directive) {
        L->pos++;
        L->in_directive = true;
        t.kind = TOK_HASH;
    } else {
        L->pos++;
        t.kind = TOK_PUNCT;
        /* outside directives (where #error text and ## live), only C's
         * punctuators; control characters and bytes that are not UTF-8
         * never */
        if (c < 0x20 || c >= 0x7f)
            L->bad = true;
        else if (!L->in_directive && strchr("@`#\\", c))
            L->bad = true;
    }
    t.len = (uint32_t)(L->pos - t.start);
    return t;
}

static bool token_is(const Lexer *L, Token t, const char *word)
{
    size_t n = strlen(word);
    return t.len == n && memcmp(L->s + t.start, word, n) == 0;
}

static bool punct_is(const Lexer *L, Token t, char c)
{
    return t.kind == TOK_PUNCT && L->s[t.start] == c;
}

/* ---- conditional directives ---- */

typedef enum DirKind { DIR_IF, DIR_ELSE, DIR_ENDIF } DirKind;

typedef struct Directive {
    uint32_t line_start, line_end; /* the directive's lines, [start, end) */
    uint32_t group;                /* the index of its #if, or NONE */
    DirKind kind;
} Directive;

typedef struct Directives {
    Directive *v;
    size_t n, cap;
    uint32_t *endif_of; /* by directive index: a group's #endif, or NONE */
} Directives;

static uint32_t line_start_of(const char *s, uint32_t at)
{
    while (at > 0 && s[at - 1] != '\n')
        at--;
    return at;
}

static uint32_t line_end_of(const char *s, size_t len, uint32_t at)
{
    while (at < len && s[at] != '\n')
        at++;
    return at < len ? at + 1 : at;
}

/* Every #if/#ifdef/#ifndef, #elif.../#else and #endif of text, matched. */
static void find_directives(const char *text, size_t len, Directives *ds)
{
    Lexer L = { .s = text, .end = len, .line_start = true };
    uint32_t *stack = NULL;
    size_t depth = 0, cap = 0;
    for (;;) {
        Token t = next_token(&L);
        if (t.kind == TOK_END)
            break;
        if (t.kind != TOK_HASH)
            continue;
        Token name = next_token(&L);
        DirKind kind;
        if (name.kind != TOK_IDENT)
            continue;
        if (token_is(&L, name, "if") || token_is(&L, name, "ifdef") || token_is(&L, name, "ifndef"))
            kind = DIR_IF;
        else if (token_is(&L, name, "else") || token_is(&L, name, "elif")
                 || token_is(&L, name, "elifdef") || token_is(&L, name, "elifndef"))
            kind = DIR_ELSE;
        else if (token_is(&L, name, "endif"))
            kind = DIR_ENDIF;
        else
            continue;
        if (ds->n == ds->cap) {
            ds->cap = ds->cap ? ds->cap * 2 : 32;
            ds->v = xrealloc(ds->v, ds->cap * sizeof *ds->v);
            ds->endif_of = xrealloc(ds->endif_of, ds->cap * sizeof *ds->endif_of);
        }
        uint32_t i = (uint32_t)ds->n++;
        Directive *d = &ds->v[i];
        d->kind = kind;
        d->line_start = line_start_of(text, t.start);
        while (t.kind != TOK_EOL && t.kind != TOK_END) /* to the directive's end */
            t = next_token(&L);
        d->line_end = (uint32_t)L.pos;
        ds->endif_of[i] = NONE;
        if (kind == DIR_IF) {
            if (depth == cap)
                stack = xrealloc(stack, (cap = cap ? cap * 2 : 16) * sizeof *stack);
            stack[depth++] = i;
            d->group = i;
        } else {
            d->group = depth ? stack[depth - 1] : NONE;
            if (kind == DIR_ENDIF && depth)
                ds->endif_of[stack[--depth]] = i;
        }
    }
    free(stack);
}

/* ---- regions ---- */

typedef enum Verdict { PASS, HOLDS_CBC, NOT_C } Verdict;

typedef struct Regions {
    const Source *src;
    const char *text;  /* what was parsed: src->text, or the blanked copy */
    Spans items;       /* top-level items, by start */
    Span **items_by_end;
    Spans regions;
    Verdict *verdict;
    bool *noted;
    Directives dirs;
} Regions;

static bool is_block(TSNode n)
{
    return kind_is_preproc_block(node_kind(n));
}

/* A conditional block whose own lines failed (a MISSING #endif, an error in
 * its condition) is one region; otherwise its items are looked at. */
static bool block_itself_broken(TSNode block)
{
    TSTreeCursor c = ts_tree_cursor_new(block);
    bool broken = false;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode n = ts_tree_cursor_current_node(&c);
            if (!ts_node_has_error(n) && !ts_node_is_missing(n))
                continue;
            const char *field = ts_tree_cursor_current_field_name(&c);
            if (ts_node_is_missing(n) || (field && (strcmp(field, "condition") == 0 || strcmp(field, "name") == 0))) {
                broken = true;
                break;
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return broken;
}

/* `#if 0`: a group with errors is judged whole, so that its body is known
 * to be dead (prose in it may say anything). */
static bool is_if_zero(const Regions *R, TSNode block)
{
    if (!node_is(block, KIND_preproc_if))
        return false;
    TSNode cond = ts_node_child_by_field_name(block, "condition", 9);
    return !ts_node_is_null(cond) && ts_node_end_byte(cond) == ts_node_start_byte(cond) + 1
        && R->text[ts_node_start_byte(cond)] == '0';
}

static void collect(Regions *R, TSNode root)
{
    TSTreeCursor c = ts_tree_cursor_new(root);
    if (!ts_tree_cursor_goto_first_child(&c)) {
        ts_tree_cursor_delete(&c);
        return;
    }
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
        if (b > a)
            spans_push(&R->items, a, b);
        bool descend = false;
        if (ts_node_is_missing(n) || node_is(n, KIND_ERROR))
            spans_push(&R->regions, a, b);
        else if (is_block(n))
            descend = !ts_node_has_error(n) || (!block_itself_broken(n) && !is_if_zero(R, n));
        if (!descend && ts_node_has_error(n) && !node_is(n, KIND_ERROR))
            spans_push(&R->regions, a, b);
        if (!tree_cursor_next(&c, descend))
            break;
    }
    ts_tree_cursor_delete(&c);
}

static int by_end(const void *x, const void *y)
{
    const Span *a = *(Span *const *)x, *b = *(Span *const *)y;
    return a->end < b->end ? -1 : a->end > b->end;
}

static int by_start(const void *x, const void *y)
{
    const Span *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* The first index i with key(v[i]) > at (v sorted by key). */
#define UPPER_BOUND(result, count, key_of_i, at)                                                  \
    do {                                                                                          \
        size_t lo_ = 0, hi_ = (count);                                                            \
        while (lo_ < hi_) {                                                                       \
            size_t i = lo_ + (hi_ - lo_) / 2;                                                     \
            if ((key_of_i) > (at))                                                                \
                hi_ = i;                                                                          \
            else                                                                                  \
                lo_ = i + 1;                                                                      \
        }                                                                                         \
        (result) = lo_;                                                                           \
    } while (0)

/* Widens r until it is whole lines, cuts no item and holds the whole group
 * of each conditional directive in it.  True if it grew. */
static bool widen(Regions *R, Span *r)
{
    const char *s = R->text;
    size_t len = R->src->len;
    Span old = *r;
    for (;;) {
        Span before = *r;
        r->start = line_start_of(s, r->start);
        if (r->end == r->start || (r->end > 0 && s[r->end - 1] != '\n'))
            r->end = line_end_of(s, len, r->end);
        /* items that start inside and end after, or end inside and start before */
        size_t first;
        UPPER_BOUND(first, R->items.n, R->items.v[i].start, r->start);
        for (size_t i = first; i < R->items.n && R->items.v[i].start < r->end; i++)
            if (R->items.v[i].end > r->end)
                r->end = R->items.v[i].end;
        UPPER_BOUND(first, R->items.n, R->items_by_end[i]->end, r->start);
        for (size_t i = first; i < R->items.n && R->items_by_end[i]->end < r->end; i++)
            if (R->items_by_end[i]->start < r->start)
                r->start = R->items_by_end[i]->start;
        /* conditional groups */
        first = 0;
        if (r->start > 0)
            UPPER_BOUND(first, R->dirs.n, R->dirs.v[i].line_start, r->start - 1);
        for (size_t i = first; i < R->dirs.n && R->dirs.v[i].line_start < r->end; i++) {
            uint32_t g = R->dirs.v[i].group;
            if (g == NONE)
                continue;
            if (R->dirs.v[g].line_start < r->start)
                r->start = R->dirs.v[g].line_start;
            uint32_t e = R->dirs.endif_of[g];
            uint32_t group_end = e == NONE ? (uint32_t)len : R->dirs.v[e].line_end;
            if (group_end > r->end)
                r->end = group_end;
        }
        if (r->start == before.start && r->end == before.end)
            break;
    }
    return r->start != old.start || r->end != old.end;
}

/* Is [from, to) (from at a line start) directive lines, with nothing else
 * but blanks and comments?  Regions so separated are one: `x = a` / `#if B`
 * / `+ 1` / `#endif` / `;` makes three errors around the directives, each
 * meaningless alone. */
static bool only_directives_between(const Regions *R, uint32_t from, uint32_t to)
{
    Lexer L = { .s = R->text, .pos = from, .end = to, .line_start = true };
    bool any = false;
    for (;;) {
        Token t = next_token(&L);
        if (t.kind == TOK_END)
            return any;
        if (t.kind != TOK_HASH && t.kind != TOK_EOL && !t.directive)
            return false;
        any = true;
    }
}

/* Widens every region and merges those that meet, until nothing moves. */
static void settle(Regions *R)
{
    bool moved = true;
    while (moved) {
        moved = false;
        for (size_t i = 0; i < R->regions.n; i++)
            moved |= widen(R, &R->regions.v[i]);
        if (R->regions.n > 1)
            qsort(R->regions.v, R->regions.n, sizeof *R->regions.v, by_start);
        size_t k = 0;
        for (size_t i = 0; i < R->regions.n; i++) {
            if (k > 0 && (R->regions.v[i].start <= R->regions.v[k - 1].end
                          || only_directives_between(R, R->regions.v[k - 1].end, R->regions.v[i].start))) {
                if (R->regions.v[i].end > R->regions.v[k - 1].end)
                    R->regions.v[k - 1].end = R->regions.v[i].end;
                moved = true;
            } else {
                R->regions.v[k++] = R->regions.v[i];
            }
        }
        R->regions.n = k;
    }
}

/* ---- the verdict on a region ---- */

static bool is_keyword(const char *s, size_t n)
{
    static const char *const words[] = {
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
        "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
        "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
        "typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas", "_Alignof",
        "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert",
        "_Thread_local", "asm", "typeof", "__asm", "__asm__", "__attribute", "__attribute__",
        "__inline", "__inline__", "__typeof", "__typeof__", "__extension__", "__restrict",
        "__restrict__", "__const", "__const__", "__volatile", "__volatile__", "__signed",
        "__signed__", "__alignof__", "__thread",
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
            return true;
    return false;
}

/* After `#if`: is it `#if 0` (a group never compiled: prose, quotes,
 * anything)?  Then consumes the 0. */
static bool if_zero(Lexer *L)
{
    Lexer peek = *L;
    Token zero = next_token(&peek);
    Token end = next_token(&peek);
    if (zero.kind != TOK_NUMBER || zero.len != 1 || L->s[zero.start] != '0'
        || (end.kind != TOK_EOL && end.kind != TOK_END))
        return false;
    *L = peek;
    return true;
}

/* Skips the body of an #if 0 group (the lexer only finds its end: bytes
 * there are not judged): returns the '#' of its #else, #elif or #endif,
 * whose name is the next token, or the end. */
static Token skip_dead_group(Lexer *L)
{
    bool bad = L->bad;
    size_t depth = 0;
    Token t;
    for (;;) {
        t = next_token(L);
        if (t.kind == TOK_END)
            break;
        if (t.kind != TOK_HASH)
            continue;
        Lexer before = *L;
        Token name = next_token(L);
        if (name.kind != TOK_IDENT)
            continue;
        if (token_is(L, name, "if") || token_is(L, name, "ifdef") || token_is(L, name, "ifndef")) {
            depth++;
        } else if (token_is(L, name, "endif") && depth > 0) {
            depth--;
        } else if (depth == 0 && (token_is(L, name, "endif") || (name.len >= 4
                   && (memcmp(L->s + name.start, "else", 4) == 0 || memcmp(L->s + name.start, "elif", 4) == 0)))) {
            *L = before;
            break;
        }
    }
    L->bad = bad || L->eof_in_token;
    return t;
}

typedef struct Branch {
    long saved[3], first_end[3];
    bool has_else;
} Branch;

static Verdict judge(const Regions *R, Span r)
{
    /* the original text: a region of a later round may cover blanked ones */
    Lexer L = { .s = R->src->text, .pos = r.start, .end = r.end, .line_start = true };
    bool cbc = false, macro_evidence = false;
    long depth[3] = { 0, 0, 0 }; /* ( [ { */
    Branch branches[MAX_BRANCH_DEPTH];
    size_t nbranch = 0;
    Token prev = { TOK_END, 0, 0, false }, prev2 = prev, last = prev; /* last: outside directives */
    Token t = next_token(&L);
    while (t.kind != TOK_END) {
        Token next = next_token(&L);
        if (t.kind == TOK_HASH) {
            macro_evidence = true;
            if (next.kind == TOK_IDENT) {
                const char *w = L.s + next.start;
                if (token_is(&L, next, "interface"))
                    cbc = true;
                bool is_if = token_is(&L, next, "if") || token_is(&L, next, "ifdef")
                          || token_is(&L, next, "ifndef");
                bool is_else = next.len >= 4 && (memcmp(w, "else", 4) == 0 || memcmp(w, "elif", 4) == 0);
                if (is_if) {
                    if (nbranch < MAX_BRANCH_DEPTH) {
                        memcpy(branches[nbranch].saved, depth, sizeof depth);
                        branches[nbranch++].has_else = false;
                    }
                    if (token_is(&L, next, "if") && if_zero(&L))
                        next = skip_dead_group(&L);
                } else if (is_else && nbranch > 0) {
                    Branch *b = &branches[nbranch - 1];
                    if (!b->has_else)
                        memcpy(b->first_end, depth, sizeof depth);
                    b->has_else = true;
                    memcpy(depth, b->saved, sizeof depth);
                } else if (token_is(&L, next, "endif") && nbranch > 0) {
                    Branch *b = &branches[--nbranch];
                    if (b->has_else)
                        memcpy(depth, b->first_end, sizeof depth);
                }
            }
        } else if (t.kind == TOK_IDENT) {
            const char *w = L.s + t.start;
            if (!is_keyword(w, t.len))
                macro_evidence = true;
            if (token_is(&L, t, "__code") || token_is(&L, t, "__return")
                || token_is(&L, t, "__environment") || (t.len > 5 && memcmp(w, "_CbC_", 5) == 0))
                cbc = true;
            else if (token_is(&L, t, "goto")) {
                /* goto label and goto *p are C; a gear goto names what it
                 * calls: f(, k->next(, a.k(, t[i](, (*k)( */
                if (next.kind == TOK_IDENT) {
                    Lexer peek = L;
                    Token after = next_token(&peek);
                    if (after.kind == TOK_PUNCT && strchr("(-.[", L.s[after.start]))
                        cbc = true;
                } else if (!punct_is(&L, next, '*')) {
                    cbc = true;
                }
                if (prev.kind == TOK_IDENT && token_is(&L, prev, "par"))
                    cbc = true;
            } else if (token_is(&L, t, "new") && next.kind == TOK_IDENT) {
                cbc = true;
            }
        }
        if (t.kind == TOK_PUNCT && !t.directive) {
            const char *p = strchr("([{)]}", L.s[t.start]);
            if (p) {
                int k = (int)(p - "([{)]}");
                if (k < 3)
                    depth[k]++;
                else if (--depth[k - 3] < 0)
                    return NOT_C;
            }
        }
        /* `struct S <` : Interface syntax */
        if (t.kind == TOK_PUNCT && L.s[t.start] == '<' && prev.kind == TOK_IDENT && prev2.kind == TOK_IDENT
            && (token_is(&L, prev2, "struct") || token_is(&L, prev2, "union")))
            cbc = true;
        if (!t.directive && t.kind != TOK_HASH && t.kind != TOK_EOL)
            last = t;
        if (t.kind != TOK_EOL) {
            prev2 = prev;
            prev = t;
        }
        t = next;
    }
    if (L.bad || depth[0] || depth[1] || depth[2] || !macro_evidence)
        return NOT_C;
    /* At the end of the file: was it cut short? */
    if (r.end >= R->src->len) {
        if (L.eof_in_token)
            return NOT_C;
        bool can_end = last.kind == TOK_END || last.kind == TOK_IDENT
                    || (last.kind == TOK_PUNCT && strchr(";})", L.s[last.start]));
        if (last.kind == TOK_IDENT && is_keyword(L.s + last.start, last.len))
            can_end = false;
        if (!can_end)
            return NOT_C;
    }
    return cbc ? HOLDS_CBC : PASS;
}

/* ---- reporting the refused regions ---- */

static size_t region_at(const Regions *R, uint32_t at)
{
    size_t i;
    UPPER_BOUND(i, R->regions.n, R->regions.v[i].start, at);
    if (i > 0 && at <= R->regions.v[i - 1].end)
        return i - 1;
    return NONE;
}

typedef struct ReportCtx {
    Regions *R;
    Diag *d;
    Source *src;
    bool preprocessed;
} ReportCtx;

static bool wanted(void *ctx, uint32_t at)
{
    ReportCtx *c = ctx;
    size_t i = region_at(c->R, at);
    return i == NONE || c->R->verdict[i] != PASS;
}

static void reported(void *ctx, uint32_t at, bool c_error)
{
    ReportCtx *c = ctx;
    size_t i = region_at(c->R, at);
    if (i == NONE || c->R->verdict[i] != HOLDS_CBC || c->R->noted[i] || !c_error || c->preprocessed)
        return;
    c->R->noted[i] = true;
    diag_note(c->d, c->src, at,
              "the C around this CbC code could not be parsed without its macros (source mode "
              "does not expand them, and passes through unparsed C only where it holds no CbC): "
              "build this file with 'gearsc cc' or 'gearsc --preprocess' (docs/driver.md)");
}

static void regions_free(Regions *R)
{
    free(R->items.v);
    free(R->items_by_end);
    free(R->regions.v);
    free(R->verdict);
    free(R->noted);
    free(R->dirs.v);
    free(R->dirs.endif_of);
}

/* The regions of tree (parsed from text) and their verdicts. */
static void find_regions(Regions *R, TSTree *tree, Source *src, const char *text)
{
    memset(R, 0, sizeof *R);
    R->src = src;
    R->text = text;
    collect(R, ts_tree_root_node(tree));
    if (R->items.n > 1)
        qsort(R->items.v, R->items.n, sizeof *R->items.v, by_start);
    R->items_by_end = xmalloc((R->items.n + 1) * sizeof *R->items_by_end);
    for (size_t i = 0; i < R->items.n; i++)
        R->items_by_end[i] = &R->items.v[i];
    if (R->items.n > 1)
        qsort(R->items_by_end, R->items.n, sizeof *R->items_by_end, by_end);
    find_directives(text, src->len, &R->dirs);
    settle(R);
    R->verdict = xmalloc((R->regions.n + 1) * sizeof *R->verdict);
    R->noted = calloc(R->regions.n + 1, sizeof *R->noted);
    if (!R->noted)
        fatal_out_of_memory();
    for (size_t i = 0; i < R->regions.n; i++)
        R->verdict[i] = judge(R, R->regions.v[i]);
}

/* ---- a region with CbC: its declarations one by one ---- */

/* The starts of the outermost ERROR and the MISSING nodes of the tree, in
 * order (a MISSING at the end of the file is no declaration's). */
static void error_starts(TSTree *tree, size_t len, Spans *out)
{
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        bool descend = false;
        if (ts_node_is_missing(n) || node_is(n, KIND_ERROR)) {
            uint32_t a = ts_node_start_byte(n);
            if (!ts_node_is_missing(n) || a < len)
                spans_push(out, a, a);
        } else {
            descend = ts_node_has_error(n);
        }
        if (!tree_cursor_next(&c, descend))
            break;
    }
    ts_tree_cursor_delete(&c);
}

static bool holds_error_start(const Spans *errs, Span chunk)
{
    size_t i = 0;
    if (chunk.start > 0)
        UPPER_BOUND(i, errs->n, errs->v[i].start, chunk.start - 1);
    return i < errs->n && errs->v[i].start < chunk.end;
}

/* Widens a chunk of region r by the conditional groups of its directives;
 * false if a group reaches outside r. */
static bool whole_groups(const Regions *R, Span r, Span *chunk)
{
    for (;;) {
        Span before = *chunk;
        size_t first = 0;
        if (chunk->start > 0)
            UPPER_BOUND(first, R->dirs.n, R->dirs.v[i].line_start, chunk->start - 1);
        for (size_t i = first; i < R->dirs.n && R->dirs.v[i].line_start < chunk->end; i++) {
            uint32_t g = R->dirs.v[i].group;
            if (g == NONE)
                continue;
            uint32_t e = R->dirs.endif_of[g];
            uint32_t group_end = e == NONE ? (uint32_t)R->src->len : R->dirs.v[e].line_end;
            if (R->dirs.v[g].line_start < r.start || group_end > r.end)
                return false;
            if (R->dirs.v[g].line_start < chunk->start)
                chunk->start = R->dirs.v[g].line_start;
            if (group_end > chunk->end)
                chunk->end = group_end;
        }
        if (chunk->start == before.start && chunk->end == before.end)
            return true;
    }
}

/* A region that holds CbC may still be mostly C the parser failed on (an
 * #if that gives each branch its own '{' breaks the parse up to the end of
 * the file, gears included).  Splits r into its top-level declarations (a
 * ';' at depth 0, or the '}' of a body opened after ')'), whole lines and
 * whole #if groups, and blanks each one that holds the start of a syntax
 * error and is C without CbC.  True if it blanked any. */
static bool blank_c_declarations(Regions *R, Span r, const Spans *errs, char *blanked)
{
    bool blanked_any = false;
    uint32_t at = r.start;
    while (at < r.end) {
        Lexer L = { .s = R->src->text, .pos = at, .end = r.end, .line_start = true };
        long depth = 0;
        bool body = false;
        Token prev = { TOK_END, 0, 0, false };
        uint32_t end = r.end;
        struct {
            long saved, first_end;
            bool has_else;
        } br[MAX_BRANCH_DEPTH];
        size_t nbr = 0;
        for (;;) {
            Token t = next_token(&L);
            if (t.kind == TOK_END)
                break;
            if (t.kind == TOK_HASH) { /* each #if branch from where the #if began */
                Lexer peek = L;
                Token name = next_token(&peek);
                const char *w = L.s + name.start;
                if (name.kind != TOK_IDENT) {
                } else if (token_is(&L, name, "if") || token_is(&L, name, "ifdef")
                           || token_is(&L, name, "ifndef")) {
                    if (nbr < MAX_BRANCH_DEPTH) {
                        br[nbr].saved = depth;
                        br[nbr++].has_else = false;
                    }
                } else if (nbr > 0 && name.len >= 4
                           && (memcmp(w, "else", 4) == 0 || memcmp(w, "elif", 4) == 0)) {
                    if (!br[nbr - 1].has_else)
                        br[nbr - 1].first_end = depth;
                    br[nbr - 1].has_else = true;
                    depth = br[nbr - 1].saved;
                } else if (nbr > 0 && token_is(&L, name, "endif")) {
                    nbr--;
                    if (br[nbr].has_else)
                        depth = br[nbr].first_end;
                }
                continue;
            }
            if (t.kind != TOK_PUNCT || t.directive) {
                if (t.kind != TOK_EOL && !t.directive && t.kind != TOK_HASH)
                    prev = t;
                continue;
            }
            char c = L.s[t.start];
            if (strchr("([{", c)) {
                if (depth++ == 0 && c == '{')
                    body = punct_is(&L, prev, ')');
            } else if (strchr(")]}", c)) {
                depth--;
            }
            prev = t;
            if (depth == 0 && (c == ';' || (c == '}' && body))) {
                end = line_end_of(L.s, r.end, t.start + 1);
                break;
            }
            if (depth < 0)
                break;
        }
        Span chunk = { at, end > at ? end : r.end };
        bool whole = whole_groups(R, r, &chunk);
        if (whole && holds_error_start(errs, chunk) && judge(R, chunk) == PASS) {
            for (uint32_t k = chunk.start; k < chunk.end; k++)
                if (blanked[k] != '\n')
                    blanked[k] = ' ';
            blanked_any = true;
        }
        at = chunk.end > at ? chunk.end : r.end;
    }
    return blanked_any;
}

/* Control characters in more than one byte in a hundred: binary junk, not C
 * (judging its regions would only cost time). */
static bool looks_binary(const Source *src)
{
    size_t control = 0;
    for (size_t i = 0; i < src->len; i++) {
        unsigned char c = (unsigned char)src->text[i];
        control += (c != 0 && c < 0x20 && !strchr("\t\n\v\f\r", c)) || c == 0x7f;
    }
    return control > 16 && control > src->len / 100;
}

static TSTree *parse_passing_through(Source *src, Diag *d, bool preprocessed)
{
    int before = d->errors;
    TSTree *tree = parse_text(src, src->text, d);
    if (!tree || d->errors != before || !ts_node_has_error(ts_tree_root_node(tree)))
        return tree;
    if (memchr(src->text, '\0', src->len) || looks_binary(src)) {
        report_syntax_errors(tree, src, d);
        return tree;
    }
    char *blanked = NULL;
    const char *text = src->text;
    for (int round = 0;; round++) {
        Regions R;
        find_regions(&R, tree, src, text);
        bool not_c = false, cbc = false;
        for (size_t i = 0; i < R.regions.n; i++) {
            not_c |= R.verdict[i] == NOT_C;
            cbc |= R.verdict[i] == HOLDS_CBC;
        }
        bool progress = false;
        if (!not_c && round < MAX_ROUNDS) {
            if (!blanked) {
                blanked = xmalloc(src->len + 1);
                memcpy(blanked, src->text, src->len + 1);
                text = R.text = blanked;
            }
            Spans errs = { 0 };
            if (cbc)
                error_starts(tree, src->len, &errs);
            for (size_t i = 0; i < R.regions.n; i++) {
                if (R.verdict[i] == HOLDS_CBC) {
                    progress |= blank_c_declarations(&R, R.regions.v[i], &errs, blanked);
                    continue;
                }
                for (uint32_t k = R.regions.v[i].start; k < R.regions.v[i].end; k++)
                    if (blanked[k] != '\n')
                        blanked[k] = ' ';
                progress = true;
            }
            free(errs.v);
        }
        if (!progress) {
            if (round == MAX_ROUNDS)
                for (size_t i = 0; i < R.regions.n; i++)
                    if (R.verdict[i] == PASS)
                        R.verdict[i] = NOT_C;
            ReportCtx ctx = { &R, d, src, preprocessed };
            SyntaxErrorFilter f = { wanted, reported, &ctx };
            report_syntax_errors_where(tree, src, d, &f);
            regions_free(&R);
            break;
        }
        regions_free(&R);
        ts_tree_delete(tree);
        tree = parse_text(src, blanked, d);
        if (!tree || d->errors != before || !ts_node_has_error(ts_tree_root_node(tree)))
            break;
    }
    free(blanked);
    return tree;
}

TSTree *parse_source_passthrough(Source *src, Diag *d)
{
    return parse_passing_through(src, d, false);
}

TSTree *parse_preprocessed_passthrough(Source *src, Diag *d)
{
    return parse_passing_through(src, d, true);
}
