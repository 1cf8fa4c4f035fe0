/*
 * elf_loader.c - load a statically linked or PIE ELF64 image into a
 * fresh address space and hand back its entry point.
 */
#include "kern_types.h"

#define EI_NIDENT       16
#define ELFMAG          "\177ELF"
#define SELFMAG         4

enum {
	EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6, EI_OSABI = 7,
};

enum elf_class { ELFCLASSNONE = 0, ELFCLASS32 = 1, ELFCLASS64 = 2 };
enum elf_data  { ELFDATANONE = 0, ELFDATA2LSB = 1, ELFDATA2MSB = 2 };

enum elf_type {
	ET_NONE = 0,
	ET_REL  = 1,
	ET_EXEC = 2,
	ET_DYN  = 3,
	ET_CORE = 4,
	ET_LOPROC = 0xff00,
	ET_HIPROC = 0xffff,
};

enum elf_machine {
	EM_386     = 3,
	EM_ARM     = 40,
	EM_X86_64  = 62,
	EM_AARCH64 = 183,
	EM_RISCV   = 0xF3,
};

enum {
	PT_NULL    = 0,
	PT_LOAD    = 1,
	PT_DYNAMIC = 2,
	PT_INTERP  = 3,
	PT_NOTE    = 4,
	PT_PHDR    = 6,
	PT_TLS     = 7,
	PT_GNU_STACK = 0x6474e551,
	PT_GNU_RELRO = 0x6474e552,
};

enum { PF_X = 01, PF_W = 02, PF_R = 04 };

enum {
	DT_NULL = 0, DT_NEEDED = 1, DT_HASH = 4, DT_STRTAB = 5, DT_SYMTAB = 6,
	DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9, DT_STRSZ = 10, DT_SYMENT = 11,
	DT_INIT = 12, DT_FINI = 13,
};

enum {
	R_X86_64_NONE     = 0,
	R_X86_64_64       = 1,
	R_X86_64_PC32     = 2,
	R_X86_64_GLOB_DAT = 6,
	R_X86_64_JUMP_SLOT = 7,
	R_X86_64_RELATIVE = 8,
};

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
} Elf64_Phdr;

typedef struct {
	s64 d_tag;
	union {
		u64 d_val;
		u64 d_ptr;
	} d_un;
} Elf64_Dyn;

typedef struct {
	u64 r_offset;
	u64 r_info;
	s64 r_addend;
} Elf64_Rela;

typedef struct {
	u32 st_name;
	unsigned char st_info;
	unsigned char st_other;
	u16 st_shndx;
	u64 st_value;
	u64 st_size;
} Elf64_Sym;

#pragma pack(push, 1)
struct elf_note_hdr {
	u32 n_namesz;
	u32 n_descsz;
	u32 n_type;
	char name[4];           /* "GNU\0" */
	u8 desc[];
};
#pragma pack(pop)

#define NT_GNU_BUILD_ID 3

_Static_assert(sizeof(Elf64_Ehdr) == 64, "ELF64 header size");
_Static_assert(sizeof(Elf64_Phdr) == 56, "ELF64 program header size");
_Static_assert(sizeof(Elf64_Rela) == 24, "ELF64 rela size");

#define ELF64_R_SYM(i)  ((u32)((i) >> 32))
#define ELF64_R_TYPE(i) ((u32)((i) & 0xffffffffULL))

/* Byte swapping chosen by operand type. */
static inline u16 bswap16(u16 v) { return __builtin_bswap16(v); }
static inline u32 bswap32(u32 v) { return __builtin_bswap32(v); }
static inline u64 bswap64(u64 v) { return __builtin_bswap64(v); }
static inline u8  bswap8(u8 v)   { return v; }

#define bswap(x) _Generic((x),          \
	u8: bswap8,                     \
	u16: bswap16,                   \
	u32: bswap32,                   \
	u64: bswap64,                   \
	unsigned long: bswap64)(x)

#define type_name(x) _Generic((x), u16: "u16", u32: "u32", u64: "u64", default: "other")

typedef int (*elf_entry_t)(int argc, char **argv, char **envp);

struct elf_image {
	const u8 *file;
	size_t size;
	const Elf64_Ehdr *ehdr;
	const Elf64_Phdr *phdrs;
	u64 load_bias;
	u64 lo, hi;
	int need_swap;
	const Elf64_Dyn *dynamic;
	const char *interp;
};

struct addr_space;

struct as_ops {
	int (*map)(struct addr_space *as, u64 va, u64 len, unsigned int prot);
	void *(*va_to_kernel)(struct addr_space *as, u64 va);
	void (*flush)(struct addr_space *as);
};

struct addr_space {
	const struct as_ops *ops;
	void *impl;
	u64 brk;
};

enum { PROT_READ = 1 << 0, PROT_WRITE = 1 << 1, PROT_EXEC = 1 << 2 };

static const char *const pt_names[] = {
	[PT_NULL]    = "NULL",
	[PT_LOAD]    = "LOAD",
	[PT_DYNAMIC] = "DYNAMIC",
	[PT_INTERP]  = "INTERP",
	[PT_NOTE]    = "NOTE",
	[5]          = "SHLIB",
	[PT_PHDR]    = "PHDR",
	[PT_TLS]     = "TLS",
};

static const struct {
	u16 machine;
	const char *name;
	unsigned int rel_ok : 1;
} machines[] = {
	{ EM_X86_64,  "x86-64",  1 },
	{ EM_AARCH64, "AArch64", 0 },
	{ EM_RISCV,   "RISC-V",  0 },
	{ EM_386,     "i386",    0 },
	{ .machine = EM_ARM, .name = "ARM" },
};

static const char loader_tag[] = u8"elf-loader \u00b5v1";

/* ------------------------------------------------------------------ */

static inline u16 rd16(const struct elf_image *img, u16 v)
{
	return img->need_swap ? bswap(v) : v;
}

static inline u32 rd32(const struct elf_image *img, u32 v)
{
	return img->need_swap ? bswap(v) : v;
}

static inline u64 rd64(const struct elf_image *img, u64 v)
{
	return img->need_swap ? bswap(v) : v;
}

static void *kmemcpy(void *restrict d, const void *restrict s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;

	/* "rep movsb" is fast on every modern x86 */
	__asm__ __volatile__("rep movsb"
			     : "+D"(dp), "+S"(sp), "+c"(n)
			     :
			     : "memory");
	return d;
}

static void kmemzero(void *d, size_t n)
{
	__asm__ __volatile__("rep stosb" : "+D"(d), "+c"(n) : "a"(0) : "memory");
}

static const char *pt_name(u32 type)
{
	if (type < ARRAY_SIZE(pt_names) && pt_names[type])
		return pt_names[type];
	switch (type) {
	case PT_GNU_STACK: return "GNU_STACK";
	case PT_GNU_RELRO: return "GNU_RELRO";
	default:           return "?";
	}
}

static int elf_check_header(struct elf_image *img)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img->file;
	unsigned int i;
	u16 mach;

	if (img->size < sizeof(*eh))
		return -8;      /* -ENOEXEC */
	if (__builtin_memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return -8;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return -8;

	switch (eh->e_ident[EI_DATA]) {
	case ELFDATA2LSB:
		img->need_swap = __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__;
		break;
	case ELFDATA2MSB:
		img->need_swap = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
		break;
	default:
		return -8;
	}

	img->ehdr = eh;
	mach = rd16(img, eh->e_machine);
	for (i = 0; i < ARRAY_SIZE(machines); i++)
		if (machines[i].machine == mach)
			break;
	if (i == ARRAY_SIZE(machines)) {
		pr_warn("elf: unknown machine %u\n", mach);
		return -8;
	}
	if (rd16(img, eh->e_phentsize) != sizeof(Elf64_Phdr))
		return -8;
	if (rd64(img, eh->e_phoff) + (u64)rd16(img, eh->e_phnum) * sizeof(Elf64_Phdr) > img->size)
		return -8;

	img->phdrs = (const Elf64_Phdr *)(img->file + rd64(img, eh->e_phoff));
	pr_debug("elf: %s image, %u phdrs, entry %#llx (%s)\n",
		 machines[i].name, rd16(img, eh->e_phnum),
		 (unsigned long long)rd64(img, eh->e_entry), type_name(eh->e_entry));
	return 0;
}

static unsigned int phdr_prot(u32 flags)
{
	return (flags & PF_R ? PROT_READ : 0) |
	       (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

static int elf_scan_phdrs(struct elf_image *img)
{
	u16 i, n = rd16(img, img->ehdr->e_phnum);

	img->lo = ~0ULL;
	img->hi = 0;
	for (i = 0; i < n; i++) {
		const Elf64_Phdr *ph = &img->phdrs[i];
		u32 type = rd32(img, ph->p_type);
		u64 va = rd64(img, ph->p_vaddr), memsz = rd64(img, ph->p_memsz);

		pr_debug("  %-10s va=%#llx memsz=%#llx\n", pt_name(type),
			 (unsigned long long)va, (unsigned long long)memsz);
		switch (type) {
		case PT_LOAD:
			if (rd64(img, ph->p_filesz) > memsz)
				return -8;
			img->lo = min(img->lo, ALIGN_DOWN(va, 4096ULL));
			img->hi = max(img->hi, ALIGN_UP(va + memsz, 4096ULL));
			break;
		case PT_INTERP:
			img->interp = (const char *)(img->file + rd64(img, ph->p_offset));
			break;
		case PT_DYNAMIC:
			img->dynamic = (const Elf64_Dyn *)(uintptr_t)va;  /* relocated later */
			break;
		case PT_NOTE: {
			const struct elf_note_hdr *nh = (const void *)(img->file + rd64(img, ph->p_offset));
			u32 id_len = ({
				u32 l = 0;
				if (rd32(img, nh->n_type) == NT_GNU_BUILD_ID &&
				    !__builtin_memcmp(nh->name, "GNU", 4))
					l = rd32(img, nh->n_descsz);
				l > 20 ? 20 : l;
			});
			if (id_len)
				pr_debug("elf: build-id %02x%02x... (%u bytes)\n",
					 nh->desc[0], nh->desc[1], id_len);
			break;
		}
		case PT_GNU_STACK:
			if (rd32(img, ph->p_flags) & PF_X)
				pr_warn("elf: executable stack requested, ignoring\n");
			break;
		default:
			break;
		}
	}
	return img->hi > img->lo ? 0 : -8;
}

static int elf_map_segments(struct elf_image *img, struct addr_space *as)
{
	u16 i, n = rd16(img, img->ehdr->e_phnum);
	int err;

	for (i = 0; i < n; i++) {
		const Elf64_Phdr *ph = &img->phdrs[i];
		u64 va, filesz, memsz, off;
		u8 *dst;

		if (rd32(img, ph->p_type) != PT_LOAD)
			continue;
		va = rd64(img, ph->p_vaddr) + img->load_bias;
		filesz = rd64(img, ph->p_filesz);
		memsz = rd64(img, ph->p_memsz);
		off = rd64(img, ph->p_offset);

		if (off + filesz > img->size)
			return -8;
		err = as->ops->map(as, ALIGN_DOWN(va, 4096ULL),
				   ALIGN_UP(va + memsz, 4096ULL) - ALIGN_DOWN(va, 4096ULL),
				   phdr_prot(rd32(img, ph->p_flags)) | PROT_WRITE);
		if (err)
			return err;
		dst = as->ops->va_to_kernel(as, va);
		kmemcpy(dst, img->file + off, (size_t)filesz);
		if (memsz > filesz)
			kmemzero(dst + filesz, (size_t)(memsz - filesz));
	}
	return 0;
}

static int elf_relocate(struct elf_image *img, struct addr_space *as)
{
	const Elf64_Dyn *dyn;
	const Elf64_Rela *rela = NULL;
	const Elf64_Sym *symtab = NULL;
	u64 relasz = 0, relaent = sizeof(Elf64_Rela), i;

	if (!img->dynamic)
		return 0;
	dyn = as->ops->va_to_kernel(as, (u64)(uintptr_t)img->dynamic + img->load_bias);
	for (; dyn->d_tag != DT_NULL; dyn++) {
		u64 v = dyn->d_un.d_val;
		switch (dyn->d_tag) {
		case DT_RELA:    rela = as->ops->va_to_kernel(as, v + img->load_bias); break;
		case DT_RELASZ:  relasz = v; break;
		case DT_RELAENT: relaent = v; break;
		case DT_SYMTAB:  symtab = as->ops->va_to_kernel(as, v + img->load_bias); break;
		case DT_NEEDED:
			pr_warn("elf: dynamic libraries are not supported\n");
			return -8;
		}
	}
	if (!rela)
		return 0;
	if (relaent != sizeof(Elf64_Rela))
		return -8;

	for (i = 0; i < relasz / relaent; i++) {
		const Elf64_Rela *r = &rela[i];
		u64 *where = as->ops->va_to_kernel(as, r->r_offset + img->load_bias);
		u32 sym = ELF64_R_SYM(r->r_info);
		u64 S = symtab && sym ? symtab[sym].st_value + img->load_bias : 0;

		switch (ELF64_R_TYPE(r->r_info)) {
		case R_X86_64_NONE:
			break;
		case R_X86_64_RELATIVE:
			*where = img->load_bias + (u64)r->r_addend;
			break;
		case R_X86_64_64:
			*where = S + (u64)r->r_addend;
			break;
		case R_X86_64_GLOB_DAT:
		case R_X86_64_JUMP_SLOT:
			*where = S;
			break;
		case R_X86_64_PC32:
			*(u32 *)where = (u32)(S + (u64)r->r_addend - (r->r_offset + img->load_bias));
			break;
		default:
			pr_warn("elf: unsupported relocation %u\n", ELF64_R_TYPE(r->r_info));
			return -8;
		}
	}
	return 0;
}

/*
 * Returns the entry point as a callable function pointer, or NULL.
 * Written without the typedef on purpose: a function returning a
 * pointer to function (int, char **, char **) returning int.
 */
int (*elf_load(const void *file, size_t size, struct addr_space *as, int *errp))(int, char **, char **)
{
	struct elf_image img = { .file = file, .size = size };
	int err;
	u64 entry;

	err = elf_check_header(&img);
	if (err)
		goto fail;
	err = elf_scan_phdrs(&img);
	if (err)
		goto fail;

	switch (rd16(&img, img.ehdr->e_type)) {
	case ET_EXEC:
		img.load_bias = 0;
		break;
	case ET_DYN:
		/* PIE: slide the image to a fixed base above the null guard */
		img.load_bias = 0x555555554000ULL - img.lo;
		break;
	default:
		err = -8;
		goto fail;
	}
	if (img.interp) {
		pr_warn("elf: PT_INTERP %s ignored\n", img.interp);
	}

	err = elf_map_segments(&img, as);
	if (err)
		goto fail;
	err = elf_relocate(&img, as);
	if (err)
		goto fail;
	as->ops->flush(as);
	as->brk = img.hi + img.load_bias;

	entry = rd64(&img, img.ehdr->e_entry) + img.load_bias;
	*errp = 0;
	return (int (*)(int, char **, char **))(uintptr_t)entry;

fail:
	*errp = err;
	pr_info("%s: load failed (%d)\n", loader_tag, err);
	return NULL;
}

/* Table of loaders probed in order; each returns an entry or NULL. */
typedef elf_entry_t (*loader_fn)(const void *, size_t, struct addr_space *, int *);

static elf_entry_t script_load(const void *file, size_t size, struct addr_space *as, int *errp)
{
	const char *p = file;
	(void)as;
	if (size < 2 || p[0] != '#' || p[1] != '!') {
		*errp = -8;
		return NULL;
	}
	*errp = -38;    /* -ENOSYS: interpreters not wired up yet */
	return NULL;
}

static loader_fn const binfmt_loaders[] = { elf_load, script_load };

elf_entry_t exec_image(const void *file, size_t size, struct addr_space *as)
{
	unsigned int i;
	int err = -8;

	for (i = 0; i < ARRAY_SIZE(binfmt_loaders); i++) {
		elf_entry_t e = (*binfmt_loaders[i])(file, size, as, &err);
		if (e)
			return e;
		if (err != -8)
			break;
	}
	return NULL;
}

/* Build the initial user stack: argc, argv[], NULL, envp[], NULL. */
u64 setup_user_stack(struct addr_space *as, u64 top, char *const argv[], char *const envp[])
{
	u64 sp = top, ptrs[32];
	int argc = 0, envc = 0, i;
	static const char *const default_env[] = { "PATH=/bin", "HOME=/", "TERM=vt100", NULL };

	if (!envp)
		envp = (char *const *)default_env;
	while (argv[argc] && argc < 15) argc++;
	while (envp[envc] && envc < 15) envc++;

	/* copy strings, last first */
	for (i = envc - 1; i >= 0; i--) {
		size_t len = __builtin_strlen(envp[i]) + 1;
		sp -= len;
		kmemcpy(as->ops->va_to_kernel(as, sp), envp[i], len);
		ptrs[argc + 1 + i] = sp;
	}
	for (i = argc - 1; i >= 0; i--) {
		size_t len = __builtin_strlen(argv[i]) + 1;
		sp -= len;
		kmemcpy(as->ops->va_to_kernel(as, sp), argv[i], len);
		ptrs[i] = sp;
	}
	ptrs[argc] = 0;
	ptrs[argc + 1 + envc] = 0;

	sp &= ~0xfULL;
	sp -= (u64)(argc + envc + 3) * sizeof(u64);
	sp &= ~0xfULL;
	*(u64 *)as->ops->va_to_kernel(as, sp) = (u64)argc;
	kmemcpy(as->ops->va_to_kernel(as, sp + 8), ptrs, (size_t)(argc + envc + 2) * sizeof(u64));
	return sp;
}
