/* entry.S -- from the multiboot loader to C, for the boot CPU and the others.
 *
 * QEMU's -kernel loads a multiboot (v1) kernel: it finds the header below,
 * copies the image to its physical load address (1 MiB) and jumps to
 * start32 in 32-bit protected mode with paging off, eax = the multiboot
 * magic and ebx = the physical address of the multiboot information.
 * The kernel is linked at KERNBASE + 1 MiB in the top 2 GiB (so that
 * -mcmodel=kernel reaches every symbol with a sign-extended 32-bit
 * address), so until paging maps it there, the 32-bit code below may only
 * use physical addresses: every symbol is written `sym - KERNBASE`.
 *
 * To reach 64-bit mode the CPU needs paging on: boot_pml4 (static tables in
 * .data, no code needed to build them) maps the first GiB of physical memory
 * twice -- at 0 (identity, so that the instruction after the one that turns
 * paging on still has a mapping) and at KERNBASE (where the kernel runs) --
 * and the device window (3..4 GiB physical, uncached) at DEVBASE.  The
 * sequence is the one the Intel manual prescribes: PAE on, CR3, EFER.LME
 * (and NXE, for user no-execute pages), then CR0.PG; a far jump through a
 * 64-bit code segment leaves compatibility mode, and an absolute jump moves
 * to the high addresses.  From there on the identity half is never used by
 * the boot CPU: arch_kvm_init switches to kernel_pml4, which has only the
 * kernel half.
 *
 * The other CPUs start in 16-bit real mode at a page below 1 MiB (the
 * startup IPI gives only a page number), so the trampoline below is copied
 * to TRAMPOLINE_PA by lapic.c and written position-independently: every
 * address in it is an offset from its own start plus TRAMPOLINE_PA.  It
 * goes real -> protected (its own GDT) -> long mode with boot_pml4 (whose
 * identity map still covers the trampoline) and jumps to ap_start64 with the
 * stack lapic.c left in tramp_stack.
 */
#include "archdefs.h"
#include "param.h"

#define PA(x) ((x) - KERNBASE)
#define TRAMPOLINE_PA 0x8000
#define TA(x) ((x) - trampoline_start + TRAMPOLINE_PA)

#define MB_MAGIC  0x1BADB002
#define MB_FLAGS  0x00000002       /* bit 1: give us the memory information */

#define CR0_PE    0x00000001
#define CR0_WP    0x00010000
#define CR0_PG    0x80000000
#define CR4_PAE   0x00000020
#define MSR_EFER  0xC0000080
#define EFER_LME  0x00000100
#define EFER_NXE  0x00000800

/* Page-table entry bits. */
#define P   0x001
#define W   0x002
#define PWT 0x008
#define PCD 0x010
#define PS  0x080

/* The multiboot header must lie in the first 8 KiB of the image: the linker
 * script puts .multiboot first. */
  .section .multiboot, "a"
  .balign 4
  .long MB_MAGIC
  .long MB_FLAGS
  .long -(MB_MAGIC + MB_FLAGS)

  .text
  .code32
  .globl start32
start32:
  cli
  cld
  movl %eax, PA(multiboot_magic)
  movl %ebx, PA(multiboot_info_pa)

  /* Clear BSS (the loader zeroes it too; this makes no assumption). */
  movl $PA(__bss_start), %edi
  movl $PA(__bss_end), %ecx
  subl %edi, %ecx
  xorl %eax, %eax
  rep stosb

  lgdt PA(boot_gdtdesc32)

  movl %cr4, %eax
  orl $CR4_PAE, %eax
  movl %eax, %cr4
  movl $PA(boot_pml4), %eax
  movl %eax, %cr3
  movl $MSR_EFER, %ecx
  rdmsr
  orl $(EFER_LME | EFER_NXE), %eax
  wrmsr
  movl %cr0, %eax
  orl $(CR0_PG | CR0_WP | CR0_PE), %eax
  movl %eax, %cr0
  /* Compatibility mode now; the far jump loads a 64-bit code segment. */
  ljmp $SEG_KCODE, $PA(start64_low)

  .code64
start64_low:
  movabsq $start64, %rax
  jmp *%rax
start64:
  /* The GDT again, by its high address: the identity map goes away. */
  lgdt boot_gdtdesc64(%rip)
  movw $SEG_KDATA, %ax
  movw %ax, %ds
  movw %ax, %es
  movw %ax, %ss
  xorw %ax, %ax
  movw %ax, %fs
  movw %ax, %gs
  leaq boot_stack_top(%rip), %rsp
  xorl %ebp, %ebp
  call x86_boot_main        /* parses firmware tables, then kmain() */
1:hlt
  jmp 1b

/* The other CPUs arrive here from the trampoline, in 64-bit mode with
 * boot_pml4 and their own stack. */
  .globl ap_start64
ap_start64:
  lgdt boot_gdtdesc64(%rip)
  movw $SEG_KDATA, %ax
  movw %ax, %ds
  movw %ax, %es
  movw %ax, %ss
  xorw %ax, %ax
  movw %ax, %fs
  movw %ax, %gs
  xorl %ebp, %ebp
  call x86_ap_main          /* kernel page table, then mpmain() */
1:hlt
  jmp 1b

/* ---- The startup trampoline (copied to TRAMPOLINE_PA) ------------------ */

  .section .rodata
  .balign 16
  .globl trampoline_start, trampoline_end, trampoline_stack
  .code16
trampoline_start:
  cli
  cld
  xorw %ax, %ax
  movw %ax, %ds
  movw %ax, %es
  movw %ax, %ss
  lgdtl TA(tramp_gdtdesc)
  movl %cr0, %eax
  orl $CR0_PE, %eax
  movl %eax, %cr0
  ljmpl $0x18, $TA(tramp32)      /* the 32-bit code segment */

  .code32
tramp32:
  movw $SEG_KDATA, %ax
  movw %ax, %ds
  movw %ax, %es
  movw %ax, %ss
  movl %cr4, %eax
  orl $CR4_PAE, %eax
  movl %eax, %cr4
  movl $PA(boot_pml4), %eax
  movl %eax, %cr3
  movl $MSR_EFER, %ecx
  rdmsr
  orl $(EFER_LME | EFER_NXE), %eax
  wrmsr
  movl %cr0, %eax
  orl $(CR0_PG | CR0_WP), %eax
  movl %eax, %cr0
  ljmp $SEG_KCODE, $TA(tramp64)

  .code64
tramp64:
  movq trampoline_stack(%rip), %rsp
  movabsq $ap_start64, %rax
  jmp *%rax

  .balign 8
tramp_gdt:
  .quad 0                        /* null */
  .quad 0x00af9a000000ffff       /* 0x08 kernel code, 64-bit */
  .quad 0x00cf92000000ffff       /* 0x10 kernel data */
  .quad 0x00cf9a000000ffff       /* 0x18 code, 32-bit (trampoline only) */
tramp_gdtdesc:
  .word tramp_gdtdesc - tramp_gdt - 1
  .long TA(tramp_gdt)
  .balign 8
trampoline_stack:                /* lapic.c writes the AP's stack top here */
  .quad 0
trampoline_end:

/* ---- Boot data --------------------------------------------------------- */

  .data
  .balign 8
  .globl multiboot_magic, multiboot_info_pa
multiboot_magic:   .long 0
multiboot_info_pa: .long 0

  .balign 8
boot_gdt:
  .quad 0                        /* null */
  .quad 0x00af9a000000ffff       /* 0x08 kernel code, 64-bit */
  .quad 0x00cf92000000ffff       /* 0x10 kernel data */
boot_gdt_end:
boot_gdtdesc32:                  /* lgdt in 32-bit mode: physical base */
  .word boot_gdt_end - boot_gdt - 1
  .long PA(boot_gdt)
  .balign 8
  .word 0, 0, 0
boot_gdtdesc64:                  /* lgdt in 64-bit mode: virtual base */
  .word boot_gdt_end - boot_gdt - 1
  .quad boot_gdt

/* boot_pml4: identity 0..1 GiB, KERNBASE -> 0..1 GiB, DEVBASE -> 3..4 GiB. */
  .balign 4096
  .globl boot_pml4, boot_pdpt_high
boot_pml4:
  .quad PA(boot_pdpt_low) + P + W
  .fill 510, 8, 0
  .quad PA(boot_pdpt_high) + P + W
boot_pdpt_low:
  .quad PA(boot_pd) + P + W
  .fill 511, 8, 0
boot_pdpt_high:                  /* the kernel half: kernel_pml4 shares it */
  .fill 509, 8, 0
  .quad PA(dev_pd) + P + W       /* 509: DEVBASE */
  .quad PA(boot_pd) + P + W      /* 510: KERNBASE */
  .quad 0                        /* 511 */
boot_pd:                         /* 512 x 2 MiB: physical 0 .. 1 GiB */
  .set i, 0
  .rept 512
  .quad (i << 21) + P + W + PS
  .set i, i + 1
  .endr
dev_pd:                          /* 512 x 2 MiB: physical 3 .. 4 GiB, uncached */
  .set i, 0
  .rept 512
  .quad DEVPHYS + (i << 21) + P + W + PWT + PCD + PS
  .set i, i + 1
  .endr

  .bss
  .balign 16
boot_stack:
  .space KSTACKSIZE
boot_stack_top:
