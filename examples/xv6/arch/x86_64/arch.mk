# arch.mk -- the x86-64 part of the build (included by ../../Makefile).
#
# The kernel is a 64-bit ELF linked in the top 2 GiB (-mcmodel=kernel).
# QEMU's -kernel takes a multiboot kernel only as a 32-bit ELF, so
# kernel32.elf is the same image converted to elf32-i386 (the addresses QEMU
# uses, the physical load addresses and the entry, fit in 32 bits); debug
# with kernel.elf.  No red zone in the kernel: an interrupt in kernel mode
# pushes its frame right below rsp.  User programs may keep theirs: a trap
# from user mode switches to the kernel stack first.  No SSE/x87 on either
# side (the kernel saves no FP state; user FP use is killed).

ARCH_CFLAGS := --target=x86_64-elf -mno-red-zone -mcmodel=kernel -mno-sse -mno-mmx -mno-80387
ARCH_SRCS := arch/x86_64/entry.S arch/x86_64/trapasm.S arch/x86_64/boot.c \
             arch/x86_64/trap.c arch/x86_64/vm.c arch/x86_64/lapic.c \
             arch/x86_64/acpi.c arch/x86_64/uart.c
ARCH_LDSCRIPT := arch/x86_64/kernel.ld
ARCH_USER_CFLAGS := --target=x86_64-elf -mno-sse -mno-mmx -mno-80387

QEMU := qemu-system-x86_64
# graphics=on although the boot script says -nographic: otherwise QEMU asks
# SeaBIOS for a serial console (fw_cfg etc/sercon-port), and SeaBIOS reads
# -- and throws away -- whatever is piped in before the kernel runs.
# -net none: no network card, so no iPXE option ROM to load (faster boot).
QEMU_OPTS := -M pc,graphics=on -m 128M -no-reboot -net none \
             -device isa-debug-exit,iobase=0xf4,iosize=0x04
QEMU_KERNEL := kernel32.elf
QEMU_EXIT_OK := 0

.DEFAULT_GOAL := all
ARCH_EXTRA := $(B)/kernel32.elf
$(B)/kernel32.elf: $(B)/kernel.elf
	$(OBJCOPY) -O elf32-i386 $< $@

# `make ARCH=x86_64 archtest [CPUS=4]`: the x86-64 part alone, with
# selftest.c standing in for the shared kernel (see its comment).  One byte
# is piped in to test the UART's receive interrupt.
ARCHTEST_CPUS ?= 4
.PHONY: archtest
ARCHTEST_OBJS := $(patsubst %,$(B)/arch/%.o,$(basename $(notdir $(ARCH_SRCS))) selftest)
archtest: $(B)/archtest32.elf
	printf 'x' | timeout 30 $(QEMU) -nographic $(QEMU_OPTS) -smp $(ARCHTEST_CPUS) -kernel $<
$(B)/archtest.elf: $(ARCHTEST_OBJS) $(ARCH_LDSCRIPT)
	$(LD) -nostdlib -z max-page-size=4096 -T $(ARCH_LDSCRIPT) -o $@ $(ARCHTEST_OBJS)
$(B)/archtest32.elf: $(B)/archtest.elf
	$(OBJCOPY) -O elf32-i386 $< $@
