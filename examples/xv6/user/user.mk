# user.mk -- how user programs, mkfs and fs.img are built.
#
# Included by examples/xv6/Makefile (after ARCH, CC, LD and the arch's
# ARCH_USER_CFLAGS are set); paths are relative to examples/xv6.  Every
# user/NAME.c becomes $(B)/user/NAME (B = build/$(ARCH) by default), linked with the user library
# (user/lib/*.c and user/lib/usys-$(ARCH).S) by ld.lld with user/user.ld;
# fs.img holds README and every program, each under its own name.
# Every user/NAME.c must have a main(); adding a program is adding a file.
#
# Defines USER_PROGS, MKFS, FSIMG (and the rules that make them).

ARCH ?= aarch64
# The Makefile's stamp that changes with CC, O and the other switches (only
# when included from the Makefile, which defines B and the stamp's rule;
# `make -f user/user.mk` alone builds without it).
ifneq ($(firstword $(MAKEFILE_LIST)),user/user.mk)
USER_FLAGS_DEP := $(B)/.flags
endif
# The build directory: the Makefile's B (BUILD=DIR moves it), else the default.
BUILD ?= build
B ?= $(BUILD)/$(ARCH)
ifeq ($(origin LD),default)
LD := ld.lld
endif
USER_BUILD := $(B)/user
HOSTCC ?= cc
OBJCOPY ?= llvm-objcopy

ifeq ($(O),0)
USER_OPT := -O0
else
USER_OPT := -O2
endif

# Freestanding, no FP/SIMD (the kernel kills a user program that uses it),
# no unwind tables (user.ld drops them anyway).
USER_CFLAGS := -std=gnu11 -ffreestanding -fno-builtin -nostdlib -fno-stack-protector \
  -fno-pie -fno-pic -mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-unwind-tables \
  $(USER_OPT) -g -Wall -Wextra -MMD -MP $(ARCH_USER_CFLAGS)

USER_LIB_SRCS := $(wildcard user/lib/*.c) user/lib/usys-$(ARCH).S
USER_LIB_OBJS := $(patsubst user/lib/%,$(USER_BUILD)/lib/%.o,$(USER_LIB_SRCS))
USER_NAMES := $(basename $(notdir $(wildcard user/*.c)))
USER_PROGS := $(addprefix $(USER_BUILD)/,$(USER_NAMES))

MKFS := $(BUILD)/mkfs
FSIMG := $(B)/fs.img

$(USER_BUILD)/lib/%.c.o: user/lib/%.c $(USER_FLAGS_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c -o $@ $<

$(USER_BUILD)/lib/%.S.o: user/lib/%.S $(USER_FLAGS_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c -o $@ $<

$(USER_BUILD)/%.o: user/%.c $(USER_FLAGS_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c -o $@ $<

# NAME.debug keeps the symbols and debug info (for gdb: add-symbol-file);
# NAME, stripped, is what goes into fs.img, which has room for ~2 MB only.
$(USER_BUILD)/%.debug: $(USER_BUILD)/%.o $(USER_LIB_OBJS) user/user.ld
	$(LD) -static -nostdlib -z max-page-size=4096 -z norelro -T user/user.ld -o $@ $< $(USER_LIB_OBJS)

$(USER_BUILD)/%: $(USER_BUILD)/%.debug
	$(OBJCOPY) --strip-all $< $@

.PRECIOUS: $(USER_BUILD)/%.o $(USER_BUILD)/%.debug

$(MKFS): mkfs/mkfs.c kernel/fs.h kernel/types.h kernel/stat.h kernel/param.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -o $@ mkfs/mkfs.c

$(FSIMG): $(MKFS) README.md $(USER_PROGS)
	@mkdir -p $(dir $@)
	$(MKFS) $@ README.md:README $(USER_PROGS)

user: $(USER_PROGS)
fs.img: $(FSIMG)
.PHONY: user fs.img

-include $(wildcard $(USER_BUILD)/*.d $(USER_BUILD)/lib/*.d)

# ---- host-side tests of the user library and of mkfs ----
# user-hosttest: user/lib's C files built with the host cc (names prefixed
# u_ by user/host/rename.h) and checked by user/host/libtest.c.
# mkfs-test: mkfs/test.sh (images made and read back, and every error).
LIBTEST := $(BUILD)/user-libtest
LIBTEST_SRCS := $(wildcard user/lib/*.c)

$(LIBTEST): $(LIBTEST_SRCS) user/host/libtest.c user/host/rename.h user/user.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Wno-format -fno-builtin -include user/host/rename.h \
	  -c user/lib/ulib.c -o $@-ulib.o
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Wno-format -fno-builtin -include user/host/rename.h \
	  -c user/lib/printf.c -o $@-printf.o
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Wno-format -fno-builtin -include user/host/rename.h \
	  -c user/lib/umalloc.c -o $@-umalloc.o
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -o $@ user/host/libtest.c $@-ulib.o $@-printf.o $@-umalloc.o

user-hosttest: $(LIBTEST)
	$(LIBTEST)

mkfs-test: $(MKFS)
	sh mkfs/test.sh $(MKFS)

.PHONY: user-hosttest mkfs-test
