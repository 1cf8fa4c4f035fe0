/*
 * kprintf.c - freestanding printf family for kernel logging: a
 * vsnprintf core, log levels, a console sink table and panic().
 */
#include "kern_types.h"

#define LOG_BUF_SHIFT   14
#define LOG_BUF_LEN     (1 << LOG_BUF_SHIFT)
#define KPRINTF_MAX     512
#define MAX_CONSOLES    4

#define KERN_SOH        "\001"
#define KERN_EMERG      KERN_SOH "0"
#define KERN_ERR        KERN_SOH "3"
#define KERN_WARNING    KERN_SOH "4"
#define KERN_INFO       KERN_SOH "6"
#define KERN_DEBUG      KERN_SOH "7"

/* printk-like wrappers built on variadic macros */
#define klog(level, fmt, ...)   kprintf(level fmt, __VA_ARGS__)
#define klog_err(fmt, ...)      kprintf(KERN_ERR "error: " fmt, ##__VA_ARGS__)
#define klog_once(fmt, ...) ({                          \
	static kbool __printed;                         \
	kbool __ret = !__printed;                       \
	if (__ret) {                                    \
		__printed = KTRUE;                      \
		kprintf(fmt, ##__VA_ARGS__);            \
	}                                               \
	__ret; })
#define KASSERT(cond) ((cond) ? (void)0 : panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__))

/* Aliases so that va_arg only ever names a single-identifier type. */
typedef const char *cstr_t;
typedef void *vptr_t;
typedef long long llong;
typedef unsigned long long ullong;
typedef int *intptr_out_t;

enum fmt_flags {
	FL_ZEROPAD = 1 << 0,
	FL_SIGN    = 1 << 1,    /* unsigned/signed long */
	FL_PLUS    = 1 << 2,    /* show plus */
	FL_SPACE   = 1 << 3,    /* space if plus */
	FL_LEFT    = 1 << 4,    /* left justified */
	FL_SPECIAL = 1 << 5,    /* 0x / 0 prefix */
	FL_UPPER   = 1 << 6,    /* use 'ABCDEF' instead of 'abcdef' */
};

enum fmt_length {
	LEN_INT = 0,
	LEN_CHAR,               /* hh */
	LEN_SHORT,              /* h  */
	LEN_LONG,               /* l  */
	LEN_LLONG,              /* ll */
	LEN_SIZE,               /* z  */
	LEN_PTRDIFF,            /* t  */
};

struct fmt_spec {
	unsigned int flags : 8;
	unsigned int length : 3;
	unsigned int base : 5;
	int width;
	int precision;
};

struct outbuf {
	char *buf;
	size_t size;
	size_t pos;
};

static const char lower_digits[] = "0123456789abcdef";
static const char upper_digits[] = "0123456789ABCDEF";

/* A few literals of every flavour, used by the self-test below. */
static const char  esc_bytes[]  = "\a\b\f\n\r\t\v\\\'\"\?\0\x7f\177";
static const char  utf8_text[]  = u8"caf\u00e9 \U0001F600";
static const wchar_t wide_text[] = L"wide \x263A";
static const unsigned short u16_text[] = u"utf-16 \u03bb";
static const unsigned int u32_text[] = U"utf-32 \U0001F4A9";
static const double float_consts[] = { 1.0, .5, 5., 1e10, 1.5e-3f, 2.5E+2F, 0x1.8p3, 0X1P-2, 6.02214076e23 };
static const long double ld_consts[] = { 3.14159265358979323846L, 0x1p-2L, 1e-4000l };
static const unsigned int bin_consts[] = { 0b0, 0b1010, 0B11110000u, 0b1ul & 1 };
static const int char_consts[] = { 'a', '\n', '\0', '\x41', '\101', L'\u00df', u'\u2603', U'\U0001F600', '\'' };

/* ---- output helpers --------------------------------------------------- */

static inline void out_char(struct outbuf *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void out_pad(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_str(struct outbuf *o, const char *s, const struct fmt_spec *spec)
{
	int len = 0, i;

	if (!s)
		s = "(null)";
	while (s[len] && (spec->precision < 0 || len < spec->precision))
		len++;
	if (!(spec->flags & FL_LEFT))
		out_pad(o, ' ', spec->width - len);
	for (i = 0; i < len; i++)
		out_char(o, s[i]);
	if (spec->flags & FL_LEFT)
		out_pad(o, ' ', spec->width - len);
}

static void out_number(struct outbuf *o, ullong num, int negative, const struct fmt_spec *spec)
{
	char tmp[66];
	const char *digits = (spec->flags & FL_UPPER) ? upper_digits : lower_digits;
	char sign = 0;
	int i = 0, width = spec->width, prec = spec->precision;
	const char *prefix = "";

	if (negative)
		sign = '-';
	else if (spec->flags & FL_PLUS)
		sign = '+';
	else if (spec->flags & FL_SPACE)
		sign = ' ';

	if (spec->flags & FL_SPECIAL) {
		if (spec->base == 16)
			prefix = (spec->flags & FL_UPPER) ? "0X" : "0x";
		else if (spec->base == 8 && num)
			prefix = "0";
		else if (spec->base == 2)
			prefix = "0b";
	}

	if (num == 0 && prec != 0)
		tmp[i++] = '0';
	while (num) {
		/* the common bases get a cheap shift path */
		switch (spec->base) {
		case 16: tmp[i++] = digits[num & 0xf]; num >>= 4; break;
		case 8:  tmp[i++] = digits[num & 07];  num >>= 3; break;
		case 2:  tmp[i++] = digits[num & 1];   num >>= 1; break;
		default: tmp[i++] = digits[num % spec->base]; num /= spec->base; break;
		}
	}

	if (prec < i)
		prec = i;
	width -= prec + (sign != 0) + (int)__builtin_strlen(prefix);

	if (!(spec->flags & (FL_LEFT | FL_ZEROPAD)))
		out_pad(o, ' ', width);
	if (sign)
		out_char(o, sign);
	while (*prefix)
		out_char(o, *prefix++);
	if (!(spec->flags & FL_LEFT) && (spec->flags & FL_ZEROPAD))
		out_pad(o, '0', width);
	out_pad(o, '0', prec - i);
	while (i-- > 0)
		out_char(o, tmp[i]);
	if (spec->flags & FL_LEFT)
		out_pad(o, ' ', width);
}

static int skip_atoi(const char **s)
{
	int i = 0;

	while (**s >= '0' && **s <= '9')
		i = i * 10 + *((*s)++) - '0';
	return i;
}

/* ---- the core formatter ---------------------------------------------- */

__attribute__((format(printf, 3, 0)))
int kvsnprintf(char *__restrict__ buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { .buf = buf, .size = size, .pos = 0 };

	for (; *fmt; fmt++) {
		struct fmt_spec spec = { .base = 10, .width = -1, .precision = -1 };
		ullong num;
		int negative = 0;

		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}

		/* flags */
	repeat_flags:
		fmt++;
		switch (*fmt) {
		case '-': spec.flags |= FL_LEFT;    goto repeat_flags;
		case '+': spec.flags |= FL_PLUS;    goto repeat_flags;
		case ' ': spec.flags |= FL_SPACE;   goto repeat_flags;
		case '#': spec.flags |= FL_SPECIAL; goto repeat_flags;
		case '0': spec.flags |= FL_ZEROPAD; goto repeat_flags;
		default: break;
		}

		/* width */
		if (*fmt >= '0' && *fmt <= '9') {
			spec.width = skip_atoi(&fmt);
		} else if (*fmt == '*') {
			fmt++;
			spec.width = va_arg(ap, int);
			if (spec.width < 0) {
				spec.width = -spec.width;
				spec.flags |= FL_LEFT;
			}
		}

		/* precision */
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				fmt++;
				spec.precision = va_arg(ap, int);
			} else {
				spec.precision = skip_atoi(&fmt);
			}
			if (spec.precision < 0)
				spec.precision = 0;
		}

		/* length modifier */
		switch (*fmt) {
		case 'h':
			spec.length = fmt[1] == 'h' ? (fmt++, LEN_CHAR) : LEN_SHORT;
			fmt++;
			break;
		case 'l':
			spec.length = fmt[1] == 'l' ? (fmt++, LEN_LLONG) : LEN_LONG;
			fmt++;
			break;
		case 'z': spec.length = LEN_SIZE; fmt++; break;
		case 't': spec.length = LEN_PTRDIFF; fmt++; break;
		case 'j': spec.length = LEN_LLONG; fmt++; break;
		}

		switch (*fmt) {
		case 'c':
			if (!(spec.flags & FL_LEFT))
				out_pad(&o, ' ', spec.width - 1);
			out_char(&o, (char)va_arg(ap, int));
			if (spec.flags & FL_LEFT)
				out_pad(&o, ' ', spec.width - 1);
			continue;
		case 's':
			out_str(&o, va_arg(ap, cstr_t), &spec);
			continue;
		case 'p':
			spec.flags |= FL_SPECIAL | FL_ZEROPAD;
			spec.base = 16;
			if (spec.width < 0)
				spec.width = 2 + 2 * (int)sizeof(void *);
			out_number(&o, (uintptr_t)va_arg(ap, vptr_t), 0, &spec);
			continue;
		case 'n':
			*va_arg(ap, intptr_out_t) = (int)o.pos;
			continue;
		case '%':
			out_char(&o, '%');
			continue;
		case 'o':
			spec.base = 8;
			break;
		case 'X':
			spec.flags |= FL_UPPER;
			/* fall through */
		case 'x':
			spec.base = 16;
			break;
		case 'b':
			spec.base = 2;
			break;
		case 'd':
		case 'i':
			spec.flags |= FL_SIGN;
			break;
		case 'u':
			break;
		case '\0':
			goto done;
		default:
			out_char(&o, '%');
			out_char(&o, *fmt);
			continue;
		}

		if (spec.flags & FL_SIGN) {
			llong v;
			switch (spec.length) {
			case LEN_LLONG:   v = va_arg(ap, llong); break;
			case LEN_LONG:    v = va_arg(ap, long); break;
			case LEN_SIZE:    v = va_arg(ap, ssize); break;
			case LEN_PTRDIFF: v = va_arg(ap, ptrdiff_t); break;
			case LEN_SHORT:   v = (short)va_arg(ap, int); break;
			case LEN_CHAR:    v = (signed char)va_arg(ap, int); break;
			default:          v = va_arg(ap, int); break;
			}
			negative = v < 0;
			num = negative ? 0ULL - (ullong)v : (ullong)v;
		} else {
			switch (spec.length) {
			case LEN_LLONG:   num = va_arg(ap, ullong); break;
			case LEN_LONG:    num = va_arg(ap, ulong); break;
			case LEN_SIZE:    num = va_arg(ap, size_t); break;
			case LEN_PTRDIFF: num = (ullong)va_arg(ap, ptrdiff_t); break;
			case LEN_SHORT:   num = (unsigned short)va_arg(ap, unsigned); break;
			case LEN_CHAR:    num = (unsigned char)va_arg(ap, unsigned); break;
			default:          num = va_arg(ap, unsigned); break;
			}
		}
		out_number(&o, num, negative, &spec);
	}
done:
	if (o.size)
		o.buf[o.pos < o.size ? o.pos : o.size - 1] = '\0';
	return (int)o.pos;
}

__attribute__((format(printf, 3, 4)))
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* ---- log buffer and consoles ---------------------------------------- */

struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, unsigned int len);
	int (*setup)(struct console *con, const char *options);
	int min_level;
	unsigned int enabled : 1;
	unsigned int boot : 1;
	void *data;
};

static char __attribute__((aligned(64))) log_buf[LOG_BUF_LEN];
static u32 log_head, log_tail;
static struct console *consoles[MAX_CONSOLES];
static int console_loglevel = 7;
static volatile int logbuf_lock;

static void log_store(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++) {
		log_buf[log_head & (LOG_BUF_LEN - 1)] = s[i];
		log_head++;
		if (log_head - log_tail > LOG_BUF_LEN)
			log_tail = log_head - LOG_BUF_LEN;
	}
}

int register_console(struct console *con)
{
	unsigned int i;

	for (i = 0; i < MAX_CONSOLES; i++) {
		if (!consoles[i]) {
			if (con->setup && con->setup(con, NULL))
				return -19;
			consoles[i] = con;
			con->enabled = 1;
			return 0;
		}
	}
	return -16;     /* -EBUSY */
}

static int parse_level(const char **msg)
{
	const char *s = *msg;

	if (s[0] == KERN_SOH[0] && s[1] >= '0' && s[1] <= '7') {
		*msg = s + 2;
		return s[1] - '0';
	}
	return 4;       /* default: warning */
}

int kprintf(const char *fmt, ...)
{
	char line[KPRINTF_MAX];
	const char *text = line;
	va_list ap;
	int len, level;
	unsigned int i;

	va_start(ap, fmt);
	len = kvsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (len >= (int)sizeof(line))
		len = sizeof(line) - 1;

	level = parse_level(&text);
	len -= (int)(text - line);

	while (__atomic_test_and_set(&logbuf_lock, __ATOMIC_ACQUIRE))
		cpu_relax();
	log_store(text, (size_t)len);
	__atomic_clear(&logbuf_lock, __ATOMIC_RELEASE);

	if (level <= console_loglevel) {
		for (i = 0; i < MAX_CONSOLES; i++) {
			struct console *con = consoles[i];
			if (con && con->enabled && level <= con->min_level)
				con->write(con, text, (unsigned int)len);
		}
	}
	return len;
}

/* ---- panic --------------------------------------------------------- */

static void (*panic_notifiers[4])(const char *msg);

int panic_notifier_register(void (*fn)(const char *msg))
{
	unsigned int i;
	for (i = 0; i < ARRAY_SIZE(panic_notifiers); i++)
		if (!panic_notifiers[i])
			return panic_notifiers[i] = fn, 0;
	return -28;
}

__attribute__((noinline, cold))
_Noreturn void panic(const char *fmt, ...)
{
	static char buf[256];
	static int in_panic;
	va_list ap;
	unsigned int i;

	__asm__ __volatile__("cli" ::: "memory");
	if (__atomic_fetch_add(&in_panic, 1, __ATOMIC_SEQ_CST))
		goto halt;      /* nested panic: don't touch anything */

	va_start(ap, fmt);
	kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	kprintf(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	for (i = 0; i < ARRAY_SIZE(panic_notifiers); i++)
		if (panic_notifiers[i])
			panic_notifiers[i](buf);
	kprintf(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", buf);

halt:
	for (;;)
		__asm__ __volatile__("hlt");
}

/* ---- self test ----------------------------------------------------- */

static int check(const char *want, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int check(const char *want, const char *fmt, ...)
{
	char got[128];
	va_list ap;
	int i;

	va_start(ap, fmt);
	kvsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	for (i = 0; want[i] || got[i]; i++)
		if (want[i] != got[i]) {
			klog_err("printf self-test: fmt \"%s\" gave \"%s\", want \"%s\"\n", fmt, got, want);
			return 1;
		}
	return 0;
}

int kprintf_selftest(void)
{
	int fails = 0, n = 0;
	llong big = -9223372036854775807LL - 1;

	fails += check("42", "%d", 42);
	fails += check("-0042", "%05d", -42);
	fails += check("  ff", "%4x", 255u);
	fails += check("0XFF", "%#X", 255u);
	fails += check("0755", "%#o", 0755u);
	fails += check("+7|7  |  7", "%+d|%-3d|%3d", 7, 7, 7);
	fails += check("abc", "%.3s", "abcdef");
	fails += check("-9223372036854775808", "%lld", big);
	fails += check("18446744073709551615", "%llu", 0xFFFFFFFFFFFFFFFFULL);
	fails += check("x=1 y=2", "x=%zu y=%ld", (size_t)1, 2L);
	fails += check("%", "%%");
	fails += check("ab", "%c%c", 'a', 0x62);
	fails += check("abc", "abc%n", &n);
	KASSERT(n == 3);
	if (klog_once("printf self-test: %d failures\n", fails))
		klog(KERN_INFO, "printf: literals %zu/%zu/%zu/%zu/%zu/%zu/%zu/%zu/%zu\n",
		     sizeof(esc_bytes), sizeof(utf8_text), sizeof(wide_text),
		     sizeof(u16_text), sizeof(u32_text), sizeof(char_consts),
		     sizeof float_consts, sizeof ld_consts, sizeof bin_consts);
	return fails;
}
