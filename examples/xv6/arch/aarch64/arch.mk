# arch.mk -- the AArch64 part of the build (included by examples/xv6/Makefile).
#
# Target: QEMU virt with GICv2, a Cortex-A72, 128 MiB of RAM.  -semihosting
# is there for one thing: arch_poweroff(status != 0) exits QEMU with that
# status through semihosting SYS_EXIT (status 0 uses PSCI SYSTEM_OFF, which
# QEMU turns into exit status 0).  QEMU lets only EL1 use semihosting, so
# user programs cannot reach the host through it.
#
# make ARCH=aarch64 archtest   boots arch/aarch64/selftest.c (the
#   architecture alone, without the shared kernel) on 4 CPUs twice: once
#   expecting exit status 0, once (typing 'e') expecting 7.

ARCH_TARGET      := --target=aarch64-none-elf -mcpu=cortex-a72
ARCH_CFLAGS      := $(ARCH_TARGET)
ARCH_USER_CFLAGS := $(ARCH_TARGET)
ARCH_SRCS        := arch/aarch64/boot.S arch/aarch64/vectors.S arch/aarch64/trap.c \
                    arch/aarch64/intr.c arch/aarch64/uart.c arch/aarch64/vm.c \
                    arch/aarch64/psci.c arch/aarch64/usertrapret.c
ARCH_LDSCRIPT    := arch/aarch64/kernel.ld

QEMU      := qemu-system-aarch64
QEMU_OPTS := -M virt,gic-version=2 -cpu cortex-a72 -m 128M -semihosting

# ---- the architecture's own boot test ----------------------------------------

.DEFAULT_GOAL := all
ARCHTEST_SRCS := $(filter-out %/usertrapret.c,$(ARCH_SRCS)) arch/aarch64/selftest.c
ARCHTEST_OBJS := $(patsubst %,$(B)/arch/%.o,$(basename $(notdir $(ARCHTEST_SRCS))))

$(B)/archtest.elf: $(ARCHTEST_OBJS) $(ARCH_LDSCRIPT)
	$(LD) -nostdlib -z max-page-size=4096 -T $(ARCH_LDSCRIPT) -o $@ $(ARCHTEST_OBJS)

.PHONY: archtest
archtest: $(B)/archtest.elf
	printf x | timeout 30 $(QEMU) $(QEMU_OPTS) -smp 4 -nographic -kernel $<
	printf e | timeout 30 $(QEMU) $(QEMU_OPTS) -smp 4 -nographic -kernel $<; \
	  status=$$?; echo "archtest: exit status $$status (7 expected)"; test $$status = 7
