/*
 * page_alloc.c - binary buddy page allocator over a set of physical
 * memory zones, with per-order free lists and a tiny per-cpu cache.
 */
#include "kern_types.h"

#define PAGE_SHIFT      12
#define PAGE_SIZE       (1UL << PAGE_SHIFT)
#define PAGE_MASK       (~(PAGE_SIZE - 1))
#define MAX_ORDER       11
#define PCP_BATCH       8
#define NR_PAGES_MAX    (1u << 16)

#if PAGE_SHIFT == 12
#define HUGE_ORDER      9
#elif PAGE_SHIFT == 14
#define HUGE_ORDER      11
#elif PAGE_SHIFT == 16
#define HUGE_ORDER      13
#else
#error "unsupported PAGE_SHIFT"
#endif

typedef unsigned int gfp_t;

enum {
	__GFP_DMA_BIT = 0,
	__GFP_HIGH_BIT,
	__GFP_ZERO_BIT,
	__GFP_NOWARN_BIT,
	__GFP_COMP_BIT,
#ifdef CONFIG_KASAN
	__GFP_SKIP_KASAN_BIT,
#endif
	__GFP_LAST_BIT
};

#define __GFP_DMA       ((gfp_t)BIT(__GFP_DMA_BIT))
#define __GFP_HIGH      ((gfp_t)BIT(__GFP_HIGH_BIT))
#define __GFP_ZERO      ((gfp_t)BIT(__GFP_ZERO_BIT))
#define __GFP_NOWARN    ((gfp_t)BIT(__GFP_NOWARN_BIT))
#define __GFP_COMP      ((gfp_t)BIT(__GFP_COMP_BIT))
#define GFP_KERNEL      ((gfp_t)0)
#define GFP_ATOMIC      (__GFP_HIGH | __GFP_NOWARN)

enum zone_type {
	ZONE_DMA    = 0,
	ZONE_NORMAL = 1,
	ZONE_HIGH   = 2,
	MAX_NR_ZONES
};

/* Migrate types, packed two bits per pageblock. */
enum migratetype {
	MIGRATE_UNMOVABLE   = 0b00,
	MIGRATE_MOVABLE     = 0b01,
	MIGRATE_RECLAIMABLE = 0b10,
	MIGRATE_ISOLATE     = 0b11,
};
#define MIGRATETYPE_MASK 0B11

enum page_flag_bits {
	PG_locked    = 0,
	PG_reserved  = 1,
	PG_buddy     = 2,
	PG_head      = 3,
	PG_tail      = 4,
	PG_dirty     = 5,
	PG_slab      = 6,
};

struct page {
	unsigned long flags;
	union {
		struct {                        /* free-list membership */
			struct list_node buddy_link;
			unsigned int order;
		};
		struct {                        /* compound tail page */
			unsigned long compound_head;
			unsigned char compound_order;
		};
		struct {                        /* slab page */
			void *freelist;
			unsigned short inuse;
			unsigned short objects : 15;
			unsigned short frozen : 1;
		};
	};
	int refcount;
	void *meta;
};

struct free_area {
	struct list_node free_list;
	unsigned long nr_free;
};

struct per_cpu_pages {
	int count;
	int high;
	struct page *cache[PCP_BATCH * 4];
};

struct zone {
	const char *name;
	unsigned long start_pfn;
	unsigned long spanned;
	unsigned long free_pages;
	unsigned long watermark[3];
	struct free_area free_area[MAX_ORDER];
	struct per_cpu_pages pcp;
	volatile int lock;
} __attribute__((aligned(64)));

struct mem_region {
	phys_addr_t base;
	u64 size;
	u32 type;
	u32 attr;
};

struct mem_map {
	unsigned int nr;
	struct mem_region region[];             /* flexible array member */
};

_Static_assert(MAX_ORDER <= 16, "order fits in a nibble-sized shift");
_Static_assert(_Alignof(struct zone) == 64, "zone is cacheline aligned");

static struct page mem_map_pages[NR_PAGES_MAX];
static struct zone zones[MAX_NR_ZONES] = {
	[ZONE_DMA]    = { .name = "DMA",    .watermark = { 16, 32, 48 } },
	[ZONE_NORMAL] = { .name = "Normal", .watermark = { [0] = 64, [1] = 128, [2] = 192 } },
	[ZONE_HIGH]   = { .name = "High" },
};

static const char *const order_names[MAX_ORDER] = {
	[0] = "4K", [1] = "8K", [2] = "16K", [3] = "32K",
	[4 ... 8] = "mid",
	[9] = "2M", [10] = "4M",
};

__attribute__((section(".data.page_alloc"), used))
static unsigned long alloc_stats[MAX_ORDER][2];

/* ---- small helpers ------------------------------------------------- */

static inline unsigned long page_to_pfn(const struct page *pg)
{
	return (unsigned long)(pg - mem_map_pages);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return &mem_map_pages[pfn];
}

static inline void *page_address(const struct page *pg)
{
	return (void *)(uintptr_t)(0xffff888000000000ULL + ((u64)page_to_pfn(pg) << PAGE_SHIFT));
}

static inline int test_bit(int nr, const volatile unsigned long *addr)
{
	return (int)((*addr >> nr) & 1UL);
}

static inline void set_bit(int nr, volatile unsigned long *addr)
{
	__asm__ __volatile__("lock; btsq %1, %0"
			     : "+m"(*addr)
			     : "Ir"((long)nr)
			     : "memory");
}

static inline void clear_bit(int nr, volatile unsigned long *addr)
{
	__asm__ __volatile__("lock; btrq %1, %0"
			     : "+m"(*addr)
			     : "Ir"((long)nr)
			     : "memory");
}

static inline int test_and_clear_bit(int nr, volatile unsigned long *addr)
{
	unsigned char old;
	__asm__ __volatile__("lock; btrq %2, %1\n\tsetc %0"
			     : "=qm"(old), "+m"(*addr)
			     : "Ir"((long)nr)
			     : "memory", "cc");
	return old;
}

static inline unsigned int order_for_size(size_t size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return __extension__ ({
		unsigned long pages = (size - 1) >> PAGE_SHIFT;
		(unsigned int)(sizeof pages * 8 - (size_t)__builtin_clzl(pages));
	});
}

static inline enum migratetype pageblock_migratetype(const struct page *pg)
{
	return (enum migratetype)((pg->flags >> 8) & MIGRATETYPE_MASK);
}

static inline void zone_lock(struct zone *z)
{
	while (__sync_lock_test_and_set(&z->lock, 1))
		cpu_relax();
}

static inline void zone_unlock(struct zone *z)
{
	__sync_lock_release(&z->lock);
}

static inline struct page *buddy_page(struct list_node *node)
{
	return (struct page *)((char *)node - offsetof(struct page, buddy_link));
}

static void *memset_k(void *restrict dst, int c, size_t n)
{
	unsigned char *d = dst;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

/* ---- buddy core ---------------------------------------------------- */

static inline unsigned long find_buddy_pfn(unsigned long pfn, unsigned int order)
{
	return pfn ^ (1UL << order);
}

static inline kbool page_is_buddy(const struct page *pg, unsigned int order)
{
	return test_bit(PG_buddy, &pg->flags) && pg->order == order;
}

static void add_to_free_area(struct zone *z, struct page *pg, unsigned int order)
{
	struct free_area *area = &z->free_area[order];

	pg->order = order;
	set_bit(PG_buddy, &pg->flags);
	list_add(&pg->buddy_link, &area->free_list);
	area->nr_free++;
}

static void del_from_free_area(struct zone *z, struct page *pg, unsigned int order)
{
	list_del(&pg->buddy_link);
	clear_bit(PG_buddy, &pg->flags);
	z->free_area[order].nr_free--;
}

static void __free_one_page(struct zone *z, struct page *pg, unsigned int order)
{
	unsigned long pfn = page_to_pfn(pg);
	unsigned long limit = z->start_pfn + z->spanned;

	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = find_buddy_pfn(pfn, order);
		struct page *buddy;

		if (buddy_pfn < z->start_pfn || buddy_pfn >= limit)
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!page_is_buddy(buddy, order))
			break;
		del_from_free_area(z, buddy, order);
		pfn &= buddy_pfn;       /* combined block starts at the lower pfn */
		order++;
	}
	add_to_free_area(z, pfn_to_page(pfn), order);
	z->free_pages += 1UL << order;
}

/*
 * Split a block of @high order down to @low, returning the unused
 * halves to the free lists.
 */
static inline void expand(struct zone *z, struct page *pg, unsigned int low, unsigned int high)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_area(z, &pg[size], high);
	}
}

static struct page *__rmqueue(struct zone *z, unsigned int order)
{
	unsigned int cur;

	for (cur = order; cur < MAX_ORDER; cur++) {
		struct free_area *area = &z->free_area[cur];
		struct page *pg;

		if (list_empty(&area->free_list))
			continue;
		pg = buddy_page(area->free_list.next);
		del_from_free_area(z, pg, cur);
		expand(z, pg, order, cur);
		z->free_pages -= 1UL << order;
		return pg;
	}
	return NULL;
}

static void prep_compound_page(struct page *head, unsigned int order)
{
	unsigned long i, nr = 1UL << order;

	set_bit(PG_head, &head->flags);
	for (i = 1; i < nr; i++) {
		struct page *p = head + i;
		set_bit(PG_tail, &p->flags);
		p->compound_head = (unsigned long)head | 1;
		p->compound_order = (unsigned char)order;
	}
}

/* ---- per-cpu cache for order-0 -------------------------------------- */

static struct page *pcp_alloc(struct zone *z)
{
	struct per_cpu_pages *pcp = &z->pcp;

	if (!pcp->count) {
		int i;
		zone_lock(z);
		for (i = 0; i < PCP_BATCH; i++) {
			struct page *pg = __rmqueue(z, 0);
			if (!pg)
				break;
			pcp->cache[pcp->count++] = pg;
		}
		zone_unlock(z);
		if (!pcp->count)
			return NULL;
	}
	return pcp->cache[--pcp->count];
}

static void pcp_free(struct zone *z, struct page *pg)
{
	struct per_cpu_pages *pcp = &z->pcp;

	pcp->cache[pcp->count++] = pg;
	if (pcp->count >= pcp->high) {
		zone_lock(z);
		while (pcp->count > pcp->high / 2)
			__free_one_page(z, pcp->cache[--pcp->count], 0);
		zone_unlock(z);
	}
}

/* ---- public API ---------------------------------------------------- */

static inline struct zone *gfp_zone(gfp_t gfp)
{
	return (gfp & __GFP_DMA) ? &zones[ZONE_DMA] : &zones[ZONE_NORMAL];
}

static kbool zone_watermark_ok(const struct zone *z, unsigned int order, gfp_t gfp)
{
	long free = (long)z->free_pages - (1L << order) + 1;
	long min_wm = (long)z->watermark[0];

	if (gfp & __GFP_HIGH)
		min_wm -= min_wm / 2;
	return free > min_wm;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct zone *z = gfp_zone(gfp), *fallback;
	struct page *pg = NULL;

	if (unlikely(order >= MAX_ORDER))
		return NULL;

retry:
	if (!zone_watermark_ok(z, order, gfp))
		goto try_fallback;

	if (order == 0) {
		pg = pcp_alloc(z);
	} else {
		zone_lock(z);
		pg = __rmqueue(z, order);
		zone_unlock(z);
	}
	if (pg)
		goto got_page;

try_fallback:
	fallback = z > zones ? z - 1 : NULL;
	if (fallback && !(gfp & __GFP_DMA)) {
		z = fallback;
		goto retry;
	}
	if (!(gfp & __GFP_NOWARN))
		pr_warn("page allocation failure: order %u (%s), gfp %#x\n",
			order, order_names[order], gfp);
	return NULL;

got_page:
	pg->refcount = 1;
	pg->meta = NULL;
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(pg, order);
	if (gfp & __GFP_ZERO)
		memset_k(page_address(pg), 0, PAGE_SIZE << order);
	alloc_stats[order][0]++;
	return pg;
}

void __free_pages(struct page *pg, unsigned int order)
{
	struct zone *z;
	unsigned long pfn = page_to_pfn(pg);

	if (--pg->refcount)
		return;

	for (z = zones; z < zones + MAX_NR_ZONES; z++)
		if (pfn >= z->start_pfn && pfn < z->start_pfn + z->spanned)
			break;
	if (z == zones + MAX_NR_ZONES)
		panic("freeing page %lu outside all zones", pfn);

	alloc_stats[order][1]++;
	if (unlikely(pageblock_migratetype(pg) == MIGRATE_ISOLATE))
		pr_debug("freeing page %lu into an isolated pageblock\n", pfn);
	if (test_and_clear_bit(PG_head, &pg->flags)) {
		unsigned long i;
		for (i = 1; i < (1UL << order); i++)
			clear_bit(PG_tail, &pg[i].flags);
	}
	if (order == 0) {
		pcp_free(z, pg);
		return;
	}
	zone_lock(z);
	__free_one_page(z, pg, order);
	zone_unlock(z);
}

void *kmalloc_pages(size_t size, gfp_t gfp)
{
	struct page *pg = alloc_pages(gfp | __GFP_COMP, order_for_size(size));
	return pg ? page_address(pg) : NULL;
}

/* ---- boot-time setup ----------------------------------------------- */

static void zone_init_free_lists(struct zone *z)
{
	unsigned int o;
	for (o = 0; o < MAX_ORDER; o++) {
		list_init(&z->free_area[o].free_list);
		z->free_area[o].nr_free = 0;
	}
	z->pcp.count = 0;
	z->pcp.high = PCP_BATCH * 3;
}

static void free_range(struct zone *z, unsigned long start, unsigned long end)
{
	while (start < end) {
		/* largest naturally aligned block that fits */
		unsigned int order = start ? (unsigned int)__builtin_ctzl(start) : MAX_ORDER - 1;
		if (order > MAX_ORDER - 1)
			order = MAX_ORDER - 1;
		while (start + (1UL << order) > end)
			order--;
		pfn_to_page(start)->refcount = 1;
		__free_pages(pfn_to_page(start), order);
		start += 1UL << order;
	}
}

void page_alloc_init(const struct mem_map *map)
{
	_Static_assert(sizeof(struct page) <= 64, "struct page must stay small");
	unsigned int i;
	enum zone_type zt;
	static const struct { unsigned long lo, hi; } zone_bounds[MAX_NR_ZONES] = {
		[ZONE_DMA]    = { 0,                    (16UL << 20) >> PAGE_SHIFT },
		[ZONE_NORMAL] = { (16UL << 20) >> PAGE_SHIFT, (192UL << 20) >> PAGE_SHIFT },
		[ZONE_HIGH]   = { (192UL << 20) >> PAGE_SHIFT, NR_PAGES_MAX },
	};

	for (zt = ZONE_DMA; zt < MAX_NR_ZONES; zt++) {
		zones[zt].start_pfn = zone_bounds[zt].lo;
		zones[zt].spanned = zone_bounds[zt].hi - zone_bounds[zt].lo;
		zone_init_free_lists(&zones[zt]);
	}

	for (i = 0; i < map->nr; i++) {
		const struct mem_region *r = &map->region[i];
		unsigned long s = (unsigned long)(ALIGN_UP(r->base, PAGE_SIZE) >> PAGE_SHIFT);
		unsigned long e = (unsigned long)((r->base + r->size) >> PAGE_SHIFT);

		if (r->type != 1)       /* usable RAM only */
			continue;
		e = min(e, (unsigned long)NR_PAGES_MAX);
		for (zt = ZONE_DMA; zt < MAX_NR_ZONES; zt++) {
			unsigned long lo = max(s, zone_bounds[zt].lo);
			unsigned long hi = min(e, zone_bounds[zt].hi);
			if (lo < hi)
				free_range(&zones[zt], lo, hi);
		}
	}

	for (zt = ZONE_DMA; zt < MAX_NR_ZONES; zt++)
		pr_info("zone %-6s: %lu pages free, huge order %d\n",
			zones[zt].name, zones[zt].free_pages, HUGE_ORDER);
}
