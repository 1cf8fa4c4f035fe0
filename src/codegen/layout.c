/* layout.c - slot layouts per target ABI; see layout.h. */
#include "layout.h"

#include <string.h>

static const SlotLayout layouts[] = {
    { "portable", ARCH_ANY, 5, 8 },
    { "x86_64", ARCH_X86_64, 5, 8 },
    { "aarch64", ARCH_AARCH64, 7, 8 },
    { "x86_64-int", ARCH_X86_64, 5, 0 },
    { "aarch64-int", ARCH_AARCH64, 7, 0 },
};

const SlotLayout *slot_layout_named(const char *name)
{
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
        if (strcmp(layouts[i].name, name) == 0)
            return &layouts[i];
    return NULL;
}

const SlotLayout *slot_layout_default(void)
{
    return &layouts[0];
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static LayoutArch triple_arch(const char *triple)
{
    if (!triple || !*triple) {
#if defined(__x86_64__)
        return ARCH_X86_64;
#elif defined(__aarch64__)
        return ARCH_AARCH64;
#else
        return ARCH_ANY;
#endif
    }
    if (starts_with(triple, "x86_64") || starts_with(triple, "amd64"))
        return ARCH_X86_64;
    if (starts_with(triple, "aarch64") || starts_with(triple, "arm64"))
        return ARCH_AARCH64;
    return ARCH_ANY;
}

const SlotLayout *slot_layout_for_target(const char *triple, int flagc, const char *const *flagv)
{
    /* The target first (the flags below mean different things per arch, and
     * `-mno-sse --target=x86_64-elf` names the target after them). */
    for (int i = 0; i < flagc && !triple; i++) {
        if (starts_with(flagv[i], "--target="))
            triple = flagv[i] + 9;
        else if ((strcmp(flagv[i], "-target") == 0 || strcmp(flagv[i], "--target") == 0)
                 && i + 1 < flagc)
            triple = flagv[i + 1];
    }
    LayoutArch arch = triple_arch(triple);
    bool fp = true;
    for (int i = 0; i < flagc; i++) {
        const char *f = flagv[i];
        if (strcmp(f, "-mgeneral-regs-only") == 0 || strcmp(f, "-msoft-float") == 0
            || strcmp(f, "-mfloat-abi=soft") == 0)
            fp = false;
        else if (arch == ARCH_X86_64 && (strcmp(f, "-mno-sse") == 0 || strcmp(f, "-mno-sse2") == 0))
            fp = false;
        else if (arch == ARCH_X86_64 && (strcmp(f, "-msse") == 0 || strcmp(f, "-msse2") == 0))
            fp = true;
        else if (starts_with(f, "-march=") || starts_with(f, "-mcpu="))
            fp = fp && strstr(f, "+nofp") == NULL && strstr(f, "+nosimd") == NULL;
    }
    switch (arch) {
    case ARCH_X86_64:
        return slot_layout_named(fp ? "x86_64" : "x86_64-int");
    case ARCH_AARCH64:
        return slot_layout_named(fp ? "aarch64" : "aarch64-int");
    default:
        return NULL;
    }
}
