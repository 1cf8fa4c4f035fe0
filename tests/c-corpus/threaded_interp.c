/*
 * threaded_interp.c - a direct-threaded interpreter for a tiny
 * expression language (tokenizer + compiler + computed-goto engine).
 *
 * NOTE FOR PARSER TESTING: unlike the other files in this corpus, this
 * one deliberately uses valid GNU C11 constructs that stock
 * tree-sitter-c 0.23.6 does NOT parse (or, for _Thread_local and
 * __typeof__(expr), parses wrongly).  tree-sitter-cbc now covers all of
 * them: ts-gap 1 with the CbC rules (computed_goto_statement), the rest in
 * the "C11/GNU C that tree-sitter-c lacks" section of grammar/grammar.js,
 * one test per construct in grammar/test/corpus/c_gnu_extensions.txt.
 * Each such spot is marked with a "ts-gap:" comment.  The full list:
 *   ts-gap 1: computed goto   goto *expr;
 *   ts-gap 2: case ranges     case 'a' ... 'z':
 *   ts-gap 3: _Thread_local storage class
 *   ts-gap 4: typeof / __typeof__ applied to a non-identifier expression
 *   ts-gap 5: __attribute__ after a variable declarator (with/without initializer)
 *   ts-gap 6: statement attribute  __attribute__((fallthrough));
 *   ts-gap 7: #if/#endif around entries of an initializer list
 *   ts-gap 8: unnamed bit-field    unsigned : 3;
 *   ts-gap 9: _Static_assert as a struct member
 *   ts-gap 10: type-name argument to va_arg / __builtin_va_arg / __builtin_offsetof,
 *              and offsetof with a member path (a.b, a[3])
 *   ts-gap 11: _Atomic(type) specifier and _Complex
 *   ts-gap 12: attribute between 'enum' and the tag; attribute on a label
 */
#include "kern_types.h"

#define MAX_TOKENS  256
#define MAX_CODE    512
#define MAX_STACK   64

enum tok_kind {
	T_END = 0,
	T_NUM,
	T_IDENT,
	T_PLUS = '+',
	T_MINUS = '-',
	T_STAR = '*',
	T_SLASH = '/',
	T_LPAREN = '(',
	T_RPAREN = ')',
};

/* ts-gap 12: attribute between 'enum' and its tag */
enum __attribute__((packed)) op {
	OP_LIT,
	OP_VAR,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_NEG,
	OP_END,
	NR_OPS
};

struct token {
	unsigned int kind : 8;
	unsigned int : 8;               /* ts-gap 8: unnamed padding bit-field */
	unsigned int len : 16;
	long value;
	const char *text;
};

struct insn {
	const void *handler;            /* label address, filled in by the engine */
	enum op op;
	long arg;
	/* ts-gap 9: _Static_assert as a member declaration */
	_Static_assert(sizeof(enum op) == 1, "packed enum");
};

/* ts-gap 3: per-thread interpreter state */
static _Thread_local long interp_steps;
_Thread_local int interp_depth;
static __thread const char *interp_last_error;
static __thread unsigned int interp_lines;

/* ts-gap 11: _Atomic(type) specifier, and a complex accumulator */
static _Atomic(unsigned long) interp_runs;
static _Complex double interp_complex_acc;

/* ts-gap 5: attributes after the declarator */
static int interp_verbose __attribute__((unused));
static long interp_total __attribute__((aligned(16))) = 0;
static const char interp_version[] __attribute__((section(".rodata.interp"), used)) = "interp 0.3";

static const char *const op_names[NR_OPS] = {
	[OP_LIT] = "lit",
	[OP_VAR] = "var",
	[OP_ADD] = "add",
	[OP_SUB] = "sub",
	[OP_MUL] = "mul",
	/* ts-gap 7: preprocessor conditional inside an initializer list */
#ifdef INTERP_HAVE_DIV
	[OP_DIV] = "div",
#else
	[OP_DIV] = "div(trap)",
#endif
	[OP_NEG] = "neg",
	[OP_END] = "end",
};

/* ---- tokenizer ---------------------------------------------------------- */

static int tokenize(const char *src, struct token *toks, int max)
{
	int n = 0;
	const char *p = src;

	while (*p && n < max - 1) {
		struct token *t = &toks[n];

		switch (*p) {
		case '\n':
			interp_lines++;
			__attribute__((fallthrough));   /* ts-gap 6 */
		case ' ':
		case '\t':
			p++;
			continue;
		case '0' ... '9': {             /* ts-gap 2: case range */
			long v = 0;
			t->text = p;
			while (*p >= '0' && *p <= '9')
				v = v * 10 + (*p++ - '0');
			t->kind = T_NUM;
			t->value = v;
			break;
		}
		case 'a' ... 'z':               /* ts-gap 2 */
		case 'A' ... 'Z':
		case '_':
			t->text = p;
			while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			       (*p >= '0' && *p <= '9') || *p == '_')
				p++;
			t->kind = T_IDENT;
			t->value = 0;
			break;
		case '+': case '-': case '*': case '/': case '(': case ')':
			t->text = p;
			t->kind = (unsigned char)*p++;
			break;
		default:
			interp_last_error = "unexpected character";
			return -1;
		}
		t->len = (unsigned int)(p - t->text);
		n++;
	}
	toks[n].kind = T_END;
	return n;
}

/* ---- recursive descent compiler --------------------------------------- */

struct compiler {
	const struct token *tok;
	struct insn *code;
	int ncode;
	int err;
};

static void emit(struct compiler *c, enum op op, long arg)
{
	if (c->ncode >= MAX_CODE) {
		c->err = 1;
		return;
	}
	c->code[c->ncode++] = (struct insn){ .op = op, .arg = arg };
}

static void parse_expr(struct compiler *c);

static void parse_primary(struct compiler *c)
{
	const struct token *t = c->tok;

	switch (t->kind) {
	case T_NUM:
		emit(c, OP_LIT, t->value);
		c->tok++;
		break;
	case T_IDENT:
		emit(c, OP_VAR, t->text[0]);
		c->tok++;
		break;
	case T_MINUS:
		c->tok++;
		parse_primary(c);
		emit(c, OP_NEG, 0);
		break;
	case T_LPAREN:
		c->tok++;
		parse_expr(c);
		if (c->tok->kind != T_RPAREN)
			c->err = 1;
		else
			c->tok++;
		break;
	default:
		c->err = 1;
	}
}

static void parse_term(struct compiler *c)
{
	parse_primary(c);
	while (c->tok->kind == T_STAR || c->tok->kind == T_SLASH) {
		enum op op = c->tok->kind == T_STAR ? OP_MUL : OP_DIV;
		c->tok++;
		parse_primary(c);
		emit(c, op, 0);
	}
}

static void parse_expr(struct compiler *c)
{
	parse_term(c);
	for (;;) {
		switch (c->tok->kind) {
		case T_PLUS:
			c->tok++;
			parse_term(c);
			emit(c, OP_ADD, 0);
			break;
		case T_MINUS:
			c->tok++;
			parse_term(c);
			emit(c, OP_SUB, 0);
			break;
		default:
			return;
		}
	}
}

/* ---- direct threaded engine --------------------------------------------- */

long interp_run(struct insn *code, int n, const long vars[26])
{
	static const void *const dispatch[NR_OPS] = {
		[OP_LIT] = &&do_lit,
		[OP_VAR] = &&do_var,
		[OP_ADD] = &&do_add,
		[OP_SUB] = &&do_sub,
		[OP_MUL] = &&do_mul,
		[OP_DIV] = &&do_div,
		[OP_NEG] = &&do_neg,
		[OP_END] = &&do_end,
	};
	long stack[MAX_STACK], *sp = stack;
	struct insn *ip;
	int i;

	/* Resolve each opcode to its label address once ("threading"). */
	for (i = 0; i < n; i++)
		code[i].handler = dispatch[code[i].op];
	ip = code;
	interp_depth++;

#define NEXT() do { interp_steps++; goto *(ip++)->handler; } while (0)
	NEXT();

do_lit:
	*sp++ = ip[-1].arg;
	NEXT();
do_var: {
	/* ts-gap 4: typeof of an expression */
	__typeof__(vars[0] + 0) v = vars[(ip[-1].arg | 0x20) - 'a'];
	*sp++ = v;
	NEXT();
}
do_add:
	sp--; sp[-1] += sp[0];
	NEXT();
do_sub:
	sp--; sp[-1] -= sp[0];
	NEXT();
do_mul:
	sp--; sp[-1] *= sp[0];
	NEXT();
do_div:
	sp--;
	if (sp[0] == 0) {
		interp_last_error = "division by zero";
		goto *dispatch[OP_END];         /* ts-gap 1: computed goto */
	}
	sp[-1] /= sp[0];
	NEXT();
do_neg:
	sp[-1] = -sp[-1];
	NEXT();
do_end:
	__attribute__((unused));            /* ts-gap 12: label attribute */
#undef NEXT
	interp_depth--;
	return sp > stack ? sp[-1] : 0;
}

/* ---- variadic front end ------------------------------------------------ */

/* interp_eval_all(vars, n, "expr1", "expr2", ...) -> sum of results */
long interp_eval_all(const long vars[26], int n, ...)
{
	static struct token toks[MAX_TOKENS];
	static struct insn code[MAX_CODE];
	va_list ap;
	long sum = 0;
	typeof(sum) last = 0;                    /* typeof(identifier) */
	typeof(&toks[0]) first_tok = toks;       /* ts-gap 4 */
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++) {
		const char *src = va_arg(ap, const char *);     /* ts-gap 10 */
		struct compiler c = { .tok = first_tok, .code = code };

		if (tokenize(src, toks, MAX_TOKENS) < 0)
			continue;
		parse_expr(&c);
		emit(&c, OP_END, 0);
		if (c.err)
			continue;
		last = interp_run(code, c.ncode, vars);
		sum += last;
	}
	va_end(ap);

	interp_runs++;
	interp_total += sum;
	interp_complex_acc += (double)sum;
	return sum;
}

struct interp_stats {
	struct {
		long hits, misses;
	} cache;
	long per_op[NR_OPS];
};

/* ts-gap 10: offsetof with a member designator path */
static const size_t stats_misses_off = offsetof(struct interp_stats, cache.misses);
static const size_t stats_op3_off = __builtin_offsetof(struct interp_stats, per_op[3]);

/* Raw builtin form, as <stdarg.h> expands it. */
void interp_log(const char *fmt, ...)
{
	__builtin_va_list ap;
	const char *name;

	__builtin_va_start(ap, fmt);
	name = __builtin_va_arg(ap, char *);          /* ts-gap 10 */
	__builtin_va_end(ap);
	kprintf(fmt, name, interp_version, op_names[OP_END],
		(int)__builtin_offsetof(struct token, value) +   /* ts-gap 10 */
		(int)__builtin_offsetof(struct compiler, tok) +
		(int)(stats_misses_off + stats_op3_off));
}
