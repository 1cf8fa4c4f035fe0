/*
 * bytecode_vm.c - a small stack-based bytecode interpreter (of the kind
 * used for packet filters or tracing probes) with a verifier, native
 * call table and a switch-based dispatch loop.
 */
#include "kern_types.h"

#define VM_STACK_MAX    64
#define VM_LOCALS_MAX   16
#define VM_FRAMES_MAX   8
#define VM_CODE_MAX     4096
#define VM_STEP_LIMIT   1000000

/* X-macro list of opcodes: name, value, stack effect (pops, pushes). */
#define VM_OPCODES(X)           \
	X(NOP,    0x00, 0, 0)   \
	X(PUSH,   0x01, 0, 1)   \
	X(POP,    0x02, 1, 0)   \
	X(DUP,    0x03, 1, 2)   \
	X(SWAP,   0x04, 2, 2)   \
	X(ADD,    0x10, 2, 1)   \
	X(SUB,    0x11, 2, 1)   \
	X(MUL,    0x12, 2, 1)   \
	X(DIV,    0x13, 2, 1)   \
	X(MOD,    0x14, 2, 1)   \
	X(AND,    0x15, 2, 1)   \
	X(OR,     0x16, 2, 1)   \
	X(XOR,    0x17, 2, 1)   \
	X(SHL,    0x18, 2, 1)   \
	X(SHR,    0x19, 2, 1)   \
	X(NEG,    0x1a, 1, 1)   \
	X(NOT,    0x1b, 1, 1)   \
	X(EQ,     0x20, 2, 1)   \
	X(LT,     0x21, 2, 1)   \
	X(LE,     0x22, 2, 1)   \
	X(JMP,    0x30, 0, 0)   \
	X(JZ,     0x31, 1, 0)   \
	X(JNZ,    0x32, 1, 0)   \
	X(LOAD,   0x40, 0, 1)   \
	X(STORE,  0x41, 1, 0)   \
	X(LDCTX,  0x42, 1, 1)   \
	X(CALL,   0x50, 0, 0)   \
	X(RET,    0x51, 0, 0)   \
	X(NATIVE, 0x52, 0, 1)   \
	X(HALT,   0xff, 1, 0)

enum vm_opcode {
	OP_NOP    = 0x00,
	OP_PUSH   = 0x01,
	OP_POP    = 0x02,
	OP_DUP    = 0x03,
	OP_SWAP   = 0x04,
	OP_ADD    = 0x10,
	OP_SUB    = 0x11,
	OP_MUL    = 0x12,
	OP_DIV    = 0x13,
	OP_MOD    = 0x14,
	OP_AND    = 0x15,
	OP_OR     = 0x16,
	OP_XOR    = 0x17,
	OP_SHL    = 0x18,
	OP_SHR    = 0x19,
	OP_NEG    = 0x1a,
	OP_NOT    = 0x1b,
	OP_EQ     = 0x20,
	OP_LT     = 0x21,
	OP_LE     = 0x22,
	OP_JMP    = 0x30,
	OP_JZ     = 0x31,
	OP_JNZ    = 0x32,
	OP_LOAD   = 0x40,
	OP_STORE  = 0x41,
	OP_LDCTX  = 0x42,
	OP_CALL   = 0x50,
	OP_RET    = 0x51,
	OP_NATIVE = 0x52,
	OP_HALT   = 0xff,
};

#define OP_NAME_ENTRY(name, val, pops, pushes) [val] = #name,
#define OP_EFFECT_ENTRY(name, val, pops, pushes) [val] = { pops, pushes, 1 },

static const char *const op_names[256] = {
	[0 ... 255] = "ILLEGAL",
	VM_OPCODES(OP_NAME_ENTRY)
};

static const struct op_effect {
	u8 pops : 4;
	u8 pushes : 4;
	u8 valid;
} op_effects[256] = {
	VM_OPCODES(OP_EFFECT_ENTRY)
};

/*
 * 32-bit instruction word: 8-bit opcode, 24-bit signed immediate.
 * The union lets the decoder and the assembler share the layout.
 */
typedef union vm_insn {
	u32 word;
	struct {
		u32 op : 8;
		s32 imm : 24;
	};
} vm_insn_t;

_Static_assert(sizeof(vm_insn_t) == 4, "instruction is one word");

typedef s64 vm_word;

enum vm_status {
	VM_OK          = 0,
	VM_HALTED      = 1,
	VM_ERR_STACK   = -1,
	VM_ERR_DIVZERO = -2,
	VM_ERR_OPCODE  = -3,
	VM_ERR_BOUNDS  = -4,
	VM_ERR_LIMIT   = -5,
	VM_ERR_NATIVE  = -6,
};

struct vm_env;

/* Native helpers: arguments come from the top of the stack. */
typedef vm_word (*vm_native_fn)(struct vm_env *env, const vm_word *args);

struct vm_native {
	const char *name;
	vm_native_fn fn;
	u8 nargs;
};

struct vm_frame {
	u32 ret_pc;
	u32 sp_base;
	vm_word locals[VM_LOCALS_MAX];
};

struct vm_program {
	const vm_insn_t *code;
	u32 len;
	const struct vm_native *natives;
	u32 nr_natives;
	void *meta;
};

struct vm_env {
	const struct vm_program *prog;
	u32 pc;
	u32 sp;
	u32 fp;
	u64 steps;
	vm_word stack[VM_STACK_MAX];
	struct vm_frame frames[VM_FRAMES_MAX];
	const u8 *context;              /* read-only input record */
	u32 context_len;
	int (*trace)(const struct vm_env *env, vm_insn_t insn);
	void *data;
};

/*
 * Tiny accessors.  The plain names (meta, impl, code, env) are on
 * purpose: they are ordinary C identifiers.
 */
static inline void *meta(const struct vm_env *env)
{
	return env->prog ? env->prog->meta : NULL;
}

static inline vm_insn_t code(const struct vm_env *env, u32 pc)
{
	return env->prog->code[pc];
}

static inline const struct vm_native *impl(const struct vm_program *prog, u32 idx)
{
	return idx < prog->nr_natives ? &prog->natives[idx] : NULL;
}

/* ---- natives ------------------------------------------------------- */

static vm_word native_ktime(struct vm_env *env, const vm_word *args)
{
	u32 lo, hi;
	(void)env; (void)args;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (vm_word)(((u64)hi << 32) | lo);
}

static vm_word native_min(struct vm_env *env, const vm_word *args)
{
	(void)env;
	return args[0] < args[1] ? args[0] : args[1];
}

static vm_word native_popcount(struct vm_env *env, const vm_word *args)
{
	(void)env;
	return __builtin_popcountll((u64)args[0]);
}

static vm_word native_hash(struct vm_env *env, const vm_word *args)
{
	u64 h = 0xcbf29ce484222325ULL;
	u32 i, len = (u32)args[1], off = (u32)args[0];

	if (off > env->context_len || len > env->context_len - off)
		return -1;
	for (i = 0; i < len; i++)
		h = (h ^ env->context[off + i]) * 0x100000001b3ULL;
	return (vm_word)h;
}

static const struct vm_native default_natives[] = {
	{ "ktime",    native_ktime,    0 },
	{ "min",      native_min,      2 },
	{ "popcount", native_popcount, 1 },
	{ .name = "hash", .fn = native_hash, .nargs = 2 },
};

/* ---- verifier ------------------------------------------------------ */

static int vm_verify(const struct vm_program *prog)
{
	u32 pc;
	int depth = 0;

	if (!prog->len || prog->len > VM_CODE_MAX)
		return VM_ERR_BOUNDS;

	for (pc = 0; pc < prog->len; pc++) {
		vm_insn_t insn = prog->code[pc];
		const struct op_effect *e = &op_effects[insn.op];

		if (!e->valid) {
			pr_warn("vm: illegal opcode %#x at %u\n", insn.op, pc);
			return VM_ERR_OPCODE;
		}
		switch (insn.op) {
		case OP_JMP:
		case OP_JZ:
		case OP_JNZ:
		case OP_CALL: {
			s64 target = (s64)pc + 1 + insn.imm;
			if (target < 0 || target >= prog->len)
				return VM_ERR_BOUNDS;
			break;
		}
		case OP_LOAD:
		case OP_STORE:
			if (insn.imm < 0 || insn.imm >= VM_LOCALS_MAX)
				return VM_ERR_BOUNDS;
			break;
		case OP_NATIVE:
			if (insn.imm < 0 || (u32)insn.imm >= prog->nr_natives)
				return VM_ERR_NATIVE;
			depth -= prog->natives[insn.imm].nargs;
			break;
		default:
			break;
		}
		/* straight-line approximation of the stack depth */
		depth += e->pushes - e->pops;
		if (depth > VM_STACK_MAX)
			return VM_ERR_STACK;
		if (depth < 0)
			depth = 0;
	}
	return VM_OK;
}

/* ---- interpreter ---------------------------------------------------- */

#define PUSH(v)     ((env)->stack[(env)->sp++] = (vm_word)(v))
#define POP()       ((env)->stack[--(env)->sp])
#define TOP()       ((env)->stack[(env)->sp - 1])
#define NEED(n)     do { if (unlikely(env->sp < (u32)(n))) goto stack_err; } while (0)
#define ROOM(n)     do { if (unlikely(env->sp + (u32)(n) > VM_STACK_MAX)) goto stack_err; } while (0)

#define BINARY(expr) do {                       \
	vm_word b, a;                           \
	NEED(2);                                \
	b = POP(); a = POP();                   \
	PUSH(expr);                             \
} while (0)

int vm_run(struct vm_env *env, vm_word *result)
{
	const struct vm_program *prog = env->prog;
	const vm_insn_t *code = prog->code;
	struct vm_frame *frame = &env->frames[env->fp];
	int status = VM_OK;

	for (;;) {
		vm_insn_t insn;
		u32 next;

		if (unlikely(env->pc >= prog->len))
			return VM_ERR_BOUNDS;
		if (unlikely(++env->steps > VM_STEP_LIMIT))
			return VM_ERR_LIMIT;

		insn = code[env->pc];
		next = env->pc + 1;
		if (env->trace && env->trace(env, insn))
			return VM_OK;

		switch ((enum vm_opcode)insn.op) {
		case OP_NOP:
			break;
		case OP_PUSH:
			ROOM(1);
			PUSH(insn.imm);
			break;
		case OP_POP:
			NEED(1);
			env->sp--;
			break;
		case OP_DUP:
			NEED(1); ROOM(1);
			env->stack[env->sp] = TOP();
			env->sp++;
			break;
		case OP_SWAP: {
			vm_word t;
			NEED(2);
			t = TOP();
			TOP() = env->stack[env->sp - 2];
			env->stack[env->sp - 2] = t;
			break;
		}
		case OP_ADD: BINARY(a + b); break;
		case OP_SUB: BINARY(a - b); break;
		case OP_MUL: BINARY((vm_word)((u64)a * (u64)b)); break;
		case OP_DIV:
		case OP_MOD: {
			vm_word b, a;
			NEED(2);
			b = POP();
			a = POP();
			if (b == 0) {
				status = VM_ERR_DIVZERO;
				goto out;
			}
			/* avoid the INT64_MIN / -1 trap */
			if (b == -1)
				PUSH(insn.op == OP_DIV ? (vm_word)(0 - (u64)a) : 0);
			else
				PUSH(insn.op == OP_DIV ? a / b : a % b);
			break;
		}
		case OP_AND: BINARY(a & b); break;
		case OP_OR:  BINARY(a | b); break;
		case OP_XOR: BINARY(a ^ b); break;
		case OP_SHL: BINARY((vm_word)((u64)a << (b & 63))); break;
		case OP_SHR: BINARY((vm_word)((u64)a >> (b & 63))); break;
		case OP_NEG:
			NEED(1);
			TOP() = (vm_word)(0 - (u64)TOP());
			break;
		case OP_NOT:
			NEED(1);
			TOP() = !TOP();
			break;
		case OP_EQ: BINARY(a == b); break;
		case OP_LT: BINARY(a < b); break;
		case OP_LE: BINARY(a <= b); break;
		case OP_JMP:
			next = (u32)((s32)next + insn.imm);
			break;
		case OP_JZ:
		case OP_JNZ: {
			vm_word cond;
			NEED(1);
			cond = POP();
			if ((insn.op == OP_JZ) == (cond == 0))
				next = (u32)((s32)next + insn.imm);
			break;
		}
		case OP_LOAD:
			ROOM(1);
			PUSH(frame->locals[insn.imm]);
			break;
		case OP_STORE:
			NEED(1);
			frame->locals[insn.imm] = POP();
			break;
		case OP_LDCTX: {
			vm_word off;
			u32 width = (u32)insn.imm & 0xf;
			u64 v = 0;
			NEED(1);
			off = POP();
			if (off < 0 || (u64)off + width > env->context_len ||
			    !(width == 1 || width == 2 || width == 4 || width == 8)) {
				status = VM_ERR_BOUNDS;
				goto out;
			}
			__builtin_memcpy(&v, env->context + off, width);
			PUSH(v);
			break;
		}
		case OP_CALL:
			if (env->fp + 1 >= VM_FRAMES_MAX) {
				status = VM_ERR_STACK;
				goto out;
			}
			frame = &env->frames[++env->fp];
			*frame = (struct vm_frame){ .ret_pc = next, .sp_base = env->sp };
			next = (u32)((s32)next + insn.imm);
			break;
		case OP_RET:
			if (env->fp == 0) {
				status = VM_HALTED;
				goto out;
			}
			next = frame->ret_pc;
			frame = &env->frames[--env->fp];
			break;
		case OP_NATIVE: {
			const struct vm_native *impl = &prog->natives[insn.imm];
			vm_word ret;
			NEED(impl->nargs);
			env->sp -= impl->nargs;
			ret = impl->fn(env, &env->stack[env->sp]);
			PUSH(ret);
			break;
		}
		case OP_HALT:
			status = VM_HALTED;
			goto out;
		default:
			status = VM_ERR_OPCODE;
			goto out;
		}
		env->pc = next;
	}

stack_err:
	status = VM_ERR_STACK;
out:
	if (status == VM_HALTED && result)
		*result = env->sp ? TOP() : 0;
	return status == VM_HALTED ? VM_OK : status;
}

#undef PUSH
#undef POP
#undef TOP
#undef NEED
#undef ROOM
#undef BINARY

/* ---- tiny assembler -------------------------------------------------- */

struct vm_asm {
	vm_insn_t code[VM_CODE_MAX];
	u32 len;
	int err;
};

static inline void emit(struct vm_asm *as, enum vm_opcode op, s32 imm)
{
	if (as->len >= VM_CODE_MAX) {
		as->err = VM_ERR_BOUNDS;
		return;
	}
	as->code[as->len++] = (vm_insn_t){ .op = op, .imm = imm };
}

/* emit_seq(as, n, op0, imm0, op1, imm1, ...) */
static void emit_seq(struct vm_asm *as, int n, ...)
{
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++) {
		int op = va_arg(ap, int);
		int imm = va_arg(ap, int);
		emit(as, (enum vm_opcode)op, imm);
	}
	va_end(ap);
}

static int trace_insn(const struct vm_env *env, vm_insn_t insn)
{
	vm_insn_t again = code(env, env->pc);
	const struct vm_native *nat = insn.op == OP_NATIVE ? impl(env->prog, (u32)insn.imm) : NULL;

	kprintf("%04u  %-7s %6d   sp=%u%s%s %s\n", env->pc, op_names[insn.op], insn.imm, env->sp,
		nat ? " -> " : "", nat ? nat->name : "",
		_Generic(env->stack[0], s64: "i64", s32: "i32", default: "?"));
	return again.word != insn.word || meta(env) != NULL;
}

/* Assemble and run: sum of 1..n using a loop, then popcount(result). */
int vm_selftest(int n, int verbose)
{
	static struct vm_asm as;
	struct vm_program prog;
	static struct vm_env env;
	vm_word result = 0;
	int err, par = n, new;

	as.len = 0;
	as.err = 0;
	emit_seq(&as, 4,
		 OP_PUSH, par,  OP_STORE, 0,    /* local0 = n   */
		 OP_PUSH, 0,    OP_STORE, 1);   /* local1 = 0   */
	/* loop: */
	emit_seq(&as, 7,
		 OP_LOAD, 0,    OP_JZ, 9,
		 OP_LOAD, 1,    OP_LOAD, 0,
		 OP_ADD, 0,     OP_STORE, 1,
		 OP_LOAD, 0);
	emit_seq(&as, 4,
		 OP_PUSH, 1,    OP_SUB, 0,
		 OP_STORE, 0,   OP_JMP, -11);
	emit_seq(&as, 3,
		 OP_LOAD, 1,    OP_NATIVE, 2,
		 OP_HALT, 0);
	if (as.err)
		return as.err;

	prog = (struct vm_program){
		.code = as.code,
		.len = as.len,
		.natives = default_natives,
		.nr_natives = ARRAY_SIZE(default_natives),
	};
	err = vm_verify(&prog);
	if (err)
		return err;

	__builtin_memset(&env, 0, sizeof(env));
	env.prog = &prog;
	env.trace = verbose ? trace_insn : NULL;
	err = vm_run(&env, &result);
	new = (int)result;
	par = par + 1;
	par = par - 1, new = new + 0;
	pr_info("vm: n=%d status=%d result=%d steps=%llu\n",
		par, err, new, (unsigned long long)env.steps);
	return err ? err : new;
}
