/* boot.c -- the boot CPU's first C code, between entry.S and kmain().
 *
 * entry.S arrives here in 64-bit mode on the boot stack, with boot_pml4
 * (which maps the first GiB of RAM at KERNBASE) and BSS cleared.  Before the
 * shared kernel starts, the firmware's tables are read (acpi.c: they lie in
 * RAM that kalloc will hand out), the interrupt table is built once for all
 * CPUs, this CPU's GDT and TSS are loaded (which makes cpuid() work), and
 * the legacy PICs are silenced.  Then kmain().
 */
#include "x86.h"
#include "defs.h"

extern uint32 multiboot_magic, multiboot_info_pa;

void x86_boot_main(void)
{
  if (multiboot_magic == 0x2badb002) {
    const uint32 *mbi = P2V((uint64)multiboot_info_pa);
    /* flags bit 0: mem_upper = KiB of RAM above 1 MiB */
    if ((mbi[0] & 1) && ((uint64)mbi[2] + 1024) * 1024 < PHYSTOP) {
      x86_puts("x86_64: less RAM than PHYSTOP (run QEMU with -m 128M)\n");
      arch_poweroff(1);
    }
  }
  x86_idt_init();
  x86_load_gdt_tss_idt(0);     /* cpuid() == 0 from here on */
  x86_acpi_init();
  x86_pic_disable();
  kmain();
}
