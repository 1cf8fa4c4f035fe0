/* syntax.c - resolving the names of syntax.h to the grammar's ids. */
#include "syntax.h"

#include "parse.h"
#include "../support/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SyntaxIds syntax_ids;

static const struct {
    const char *name;
    bool named;
} kinds[NODE_KIND_COUNT] = {
    [KIND_OTHER] = { NULL, false },
#define SYNTAX_NAMED_ENTRY(name) [KIND_##name] = { #name, true },
#define SYNTAX_TOKEN_ENTRY(name) [KIND_##name] = { #name, false },
    SYNTAX_NAMED_KINDS(SYNTAX_NAMED_ENTRY) SYNTAX_TOKEN_KINDS(SYNTAX_TOKEN_ENTRY)
#undef SYNTAX_NAMED_ENTRY
#undef SYNTAX_TOKEN_ENTRY
};

static const char *const fields[FIELD_NAME_COUNT] = {
#define SYNTAX_FIELD_ENTRY(name) [FIELD_##name] = #name,
    SYNTAX_FIELDS(SYNTAX_FIELD_ENTRY)
#undef SYNTAX_FIELD_ENTRY
};

const char *syntax_kind_name(NodeKind k)
{
    return k > KIND_OTHER && k < NODE_KIND_COUNT ? kinds[k].name : NULL;
}

bool syntax_kind_is_named(NodeKind k)
{
    return k > KIND_OTHER && k < NODE_KIND_COUNT && kinds[k].named;
}

const char *syntax_field_name(FieldName f)
{
    return f < FIELD_NAME_COUNT ? fields[f] : NULL;
}

static _Noreturn void missing_from_grammar(const char *what, const char *name)
{
    fprintf(stderr,
            "gearsc: internal error: the tree-sitter-cbc grammar has no %s '%s' "
            "(src/parse/syntax.h names it)\n",
            what, name);
    exit(1);
}

void syntax_init(void)
{
    static bool done;
    if (done)
        return;
    const TSLanguage *lang = tree_sitter_cbc();
    uint32_t count = ts_language_symbol_count(lang);
    uint8_t *kind_of = calloc(count, 1); /* KIND_OTHER everywhere; kept until exit */
    if (!kind_of)
        fatal_out_of_memory();
    _Static_assert(NODE_KIND_COUNT <= UINT8_MAX, "NodeKind must fit kind_of_symbol's bytes");
    for (int k = KIND_OTHER + 1; k < NODE_KIND_COUNT; k++) {
        const char *name = kinds[k].name;
        TSSymbol s = ts_language_symbol_for_name(lang, name, (uint32_t)strlen(name), kinds[k].named);
        /* 0 is the end-of-input symbol: what tree-sitter answers for "no such name" */
        if (s == 0)
            missing_from_grammar(kinds[k].named ? "node kind" : "token", name);
        syntax_ids.symbol_of_kind[k] = s;
        if (s < count)
            kind_of[s] = (uint8_t)k;
        else if (k == KIND_ERROR)
            syntax_ids.error_symbol = s;
        else
            missing_from_grammar("symbol id in range for", name);
    }
    for (int f = 0; f < FIELD_NAME_COUNT; f++) {
        TSFieldId id = ts_language_field_id_for_name(lang, fields[f], (uint32_t)strlen(fields[f]));
        if (id == 0)
            missing_from_grammar("field", fields[f]);
        syntax_ids.field_id[f] = id;
    }
    syntax_ids.kind_of_symbol = kind_of;
    syntax_ids.symbol_count = count;
    done = true;
}
