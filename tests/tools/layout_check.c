/* layout_check - slot_layout_for_target (src/codegen/layout.h), the choice
 * `gearsc cc` makes from a target triple and compiler flags, and the layouts
 * `--layout=` names. */
#include "../../src/codegen/layout.h"

#include <stdio.h>
#include <string.h>

static int failures;

static void expect(const char *triple, const char *flags, const char *want)
{
    const char *argv[8];
    int argc = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", flags);
    for (char *t = strtok(buf, " "); t && argc < 8; t = strtok(NULL, " "))
        argv[argc++] = t;
    const SlotLayout *l = slot_layout_for_target(triple, argc, argv);
    const char *have = l ? l->name : "(none)";
    if (strcmp(have, want) != 0) {
        printf("FAIL: %s [%s]: %s, expected %s\n", triple ? triple : "(host)", flags, have, want);
        failures++;
    }
}

int main(void)
{
    expect("x86_64-linux-gnu", "", "x86_64");
    expect("x86_64-elf", "-ffreestanding -mno-red-zone -mno-sse -mno-mmx -msoft-float", "x86_64-int");
    expect("x86_64-elf", "-mgeneral-regs-only", "x86_64-int");
    expect("x86_64-elf", "-mno-sse -msse2", "x86_64");
    expect("aarch64-linux-gnu", "-O2", "aarch64");
    expect("aarch64-none-elf", "-ffreestanding -mgeneral-regs-only", "aarch64-int");
    expect("aarch64-none-elf", "-march=armv8-a+nofp", "aarch64-int");
    expect("arm64-apple-macos", "", "aarch64");
    expect(NULL, "--target=aarch64-none-elf -mgeneral-regs-only", "aarch64-int");
    expect("riscv64-linux-gnu", "", "(none)");
    static const struct { const char *name; int words, floats; } named[] = {
        { "portable", 5, 8 }, { "x86_64", 5, 8 }, { "aarch64", 7, 8 },
        { "x86_64-int", 5, 0 }, { "aarch64-int", 7, 0 },
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        const SlotLayout *l = slot_layout_named(named[i].name);
        if (!l || l->words != named[i].words || l->floats != named[i].floats) {
            printf("FAIL: --layout=%s\n", named[i].name);
            failures++;
        }
    }
    if (slot_layout_named("x86") || strcmp(slot_layout_default()->name, "portable") != 0) {
        printf("FAIL: unknown name accepted, or the default is not portable\n");
        failures++;
    }
    if (!failures)
        printf("ok: slot layouts\n");
    return failures != 0;
}
