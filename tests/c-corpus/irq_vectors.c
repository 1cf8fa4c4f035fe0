/*
 * irq_vectors.c - x86-64 IDT setup, exception/IRQ dispatch tables,
 * a legacy PIC driver and jump-label style fast paths.
 */
#include "kern_types.h"

#if !defined(__x86_64__)
#  if defined(__i386__)
#    error "32-bit IDT layout is not implemented"
#  else
#    warning "building the x86 IDT code for a foreign architecture (syntax check only)"
#  endif
#endif

#define NR_VECTORS          256
#define NR_EXCEPTIONS       32
#define FIRST_EXTERNAL_VECTOR 0x20
#define IRQ0_VECTOR         FIRST_EXTERNAL_VECTOR
#define NR_LEGACY_IRQS      16
#define SPURIOUS_VECTOR     0xff
#define SYSCALL_VECTOR      0x80
#define KERNEL_CS           0x08

#define PIC1_CMD   0x20
#define PIC1_DATA  0x21
#define PIC2_CMD   0xA0
#define PIC2_DATA  0xA1
#define PIC_EOI    0x20

enum gate_type {
	GATE_INTERRUPT = 0xE,
	GATE_TRAP      = 0xF,
	GATE_CALL      = 0xC,
	GATE_TASK      = 0x5,
};

enum x86_exception {
	X86_TRAP_DE  = 0,       /* divide error */
	X86_TRAP_DB  = 1,       /* debug */
	X86_TRAP_NMI = 2,
	X86_TRAP_BP  = 3,       /* int3 */
	X86_TRAP_OF  = 4,
	X86_TRAP_BR  = 5,
	X86_TRAP_UD  = 6,       /* invalid opcode */
	X86_TRAP_NM  = 7,
	X86_TRAP_DF  = 8,       /* double fault */
	X86_TRAP_TS  = 10,
	X86_TRAP_NP  = 11,
	X86_TRAP_SS  = 12,
	X86_TRAP_GP  = 13,      /* general protection */
	X86_TRAP_PF  = 14,      /* page fault */
	X86_TRAP_MF  = 16,
	X86_TRAP_AC  = 17,
	X86_TRAP_MC  = 18,
	X86_TRAP_XF  = 19,
#ifdef CONFIG_X86_CET
	X86_TRAP_CP  = 21,
#endif
	X86_TRAP_VC  = 29,
};

/* 16-byte long mode gate descriptor, hardware layout. */
struct idt_gate {
	u16 offset_low;
	u16 segment;
	u16 ist : 3,
	    zero : 5,
	    type : 5,
	    dpl : 2,
	    p : 1;
	u16 offset_middle;
	u32 offset_high;
	u32 reserved;
} __attribute__((packed));

struct idt_ptr {
	u16 limit;
	u64 base;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "long mode gate is 16 bytes");
_Static_assert(sizeof(struct idt_ptr) == 10, "lidt operand is 10 bytes");

/* Register frame pushed by the entry stubs. */
struct irq_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;
	u64 error_code;
	/* pushed by the CPU */
	u64 rip, cs, rflags, rsp, ss;
};

typedef void (*irq_handler_t)(struct irq_frame *frame);
typedef int (*irq_action_fn)(int irq, void *dev);

struct irq_action {
	irq_action_fn handler;
	void *dev;
	const char *name;
	struct irq_action *next;
	unsigned int flags;
};

struct irq_desc {
	struct irq_action *action;
	u64 count;
	u32 spurious;
	unsigned int masked : 1;
	unsigned int level : 1;
	unsigned int in_progress : 1;
};

static struct idt_gate __attribute__((aligned(4096), section(".data.idt"))) idt_table[NR_VECTORS];
static struct irq_desc irq_descs[NR_LEGACY_IRQS];
static u64 exception_counts[NR_EXCEPTIONS];

static const char *const exception_names[NR_EXCEPTIONS] = {
	[0 ... NR_EXCEPTIONS - 1] = "reserved",
	[X86_TRAP_DE]  = "divide error",
	[X86_TRAP_DB]  = "debug",
	[X86_TRAP_NMI] = "NMI",
	[X86_TRAP_BP]  = "int3",
	[X86_TRAP_OF]  = "overflow",
	[X86_TRAP_BR]  = "bounds",
	[X86_TRAP_UD]  = "invalid opcode",
	[X86_TRAP_NM]  = "device not available",
	[X86_TRAP_DF]  = "double fault",
	[X86_TRAP_TS]  = "invalid TSS",
	[X86_TRAP_NP]  = "segment not present",
	[X86_TRAP_SS]  = "stack segment",
	[X86_TRAP_GP]  = "general protection fault",
	[X86_TRAP_PF]  = "page fault",
	[X86_TRAP_MF]  = "x87 floating point",
	[X86_TRAP_AC]  = "alignment check",
	[X86_TRAP_MC]  = "machine check",
	[X86_TRAP_XF]  = "SIMD floating point",
	[X86_TRAP_VC]  = "VMM communication",
};

/* Vectors that push an error code, as a 32-bit mask. */
static const u32 has_error_code = BIT(8) | BIT(10) | BIT(11) | BIT(12) |
				  BIT(13) | BIT(14) | BIT(17) | BIT(21) | BIT(29);

/* ---- low level helpers ---------------------------------------------- */

static inline void outb_p(u8 v, u16 port)
{
	__asm__ __volatile__("outb %0, %1\n\toutb %%al, $0x80" : : "a"(v), "Nd"(port));
}

static inline u8 inb_p(u16 port)
{
	u8 v;
	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u64 read_cr2(void)
{
	u64 val;
	asm volatile("mov %%cr2, %0" : "=r"(val));
	return val;
}

static inline unsigned long irq_save(void)
{
	unsigned long flags;
	__asm__ __volatile__("pushfq; popq %0; cli" : "=rm"(flags) : : "memory");
	return flags;
}

static inline void irq_restore(unsigned long flags)
{
	__asm__ __volatile__("pushq %0; popfq" : : "g"(flags) : "memory", "cc");
}

static inline void load_idt(const struct idt_ptr *p)
{
	__asm__ __volatile__("lidt %0" : : "m"(*p));
}

/* Jump-label style test: branch is patched at runtime; here a bit test. */
static inline __attribute__((always_inline)) kbool fast_flag_set(const volatile u32 *word, int bit)
{
	asm goto("btl %1, %0\n\t"
		 "jc %l[yes]"
		 : /* no outputs */
		 : "m"(*word), "Ir"(bit)
		 : "cc"
		 : yes);
	return KFALSE;
yes:
	return KTRUE;
}

static volatile u32 irq_debug_flags;

/* ---- gate setup ------------------------------------------------------ */

static void set_gate(unsigned int vec, void (*addr)(void), enum gate_type type, int dpl, int ist)
{
	u64 a = (u64)(uintptr_t)addr;
	struct idt_gate g = {
		.offset_low    = (u16)(a & 0xffff),
		.segment       = KERNEL_CS,
		.ist           = ist & 7,
		.type          = type,
		.dpl           = dpl & 3,
		.p             = 1,
		.offset_middle = (u16)((a >> 16) & 0xffff),
		.offset_high   = (u32)(a >> 32),
	};
	idt_table[vec] = g;
}

/* ---- dispatch -------------------------------------------------------- */

static _Noreturn void die(const char *str, struct irq_frame *regs, u64 err)
{
	kprintf("%s: %04llx [#%llu] at %#llx\n", str,
		(unsigned long long)err, (unsigned long long)regs->vector,
		(unsigned long long)regs->rip);
	kprintf("RSP: %016llx RFLAGS: %08llx caller %p\n",
		(unsigned long long)regs->rsp, (unsigned long long)regs->rflags,
		__builtin_return_address(0));
	panic("fatal exception");
}

static void do_default_exception(struct irq_frame *regs)
{
	u64 vec = regs->vector;
	die(exception_names[vec & (NR_EXCEPTIONS - 1)], regs,
	    (has_error_code >> (vec & 31)) & 1 ? regs->error_code : 0);
}

static void do_page_fault(struct irq_frame *regs)
{
	u64 addr = read_cr2();
	u64 code = regs->error_code;

	kprintf("page fault at %#llx: %s %s %s\n", (unsigned long long)addr,
		code & 1 ? "protection" : "not-present",
		code & 2 ? "write" : "read",
		code & 4 ? "user" : "kernel");
	if (!(code & 4))
		die("kernel page fault", regs, code);
}

static void do_int3(struct irq_frame *regs)
{
	kprintf("int3 at %#llx\n", (unsigned long long)(regs->rip - 1));
}

static void do_double_fault(struct irq_frame *regs)
{
	die("double fault", regs, regs->error_code);
}

static void do_nmi(struct irq_frame *regs)
{
	(void)regs;
	if (fast_flag_set(&irq_debug_flags, 0))
		kprintf("NMI received\n");
}

static void do_spurious(struct irq_frame *regs)
{
	(void)regs;
}

static void do_legacy_irq(struct irq_frame *regs);

/* Exception dispatch table: everything defaults, a few are special. */
static const irq_handler_t exception_table[NR_EXCEPTIONS] = {
	[0 ... NR_EXCEPTIONS - 1] = do_default_exception,
	[X86_TRAP_NMI] = do_nmi,
	[X86_TRAP_BP]  = do_int3,
	[X86_TRAP_DF]  = do_double_fault,
	[X86_TRAP_PF]  = do_page_fault,
};

/* The C-level vector table: one handler pointer per vector. */
__attribute__((section(".rodata.vectors"), used, aligned(64)))
static void (*const vector_table[NR_VECTORS])(struct irq_frame *) = {
	[0 ... NR_VECTORS - 1]                         = do_spurious,
	[IRQ0_VECTOR ... IRQ0_VECTOR + NR_LEGACY_IRQS - 1] = do_legacy_irq,
	[SPURIOUS_VECTOR]                              = do_spurious,
};

/* Called from the assembly entry stubs with the saved frame. */
__attribute__((used, section(".text.entry")))
void common_interrupt(struct irq_frame *regs)
{
	u64 vec = regs->vector;

	if (vec < NR_EXCEPTIONS) {
		exception_counts[vec]++;
		exception_table[vec](regs);
		return;
	}
	(*vector_table[vec & (NR_VECTORS - 1)])(regs);
}

/* ---- entry stubs ------------------------------------------------------- */

/*
 * Each stub pushes a dummy error code when the CPU did not, then the
 * vector number, and jumps to a common save routine.  They are naked:
 * the compiler emits no prologue, only our asm.
 */
__attribute__((naked, section(".text.entry"))) void isr_stub_common(void)
{
	__asm__ volatile(
		"push %rax\n\t push %rbx\n\t push %rcx\n\t push %rdx\n\t"
		"push %rsi\n\t push %rdi\n\t push %rbp\n\t"
		"push %r8\n\t push %r9\n\t push %r10\n\t push %r11\n\t"
		"push %r12\n\t push %r13\n\t push %r14\n\t push %r15\n\t"
		"mov %rsp, %rdi\n\t"
		"cld\n\t"
		"call common_interrupt\n\t"
		"pop %r15\n\t pop %r14\n\t pop %r13\n\t pop %r12\n\t"
		"pop %r11\n\t pop %r10\n\t pop %r9\n\t pop %r8\n\t"
		"pop %rbp\n\t pop %rdi\n\t pop %rsi\n\t"
		"pop %rdx\n\t pop %rcx\n\t pop %rbx\n\t pop %rax\n\t"
		"add $16, %rsp\n\t"
		"iretq\n");
}

__attribute__((naked)) void isr_stub_0(void)   { __asm__ volatile("pushq $0\n\tpushq $0\n\tjmp isr_stub_common"); }
__attribute__((naked)) void isr_stub_3(void)   { __asm__ volatile("pushq $0\n\tpushq $3\n\tjmp isr_stub_common"); }
__attribute__((naked)) void isr_stub_8(void)   { __asm__ volatile("pushq $8\n\tjmp isr_stub_common"); }
__attribute__((naked)) void isr_stub_13(void)  { __asm__ volatile("pushq $13\n\tjmp isr_stub_common"); }
__attribute__((naked)) void isr_stub_14(void)  { __asm__ volatile("pushq $14\n\tjmp isr_stub_common"); }
__attribute__((naked)) void isr_stub_32(void)  { __asm__ volatile("pushq $0\n\tpushq $32\n\tjmp isr_stub_common"); }
__attribute__((naked)) void isr_stub_255(void) { __asm__ volatile("pushq $0\n\tpushq $255\n\tjmp isr_stub_common"); }

void isr_stub_default(void) { __asm__ volatile("ud2"); __builtin_unreachable(); }

/* Weak per-vector hooks, all aliased to the default until overridden. */
void isr_hook_default(void) { }
void isr_hook_timer(void) __attribute__((weak, alias("isr_hook_default")));
void isr_hook_keyboard(void) __attribute__((weak, alias("isr_hook_default")));
void isr_hook_cascade(void) __attribute__((weak, alias("isr_hook_default")));
void isr_hook_com1(void) __attribute__((weak, alias("isr_hook_default")));

static void (*const legacy_hooks[NR_LEGACY_IRQS])(void) = {
	[0 ... NR_LEGACY_IRQS - 1] = isr_hook_default,
	[0] = isr_hook_timer,
	[1] = isr_hook_keyboard,
	[2] = isr_hook_cascade,
	[4] = isr_hook_com1,
};

static const struct {
	u8 vector;
	u8 ist;
	u8 dpl;
	enum gate_type type;
	void (*stub)(void);
} early_gates[] = {
	{ X86_TRAP_DE, 0, 0, GATE_INTERRUPT, isr_stub_0 },
	{ X86_TRAP_BP, 0, 3, GATE_TRAP,      isr_stub_3 },
	{ X86_TRAP_DF, 1, 0, GATE_INTERRUPT, isr_stub_8 },
	{ X86_TRAP_GP, 0, 0, GATE_INTERRUPT, isr_stub_13 },
	{ X86_TRAP_PF, 0, 0, GATE_INTERRUPT, isr_stub_14 },
	{ .vector = IRQ0_VECTOR, .type = GATE_INTERRUPT, .stub = isr_stub_32 },
	{ .vector = SPURIOUS_VECTOR, .type = GATE_INTERRUPT, .stub = isr_stub_255 },
};

/* ---- 8259A PIC --------------------------------------------------------- */

static u16 pic_cached_mask = 0xffff;

static void pic_set_mask(u16 mask)
{
	pic_cached_mask = mask;
	outb_p((u8)(mask & 0xff), PIC1_DATA);
	outb_p((u8)(mask >> 8), PIC2_DATA);
}

static void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb_p(PIC_EOI, PIC2_CMD);
	outb_p(PIC_EOI, PIC1_CMD);
}

static int pic_is_spurious(unsigned int irq)
{
	u8 isr;

	if (irq != 7 && irq != 15)
		return 0;
	/* OCW3: read ISR */
	outb_p(0x0b, irq == 7 ? PIC1_CMD : PIC2_CMD);
	isr = inb_p(irq == 7 ? PIC1_CMD : PIC2_CMD);
	return !(isr & 0x80);
}

__attribute__((section(".init.text")))
static void pic_remap(u8 off1, u8 off2)
{
	outb_p(0x11, PIC1_CMD);         /* ICW1: init, ICW4 needed */
	outb_p(0x11, PIC2_CMD);
	outb_p(off1, PIC1_DATA);        /* ICW2: vector offsets */
	outb_p(off2, PIC2_DATA);
	outb_p(0x04, PIC1_DATA);        /* ICW3: slave on IRQ2 */
	outb_p(0x02, PIC2_DATA);
	outb_p(0x01, PIC1_DATA);        /* ICW4: 8086 mode */
	outb_p(0x01, PIC2_DATA);
	pic_set_mask(0xffff & ~BIT(2));
}

static void do_legacy_irq(struct irq_frame *regs)
{
	unsigned int irq = (unsigned int)(regs->vector - IRQ0_VECTOR);
	struct irq_desc *desc = &irq_descs[irq];
	struct irq_action *act;
	int handled = 0;

	if (pic_is_spurious(irq)) {
		desc->spurious++;
		if (irq == 15)
			outb_p(PIC_EOI, PIC1_CMD);
		return;
	}
	desc->count++;
	desc->in_progress = 1;
	legacy_hooks[irq]();
	for (act = desc->action; act; act = act->next)
		handled |= act->handler((int)irq, act->dev);
	desc->in_progress = 0;
	if (!handled && ++desc->spurious > 100000) {
		kprintf("irq %u: nobody cared, disabling\n", irq);
		desc->masked = 1;
		pic_set_mask(pic_cached_mask | (u16)BIT(irq));
	}
	pic_eoi(irq);
}

int request_irq(unsigned int irq, irq_action_fn handler, const char *name, void *dev)
{
	static struct irq_action pool[32];
	static unsigned int used;
	struct irq_action *act, **pp;
	unsigned long flags;

	if (irq >= NR_LEGACY_IRQS || !handler)
		return -22;
	if (used >= ARRAY_SIZE(pool))
		return -12;

	act = &pool[used++];
	*act = (struct irq_action){ .handler = handler, .dev = dev, .name = name };

	flags = irq_save();
	for (pp = &irq_descs[irq].action; *pp; pp = &(*pp)->next)
		;
	*pp = act;
	irq_descs[irq].masked = 0;
	pic_set_mask(pic_cached_mask & (u16)~BIT(irq));
	irq_restore(flags);
	return 0;
}

__attribute__((section(".init.text"), cold))
void idt_init(void)
{
	struct idt_ptr ptr = { .limit = sizeof(idt_table) - 1, .base = (u64)(uintptr_t)idt_table };
	unsigned int i;

	for (i = 0; i < NR_VECTORS; i++)
		set_gate(i, isr_stub_default, GATE_INTERRUPT, 0, 0);
	for (i = 0; i < ARRAY_SIZE(early_gates); i++)
		set_gate(early_gates[i].vector, early_gates[i].stub,
			 early_gates[i].type, early_gates[i].dpl, early_gates[i].ist);

	pic_remap(IRQ0_VECTOR, IRQ0_VECTOR + 8);
	load_idt(&ptr);
	__asm__ __volatile__("sti" ::: "memory");
	kprintf("idt: %u vectors at %p, frame %p\n", NR_VECTORS, (void *)idt_table,
		__builtin_frame_address(0));
}
