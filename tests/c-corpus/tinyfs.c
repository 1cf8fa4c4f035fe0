/*
 * tinyfs.c - a minimal block filesystem: superblock, inode table,
 * block bitmap, direct + single indirect blocks, flat-ish directories.
 */
#include "kern_types.h"

#define TFS_MAGIC           0x54465331u     /* "TFS1" */
#define TFS_BLOCK_SIZE      1024
#define TFS_NAME_MAX        27
#define TFS_NDIRECT         10
#define TFS_ROOT_INO        1
#define TFS_INODES_PER_BLOCK (TFS_BLOCK_SIZE / sizeof(struct tfs_dinode))
#define TFS_PTRS_PER_BLOCK  (TFS_BLOCK_SIZE / sizeof(u32))
#define TFS_MAX_FILE_BLOCKS (TFS_NDIRECT + TFS_PTRS_PER_BLOCK)

#ifndef TFS_CACHE_BLOCKS
# define TFS_CACHE_BLOCKS   32
#endif

enum tfs_err {
	TFS_OK      = 0,
	TFS_ENOENT  = -2,
	TFS_EIO     = -5,
	TFS_ENOMEM  = -12,
	TFS_EEXIST  = -17,
	TFS_ENOTDIR = -20,
	TFS_EISDIR  = -21,
	TFS_EINVAL  = -22,
	TFS_EFBIG   = -27,
	TFS_ENOSPC  = -28,
	TFS_ENAMETOOLONG = -36,
};

enum tfs_mode {
	S_IFMT  = 0170000,
	S_IFDIR = 0040000,
	S_IFREG = 0100000,
	S_IFLNK = 0120000,
	S_IRWXU = 00700,
	S_IRUSR = 00400,
	S_IWUSR = 00200,
	S_IXUSR = 00100,
};

/* On-disk structures. */
struct tfs_super {
	le32 magic;
	le32 nblocks;
	le32 ninodes;
	le32 inode_start;       /* first block of inode table */
	le32 bmap_start;        /* first block of the block bitmap */
	le32 data_start;
	le32 free_blocks;
	le32 free_inodes;
	u8   uuid[16];
	char label[16];
	le32 features;
	u8   pad[TFS_BLOCK_SIZE - 68];
} __attribute__((packed));

struct tfs_dinode {
	le16 mode;
	le16 nlink;
	le32 size;
	le32 mtime;
	le32 addrs[TFS_NDIRECT];
	le32 indirect;
	le32 flags;
	le32 reserved[1];
} __attribute__((packed));

struct tfs_dirent {
	le32 ino;
	u8 name_len;
	char name[TFS_NAME_MAX];
} __attribute__((packed));

_Static_assert(sizeof(struct tfs_super) == TFS_BLOCK_SIZE, "superblock fills one block");
_Static_assert(sizeof(struct tfs_dinode) == 64, "inode is 64 bytes");
_Static_assert(sizeof(struct tfs_dirent) == 32, "dirent is 32 bytes");

/* In-memory structures. */
struct block_device {
	const char *name;
	u32 nblocks;
	int (*read)(struct block_device *bdev, u32 blk, void *buf);
	int (*write)(struct block_device *bdev, u32 blk, const void *buf);
	void *data;
};

struct buf {
	u32 blockno;
	unsigned int valid : 1;
	unsigned int dirty : 1;
	unsigned int refcnt : 14;
	struct list_node lru;
	_Alignas(64) u8 data[TFS_BLOCK_SIZE];
};

struct tfs_sb_info;
struct inode;

struct inode_operations {
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	int (*create)(struct inode *dir, const char *name, size_t len, u16 mode, struct inode **out);
	int (*unlink)(struct inode *dir, const char *name, size_t len);
};

struct file_operations {
	ssize (*read)(struct inode *ino, void *buf, size_t n, u32 off);
	ssize (*write)(struct inode *ino, const void *buf, size_t n, u32 off);
	int (*readdir)(struct inode *dir, u32 *pos, char *name, u32 *ino);
};

struct inode {
	u32 ino;
	int ref;
	struct tfs_sb_info *sbi;
	struct tfs_dinode d;                    /* cached copy */
	unsigned int dirty : 1;
	const struct inode_operations *iop;
	const struct file_operations *fop;
	union {
		struct { u32 dir_entries; } dir;
		struct { u32 last_block; u32 last_phys; } reg;
	};
	void *meta;
};

struct tfs_sb_info {
	struct block_device *bdev;
	struct tfs_super sb;
	struct buf cache[TFS_CACHE_BLOCKS];
	struct list_node lru;
	struct inode icache[64];
	u32 alloc_hint;
};

static const struct inode_operations tfs_dir_iops;
static const struct file_operations tfs_dir_fops, tfs_file_fops;

/* ---- buffer cache -------------------------------------------------- */

static inline struct buf *buf_of(struct list_node *n)
{
	return (struct buf *)((char *)n - offsetof(struct buf, lru));
}

static struct buf *bread(struct tfs_sb_info *sbi, u32 blockno)
{
	struct list_node *n;
	struct buf *b;

	for (n = sbi->lru.next; n != &sbi->lru; n = n->next) {
		b = buf_of(n);
		if (b->valid && b->blockno == blockno) {
			b->refcnt++;
			list_del(n);
			list_add(n, &sbi->lru);     /* move to MRU */
			return b;
		}
	}
	/* recycle the least recently used unreferenced buffer */
	for (n = sbi->lru.prev; n != &sbi->lru; n = n->prev) {
		b = buf_of(n);
		if (b->refcnt)
			continue;
		if (b->dirty && sbi->bdev->write(sbi->bdev, b->blockno, b->data))
			return NULL;
		b->blockno = blockno;
		b->dirty = 0;
		b->valid = sbi->bdev->read(sbi->bdev, blockno, b->data) == 0;
		if (!b->valid)
			return NULL;
		b->refcnt = 1;
		list_del(n);
		list_add(n, &sbi->lru);
		return b;
	}
	panic("tinyfs: buffer cache exhausted");
}

static inline void brelse(struct buf *b)
{
	if (b)
		b->refcnt--;
}

static inline void bdirty(struct buf *b)
{
	b->dirty = 1;
}

static int sync_fs(struct tfs_sb_info *sbi)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < TFS_CACHE_BLOCKS; i++) {
		struct buf *b = &sbi->cache[i];
		if (b->valid && b->dirty) {
			int e = sbi->bdev->write(sbi->bdev, b->blockno, b->data);
			if (e && !err)
				err = e;
			else
				b->dirty = 0;
		}
	}
	return err;
}

/* ---- block allocation --------------------------------------------- */

static u32 balloc(struct tfs_sb_info *sbi)
{
	const u32 bits_per_block = TFS_BLOCK_SIZE * 8;
	u32 nb = sbi->sb.nblocks, start = sbi->alloc_hint, b;

	for (b = 0; b < nb; b++) {
		u32 blk = (start + b) % nb;
		struct buf *bp;
		u8 *byte;

		if (blk < sbi->sb.data_start)
			continue;
		bp = bread(sbi, sbi->sb.bmap_start + blk / bits_per_block);
		if (!bp)
			return 0;
		byte = &bp->data[(blk % bits_per_block) / 8];
		if (!(*byte & (1u << (blk & 7)))) {
			*byte |= (u8)(1u << (blk & 7));
			bdirty(bp);
			brelse(bp);
			sbi->sb.free_blocks--;
			sbi->alloc_hint = blk + 1;
			return blk;
		}
		brelse(bp);
	}
	return 0;
}

static void bfree(struct tfs_sb_info *sbi, u32 blk)
{
	const u32 bits_per_block = TFS_BLOCK_SIZE * 8;
	struct buf *bp = bread(sbi, sbi->sb.bmap_start + blk / bits_per_block);

	if (!bp)
		return;
	bp->data[(blk % bits_per_block) / 8] &= (u8)~(1u << (blk & 7));
	bdirty(bp);
	brelse(bp);
	sbi->sb.free_blocks++;
}

/* Map a file block index to a disk block, optionally allocating. */
static u32 bmap(struct inode *ip, u32 fblock, kbool alloc)
{
	struct tfs_sb_info *sbi = ip->sbi;
	struct buf *ib;
	u32 *table, addr;

	if (fblock < TFS_NDIRECT) {
		addr = ip->d.addrs[fblock];
		if (!addr && alloc && (addr = balloc(sbi)) != 0) {
			ip->d.addrs[fblock] = addr;
			ip->dirty = 1;
		}
		return addr;
	}
	fblock -= TFS_NDIRECT;
	if (fblock >= TFS_PTRS_PER_BLOCK)
		return 0;

	if (!ip->d.indirect) {
		if (!alloc || !(ip->d.indirect = balloc(sbi)))
			return 0;
		ip->dirty = 1;
		ib = bread(sbi, ip->d.indirect);
		if (!ib)
			return 0;
		__builtin_memset(ib->data, 0, sizeof(ib->data));
		bdirty(ib);
	} else {
		ib = bread(sbi, ip->d.indirect);
		if (!ib)
			return 0;
	}
	table = (u32 *)ib->data;
	addr = table[fblock];
	if (!addr && alloc && (addr = balloc(sbi)) != 0) {
		table[fblock] = addr;
		bdirty(ib);
	}
	brelse(ib);
	return addr;
}

/* ---- inodes -------------------------------------------------------- */

static int iupdate(struct inode *ip)
{
	struct tfs_sb_info *sbi = ip->sbi;
	struct buf *b = bread(sbi, sbi->sb.inode_start + (ip->ino / TFS_INODES_PER_BLOCK));

	if (!b)
		return TFS_EIO;
	((struct tfs_dinode *)b->data)[ip->ino % TFS_INODES_PER_BLOCK] = ip->d;
	bdirty(b);
	brelse(b);
	ip->dirty = 0;
	return TFS_OK;
}

static struct inode *iget(struct tfs_sb_info *sbi, u32 ino)
{
	struct inode *ip, *empty = NULL;
	struct buf *b;

	for (ip = sbi->icache; ip < sbi->icache + ARRAY_SIZE(sbi->icache); ip++) {
		if (ip->ref && ip->ino == ino) {
			ip->ref++;
			return ip;
		}
		if (!empty && !ip->ref)
			empty = ip;
	}
	if (!empty)
		return NULL;

	b = bread(sbi, sbi->sb.inode_start + ino / TFS_INODES_PER_BLOCK);
	if (!b)
		return NULL;
	ip = empty;
	*ip = (struct inode){ .ino = ino, .ref = 1, .sbi = sbi };
	ip->d = ((struct tfs_dinode *)b->data)[ino % TFS_INODES_PER_BLOCK];
	brelse(b);

	switch (ip->d.mode & S_IFMT) {
	case S_IFDIR:
		ip->iop = &tfs_dir_iops;
		ip->fop = &tfs_dir_fops;
		ip->dir.dir_entries = ip->d.size / sizeof(struct tfs_dirent);
		break;
	case S_IFREG:
	case S_IFLNK:
		ip->iop = NULL;
		ip->fop = &tfs_file_fops;
		break;
	default:
		ip->ref = 0;
		return NULL;
	}
	return ip;
}

static void iput(struct inode *ip)
{
	if (ip->dirty)
		iupdate(ip);
	ip->ref--;
}

static u32 ialloc(struct tfs_sb_info *sbi, u16 mode)
{
	u32 ino;

	for (ino = TFS_ROOT_INO + 1; ino < sbi->sb.ninodes; ino++) {
		struct buf *b = bread(sbi, sbi->sb.inode_start + ino / TFS_INODES_PER_BLOCK);
		struct tfs_dinode *di;

		if (!b)
			return 0;
		di = &((struct tfs_dinode *)b->data)[ino % TFS_INODES_PER_BLOCK];
		if (di->mode == 0) {
			*di = (struct tfs_dinode){ .mode = mode, .nlink = 1 };
			bdirty(b);
			brelse(b);
			sbi->sb.free_inodes--;
			return ino;
		}
		brelse(b);
	}
	return 0;
}

/* ---- file data ------------------------------------------------------ */

static ssize tfs_file_read(struct inode *ip, void *dst, size_t n, u32 off)
{
	size_t done = 0;

	if (off >= ip->d.size)
		return 0;
	if (off + n > ip->d.size)
		n = ip->d.size - off;

	while (done < n) {
		u32 blk = bmap(ip, off / TFS_BLOCK_SIZE, KFALSE);
		u32 boff = off % TFS_BLOCK_SIZE;
		size_t chunk = min((size_t)(TFS_BLOCK_SIZE - boff), n - done);

		if (!blk) {
			__builtin_memset((u8 *)dst + done, 0, chunk);       /* hole */
		} else {
			struct buf *b = bread(ip->sbi, blk);
			if (!b)
				return done ? (ssize)done : TFS_EIO;
			__builtin_memcpy((u8 *)dst + done, b->data + boff, chunk);
			brelse(b);
		}
		done += chunk;
		off += (u32)chunk;
	}
	return (ssize)done;
}

static ssize tfs_file_write(struct inode *ip, const void *src, size_t n, u32 off)
{
	size_t done = 0;

	if ((u64)off + n > (u64)TFS_MAX_FILE_BLOCKS * TFS_BLOCK_SIZE)
		return TFS_EFBIG;

	while (done < n) {
		u32 blk = bmap(ip, off / TFS_BLOCK_SIZE, KTRUE);
		u32 boff = off % TFS_BLOCK_SIZE;
		size_t chunk = min((size_t)(TFS_BLOCK_SIZE - boff), n - done);
		struct buf *b;

		if (!blk)
			break;
		b = bread(ip->sbi, blk);
		if (!b)
			break;
		__builtin_memcpy(b->data + boff, (const u8 *)src + done, chunk);
		bdirty(b);
		brelse(b);
		done += chunk;
		off += (u32)chunk;
	}
	if (off > ip->d.size) {
		ip->d.size = off;
		ip->dirty = 1;
	}
	return done ? (ssize)done : TFS_ENOSPC;
}

/* ---- directories --------------------------------------------------- */

static int name_eq(const struct tfs_dirent *de, const char *name, size_t len)
{
	return de->ino && de->name_len == len && !__builtin_memcmp(de->name, name, len);
}

static int tfs_dir_find(struct inode *dir, const char *name, size_t len, u32 *pos_out)
{
	struct tfs_dirent de;
	u32 pos;

	for (pos = 0; pos < dir->d.size; pos += sizeof(de)) {
		if (tfs_file_read(dir, &de, sizeof(de), pos) != sizeof(de))
			return TFS_EIO;
		if (name_eq(&de, name, len)) {
			if (pos_out)
				*pos_out = pos;
			return (int)de.ino;
		}
	}
	return TFS_ENOENT;
}

static int tfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int ino;

	if (len > TFS_NAME_MAX)
		return TFS_ENAMETOOLONG;
	ino = tfs_dir_find(dir, name, len, NULL);
	if (ino < 0)
		return ino;
	*out = iget(dir->sbi, (u32)ino);
	return *out ? TFS_OK : TFS_ENOMEM;
}

static int tfs_create(struct inode *dir, const char *name, size_t len, u16 mode, struct inode **out)
{
	struct tfs_dirent de = { 0 };
	u32 ino, pos, slot = dir->d.size;
	int err;

	if (len > TFS_NAME_MAX)
		return TFS_ENAMETOOLONG;
	if (tfs_dir_find(dir, name, len, NULL) >= 0)
		return TFS_EEXIST;

	/* reuse the first free slot, if any */
	for (pos = 0; pos < dir->d.size; pos += sizeof(de)) {
		if (tfs_file_read(dir, &de, sizeof(de), pos) != sizeof(de))
			return TFS_EIO;
		if (!de.ino) {
			slot = pos;
			break;
		}
	}

	ino = ialloc(dir->sbi, mode);
	if (!ino)
		return TFS_ENOSPC;
	de.ino = ino;
	de.name_len = (u8)len;
	__builtin_memset(de.name, 0, sizeof(de.name));
	__builtin_memcpy(de.name, name, len);
	err = (int)tfs_file_write(dir, &de, sizeof(de), slot);
	if (err < 0)
		goto out_free_inode;
	dir->dir.dir_entries++;
	*out = iget(dir->sbi, ino);
	return *out ? TFS_OK : TFS_ENOMEM;

out_free_inode:
	{
		struct inode *victim = iget(dir->sbi, ino);
		if (victim) {
			victim->d.mode = 0;
			victim->dirty = 1;
			iput(victim);
		}
	}
	return err;
}

static int tfs_unlink(struct inode *dir, const char *name, size_t len)
{
	struct tfs_dirent empty = { .ino = 0 };
	struct inode *ip;
	u32 pos, i;
	int ino = tfs_dir_find(dir, name, len, &pos);

	if (ino < 0)
		return ino;
	ip = iget(dir->sbi, (u32)ino);
	if (!ip)
		return TFS_ENOMEM;
	if ((ip->d.mode & S_IFMT) == S_IFDIR && ip->dir.dir_entries > 2) {
		iput(ip);
		return TFS_EISDIR;
	}
	tfs_file_write(dir, &empty, sizeof(empty), pos);
	dir->dir.dir_entries--;

	if (--ip->d.nlink == 0) {
		for (i = 0; i < TFS_NDIRECT; i++)
			if (ip->d.addrs[i])
				bfree(ip->sbi, ip->d.addrs[i]);
		if (ip->d.indirect) {
			struct buf *b = bread(ip->sbi, ip->d.indirect);
			if (b) {
				const u32 *tbl = (const u32 *)b->data;
				for (i = 0; i < TFS_PTRS_PER_BLOCK; i++)
					if (tbl[i])
						bfree(ip->sbi, tbl[i]);
				brelse(b);
			}
			bfree(ip->sbi, ip->d.indirect);
		}
		ip->d = (struct tfs_dinode){ 0 };
		ip->sbi->sb.free_inodes++;
	}
	ip->dirty = 1;
	iput(ip);
	return TFS_OK;
}

static int tfs_readdir(struct inode *dir, u32 *pos, char *name, u32 *ino)
{
	struct tfs_dirent de;

	while (*pos < dir->d.size) {
		if (tfs_file_read(dir, &de, sizeof(de), *pos) != sizeof(de))
			return TFS_EIO;
		*pos += sizeof(de);
		if (!de.ino)
			continue;
		__builtin_memcpy(name, de.name, de.name_len);
		name[de.name_len] = '\0';
		*ino = de.ino;
		return 1;
	}
	return 0;
}

static const struct inode_operations tfs_dir_iops = {
	.lookup = tfs_lookup,
	.create = tfs_create,
	.unlink = tfs_unlink,
};

static const struct file_operations tfs_dir_fops = {
	.read = NULL,
	.write = NULL,
	.readdir = tfs_readdir,
};

static const struct file_operations tfs_file_fops = {
	.read = tfs_file_read,
	.write = tfs_file_write,
};

/* ---- path walk ----------------------------------------------------- */

int tfs_namei(struct tfs_sb_info *sbi, const char *path, struct inode **out)
{
	struct inode *cur = iget(sbi, TFS_ROOT_INO), *next;
	const char *p = path, *comp;
	int err;

	if (!cur)
		return TFS_ENOMEM;
	for (;;) {
		size_t len;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		comp = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - comp);
		if (len == 1 && comp[0] == '.')
			continue;
		if ((cur->d.mode & S_IFMT) != S_IFDIR) {
			err = TFS_ENOTDIR;
			goto out_put;
		}
		err = cur->iop->lookup(cur, comp, len, &next);
		if (err)
			goto out_put;
		iput(cur);
		cur = next;
	}
	*out = cur;
	return TFS_OK;

out_put:
	iput(cur);
	return err;
}

int tfs_mount(struct tfs_sb_info *sbi, struct block_device *bdev)
{
	unsigned int i;
	int err;

	sbi->bdev = bdev;
	err = bdev->read(bdev, 0, &sbi->sb);
	if (err)
		return err;
	if (sbi->sb.magic != TFS_MAGIC) {
		pr_warn("tinyfs: bad magic %#x on %s\n", sbi->sb.magic, bdev->name);
		return TFS_EINVAL;
	}
	if (sbi->sb.nblocks > bdev->nblocks)
		return TFS_EINVAL;

	list_init(&sbi->lru);
	for (i = 0; i < TFS_CACHE_BLOCKS; i++) {
		sbi->cache[i] = (struct buf){ .valid = 0 };
		list_add_tail(&sbi->cache[i].lru, &sbi->lru);
	}
	for (i = 0; i < ARRAY_SIZE(sbi->icache); i++)
		sbi->icache[i].ref = 0;
	sbi->alloc_hint = sbi->sb.data_start;

#if defined(TFS_VERBOSE) && TFS_VERBOSE > 1
	pr_info("tinyfs: %u blocks, %u inodes, data at %u\n",
		sbi->sb.nblocks, sbi->sb.ninodes, sbi->sb.data_start);
#elif defined(TFS_VERBOSE)
	pr_info("tinyfs: mounted %s\n", bdev->name);
#endif
	return TFS_OK;
}

#ifdef TFS_READONLY
int tfs_unmount(struct tfs_sb_info *sbi)
{
	(void)sbi;
	return TFS_OK;
}
#else
int tfs_unmount(struct tfs_sb_info *sbi)
{
	int err = sync_fs(sbi);

	if (!err)
		err = sbi->bdev->write(sbi->bdev, 0, &sbi->sb);
	return err;
}
#endif
