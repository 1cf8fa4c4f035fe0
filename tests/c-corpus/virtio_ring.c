/*
 * virtio_ring.c - split virtqueue implementation for a paravirtual
 * block/net style device.  Descriptor layout follows the usual
 * desc / avail / used triple, shared with the device.
 */
#include "kern_types.h"

#define VRING_DESC_F_NEXT       1
#define VRING_DESC_F_WRITE      2
#define VRING_DESC_F_INDIRECT   4

#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY     1

#define VIRTIO_RING_F_EVENT_IDX 29
#define VRING_ALIGN             4096

#if defined(__x86_64__) || defined(__i386__)
#define mb()    __asm__ __volatile__("mfence" ::: "memory")
#define rmb()   __asm__ __volatile__("lfence" ::: "memory")
#define wmb()   __asm__ __volatile__("sfence" ::: "memory")
#elif defined(__aarch64__)
#define mb()    __asm__ __volatile__("dmb ish" ::: "memory")
#define rmb()   __asm__ __volatile__("dmb ishld" ::: "memory")
#define wmb()   __asm__ __volatile__("dmb ishst" ::: "memory")
#else
#define mb()    __sync_synchronize()
#define rmb()   mb()
#define wmb()   mb()
#endif

#define virt_mb()  mb()
#define virt_rmb() rmb()
#define virt_wmb() wmb()

struct vring_desc {
	le64 addr;
	le32 len;
	le16 flags;
	le16 next;
} __attribute__((packed, aligned(16)));

struct vring_avail {
	le16 flags;
	le16 idx;
	le16 ring[];
} __attribute__((packed));

struct vring_used_elem {
	le32 id;
	le32 len;
} __attribute__((packed));

struct vring_used {
	le16 flags;
	le16 idx;
	struct vring_used_elem ring[];
} __attribute__((packed, aligned(4)));

struct vring {
	unsigned int num;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
};

_Static_assert(sizeof(struct vring_desc) == 16, "descriptor is 16 bytes");
_Static_assert(sizeof(struct vring_used_elem) == 8, "used element is 8 bytes");
_Static_assert(_Alignof(struct vring_desc) == 16, "descriptor table alignment");

struct virtqueue;

typedef void vq_callback_t(struct virtqueue *vq);
typedef kbool (*vq_notify_fn)(struct virtqueue *vq);

struct vq_desc_state {
	void *data;                     /* opaque token handed back on completion */
	struct vring_desc *indir_desc;
};

struct virtqueue {
	struct vring vring;
	const char *name;
	vq_callback_t *callback;
	vq_notify_fn notify;
	void *priv;

	unsigned int index;
	unsigned int num_free;
	u16 free_head;
	u16 num_added;
	u16 last_used_idx;
	u16 avail_flags_shadow;
	u16 avail_idx_shadow;

	unsigned int event : 1;
	unsigned int broken : 1;
	unsigned int indirect : 1;
	unsigned int weak_barriers : 1;
#ifdef CONFIG_VQ_DEBUG
	unsigned int in_use;
	kbool last_add_time_valid;
	u64 last_add_time;
#endif
	struct vq_desc_state desc_state[];
};

struct scatterlist {
	phys_addr_t dma_address;
	u32 length;
	u32 offset;
	struct scatterlist *next;
};

/* Place the used ring on its own page after avail + padding. */
static inline unsigned long vring_size(unsigned int num, unsigned long align)
{
	return ((sizeof(struct vring_desc) * num + sizeof(u16) * (3 + num) + align - 1) & ~(align - 1))
		+ sizeof(u16) * 3 + sizeof(struct vring_used_elem) * num;
}

static inline void vring_init(struct vring *vr, unsigned int num, void *p, unsigned long align)
{
	vr->num = num;
	vr->desc = p;
	vr->avail = (struct vring_avail *)((char *)p + num * sizeof(struct vring_desc));
	vr->used = (void *)(((uintptr_t)&vr->avail->ring[num] + sizeof(u16) + align - 1) & ~(align - 1));
}

/* Event index: should the other side be interrupted for new_idx? */
static inline int vring_need_event(u16 event_idx, u16 new_idx, u16 old)
{
	return (u16)(new_idx - event_idx - 1) < (u16)(new_idx - old);
}

#define vring_used_event(vr)  ((vr)->avail->ring[(vr)->num])
#define vring_avail_event(vr) (*(volatile u16 *)&(vr)->used->ring[(vr)->num])

static inline u16 cpu_to_le16(u16 v) { return v; }
static inline u32 cpu_to_le32(u32 v) { return v; }
static inline u64 cpu_to_le64(u64 v) { return v; }
static inline u16 le16_to_cpu(le16 v) { return v; }
static inline u32 le32_to_cpu(le32 v) { return v; }

static inline void virtio_barrier(const struct virtqueue *vq, int kind)
{
	if (vq->weak_barriers) {
		__asm__ __volatile__("" ::: "memory");
		return;
	}
	switch (kind) {
	case 0: virt_mb(); break;
	case 1: virt_rmb(); break;
	default: virt_wmb(); break;
	}
}

/* ------------------------------------------------------------------ */

static struct vring_desc *alloc_indirect(unsigned int total)
{
	static struct vring_desc __attribute__((aligned(16))) pool[64];
	static unsigned int used;
	struct vring_desc *d;
	unsigned int i;

	if (used + total > ARRAY_SIZE(pool))
		return NULL;
	d = &pool[used];
	used += total;
	for (i = 0; i < total; i++)
		d[i].next = cpu_to_le16((u16)(i + 1));
	return d;
}

int virtqueue_add(struct virtqueue *vq,
		  struct scatterlist *sgs[],
		  unsigned int out_sgs,
		  unsigned int in_sgs,
		  void *data)
{
	struct vring_desc *desc;
	unsigned int i, n, avail, descs_used, total_sg = 0;
	u16 head, prev = 0;
	int indirect;

	if (unlikely(vq->broken))
		return -5;      /* -EIO */
	if (!data)
		return -22;     /* -EINVAL */

	for (n = 0; n < out_sgs + in_sgs; n++) {
		struct scatterlist *sg;
		for (sg = sgs[n]; sg; sg = sg->next)
			total_sg++;
	}

	head = vq->free_head;
	indirect = vq->indirect && total_sg > 1 && vq->num_free;
	desc = indirect ? alloc_indirect(total_sg) : NULL;

	if (desc) {
		i = 0;
		descs_used = 1;
	} else {
		desc = vq->vring.desc;
		i = head;
		descs_used = total_sg;
	}

	if (vq->num_free < descs_used) {
		if (out_sgs && vq->notify)
			vq->notify(vq);
		return -28;     /* -ENOSPC */
	}

	for (n = 0; n < out_sgs + in_sgs; n++) {
		struct scatterlist *sg;
		u16 flags = n < out_sgs ? VRING_DESC_F_NEXT
					: VRING_DESC_F_NEXT | VRING_DESC_F_WRITE;
		for (sg = sgs[n]; sg; sg = sg->next) {
			desc[i].flags = cpu_to_le16(flags);
			desc[i].addr = cpu_to_le64(sg->dma_address + sg->offset);
			desc[i].len = cpu_to_le32(sg->length);
			prev = (u16)i;
			i = le16_to_cpu(desc[i].next);
		}
	}
	/* the last descriptor of the chain has no NEXT bit */
	desc[prev].flags &= cpu_to_le16((u16)~VRING_DESC_F_NEXT);

	if (indirect && desc != vq->vring.desc) {
		struct vring_desc *top = &vq->vring.desc[head];
		top->flags = cpu_to_le16(VRING_DESC_F_INDIRECT);
		top->addr = cpu_to_le64((u64)(uintptr_t)desc);
		top->len = cpu_to_le32(total_sg * (u32)sizeof(struct vring_desc));
		vq->free_head = le16_to_cpu(top->next);
	} else {
		vq->free_head = (u16)i;
	}

	vq->num_free -= descs_used;
	vq->desc_state[head] = (struct vq_desc_state){
		.data = data,
		.indir_desc = indirect ? desc : NULL,
	};

	avail = vq->avail_idx_shadow & (vq->vring.num - 1);
	vq->vring.avail->ring[avail] = cpu_to_le16(head);

	virtio_barrier(vq, 2);
	vq->avail_idx_shadow++;
	vq->vring.avail->idx = cpu_to_le16(vq->avail_idx_shadow);
	vq->num_added++;

	/* Avoid a wrap-around of num_added confusing kick_prepare. */
	if (unlikely(vq->num_added == (u16)0xffff))
		return vq->notify ? (vq->notify(vq) ? 0 : -5) : 0;
	return 0;
}

kbool virtqueue_kick_prepare(struct virtqueue *vq)
{
	u16 new, old;
	kbool needs_kick;

	virtio_barrier(vq, 0);
	old = (u16)(vq->avail_idx_shadow - vq->num_added);
	new = vq->avail_idx_shadow;
	vq->num_added = 0;

	if (vq->event)
		needs_kick = vring_need_event(le16_to_cpu(vring_avail_event(&vq->vring)), new, old);
	else
		needs_kick = !(vq->vring.used->flags & cpu_to_le16(VRING_USED_F_NO_NOTIFY));
	return needs_kick;
}

kbool virtqueue_kick(struct virtqueue *vq)
{
	if (virtqueue_kick_prepare(vq))
		return vq->notify(vq);
	return KTRUE;
}

static void detach_buf(struct virtqueue *vq, unsigned int head, void **ctx)
{
	unsigned int i = head, freed = 1;

	vq->desc_state[head].data = NULL;
	if (ctx)
		*ctx = vq->desc_state[head].indir_desc;

	while (vq->vring.desc[i].flags & cpu_to_le16(VRING_DESC_F_NEXT)) {
		i = le16_to_cpu(vq->vring.desc[i].next);
		freed++;
	}
	vq->vring.desc[i].next = cpu_to_le16(vq->free_head);
	vq->free_head = (u16)head;
	vq->num_free += freed;
}

static inline kbool more_used(const struct virtqueue *vq)
{
	return vq->last_used_idx != le16_to_cpu(READ_ONCE(vq->vring.used->idx));
}

void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len)
{
	void *ret;
	unsigned int i;
	u16 last_used;

	if (unlikely(vq->broken) || !more_used(vq))
		return NULL;

	virtio_barrier(vq, 1);      /* read idx before the ring entry */

	last_used = vq->last_used_idx & (u16)(vq->vring.num - 1);
	i = le32_to_cpu(vq->vring.used->ring[last_used].id);
	*len = le32_to_cpu(vq->vring.used->ring[last_used].len);

	if (unlikely(i >= vq->vring.num || !vq->desc_state[i].data)) {
		pr_warn("%s: bad used id %u\n", vq->name, i);
		vq->broken = 1;
		return NULL;
	}

	ret = vq->desc_state[i].data;
	detach_buf(vq, i, NULL);
	vq->last_used_idx++;

	if (!(vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT))
		WRITE_ONCE(vring_used_event(&vq->vring), cpu_to_le16(vq->last_used_idx));
	return ret;
}

kbool virtqueue_enable_cb(struct virtqueue *vq)
{
	u16 last = vq->last_used_idx;

	if (vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT) {
		vq->avail_flags_shadow &= (u16)~VRING_AVAIL_F_NO_INTERRUPT;
		if (!vq->event)
			vq->vring.avail->flags = cpu_to_le16(vq->avail_flags_shadow);
	}
	vring_used_event(&vq->vring) = cpu_to_le16(last);
	virtio_barrier(vq, 0);
	return last == le16_to_cpu(vq->vring.used->idx);
}

void virtqueue_disable_cb(struct virtqueue *vq)
{
	if (!(vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT)) {
		vq->avail_flags_shadow |= VRING_AVAIL_F_NO_INTERRUPT;
		if (!vq->event)
			vq->vring.avail->flags = cpu_to_le16(vq->avail_flags_shadow);
	}
}

/* Interrupt entry: returns 1 if the vq had work. */
int vring_interrupt(int irq, void *context)
{
	struct virtqueue *vq = context;

	(void)irq;
	if (!more_used(vq))
		return 0;
	if (unlikely(vq->broken))
		return 1;
	if (vq->callback)
		vq->callback(vq);
	return 1;
}

struct virtqueue *vring_create_virtqueue(unsigned int index,
					 unsigned int num,
					 void *pages,
					 void *mem_for_vq,
					 vq_notify_fn notify,
					 vq_callback_t *callback,
					 const char *name)
{
	struct virtqueue *vq = mem_for_vq;
	unsigned int i;

	if (num & (num - 1)) {
		pr_warn("virtqueue %s: length %u is not a power of two\n", name, num);
		return NULL;
	}

	vring_init(&vq->vring, num, pages, VRING_ALIGN);
	vq->name = name;
	vq->notify = notify;
	vq->callback = callback;
	vq->index = index;
	vq->num_free = num;
	vq->free_head = 0;
	vq->num_added = 0;
	vq->last_used_idx = 0;
	vq->avail_idx_shadow = 0;
	vq->avail_flags_shadow = callback ? 0 : VRING_AVAIL_F_NO_INTERRUPT;
	vq->broken = 0;
	vq->event = 1;
	vq->indirect = 1;
	vq->weak_barriers = 1;

	vq->vring.avail->flags = cpu_to_le16(vq->avail_flags_shadow);
	for (i = 0; i < num - 1; i++)
		vq->vring.desc[i].next = cpu_to_le16((u16)(i + 1));
	for (i = 0; i < num; i++)
		vq->desc_state[i] = (struct vq_desc_state){ 0 };
	return vq;
}

/* ---- a trivial block front-end using the ring -------------------- */

enum {
	VIRTIO_BLK_T_IN     = 0,
	VIRTIO_BLK_T_OUT    = 1,
	VIRTIO_BLK_T_FLUSH  = 4,
	VIRTIO_BLK_T_GET_ID = 8,
};

struct virtio_blk_outhdr {
	le32 type;
	le32 ioprio;
	le64 sector;
} __attribute__((packed));

struct blk_request {
	struct virtio_blk_outhdr hdr;
	u8 status;
	void (*done)(struct blk_request *req, int err);
	void *data;
};

static kbool blk_notify(struct virtqueue *vq)
{
	/* legacy PCI: write the queue index to the notify register */
	u16 port = 0xc050;
	u16 val = (u16)vq->index;
	__asm__ __volatile__("outw %0, %1" : : "a"(val), "Nd"(port));
	return KTRUE;
}

static void blk_done(struct virtqueue *vq)
{
	struct blk_request *req;
	unsigned int len;

	do {
		virtqueue_disable_cb(vq);
		while ((req = virtqueue_get_buf(vq, &len)) != NULL)
			req->done(req, req->status == 0 ? 0 : -5);
	} while (!virtqueue_enable_cb(vq));
}

int virtblk_submit(struct virtqueue *vq, struct blk_request *req,
		   u64 sector, void *buf, u32 len, int write)
{
	struct scatterlist hdr = { .dma_address = (uintptr_t)&req->hdr, .length = sizeof(req->hdr) };
	struct scatterlist payload = { .dma_address = (uintptr_t)buf, .length = len };
	struct scatterlist status = { .dma_address = (uintptr_t)&req->status, .length = 1 };
	struct scatterlist *sgs[3];
	unsigned int num_out = 0, num_in = 0;
	int err;

	req->hdr.type = cpu_to_le32(write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN);
	req->hdr.ioprio = 0;
	req->hdr.sector = cpu_to_le64(sector);

	sgs[num_out++] = &hdr;
	if (write)
		sgs[num_out++] = &payload;
	else
		sgs[num_out + num_in++] = &payload;
	sgs[num_out + num_in++] = &status;

	err = virtqueue_add(vq, sgs, num_out, num_in, req);
	if (err)
		return err;
	virtqueue_kick(vq);
	return 0;
}

struct virtqueue *virtblk_setup(void *ring_pages, void *vq_mem)
{
	pr_debug("virtio-blk: ring needs %lu bytes\n", vring_size(128, VRING_ALIGN));
	return vring_create_virtqueue(0, 128, ring_pages, vq_mem,
				      blk_notify, blk_done, "virtio-blk");
}
