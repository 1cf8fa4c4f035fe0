/* boot.S -- the first instructions of every CPU, and the kernel's page table.
 *
 * QEMU (-M virt, -kernel kernel.elf) enters _start on the boot CPU at the
 * physical address 0x40080000, at EL1 (EL2 with virtualization=on), with the
 * MMU off.  The other CPUs stay off until arch_start_others() asks PSCI to
 * start them at secondary_entry, with their CPU index in x0.  Both paths:
 *
 *   1. mask every exception (DAIF) and, if the CPU is at EL2, drop to EL1
 *      (and note that PSCI is then reached by smc: psci_use_smc);
 *   2. turn the MMU on with the static table kernel_pgtbl below in both
 *      TTBR0 (an identity map of RAM, for the instructions right after the
 *      MMU comes on: they still run at physical addresses) and TTBR1 (the
 *      kernel half, where the kernel is linked);
 *   3. jump to the linked high address, and from there on use only it:
 *      TTBR0 gets an empty table (no user half yet; a null or stray low
 *      pointer in the kernel faults instead of reaching RAM);
 *   4. take a boot stack (one per CPU, in the BSS), set TPIDR_EL1 to the
 *      CPU index (cpuid()) and VBAR_EL1 to the exception vectors;
 *   5. the boot CPU clears the BSS and calls kmain(); the others call
 *      secondary_main() (psci.c), which calls mpmain().
 *
 * Until step 3 the code must be position independent: only PC-relative
 * addresses (adr/adrp) and literal-pool constants, no stack, no C.
 *
 * The kernel page table is data, not code: one level-1 table whose entry 0
 * maps the first GiB of the physical address space (all of QEMU virt's
 * devices) as Device-nGnRE, and entry 1 points to a level-2 table that maps
 * RAM up to PHYSTOP in 2 MiB blocks of Normal write-back memory, kernel
 * only (AP=EL1 read/write, UXN).  A level-1 index is bits 38..30 of the
 * address, so the same table maps physical address pa at pa (through
 * TTBR0, used only during step 2) and at pa + KERNBASE (through TTBR1).
 * It is the boot table only: once the page allocator works, arch_kvm_init()
 * (vm.c) builds the same map with the kernel image split into pages with
 * stricter permissions, and every CPU moves TTBR1 to that. */
#include "archdefs.h"
#include "param.h"

/* Descriptor bits (Arm ARM, VMSAv8-64 translation table format). */
#define DESC_BLOCK      1               /* level 1/2 block */
#define DESC_TABLE      3               /* next-level table */
#define ATTR_DEVICE     (0 << 2)        /* MAIR index 0 */
#define ATTR_NORMAL     (1 << 2)        /* MAIR index 1 */
#define SH_INNER        (3 << 8)
#define DESC_AF         (1 << 10)       /* accessed: no access-flag faults */
#define DESC_PXN        (1 << 53)
#define DESC_UXN        (1 << 54)
#define DEVICE_BLOCK    (DESC_BLOCK | ATTR_DEVICE | DESC_AF | DESC_PXN | DESC_UXN)
#define NORMAL_BLOCK    (DESC_BLOCK | ATTR_NORMAL | SH_INNER | DESC_AF | DESC_UXN)

/* MAIR_EL1: attribute 0 Device-nGnRE, attribute 1 Normal, inner and outer
 * write-back read/write-allocate. */
#define MAIR_VALUE      0xff04

/* TCR_EL1: 39-bit halves (T0SZ = T1SZ = 25), 4 KiB granules (TG0 = 0,
 * TG1 = 2), table walks inner-shareable write-back cacheable, 36-bit
 * physical addresses (IPS = 1), 8-bit ASIDs (unused: every switch flushes). */
#define TCR_VALUE       (25 | (1 << 8) | (1 << 10) | (3 << 12) | \
                         (25 << 16) | (1 << 24) | (1 << 26) | (3 << 28) | \
                         (2 << 30) | (1 << 32))

/* SCTLR_EL1: the RES1 bits of ARMv8.0 (0x30d00800), MMU (M), data and
 * instruction caches (C, I), stack alignment checks at EL1 and EL0 (SA,
 * SA0).  Everything else off: EL0 cannot use WFI/WFE, cache maintenance or
 * DC ZVA (they trap, and the process is killed). */
#define SCTLR_VALUE     (0x30d00800 | (1 << 0) | (1 << 2) | (1 << 3) | \
                         (1 << 4) | (1 << 12))

        .section .text.boot, "ax"
        .globl _start
_start:
        msr     daifset, #0xf
        mov     x19, #0                 /* the boot CPU is CPU 0 */
        b       common_entry

/* PSCI CPU_ON enters here, MMU off, x0 = the context id = CPU index. */
        .globl secondary_entry
secondary_entry:
        msr     daifset, #0xf
        mov     x19, x0

common_entry:
        /* 1. At EL2?  Make EL1 AArch64, give it the counters and timers,
         *    and "return" to EL1h at el1_entry with DAIF still masked.
         *    x20 remembers it: QEMU's PSCI conduit is then smc, not hvc. */
        mov     x20, #0
        mrs     x0, CurrentEL
        ubfx    x0, x0, #2, #2
        cmp     x0, #2
        b.ne    el1_entry
        mov     x20, #1
        mov     x0, #(1 << 31)          /* HCR_EL2.RW: EL1 is AArch64 */
        msr     hcr_el2, x0
        mov     x0, #3                  /* CNTHCTL_EL2.EL1PCTEN | EL1PCEN */
        msr     cnthctl_el2, x0
        msr     cntvoff_el2, xzr
        mov     x0, #0x3c5              /* SPSR: D, A, I, F masked; EL1h */
        msr     spsr_el2, x0
        adr     x0, el1_entry
        msr     elr_el2, x0
        eret

el1_entry:
        msr     spsel, #1               /* the kernel runs on SP_EL1 */
        /* 2. The MMU, with kernel_pgtbl in both halves. */
        ldr     x0, =MAIR_VALUE
        msr     mair_el1, x0
        ldr     x0, =TCR_VALUE
        msr     tcr_el1, x0
        adrp    x0, kernel_pgtbl        /* PC-relative: its physical address */
        msr     ttbr0_el1, x0
        msr     ttbr1_el1, x0
        /* CPACR_EL1.FPEN = 0b01: FP/SIMD traps at EL0 (user programs that
         * use it are killed), not at EL1.  The kernel's C is built with
         * -mgeneral-regs-only; only gear code built by clang >= 15 touches
         * d0-d7 (zeroing unused slots of the uniform gear signature) and
         * never keeps data there, so there is no FP state to save. */
        mov     x0, #(1 << 20)
        msr     cpacr_el1, x0
        tlbi    vmalle1
        dsb     nsh
        isb
        ldr     x0, =SCTLR_VALUE
        msr     sctlr_el1, x0
        isb
        /* 3. Jump to the high address (a literal: the linked address). */
        ldr     x0, =high_entry
        br      x0

        .text
high_entry:
        /* TTBR0: the empty table until a process is switched in. */
        ldr     x0, =empty_pgtbl
        ldr     x1, =KERNBASE
        sub     x0, x0, x1
        msr     ttbr0_el1, x0
        isb
        tlbi    vmalle1
        dsb     nsh
        isb

        /* 4. This CPU's boot stack: boot_stacks + (index + 1) * KSTACKSIZE. */
        ldr     x0, =boot_stacks
        add     x1, x19, #1
        mov     x2, #KSTACKSIZE
        madd    x0, x1, x2, x0
        mov     sp, x0
        mov     x29, #0                 /* end of the frame-pointer chain */
        mov     x30, #0
        msr     tpidr_el1, x19
        ldr     x0, =vectors
        msr     vbar_el1, x0
        isb

        ldr     x0, =psci_use_smc       /* in .data: survives the BSS clear */
        str     w20, [x0]

        cbnz    x19, 2f
        /* 5. CPU 0: clear the BSS (the boot stacks are in it, but no one
         *    has pushed anything yet), then the shared kernel. */
        ldr     x0, =bss_start
        ldr     x1, =bss_end
1:      cmp     x0, x1
        b.hs    3f
        stp     xzr, xzr, [x0], #16
        b       1b
3:      bl      kmain
        b       halt_here
2:      bl      secondary_main
halt_here:
        wfi
        b       halt_here
        .ltorg

/* void replace_ttbr1(uint64 table_pa): moves this CPU's kernel half to
 * another table that maps the same addresses differently (vm.c's final
 * table splits boot blocks into pages).  Arm's break-before-make rule
 * forbids switching directly: for a moment the TLB could hold a 2 MiB
 * entry and a 4 KiB entry for the same address (a TLB conflict).  So the
 * switch runs from the identity map in TTBR0 (the boot table again), where
 * the kernel half is not used at all: TTBR1 goes to the empty table, the TLB
 * is flushed, then TTBR1 goes to the new table, the TLB is flushed again,
 * and the code jumps back to its high address.  No stack, all exceptions
 * masked. */
        .globl replace_ttbr1
replace_ttbr1:
        mrs     x3, daif
        msr     daifset, #0xf
        mrs     x4, ttbr0_el1           /* the current user half, restored at the end */
        ldr     x2, =KERNBASE
        ldr     x1, =kernel_pgtbl
        sub     x1, x1, x2
        msr     ttbr0_el1, x1           /* identity map of RAM */
        isb
        tlbi    vmalle1
        dsb     nsh
        isb
        adr     x1, 1f
        sub     x1, x1, x2
        br      x1                      /* continue at the physical address */
1:      adrp    x1, empty_pgtbl         /* PC-relative: physical */
        msr     ttbr1_el1, x1           /* break */
        isb
        tlbi    vmalle1
        dsb     nsh
        isb
        msr     ttbr1_el1, x0           /* make */
        isb
        tlbi    vmalle1
        dsb     nsh
        isb
        ldr     x1, =2f
        br      x1                      /* back to the high address */
2:      msr     ttbr0_el1, x4
        isb
        tlbi    vmalle1
        dsb     nsh
        isb
        msr     daif, x3
        ret
        .ltorg

/* ---- The kernel page table (see the comment at the top) ---------------- */
        .data
        .balign 4096
        .globl kernel_pgtbl
kernel_pgtbl:
        .quad   0x00000000 + DEVICE_BLOCK             /* [0] 0..1 GiB: devices */
        .quad   ram_l2 - KERNBASE + DESC_TABLE        /* [1] 1..2 GiB: RAM */
        .fill   510, 8, 0

        .balign 4096
ram_l2:
        .set    blockpa, RAMBASE
        .rept   (PHYSTOP - RAMBASE) / 0x200000
        .quad   blockpa + NORMAL_BLOCK
        .set    blockpa, blockpa + 0x200000
        .endr
        .fill   512 - (PHYSTOP - RAMBASE) / 0x200000, 8, 0

/* 1 if this CPU came in at EL2 (QEMU virt,virtualization=on), whose PSCI
 * conduit is smc (psci.c). */
        .balign 4
        .globl psci_use_smc
psci_use_smc:
        .word   0

/* An all-invalid table for TTBR0 while no process is switched in. */
        .balign 4096
        .globl empty_pgtbl
empty_pgtbl:
        .fill   512, 8, 0

/* ---- Boot stacks: CPU n runs kmain()/mpmain() and then its scheduler
 *      on boot_stacks[n]. */
        .bss
        .balign 16
        .globl boot_stacks
boot_stacks:
        .space  NCPU * KSTACKSIZE
