/* acpi.c -- what the firmware says about the machine, and power-off.
 *
 * QEMU's firmware (SeaBIOS) describes the machine in ACPI tables in RAM.
 * The kernel reads them once, early on the boot CPU (before kalloc may
 * reuse the memory they lie in), and keeps only what it needs:
 *   RSDP  found by its signature "RSD PTR " on a 16-byte boundary in the
 *         first KiB of the EBDA or in 0xe0000..0xfffff; points to the RSDT.
 *   RSDT  a list of 32-bit pointers to the other tables, by signature:
 *   MADT  ("APIC") the local APICs (one per CPU; flags bit 0 = usable),
 *         the I/O APIC's address, and interrupt source overrides (an ISA
 *         IRQ wired to another I/O APIC pin).
 *   FADT  ("FACP") the PM1a control port and the DSDT, whose AML defines
 *         \_S5 = Package { SLP_TYPa, ... }: writing SLP_TYPa << 10 | SLP_EN
 *         to PM1a_CNT enters S5, soft-off.  The DSDT is bytecode; finding
 *         "_S5_" followed by a PackageOp and reading its first element is
 *         enough for the tables QEMU generates (pc and q35 alike).
 * CPU indexes: the boot CPU is 0, the others follow in MADT order
 * (x86_apicid_of_cpu, for starting them and routing interrupts).
 *
 * Power-off: arch_poweroff(0) tries the ACPI S5 write (QEMU then exits
 * with status 0); otherwise, or for a non-zero status, QEMU's isa-debug-exit
 * device at port 0xf4 ends QEMU with status (code << 1) | 1.
 */
#include "x86.h"
#include "defs.h"

uchar x86_apicid_of_cpu[NCPU];
int x86_ncpu_found = 1;
uint64 x86_ioapic_pa = 0xfec00000;   /* the usual place, if no MADT */
int x86_com1_gsi = 4;
static uint16 pm1a_cnt;
static int slp_typ_s5 = -1;

struct sdt_header {
  char sig[4];
  uint32 length;
  uint8 revision, checksum;
  char oem[6], oem_table[8];
  uint32 oem_rev, creator, creator_rev;
} __attribute__((packed));

static int sum_ok(const void *p, uint32 n)
{
  const uchar *b = p;
  uchar s = 0;
  for (uint32 i = 0; i < n; i++)
    s += b[i];
  return s == 0;
}

static int sig_is(const char *a, const char *b)
{
  return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

static const uchar *find_rsdp_in(uint64 pa, uint64 len)
{
  for (uint64 off = 0; off + 20 <= len; off += 16) {
    const uchar *p = P2V(pa + off);
    if (p[0] == 'R' && p[1] == 'S' && p[2] == 'D' && p[3] == ' ' &&
        p[4] == 'P' && p[5] == 'T' && p[6] == 'R' && p[7] == ' ' && sum_ok(p, 20))
      return p;
  }
  return 0;
}

static void parse_madt(const struct sdt_header *h)
{
  const uchar *p = (const uchar *)h + sizeof(*h) + 8;   /* LAPIC address, flags */
  const uchar *end = (const uchar *)h + h->length;
  uint32 bsp = *(volatile uint32 *)(LAPIC_VA + 0x20) >> 24;
  int n = 1;
  x86_apicid_of_cpu[0] = bsp;
  for (; p + 2 <= end && p[1] >= 2; p += p[1]) {
    switch (p[0]) {
    case 0:                               /* processor local APIC */
      if ((p[4] & 1) && p[3] != bsp && n < NCPU) {
        x86_apicid_of_cpu[n] = p[3];
        n++;
      }
      break;
    case 1:                               /* I/O APIC (the first one) */
      if (*(uint32 *)(p + 8) == 0)        /* GSI base 0 */
        x86_ioapic_pa = *(uint32 *)(p + 4);
      break;
    case 2:                               /* interrupt source override */
      if (p[2] == 0 && p[3] == 4)         /* ISA bus, IRQ 4 */
        x86_com1_gsi = *(uint32 *)(p + 4);
      break;
    }
  }
  x86_ncpu_found = n;
}

static void parse_dsdt_s5(const struct sdt_header *h)
{
  const uchar *p = (const uchar *)h + sizeof(*h);
  const uchar *end = (const uchar *)h + h->length;
  for (; p + 8 < end; p++) {
    if (!(p[0] == '_' && p[1] == 'S' && p[2] == '5' && p[3] == '_' && p[4] == 0x12))
      continue;
    const uchar *q = p + 5;
    q += 1 + (q[0] >> 6);                 /* PkgLength: 1 + extra bytes */
    q += 1;                               /* NumElements */
    if (q[0] == 0x0a)                     /* BytePrefix value */
      slp_typ_s5 = q[1];
    else if (q[0] == 0x00 || q[0] == 0x01)  /* ZeroOp, OneOp */
      slp_typ_s5 = q[0];
    return;
  }
}

void x86_acpi_init(void)
{
  const uchar *rsdp = 0;
  uint64 ebda = (uint64)*(uint16 *)P2V(0x40e) << 4;
  if (ebda >= 0x80000 && ebda < 0xa0000)
    rsdp = find_rsdp_in(ebda, 1024);
  if (rsdp == 0)
    rsdp = find_rsdp_in(0xe0000, 0x20000);
  if (rsdp == 0) {
    x86_puts("acpi: no RSDP; one CPU, no ACPI power-off\n");
    return;
  }
  uint64 rsdt_pa = *(uint32 *)(rsdp + 16);
  const struct sdt_header *rsdt = P2V(rsdt_pa);
  if (rsdt_pa >= 0x40000000 || !sig_is(rsdt->sig, "RSDT")) {
    x86_puts("acpi: no RSDT below 1 GiB\n");
    return;
  }
  int n = (rsdt->length - sizeof(*rsdt)) / 4;
  const uint32 *entry = (const uint32 *)(rsdt + 1);
  for (int i = 0; i < n; i++) {
    if (entry[i] >= 0x40000000)
      continue;
    const struct sdt_header *h = P2V((uint64)entry[i]);
    if (sig_is(h->sig, "APIC")) {
      parse_madt(h);
    } else if (sig_is(h->sig, "FACP")) {
      const uchar *f = (const uchar *)h;
      pm1a_cnt = *(uint32 *)(f + 64);
      uint32 dsdt = *(uint32 *)(f + 40);
      if (dsdt && dsdt < 0x40000000)
        parse_dsdt_s5(P2V((uint64)dsdt));
    }
  }
}

void arch_poweroff(int status)
{
  intr_off();
  if (status == 0 && pm1a_cnt != 0 && slp_typ_s5 >= 0) {
    outw(pm1a_cnt, (slp_typ_s5 << 10) | (1 << 13));
    for (volatile int i = 0; i < 10000000; i++)   /* QEMU exits right away */
      ;
  }
  /* isa-debug-exit: QEMU exits with (code << 1) | 1. */
  outl(0xf4, status == 0 ? 0 : (status & 0x7f) ? (status & 0x7f) : 1);
  for (;;)
    __asm__ volatile("cli; hlt");
}
