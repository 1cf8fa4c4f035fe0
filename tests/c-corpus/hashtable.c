/*
 * hashtable.c - open hashing with chained buckets and incremental
 * resize, plus a type-generic key hashing front end.  Used for the
 * pid table, the dentry-ish name cache and symbol lookup.
 */
#include "kern_types.h"

#define HT_MIN_SHIFT    4
#define HT_MAX_SHIFT    20
#define HT_LOAD_NUM     3       /* grow when nr > 3/4 * buckets */
#define HT_LOAD_DEN     4
#define GOLDEN_RATIO_32 0x61C88647u
#define GOLDEN_RATIO_64 0x61C8864680B583EBull

/* Tuning knobs, only used for reporting; kept as float literals. */
static const float ht_max_load = 0.75f;
static const double ht_growth_factor = 2.0, ht_shrink_below = 1.25e-1;
static const long double ht_golden = 0x1.9e3779b97f4a7c16p-1L;

struct ht_node {
	struct ht_node *next;
	u32 hash;
};

typedef u32 (*ht_hash_fn)(const void *key, size_t len, u32 seed);
typedef int (*ht_eq_fn)(const struct ht_node *node, const void *key, size_t len);
typedef void (*ht_free_fn)(struct ht_node *node, void *data);

struct ht_params {
	ht_hash_fn hash;
	ht_eq_fn eq;
	size_t key_offset;      /* offset of the key inside the containing object */
	size_t node_offset;     /* offset of struct ht_node inside it */
	size_t key_len;         /* 0: NUL terminated string */
	u32 seed;
};

struct hashtable {
	struct ht_node **buckets;
	struct ht_node **old_buckets;   /* non-NULL while a resize is in progress */
	u32 shift;
	u32 old_shift;
	u32 migrate_pos;
	size_t nr;
	const struct ht_params *par;
	void *(*alloc)(size_t bytes, void *context);
	void (*release)(void *p, size_t bytes, void *context);
	void *context;
};

/* ---- hash functions ---------------------------------------------------- */

static __inline__ __attribute__((const)) u32 hash_32(u32 val, unsigned int bits)
{
	return (val * GOLDEN_RATIO_32) >> (32 - bits);
}

static __inline__ __attribute__((const)) u32 hash_64(u64 val, unsigned int bits)
{
	return (u32)((val * GOLDEN_RATIO_64) >> (64 - bits));
}

static inline u32 rotl32(u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

/* A compact murmur3-style mix, good enough for in-kernel tables. */
static u32 murmur_hash(const void *key, size_t len, u32 seed)
{
	const u8 *data = key;
	const size_t nblocks = len / 4;
	u32 h = seed, k;
	const u32 c1 = 0xcc9e2d51, c2 = 0x1b873593;
	size_t i;

	for (i = 0; i < nblocks; i++) {
		__builtin_memcpy(&k, data + i * 4, sizeof(k));
		k *= c1;
		k = rotl32(k, 15);
		k *= c2;
		h ^= k;
		h = rotl32(h, 13);
		h = h * 5 + 0xe6546b64;
	}

	k = 0;
	switch (len & 3) {
	case 3: k ^= (u32)data[nblocks * 4 + 2] << 16;  /* fall through */
	case 2: k ^= (u32)data[nblocks * 4 + 1] << 8;   /* fall through */
	case 1: k ^= data[nblocks * 4];
		k *= c1; k = rotl32(k, 15); k *= c2; h ^= k;
	}

	h ^= (u32)len;
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h;
}

static u32 string_hash(const void *key, size_t len, u32 seed)
{
	const char *s = key;
	u32 h = seed ^ 0x811c9dc5u;

	(void)len;
	while (*s)
		h = (h ^ (u8)*s++) * 0x01000193u;
	return h;
}

static u32 hash_u32_key(u32 v)      { return hash_32(v, 32); }
static u32 hash_u64_key(u64 v)      { return hash_64(v, 32); }
static u32 hash_ptr_key(const void *p) { return hash_64((u64)(uintptr_t)p, 32); }
static u32 hash_str_key(const char *s) { return string_hash(s, 0, 0); }

/* Pick a hash by the static type of the key expression. */
#define hash_key(k) _Generic((k),                       \
	u32: hash_u32_key,                              \
	int: hash_u32_key,                              \
	u64: hash_u64_key,                              \
	unsigned long: hash_u64_key,                    \
	char *: hash_str_key,                           \
	const char *: hash_str_key,                     \
	default: hash_ptr_key)(k)

/* Returning a function pointer: choose a hash implementation by name. */
static u32 (*select_hash(const char *name))(const void *, size_t, u32)
{
	if (!name || name[0] == 'm')
		return murmur_hash;
	if (name[0] == 's')
		return string_hash;
	return NULL;
}

/* Same thing through the typedef, for comparison. */
static ht_hash_fn select_hash_t(int want_string)
{
	return want_string ? string_hash : murmur_hash;
}

/* ---- table core -------------------------------------------------------- */

static inline const void *node_key(const struct hashtable *ht, const struct ht_node *n)
{
	return (const char *)n - ht->par->node_offset + ht->par->key_offset;
}

static inline size_t key_length(const struct hashtable *ht, const void *__restrict key)
{
	return ht->par->key_len ? ht->par->key_len : __builtin_strlen(key);
}

static inline u32 bucket_of(u32 hash, u32 shift)
{
	return hash >> (32 - shift);
}

int ht_init(struct hashtable *ht, const struct ht_params *params,
	    void *(*alloc)(size_t, void *),
	    void (*release)(void *, size_t, void *),
	    void *context)
{
	size_t bytes = sizeof(struct ht_node *) << HT_MIN_SHIFT;

	*ht = (struct hashtable){
		.shift = HT_MIN_SHIFT,
		.par = params,
		.alloc = alloc,
		.release = release,
		.context = context,
	};
	ht->buckets = alloc(bytes, context);
	if (!ht->buckets)
		return -12;
	__builtin_memset(ht->buckets, 0, bytes);
	return 0;
}

/* Move a few chains from the old table to the new one. */
static void ht_migrate_some(struct hashtable *ht, unsigned int budget)
{
	u32 old_size;

	if (!ht->old_buckets)
		return;
	old_size = 1u << ht->old_shift;

	while (budget-- && ht->migrate_pos < old_size) {
		struct ht_node *n = ht->old_buckets[ht->migrate_pos], *next;

		for (; n; n = next) {
			u32 b = bucket_of(n->hash, ht->shift);
			next = n->next;
			n->next = ht->buckets[b];
			ht->buckets[b] = n;
		}
		ht->old_buckets[ht->migrate_pos++] = NULL;
	}
	if (ht->migrate_pos == old_size) {
		ht->release(ht->old_buckets, sizeof(struct ht_node *) << ht->old_shift, ht->context);
		ht->old_buckets = NULL;
	}
}

static int ht_grow(struct hashtable *ht)
{
	u32 new_shift = ht->shift + 1;
	size_t bytes = sizeof(struct ht_node *) << new_shift;
	struct ht_node **new;

	if (ht->old_buckets || new_shift > HT_MAX_SHIFT)
		return 0;       /* already resizing, or at the limit */
	new = ht->alloc(bytes, ht->context);
	if (!new)
		return -12;
	__builtin_memset(new, 0, bytes);

	ht->old_buckets = ht->buckets;
	ht->old_shift = ht->shift;
	ht->migrate_pos = 0;
	ht->buckets = new;
	ht->shift = new_shift;
	return 0;
}

static struct ht_node **ht_find_slot(struct hashtable *ht, const void *key, size_t len, u32 hash)
{
	struct ht_node **pp;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		struct ht_node **table = pass ? ht->old_buckets : ht->buckets;
		u32 shift = pass ? ht->old_shift : ht->shift;

		if (!table)
			break;
		/* chains below migrate_pos in the old table are already empty */
		for (pp = &table[bucket_of(hash, shift)]; *pp; pp = &(*pp)->next)
			if ((*pp)->hash == hash && ht->par->eq(*pp, key, len))
				return pp;
	}
	return NULL;
}

struct ht_node *ht_lookup(struct hashtable *ht, const void *key)
{
	size_t len = key_length(ht, key);
	u32 hash = ht->par->hash(key, len, ht->par->seed);
	struct ht_node **pp = ht_find_slot(ht, key, len, hash);

	return pp ? *pp : NULL;
}

int ht_insert(struct hashtable *ht, struct ht_node *node)
{
	const void *key = node_key(ht, node);
	size_t len = key_length(ht, key);
	u32 b;

	node->hash = ht->par->hash(key, len, ht->par->seed);
	if (ht_find_slot(ht, key, len, node->hash))
		return -17;     /* -EEXIST */

	ht_migrate_some(ht, 2);
	if (ht->nr * HT_LOAD_DEN > ((size_t)HT_LOAD_NUM << ht->shift)) {
		int err = ht_grow(ht);
		if (err)
			return err;
	}
	b = bucket_of(node->hash, ht->shift);
	node->next = ht->buckets[b];
	ht->buckets[b] = node;
	ht->nr++;
	return 0;
}

struct ht_node *ht_remove(struct hashtable *ht, const void *key)
{
	size_t len = key_length(ht, key);
	u32 hash = ht->par->hash(key, len, ht->par->seed);
	struct ht_node **pp = ht_find_slot(ht, key, len, hash), *n;

	if (!pp)
		return NULL;
	n = *pp;
	*pp = n->next;
	n->next = NULL;
	ht->nr--;
	ht_migrate_some(ht, 1);
	return n;
}

void ht_destroy(struct hashtable *ht, ht_free_fn free_fn, void *data)
{
	u32 i, pass;

	for (pass = 0; pass < 2; pass++) {
		struct ht_node **table = pass ? ht->old_buckets : ht->buckets;
		u32 size = 1u << (pass ? ht->old_shift : ht->shift);

		if (!table)
			continue;
		for (i = 0; i < size; i++) {
			struct ht_node *n = table[i], *next;
			for (; n; n = next) {
				next = n->next;
				if (free_fn)
					free_fn(n, data);
			}
		}
		ht->release(table, sizeof(*table) * size, ht->context);
	}
	*ht = (struct hashtable){ 0 };
}

/* Iterate every node; the callback returns non-zero to stop early. */
int ht_walk(struct hashtable *ht, int (*fn)(struct ht_node *node, void *data), void *data)
{
	u32 i;
	int ret;

	while (ht->old_buckets)
		ht_migrate_some(ht, ~0u);
	for (i = 0; i < (1u << ht->shift); i++) {
		struct ht_node *n;
		for (n = ht->buckets[i]; n; n = n->next)
			if ((ret = fn(n, data)) != 0)
				return ret;
	}
	return 0;
}

/* ---- users: pid table and symbol table ------------------------------- */

struct pid_entry {
	int pid;
	struct ht_node node;
	void *task;
};

struct ksym {
	struct ht_node node;
	unsigned long addr;
	u32 size;
	char type;
	char name[47];
};

static int pid_eq(const struct ht_node *n, const void *key, size_t len)
{
	const struct pid_entry *e = (const void *)((const char *)n - offsetof(struct pid_entry, node));
	(void)len;
	return e->pid == *(const int *)key;
}

static int sym_eq(const struct ht_node *n, const void *key, size_t len)
{
	const struct ksym *s = (const struct ksym *)n;      /* node is the first member */
	return !__builtin_memcmp(s->name, key, len) && s->name[len] == '\0';
}

static const struct ht_params pid_params = {
	.hash = murmur_hash,
	.eq = pid_eq,
	.key_offset = offsetof(struct pid_entry, pid),
	.node_offset = offsetof(struct pid_entry, node),
	.key_len = sizeof(int),
	.seed = 0x9747b28c,
};

static const struct ht_params sym_params = {
	.hash = string_hash,
	.eq = sym_eq,
	.key_offset = offsetof(struct ksym, name),
	.node_offset = offsetof(struct ksym, node),
	.key_len = 0,
};

/* A bump allocator that never frees; fine for boot-time tables. */
static u8 __attribute__((aligned(16))) ht_arena[64 * 1024];
static size_t ht_arena_used;

static void *arena_alloc(size_t bytes, void *context)
{
	void *p;
	size_t *used = context;

	bytes = ALIGN_UP(bytes, (size_t)16);
	if (*used + bytes > sizeof(ht_arena))
		return NULL;
	p = &ht_arena[*used];
	*used += bytes;
	return p;
}

static void arena_release(void *p, size_t bytes, void *context)
{
	(void)p; (void)bytes; (void)context;
}

static struct hashtable pid_table, sym_table;

static int count_syms(struct ht_node *n, void *data)
{
	const struct ksym *s = (const struct ksym *)n;
	if (s->type == 'T' || s->type == 't')
		++*(int *)data;
	return 0;
}

int hashtable_selftest(void)
{
	static struct pid_entry pids[100];
	static struct ksym syms[] = {
		{ .addr = 0xffffffff81000000UL, .size = 0x40, .type = 'T', .name = "_stext" },
		{ .addr = 0xffffffff81000100UL, .size = 0x80, .type = 'T', .name = "start_kernel" },
		{ .addr = 0xffffffff81200000UL, .size = 0x10, .type = 'D', .name = "jiffies" },
		{ .addr = 0xffffffff81000200UL, .size = 0x20, .type = 't', .name = "do_one_initcall" },
	};
	int i, text = 0, errors = 0;
	u32 hv = 7;
	u64 hk = 7;
	const char *sk = "jiffies";
	__typeof__(hv) h1 = hash_key(hv);
	typeof(hk) h2 = hash_key(hk);
	u32 h3 = hash_key(sk), h4 = hash_key((void *)syms);
	ht_hash_fn alt = select_hash("murmur");
	u32 (*alt2)(const void *, size_t, u32) = select_hash_t(1);

	(void)h1; (void)h2; (void)h3; (void)h4;
	if (!alt || alt2 != string_hash)
		return -1;

	if (ht_init(&pid_table, &pid_params, arena_alloc, arena_release, &ht_arena_used) ||
	    ht_init(&sym_table, &sym_params, arena_alloc, arena_release, &ht_arena_used))
		return -12;

	for (i = 0; i < (int)ARRAY_SIZE(pids); i++) {
		pids[i].pid = i * 7 + 1;
		errors += ht_insert(&pid_table, &pids[i].node) != 0;
	}
	for (i = 0; i < (int)ARRAY_SIZE(syms); i++)
		errors += ht_insert(&sym_table, &syms[i].node) != 0;

	for (i = 0; i < (int)ARRAY_SIZE(pids); i++) {
		int key = i * 7 + 1;
		struct ht_node *n = ht_lookup(&pid_table, &key);
		errors += !n || n != &pids[i].node;
	}
	errors += ht_lookup(&sym_table, "jiffies") != &syms[2].node;
	errors += ht_lookup(&sym_table, "no_such_symbol") != NULL;
	errors += ht_remove(&sym_table, "_stext") != &syms[0].node;
	ht_walk(&sym_table, count_syms, &text);

	pr_info("hashtable: %zu pids (shift %u), %zu syms, %d text, %d errors\n",
		pid_table.nr, pid_table.shift, sym_table.nr, text, errors);
	pr_debug("hashtable: load %d%%, growth x%d, shrink <%d%%, phi %d\n",
		 (int)(ht_max_load * 100), (int)ht_growth_factor,
		 (int)(ht_shrink_below * 100.0), (int)(ht_golden * 1000.0L));
	return errors;
}
