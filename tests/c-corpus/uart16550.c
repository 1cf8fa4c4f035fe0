/*
 * uart16550.c - polled + interrupt driven driver for 8250/16550
 * compatible UARTs on x86 port I/O, with a small tty-ish layer.
 */
#include "kern_types.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"

#define COM1_BASE 0x3F8
#define COM2_BASE 0x2F8
#define COM3_BASE 0x3E8
#define COM4_BASE 0x2E8

#define UART_CLOCK      1843200
#define UART_FIFO_DEPTH 16
#define RX_BUF_SIZE     256
#define TX_BUF_SIZE     1024

/* Register offsets (DLAB=0 unless noted). */
enum uart_reg {
	UART_RX   = 0,  /* receive buffer, read */
	UART_TX   = 0,  /* transmit holding, write */
	UART_DLL  = 0,  /* divisor latch low, DLAB=1 */
	UART_IER  = 1,
	UART_DLM  = 1,  /* divisor latch high, DLAB=1 */
	UART_IIR  = 2,  /* read */
	UART_FCR  = 2,  /* write */
	UART_LCR  = 3,
	UART_MCR  = 4,
	UART_LSR  = 5,
	UART_MSR  = 6,
	UART_SCR  = 7,
};

enum {
	UART_IER_RDI  = 0x01,
	UART_IER_THRI = 0x02,
	UART_IER_RLSI = 0x04,
	UART_IER_MSI  = 0x08,

	UART_IIR_NO_INT = 0x01,
	UART_IIR_ID     = 0x0e,
	UART_IIR_MSI    = 0x00,
	UART_IIR_THRI   = 0x02,
	UART_IIR_RDI    = 0x04,
	UART_IIR_RLSI   = 0x06,
	UART_IIR_CTO    = 0x0c,

	UART_FCR_ENABLE = 0x01,
	UART_FCR_CLR_RX = 0x02,
	UART_FCR_CLR_TX = 0x04,
	UART_FCR_TRIG14 = 0xc0,

	UART_LSR_DR   = 0x01,
	UART_LSR_OE   = 0x02,
	UART_LSR_PE   = 0x04,
	UART_LSR_FE   = 0x08,
	UART_LSR_BI   = 0x10,
	UART_LSR_THRE = 0x20,
	UART_LSR_TEMT = 0x40,
	UART_LSR_ERR  = 0x80,

	UART_MCR_DTR  = 0x01,
	UART_MCR_RTS  = 0x02,
	UART_MCR_OUT2 = 0x08,
	UART_MCR_LOOP = 0x10,
};

/* Line control register, viewed both as a byte and as fields. */
union uart_lcr {
	u8 raw;
	struct {
		u8 word_len : 2;        /* 0=5 bits ... 3=8 bits */
		u8 stop_bits : 1;
		u8 parity_en : 1;
		u8 even_parity : 1;
		u8 stick_parity : 1;
		u8 set_break : 1;
		u8 dlab : 1;
	} __attribute__((packed));
};

_Static_assert(sizeof(union uart_lcr) == 1, "LCR is one byte");

enum uart_parity { PARITY_NONE = 'N', PARITY_ODD = 'O', PARITY_EVEN = 'E', PARITY_MARK = 'M', PARITY_SPACE = 'S' };

struct uart_config {
	u32 baud;
	u8 data_bits;
	u8 stop_bits;
	enum uart_parity parity;
	unsigned int flow_rts_cts : 1;
	unsigned int use_fifo : 1;
};

struct ring {
	u16 head, tail;
	u8 *buf;
	u16 size;               /* power of two */
};

struct uart_port;

struct uart_ops {
	u8   (*read_reg)(const struct uart_port *p, enum uart_reg r);
	void (*write_reg)(const struct uart_port *p, enum uart_reg r, u8 v);
	int  (*startup)(struct uart_port *p);
	void (*shutdown)(struct uart_port *p);
	void (*set_termios)(struct uart_port *p, const struct uart_config *cfg);
	void (*rx_char)(struct uart_port *p, u8 ch, u8 lsr);
};

struct uart_port {
	u16 iobase;
	u8 irq;
	u8 regshift;
	u8 ier_shadow;
	u8 mcr_shadow;
	const struct uart_ops *ops;
	struct uart_config cfg;
	struct ring rx, tx;
	struct {
		u32 rx, tx, overrun, parity, frame, brk;
	} icount;
	void *data;
	char name[8];
};

/* ---- raw port I/O ------------------------------------------------- */

static inline __attribute__((always_inline)) u8 inb(u16 port)
{
	u8 v;
	__asm__ __volatile__("inb %w1, %b0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline __attribute__((always_inline)) void outb(u16 port, u8 v)
{
	__asm__ __volatile__("outb %b0, %w1" : : "a"(v), "Nd"(port));
}

static inline void io_delay(void)
{
	/* classic write to an unused port */
	asm volatile("outb %%al, $0x80" : : "a"(0));
}

static u8 pio_read(const struct uart_port *p, enum uart_reg r)
{
	return inb((u16)(p->iobase + (r << p->regshift)));
}

static void pio_write(const struct uart_port *p, enum uart_reg r, u8 v)
{
	outb((u16)(p->iobase + (r << p->regshift)), v);
}

/* ---- ring buffer ------------------------------------------------- */

static inline u16 ring_count(const struct ring *rb)
{
	return (u16)((rb->head - rb->tail) & (rb->size - 1));
}

static inline u16 ring_space(const struct ring *rb)
{
	return (u16)(rb->size - 1 - ring_count(rb));
}

static inline kbool ring_put(struct ring *rb, u8 c)
{
	if (!ring_space(rb))
		return KFALSE;
	rb->buf[rb->head] = c;
	rb->head = (u16)((rb->head + 1) & (rb->size - 1));
	return KTRUE;
}

static inline int ring_get(struct ring *rb)
{
	int c;
	if (rb->head == rb->tail)
		return -1;
	c = rb->buf[rb->tail];
	rb->tail = (u16)((rb->tail + 1) & (rb->size - 1));
	return c;
}

/* ---- core driver --------------------------------------------------- */

static u16 baud_divisor(u32 baud)
{
	u32 div = (UART_CLOCK / 16 + baud / 2) / baud;
	return (u16)(div ? (div > 0xffff ? 0xffff : div) : 1);
}

static void uart_set_termios(struct uart_port *p, const struct uart_config *cfg)
{
	union uart_lcr lcr = { .raw = 0 };
	u16 div = baud_divisor(cfg->baud);

	lcr.word_len = (u8)(cfg->data_bits - 5) & 3;
	lcr.stop_bits = cfg->stop_bits > 1;
	switch (cfg->parity) {
	case PARITY_NONE:
		break;
	case PARITY_EVEN:
		lcr.even_parity = 1;
		/* fall through */
	case PARITY_ODD:
		lcr.parity_en = 1;
		break;
	case PARITY_MARK:
	case PARITY_SPACE:
		lcr.parity_en = 1;
		lcr.stick_parity = 1;
		lcr.even_parity = cfg->parity == PARITY_SPACE;
		break;
	}

	p->ops->write_reg(p, UART_LCR, (u8)(lcr.raw | 0x80));     /* DLAB on */
	p->ops->write_reg(p, UART_DLL, (u8)(div & 0xff));
	p->ops->write_reg(p, UART_DLM, (u8)(div >> 8));
	p->ops->write_reg(p, UART_LCR, lcr.raw);
	p->cfg = *cfg;
}

static void uart_rx_char(struct uart_port *p, u8 ch, u8 lsr)
{
	if (lsr & (UART_LSR_BI | UART_LSR_PE | UART_LSR_FE | UART_LSR_OE)) {
		if (lsr & UART_LSR_BI)
			p->icount.brk++;
		else if (lsr & UART_LSR_PE)
			p->icount.parity++;
		else if (lsr & UART_LSR_FE)
			p->icount.frame++;
		if (lsr & UART_LSR_OE)
			p->icount.overrun++;
		if (lsr & UART_LSR_BI)
			return;
	}
	p->icount.rx++;
	if (!ring_put(&p->rx, ch))
		p->icount.overrun++;
}

static int uart_startup(struct uart_port *p)
{
	u8 scratch;

	/* probe: the scratch register must hold a value */
	p->ops->write_reg(p, UART_SCR, 0x5a);
	scratch = p->ops->read_reg(p, UART_SCR);
	if (scratch != 0x5a)
		return -19;     /* -ENODEV */

	/* loopback self test */
	p->ops->write_reg(p, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2 | UART_MCR_RTS | UART_MCR_DTR);
	p->ops->write_reg(p, UART_TX, 0xae);
	if (p->ops->read_reg(p, UART_RX) != 0xae) {
		pr_warn("%s: loopback test failed\n", p->name);
		return -5;
	}

	if (p->cfg.use_fifo)
		p->ops->write_reg(p, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLR_RX |
				  UART_FCR_CLR_TX | UART_FCR_TRIG14);
	p->mcr_shadow = UART_MCR_OUT2 | UART_MCR_RTS | UART_MCR_DTR;
	p->ops->write_reg(p, UART_MCR, p->mcr_shadow);
	p->ier_shadow = UART_IER_RDI | UART_IER_RLSI;
	p->ops->write_reg(p, UART_IER, p->ier_shadow);
	(void)p->ops->read_reg(p, UART_IIR);
	(void)p->ops->read_reg(p, UART_LSR);
	return 0;
}

static void uart_shutdown(struct uart_port *p)
{
	p->ier_shadow = 0;
	p->ops->write_reg(p, UART_IER, 0);
	p->ops->write_reg(p, UART_MCR, 0);
	p->ops->write_reg(p, UART_FCR, UART_FCR_CLR_RX | UART_FCR_CLR_TX);
}

static const struct uart_ops pio_uart_ops = {
	.read_reg    = pio_read,
	.write_reg   = pio_write,
	.startup     = uart_startup,
	.shutdown    = uart_shutdown,
	.set_termios = uart_set_termios,
	.rx_char     = uart_rx_char,
};

static u8 com1_rx_buf[RX_BUF_SIZE], com1_tx_buf[TX_BUF_SIZE];
static u8 com2_rx_buf[RX_BUF_SIZE], com2_tx_buf[TX_BUF_SIZE];

static struct uart_port ports[] = {
	{
		.iobase = COM1_BASE, .irq = 4, .ops = &pio_uart_ops, .name = "ttyS0",
		.cfg = { .baud = 115200, .data_bits = 8, .stop_bits = 1,
			 .parity = PARITY_NONE, .use_fifo = 1 },
		.rx = { .buf = com1_rx_buf, .size = RX_BUF_SIZE },
		.tx = { .buf = com1_tx_buf, .size = TX_BUF_SIZE },
	},
	[1] = {
		.iobase = COM2_BASE, .irq = 3, .ops = &pio_uart_ops, .name = "ttyS1",
		.cfg = { 9600, 7, 2, PARITY_EVEN, 0, 1 },
		.rx = { 0, 0, com2_rx_buf, RX_BUF_SIZE },
		.tx = { 0, 0, com2_tx_buf, TX_BUF_SIZE },
	},
};

/* ---- transmit path ------------------------------------------------ */

static void uart_start_tx(struct uart_port *p)
{
	if (!(p->ier_shadow & UART_IER_THRI)) {
		p->ier_shadow |= UART_IER_THRI;
		p->ops->write_reg(p, UART_IER, p->ier_shadow);
	}
}

static void uart_tx_chars(struct uart_port *p)
{
	int count = p->cfg.use_fifo ? UART_FIFO_DEPTH : 1;
	int c;

	while (count-- > 0 && (c = ring_get(&p->tx)) >= 0) {
		p->ops->write_reg(p, UART_TX, (u8)c);
		p->icount.tx++;
	}
	if (!ring_count(&p->tx)) {
		p->ier_shadow &= (u8)~UART_IER_THRI;
		p->ops->write_reg(p, UART_IER, p->ier_shadow);
	}
}

ssize uart_write(struct uart_port *p, const char *buf, size_t len)
{
	size_t n;

	for (n = 0; n < len; n++) {
		if (buf[n] == '\n' && !ring_put(&p->tx, '\r'))
			break;
		if (!ring_put(&p->tx, (u8)buf[n]))
			break;
	}
	if (n)
		uart_start_tx(p);
	return (ssize)n;
}

ssize uart_read(struct uart_port *p, char *buf, size_t len)
{
	size_t n = 0;
	int c;

	while (n < len && (c = ring_get(&p->rx)) >= 0)
		buf[n++] = (char)c;
	return (ssize)n;
}

/* ---- interrupt handling ------------------------------------------- */

__attribute__((hot)) int uart_interrupt(int irq, void *dev_id)
{
	struct uart_port *p = dev_id;
	int handled = 0, passes = 0;
	u8 iir, lsr;

	if (p->irq != irq)
		return 0;

	while (!((iir = p->ops->read_reg(p, UART_IIR)) & UART_IIR_NO_INT)) {
		handled = 1;
		switch (iir & UART_IIR_ID) {
		case UART_IIR_RLSI:
		case UART_IIR_RDI:
		case UART_IIR_CTO:
			while ((lsr = p->ops->read_reg(p, UART_LSR)) & UART_LSR_DR)
				p->ops->rx_char(p, p->ops->read_reg(p, UART_RX), lsr);
			break;
		case UART_IIR_THRI:
			uart_tx_chars(p);
			break;
		case UART_IIR_MSI:
			(void)p->ops->read_reg(p, UART_MSR);
			break;
		default:
			goto spurious;
		}
		if (++passes > 256)
			goto too_much_work;
	}
	return handled;

spurious:
	pr_warn("%s: unexpected IIR %#x\n", p->name, iir);
	return handled;
too_much_work:
	pr_warn("%s: too much work in interrupt\n", p->name);
	return handled;
}

/* ---- early console (polled) --------------------------------------- */

static void early_putc(u16 base, char c)
{
	unsigned int spins = 100000;

	while (!(inb((u16)(base + UART_LSR)) & UART_LSR_THRE) && --spins)
		cpu_relax();
	outb(base, (u8)c);
}

__attribute__((section(".init.text"), cold))
void early_console_write(const char *s, unsigned int n)
{
	u16 base = COM1_BASE;

	while (n--) {
		if (*s == '\n')
			early_putc(base, '\r');
		early_putc(base, *s++);
	}
	io_delay();
}

__attribute__((section(".init.text")))
int uart_init(void)
{
	unsigned int i;
	int ok = 0, err;

	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		struct uart_port *p = &ports[i];

		if (p->rx.size & (p->rx.size - 1))
			continue;
		p->ops->set_termios(p, &p->cfg);
		err = p->ops->startup(p);
		if (err) {
			pr_info("%s: not present (%d)\n", p->name, err);
			continue;
		}
		pr_info("%s at I/O %#x (irq = %u) is a 16550A, %u baud %u%c%u\n",
			p->name, p->iobase, p->irq, p->cfg.baud, p->cfg.data_bits,
			(char)p->cfg.parity, p->cfg.stop_bits);
		ok++;
	}
	return ok ? 0 : -19;
}

#pragma GCC diagnostic pop
