// SPDX-License-Identifier: GPL-2.0
/* syssentry capture programs: syscall exits (tp_btf/sys_exit, filtered in BPF by the `specs`
 * map), successful execs (tp_btf/sched_process_exec) and thread exits
 * (tp_btf/sched_process_exit). Records follow include/syssentry_abi.h and go to the `events`
 * ring buffer; userspace decodes them into engine events.
 *
 * Records are built in a per-CPU scratch buffer and copied out with bpf_ringbuf_output, so a
 * record costs what it holds. Wakeups are batched: each CPU wakes the reader once per
 * `wakeup_bytes` it submitted, and the reader polls with a short timeout for the rest. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>
#include "syssentry_abi.h"

char LICENSE[] SEC("license") = "GPL";

/* Checked by the loader against the ABI version it was compiled with. */
const volatile __u32 sse_abi_version = SSE_ABI_VERSION;
/* Bytes a CPU submits between two reader wakeups it forces. */
const volatile __u64 wakeup_bytes = SSE_WAKEUP_BYTES;
/* Non-zero: exec records carry the new image's environment (SSE_I_ENV). Set at load time when
 * the rules read environments; otherwise the verifier drops that code. */
const volatile __u32 want_env = 0;

#define SCRATCH_SIZE (2 * SSE_RECORD_MAX)
#define OFF_MASK (SSE_RECORD_MAX - 1)
#define FULL_MASK (SCRATCH_SIZE - 1)
#define ITEM_HDR 8
#define SYSCALL_HDR (sizeof(struct sse_hdr) + 6 * sizeof(__u64))

#define OBJ_TMP 256

/* Per-CPU record being built (a per-CPU map value is limited to 32 KiB, all used here). */
struct scratch {
	__u8 buf[SCRATCH_SIZE];
};

/* Per-CPU working memory besides the record: a copy of the kernel object being read
 * (read_obj) and the bytes this CPU submitted since it last woke the reader. */
struct work {
	__u8 tmp[OBJ_TMP];
	__u64 unwoken;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SSE_SPEC_ENTRIES);
	__type(key, __u32);
	__type(value, struct sse_spec);
} specs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sse_counters);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct work);
} work_map SEC(".maps");

static __always_inline struct work *work(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&work_map, &zero);
}

/* kernfs_node's parent pointer was renamed in 6.15. */
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

struct inode___old {
	struct timespec64 __i_ctime;
	struct timespec64 i_mtime;
} __attribute__((preserve_access_index));

#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define FMODE_CREATED 0x100000
#define TS_COMPAT 0x0002
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define RLIMIT_NOFILE 7

/* Forces `v` into [0, mask] in a way the compiler cannot drop, so the verifier sees the bound. */
#define BOUND(v, mask) asm volatile("%[x] &= " #mask : [x] "+r"(v))

static __always_inline __u32 bound_off(__u32 off)
{
	__u64 v = off;

	BOUND(v, 0x3fff); /* OFF_MASK */
	return v;
}

static __always_inline struct sse_counters *ctrs(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&counters, &zero);
}

static __always_inline void count_read_fail(struct sse_counters *c)
{
	if (c)
		__sync_fetch_and_add(&c->read_fail, 1);
}

static __always_inline __u32 pad8(__u32 n)
{
	return (n + 7) & ~7u;
}

/* Writes an item header at `off`. */
static __always_inline void item_hdr(struct scratch *s, __u32 off, __u16 type, __u16 len, __u8 arg,
				     __u8 flags)
{
	struct sse_item *it = (struct sse_item *)&s->buf[off & OFF_MASK];
	it->type = type;
	it->len = len;
	it->arg = arg;
	it->flags = flags;
	it->pad = 0;
}

/* A NUL-terminated string (user or kernel memory) as an item; returns the next offset. */
static __always_inline __u32 put_str(struct scratch *s, __u32 off, const void *ptr, __u16 type,
				     __u8 arg, int user, struct sse_counters *c, __u16 *n)
{
	long r;
	__u8 flags = 0;
	__u32 len = 0;

	if (off > OFF_MASK)
		return off;
	off = bound_off(off);
	if (user)
		r = bpf_probe_read_user_str(&s->buf[off + ITEM_HDR], SSE_STR_MAX, ptr);
	else
		r = bpf_probe_read_kernel_str(&s->buf[off + ITEM_HDR], SSE_STR_MAX, ptr);
	if (r < 0) {
		flags = SSE_IF_FAULT;
		count_read_fail(c);
	} else if (r > 0) {
		len = r - 1;
		if (r >= SSE_STR_MAX)
			flags = SSE_IF_TRUNC;
	}
	item_hdr(s, off, type, len, arg, flags);
	(*n)++;
	return off + ITEM_HDR + pad8(len);
}


/* `len` raw bytes (user memory) as an item; longer values are cut at SSE_STR_MAX - 1. */
static __always_inline __u32 put_mem(struct scratch *s, __u32 off, const void *uptr, __u64 len,
				     __u16 type, __u8 arg, struct sse_counters *c, __u16 *n)
{
	__u8 flags = 0;

	if (off > OFF_MASK)
		return off;
	off = bound_off(off);
	if (len > SSE_STR_MAX - 1) {
		len = SSE_STR_MAX - 1;
		flags = SSE_IF_TRUNC;
	}
	BOUND(len, 0xfff);
	if (len && bpf_probe_read_user(&s->buf[off + ITEM_HDR], len, uptr) < 0) {
		flags = SSE_IF_FAULT;
		len = 0;
		count_read_fail(c);
	}
	item_hdr(s, off, type, len, arg, flags);
	(*n)++;
	return off + ITEM_HDR + pad8(len);
}

/* The file behind `fd` in the current task. The task, its files_struct and fdtable are read
 * with plain loads (BTF pointers); only the slot of the fd array needs a probe read. */
static __always_inline struct file *fd_file(long fd)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct fdtable *fdt;
	struct file *f = NULL;
	unsigned long arr;

	if (fd < 0)
		return NULL;
	fdt = t->files->fdt;
	if (!fdt || fd >= fdt->max_fds)
		return NULL;
	arr = (unsigned long)fdt->fd;
	bpf_probe_read_kernel(&f, sizeof(f), (void *)(arr + fd * sizeof(f)));
	return f;
}

/* Overlayfs layer of a dentry's inode: SSE_FF_UPPER, SSE_FF_LOWER or 0. */
static __always_inline __u32 ovl_layer(struct dentry *d)
{
	struct inode *ino = BPF_CORE_READ(d, d_inode);
	unsigned long magic = BPF_CORE_READ(d, d_sb, s_magic);
	struct ovl_inode *oi;

	if (!ino || magic != OVERLAYFS_SUPER_MAGIC)
		return 0;
	oi = container_of(ino, struct ovl_inode, vfs_inode);
	return BPF_CORE_READ(oi, __upperdentry) ? SSE_FF_UPPER : SSE_FF_LOWER;
}

/* A field of a kernel object copied into `tmp` by read_obj, at its CO-RE offset (a constant
 * once relocated, so the verifier checks it against the buffer). */
#define OBJ_FIELD(tmp, type, field, T) (*(T *)&(tmp)[bpf_core_field_offset(type, field)])
/* Bytes of `type` up to the end of `field` (CO-RE). */
#define OBJ_END(type, field) (bpf_core_field_offset(type, field) + bpf_core_field_size(type, field))
#define MAX2(a, b) ((a) > (b) ? (a) : (b))

/* Copies the first `len` bytes of a kernel object into `tmp` with one probe read, so several
 * fields cost one helper call instead of one each. */
static __always_inline long read_obj(__u8 *tmp, __u32 len, const void *obj)
{
	if (len > OBJ_TMP)
		len = OBJ_TMP;
	return bpf_probe_read_kernel(tmp, len, obj);
}

/* The file an open returned: the facts of `want` (SSE_OF_*) among inode number, device,
 * created-by-this-open and overlayfs layer. Up to four object reads (file, inode, super block,
 * dentry) instead of one read per field; only the file when just the created flag is wanted. */
static __always_inline __u32 put_file(struct scratch *s, __u32 off, long fd, __u8 arg, __u8 want,
				      __u16 *n)
{
	struct file *f = fd_file(fd);
	struct super_block *isb, *dsb;
	struct inode *ino, *dino;
	struct dentry *d;
	struct sse_file *sf;
	unsigned long magic;
	__u32 fmode;
	struct work *w = work();
	__u8 *tmp;

	if (!f || !w || off > OFF_MASK)
		return off;
	tmp = w->tmp;
	off = bound_off(off);
	sf = (struct sse_file *)&s->buf[off + ITEM_HDR];
	__builtin_memset(sf, 0, sizeof(*sf));
	if (read_obj(tmp,
		     MAX2(MAX2(OBJ_END(struct file, f_mode), OBJ_END(struct file, f_inode)),
			  OBJ_END(struct file, f_path.dentry)),
		     f) == 0) {
		fmode = OBJ_FIELD(tmp, struct file, f_mode, __u32);
		ino = OBJ_FIELD(tmp, struct file, f_inode, struct inode *);
		d = OBJ_FIELD(tmp, struct file, f_path.dentry, struct dentry *);
		if ((want & SSE_OF_CREATED) && (fmode & FMODE_CREATED))
			sf->flags |= SSE_FF_CREATED;
		if (want & SSE_OF_ID)
			sf->flags |= SSE_FF_ID;
		if (!(want & (SSE_OF_ID | SSE_OF_LAYER)))
			goto done;
		isb = NULL;
		if (ino && read_obj(tmp, MAX2(OBJ_END(struct inode, i_ino), OBJ_END(struct inode, i_sb)),
				    ino) == 0) {
			if (want & SSE_OF_ID)
				sf->ino = OBJ_FIELD(tmp, struct inode, i_ino, __u64);
			isb = OBJ_FIELD(tmp, struct inode, i_sb, struct super_block *);
		}
		magic = 0;
		if (isb && read_obj(tmp, MAX2(OBJ_END(struct super_block, s_magic),
					      OBJ_END(struct super_block, s_dev)),
				    isb) == 0) {
			if (want & SSE_OF_ID)
				sf->dev = OBJ_FIELD(tmp, struct super_block, s_dev, __u32);
			magic = OBJ_FIELD(tmp, struct super_block, s_magic, unsigned long);
		}
		/* Overlayfs layer of the opened path's dentry (ovl_layer, with the reads merged). */
		if ((want & SSE_OF_LAYER) && d && read_obj(tmp, MAX2(OBJ_END(struct dentry, d_sb), OBJ_END(struct dentry, d_inode)),
				  d) == 0) {
			dino = OBJ_FIELD(tmp, struct dentry, d_inode, struct inode *);
			dsb = OBJ_FIELD(tmp, struct dentry, d_sb, struct super_block *);
			if (dsb != isb)
				magic = BPF_CORE_READ(dsb, s_magic);
			if (dino && magic == OVERLAYFS_SUPER_MAGIC) {
				struct ovl_inode *oi = container_of(dino, struct ovl_inode, vfs_inode);
				sf->flags |= BPF_CORE_READ(oi, __upperdentry) ? SSE_FF_UPPER : SSE_FF_LOWER;
			}
		}
	}
done:
	item_hdr(s, off, SSE_I_FILE, sizeof(struct sse_file), arg, 0);
	(*n)++;
	return off + ITEM_HDR + sizeof(struct sse_file);
}

static __always_inline __u32 put_tuple(struct scratch *s, __u32 off, long fd, __u8 arg, __u16 *n)
{
	struct file *f = fd_file(fd);
	struct sse_tuple *tp;
	struct socket *sock;
	struct sock *sk;
	__u16 fam;

	if (!f || off > OFF_MASK)
		return off;
	if ((BPF_CORE_READ(f, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return off;
	sock = BPF_CORE_READ(f, private_data);
	sk = BPF_CORE_READ(sock, sk);
	if (!sk)
		return off;
	off = bound_off(off);
	tp = (struct sse_tuple *)&s->buf[off + ITEM_HDR];
	__builtin_memset(tp, 0, sizeof(*tp));
	fam = BPF_CORE_READ(sk, __sk_common.skc_family);
	tp->family = fam;
	if (fam == AF_INET) {
		__u32 sa = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 da = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__builtin_memcpy(tp->saddr, &sa, 4);
		__builtin_memcpy(tp->daddr, &da, 4);
		tp->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
		tp->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	} else if (fam == AF_INET6) {
		BPF_CORE_READ_INTO(&tp->saddr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&tp->daddr, sk, __sk_common.skc_v6_daddr);
		tp->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
		tp->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	} else if (fam == AF_UNIX) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		struct unix_address *ua;

		tp->sptr = (__u64)sk;
		tp->dptr = (__u64)peer;
		ua = peer ? BPF_CORE_READ((struct unix_sock *)peer, addr) : NULL;
		if (!ua)
			ua = BPF_CORE_READ(us, addr);
		if (ua) {
			void *p = (void *)ua + bpf_core_field_offset(struct unix_address, name) + 2;
			bpf_probe_read_kernel(tp->path, sizeof(tp->path), p);
		}
	}
	item_hdr(s, off, SSE_I_TUPLE, sizeof(struct sse_tuple), arg, 0);
	(*n)++;
	return off + ITEM_HDR + sizeof(struct sse_tuple);
}

/* Path components of (dentry, vfsmount), leaf first, crossing mount points. */
static __always_inline __u32 put_path(struct scratch *s, __u32 off, struct dentry *d,
				      struct vfsmount *vm, __u16 type, __u16 *n)
{
	struct mount *mnt = container_of(vm, struct mount, mnt);
	__u64 pos = 0;
	__u8 flags = SSE_IF_TRUNC;
	int i;

	if (!d || off > OFF_MASK)
		return off;
	off = bound_off(off);
	for (i = 0; i < SSE_PATH_DEPTH; i++) {
		struct dentry *mnt_root = BPF_CORE_READ(mnt, mnt.mnt_root);
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		const unsigned char *name;
		__u32 p;
		long r;

		if (d == mnt_root) {
			struct mount *mp = BPF_CORE_READ(mnt, mnt_parent);
			if (mp == mnt || !mp) {
				flags = 0;
				break;
			}
			d = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = mp;
			continue;
		}
		name = BPF_CORE_READ(d, d_name.name);
		p = (off + ITEM_HDR + pos) & FULL_MASK;
		if (p > SCRATCH_SIZE - SSE_NAME_MAX)
			break;
		r = bpf_probe_read_kernel_str(&s->buf[p], SSE_NAME_MAX, name);
		if (r <= 0)
			break;
		pos += r;
		BOUND(pos, 0x1fff); /* widen: lets the verifier prune loop states */
		if (d == parent) {
			/* a pseudo file's dentry (memfd, pipe) is its own parent: its name is all */
			flags = 0;
			break;
		}
		if (pos > SSE_STR_MAX - SSE_NAME_MAX)
			break;
		d = parent;
	}
	item_hdr(s, off, type, pos, 0, flags);
	(*n)++;
	return off + ITEM_HDR + pad8(pos);
}

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
}

/* The name of the hierarchy `cg` belongs to, written at `s->buf[at]`: `unified` for the default
 * (v2) hierarchy, its controllers comma-separated as /proc/PID/cgroup lists them (`cpu,cpuacct`),
 * or the name of a named hierarchy without controllers (`systemd` for `name=systemd`). Returns
 * the length written, its NUL included, or 0. */
static __always_inline long put_hierarchy_name(struct scratch *s, __u32 at, struct css_set *cs,
					       struct cgroup *cg, struct cgroup_root *dfl_root)
{
	struct cgroup_root *root = BPF_CORE_READ(cg, root);
	unsigned int mask;
	long pos = 0;
	long r;
	int count;
	int i;

	if (root == dfl_root) {
		__builtin_memcpy(&s->buf[at], "unified", 8);
		return 8;
	}
	mask = BPF_CORE_READ(root, subsys_mask);
	if (!mask)
		return bpf_probe_read_kernel_str(&s->buf[at], 64, &root->name);
	/* The running kernel's number of controllers (its configuration decides), not ours: the
	 * mask's bits and css_set.subsys[] are indexed by its own ids. */
	count = CGROUP_SUBSYS_COUNT;
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, CGROUP_SUBSYS_COUNT))
		count = bpf_core_enum_value(enum cgroup_subsys_id, CGROUP_SUBSYS_COUNT);
	for (i = 0; i < 32 && i < count; i++) {
		struct cgroup_subsys_state *css;
		__u32 p;

		if (!(mask & (1u << i)))
			continue;
		css = BPF_CORE_READ(cs, subsys[i]);
		if (!css)
			continue;
		p = (at + pos) & FULL_MASK;
		if (p > SCRATCH_SIZE - 32)
			break;
		/* v1 lists a controller by its legacy name (`blkio`, not `io`) */
		r = bpf_probe_read_kernel_str(&s->buf[p], 32, BPF_CORE_READ(css, ss, legacy_name));
		if (r <= 0)
			break;
		/* the previous name's NUL becomes the separator only once this one is there */
		if (pos > 0)
			s->buf[(at + pos - 1) & FULL_MASK] = ',';
		pos += r;
		BOUND(pos, 0x1ff);
	}
	return pos;
}

/* One cgroup hierarchy: its name (above), then the cgroup's path components leaf first. */
static __always_inline __u32 put_cgroup(struct scratch *s, __u32 off, struct css_set *cs,
					struct cgroup *cg, struct cgroup_root *dfl_root, __u16 *n)
{
	struct kernfs_node *kn = BPF_CORE_READ(cg, kn);
	__u64 pos = 0;
	__u8 flags = SSE_IF_TRUNC;
	long r;
	int i;

	if (!kn || off > OFF_MASK)
		return off;
	off = bound_off(off);
	r = put_hierarchy_name(s, off + ITEM_HDR, cs, cg, dfl_root);
	if (r <= 0)
		return off;
	pos = r;
	BOUND(pos, 0x1ff);
	for (i = 0; i < SSE_CGROUP_DEPTH; i++) {
		struct kernfs_node *parent = kn_parent(kn);
		const char *name;
		__u32 p;

		if (!parent) {
			flags = 0;
			break;
		}
		name = BPF_CORE_READ(kn, name);
		p = (off + ITEM_HDR + pos) & FULL_MASK;
		if (p > SCRATCH_SIZE - SSE_NAME_MAX)
			break;
		r = bpf_probe_read_kernel_str(&s->buf[p], SSE_NAME_MAX, name);
		if (r <= 0)
			break;
		pos += r;
		BOUND(pos, 0x1fff); /* widen: lets the verifier prune loop states */
		if (pos > SSE_STR_MAX - SSE_NAME_MAX)
			break;
		kn = parent;
	}
	item_hdr(s, off, SSE_I_CGROUP, pos, 0, flags);
	(*n)++;
	return off + ITEM_HDR + pad8(pos);
}

/* Global (separately verified) wrappers around the item writers. Calling them keeps the
 * verifier from exploring every combination of items a record can hold: each one is verified
 * once, and its result is an opaque offset in the caller. */
#define HDR(s) ((struct sse_hdr *)(s)->buf)
#define META(type, arg, user) ((__u32)(type) | ((__u32)(arg) << 16) | ((__u32)(user) << 24))

__noinline int g_str(struct scratch *s, __u32 off, __u64 ptr, __u32 meta)
{
	__u16 n = 0;

	if (!s)
		return off;
	off = put_str(s, off, (const void *)ptr, meta & 0xffff, (meta >> 16) & 0xff, meta >> 24,
		      ctrs(), &n);
	HDR(s)->nparams += n;
	return off;
}

__noinline int g_mem(struct scratch *s, __u32 off, __u64 ptr, __u64 len, __u32 meta)
{
	__u16 n = 0;

	if (!s)
		return off;
	off = put_mem(s, off, (const void *)ptr, len, meta & 0xffff, (meta >> 16) & 0xff, ctrs(), &n);
	HDR(s)->nparams += n;
	return off;
}

__noinline int g_tuple(struct scratch *s, __u32 off, __s64 fd, __u32 arg)
{
	__u16 n = 0;

	if (!s)
		return off;
	off = put_tuple(s, off, fd, arg, &n);
	HDR(s)->nparams += n;
	return off;
}

/* `meta`: the argument index in bits 0-7, the SSE_OF_* facts wanted in bits 8-15. */
__noinline int g_file(struct scratch *s, __u32 off, __s64 fd, __u32 meta)
{
	__u16 n = 0;

	if (!s)
		return off;
	off = put_file(s, off, fd, meta & 0xff, (meta >> 8) & 0xff, &n);
	HDR(s)->nparams += n;
	return off;
}

__noinline int g_path(struct scratch *s, __u32 off, __u64 dentry, __u64 mnt, __u32 type)
{
	__u16 n = 0;

	if (!s)
		return off;
	off = put_path(s, off, (struct dentry *)dentry, (struct vfsmount *)mnt, type, &n);
	HDR(s)->nparams += n;
	return off;
}

/* One item for the hierarchy `link` (a `struct cgrp_cset_link` of the task's css_set) joins. */
__noinline int g_cgroup(struct scratch *s, __u32 off, __u64 link, __u64 dfl_root)
{
	struct cgrp_cset_link *l = (struct cgrp_cset_link *)link;
	__u16 n = 0;

	if (!s || !l)
		return off;
	off = put_cgroup(s, off, BPF_CORE_READ(l, cset), BPF_CORE_READ(l, cgrp),
			 (struct cgroup_root *)dfl_root, &n);
	HDR(s)->nparams += n;
	return off;
}

/* Every hierarchy the task's cgroups are in, each once: the css_set is linked to one cgroup per
 * hierarchy (v2, each v1 mount of one or more controllers, named v1 hierarchies such as
 * `name=systemd`), whatever order they were mounted in. */
static __always_inline __u32 put_cgroups(struct scratch *s, __u32 off, struct task_struct *t)
{
	struct css_set *cs = BPF_CORE_READ(t, cgroups);
	struct cgroup_root *dfl_root = BPF_CORE_READ(cs, dfl_cgrp, root);
	struct list_head *head = &cs->cgrp_links;
	struct list_head *pos = BPF_CORE_READ(cs, cgrp_links.next);
	__u64 link_off = bpf_core_field_offset(struct cgrp_cset_link, cgrp_link);
	int i;

	for (i = 0; i < SSE_CGROUP_HIERARCHIES; i++) {
		if (!pos || pos == head)
			break;
		off = g_cgroup(s, off, (__u64)pos - link_off, (__u64)dfl_root);
		pos = BPF_CORE_READ(pos, next);
	}
	return off;
}

static __always_inline __u32 new_encode_dev(__u32 major, __u32 minor)
{
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

/* struct sse_proc, comm and the argv area of task `t`; with `full`, also cwd, exe path,
 * exe facts and cgroups (exec). */
static __always_inline __u32 put_proc(struct scratch *s, __u32 off, struct task_struct *t, int full,
				      struct sse_counters *c, __u16 *n)
{
	const struct cred *cr = BPF_CORE_READ(t, real_cred);
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	struct sse_proc *p;
	unsigned long as, ae;

	if (off > OFF_MASK)
		return off;
	off = bound_off(off);
	p = (struct sse_proc *)&s->buf[off + ITEM_HDR];
	__builtin_memset(p, 0, sizeof(*p));
	p->ptid = BPF_CORE_READ(t, real_parent, tgid);
	{
		struct pid *tp = BPF_CORE_READ(t, thread_pid);
		unsigned int lvl = BPF_CORE_READ(tp, level);
		struct upid up;
		struct pid_namespace *ns;

		bpf_probe_read_kernel(&up, sizeof(up), (void *)tp + bpf_core_field_offset(struct pid, numbers) +
							       (lvl & 31) * sizeof(struct upid));
		p->vtid = up.nr;
		ns = up.ns;
		if (ns) {
			struct task_struct *reaper = BPF_CORE_READ(ns, child_reaper);
			if (reaper)
				p->pidns_init_start = BPF_CORE_READ(reaper, start_boottime);
		}
	}
	{
		struct task_struct *leader = BPF_CORE_READ(t, group_leader);
		struct pid *lp = BPF_CORE_READ(leader, thread_pid);
		unsigned int lvl = BPF_CORE_READ(lp, level);
		struct upid up;

		bpf_probe_read_kernel(&up, sizeof(up), (void *)lp + bpf_core_field_offset(struct pid, numbers) +
							       (lvl & 31) * sizeof(struct upid));
		p->vpid = up.nr;
	}
	p->uid = BPF_CORE_READ(cr, uid.val);
	p->gid = BPF_CORE_READ(cr, gid.val);
	p->euid = BPF_CORE_READ(cr, euid.val);
	p->egid = BPF_CORE_READ(cr, egid.val);
	p->cap_inheritable = BPF_CORE_READ(cr, cap_inheritable.val);
	p->cap_permitted = BPF_CORE_READ(cr, cap_permitted.val);
	p->cap_effective = BPF_CORE_READ(cr, cap_effective.val);
	p->loginuid = (__u32)-1;
	if (bpf_core_field_exists(t->loginuid))
		p->loginuid = BPF_CORE_READ(t, loginuid.val);
	p->fdlimit = BPF_CORE_READ(t, signal, rlim[RLIMIT_NOFILE].rlim_cur);
	if (full) {
		struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
		struct file *exe = BPF_CORE_READ(mm, exe_file);

		if (tty) {
			int idx = BPF_CORE_READ(tty, index);
			__u32 major = BPF_CORE_READ(tty, driver, major);
			__u32 minor = BPF_CORE_READ(tty, driver, minor_start) + idx;
			p->tty = new_encode_dev(major, minor);
		}
		if (exe) {
			struct inode *ino = BPF_CORE_READ(exe, f_inode);
			struct dentry *d = BPF_CORE_READ(exe, f_path.dentry);
			__u32 layer = ovl_layer(d);
			__u32 mode = BPF_CORE_READ(ino, i_mode);
			__u32 iuid = BPF_CORE_READ(ino, i_uid.val);
			__u32 igid = BPF_CORE_READ(ino, i_gid.val);
			char pre[8] = {};

			p->exe_ino = BPF_CORE_READ(ino, i_ino);
			p->exe_nlink = BPF_CORE_READ(ino, __i_nlink);
			if (bpf_core_field_exists(ino->i_ctime_sec)) {
				p->exe_ctime = BPF_CORE_READ(ino, i_ctime_sec) * 1000000000ULL +
					       BPF_CORE_READ(ino, i_ctime_nsec);
				p->exe_mtime = BPF_CORE_READ(ino, i_mtime_sec) * 1000000000ULL +
					       BPF_CORE_READ(ino, i_mtime_nsec);
			} else {
				struct inode___old *o = (void *)ino;
				p->exe_ctime = BPF_CORE_READ(o, __i_ctime.tv_sec) * 1000000000ULL +
					       BPF_CORE_READ(o, __i_ctime.tv_nsec);
				p->exe_mtime = BPF_CORE_READ(o, i_mtime.tv_sec) * 1000000000ULL +
					       BPF_CORE_READ(o, i_mtime.tv_nsec);
			}
			if (layer == SSE_FF_UPPER)
				p->exe_flags |= SSE_EF_UPPER;
			else if (layer == SSE_FF_LOWER)
				p->exe_flags |= SSE_EF_LOWER;
			bpf_probe_read_kernel(pre, 6, BPF_CORE_READ(d, d_name.name));
			if (pre[0] == 'm' && pre[1] == 'e' && pre[2] == 'm' && pre[3] == 'f' &&
			    pre[4] == 'd' && pre[5] == ':')
				p->exe_flags |= SSE_EF_MEMFD;
			if (p->euid == 0 || (mode & 0002) || (iuid == p->euid && (mode & 0200)) ||
			    (igid == p->egid && (mode & 0020)))
				p->exe_flags |= SSE_EF_WRITABLE;
		}
	}
	{
		struct task_struct *leader = BPF_CORE_READ(t, group_leader);
		struct pid *pg = BPF_CORE_READ(leader, signal, pids[PIDTYPE_PGID]);
		struct pid *sid = BPF_CORE_READ(leader, signal, pids[PIDTYPE_SID]);
		unsigned int lvl = BPF_CORE_READ(pg, level);
		struct upid up;

		/* numbers[] is a flexible array: address it by offset (aya-obj 0.3 CO-RE bug). */
		__u32 nums = bpf_core_field_offset(struct pid, numbers);

		bpf_probe_read_kernel(&up, sizeof(up), (void *)pg + nums);
		p->pgid = up.nr;
		bpf_probe_read_kernel(&up, sizeof(up), (void *)sid + nums);
		p->sid = up.nr;
		bpf_probe_read_kernel(&up, sizeof(up), (void *)pg + nums + (lvl & 31) * sizeof(struct upid));
		p->vpgid = up.nr;
	}
	item_hdr(s, off, SSE_I_PROC, sizeof(struct sse_proc), 0, 0);
	(*n)++;
	off += ITEM_HDR + sizeof(struct sse_proc);

	off = g_str(s, off, (__u64)__builtin_preserve_access_index(&t->comm), META(SSE_I_COMM, 0, 0));
	as = BPF_CORE_READ(mm, arg_start);
	ae = BPF_CORE_READ(mm, arg_end);
	if (mm && ae > as)
		off = g_mem(s, off, as, ae - as, META(SSE_I_ARGS, 0, 0));
	if (full) {
		struct fs_struct *fs = BPF_CORE_READ(t, fs);
		struct file *exe = BPF_CORE_READ(mm, exe_file);

		off = g_path(s, off, (__u64)BPF_CORE_READ(fs, pwd.dentry),
			     (__u64)BPF_CORE_READ(fs, pwd.mnt), SSE_I_CWD);
		if (exe)
			off = g_path(s, off, (__u64)BPF_CORE_READ(exe, f_path.dentry),
				     (__u64)BPF_CORE_READ(exe, f_path.mnt), SSE_I_EXEPATH);
		off = put_cgroups(s, off, t);
	}
	return off;
}

/* argv of a failed exec, read from user memory: NUL-separated like the argv area. */
static __always_inline __u32 put_argv(struct scratch *s, __u32 off, const char *const *argv,
				      __u8 arg, struct sse_counters *c, __u16 *n)
{
	__u64 pos = 0;
	__u8 flags = SSE_IF_TRUNC;
	int i;

	if (off > OFF_MASK)
		return off;
	off = bound_off(off);
	for (i = 0; i < SSE_EXEC_ARGV_MAX; i++) {
		const char *a = NULL;
		__u32 p;
		long r;

		if (bpf_probe_read_user(&a, sizeof(a), &argv[i]) < 0) {
			count_read_fail(c);
			break;
		}
		if (!a) {
			flags = 0;
			break;
		}
		p = (off + ITEM_HDR + pos) & FULL_MASK;
		if (p > SCRATCH_SIZE - SSE_NAME_MAX)
			break;
		r = bpf_probe_read_user_str(&s->buf[p], SSE_NAME_MAX, a);
		if (r <= 0)
			break;
		pos += r;
		BOUND(pos, 0x1fff); /* widen: lets the verifier prune loop states */
		if (pos > SSE_ARGS_MAX - SSE_NAME_MAX)
			break;
	}
	item_hdr(s, off, SSE_I_ARGS, pos, arg, flags);
	(*n)++;
	return off + ITEM_HDR + pad8(pos);
}

__noinline int g_proc(struct scratch *s, __u32 off, __u32 full)
{
	__u16 n = 0;

	if (!s)
		return off;
	HDR(s)->nparams += 1; /* the sse_proc item put_proc writes first */
	off = put_proc(s, off, (struct task_struct *)bpf_get_current_task(), full, ctrs(), &n);
	return off;
}

/* The environment area of the current task's (new) mm as one SSE_I_ENV item, cut at
 * SSE_ENV_MAX bytes (flagged). Placed last in an exec record: the item may reach past
 * SSE_RECORD_MAX, which the constant bound keeps within the scratch buffer. */
__noinline int g_env(struct scratch *s, __u32 off)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct mm_struct *mm = t->mm;
	unsigned long es, ee;
	__u64 len = 0;
	__u8 flags = 0;

	if (!s || !mm || off > OFF_MASK)
		return off;
	off = bound_off(off);
	es = mm->env_start;
	ee = mm->env_end;
	if (ee > es)
		len = ee - es;
	if (len > SSE_ENV_MAX) {
		len = SSE_ENV_MAX;
		flags = SSE_IF_TRUNC;
	}
	BOUND(len, 0x3fff);
	if (len > SSE_ENV_MAX)
		len = SSE_ENV_MAX;
	if (len && bpf_probe_read_user(&s->buf[off + ITEM_HDR], len, (void *)es) < 0) {
		flags = SSE_IF_FAULT;
		len = 0;
		count_read_fail(ctrs());
	}
	item_hdr(s, off, SSE_I_ENV, len, 0, flags);
	HDR(s)->nparams += 1;
	return off + ITEM_HDR + pad8(len);
}

__noinline int g_argv(struct scratch *s, __u32 off, __u64 argv, __u32 arg)
{
	__u16 n = 0;

	if (!s)
		return off;
	off = put_argv(s, off, (const char *const *)argv, arg, ctrs(), &n);
	HDR(s)->nparams += n;
	return off;
}

/* Ring-buffer flags for a record of `len` bytes: each CPU wakes the reader once per
 * `wakeup_bytes` it submitted; the reader also drains after a short poll timeout, so a trickle
 * is delivered without a wakeup per record. Counting per CPU avoids bpf_ringbuf_query, whose
 * read of the reader's position is a cache line shared with the reader's CPU. */
static __always_inline __u64 wake_flags(__u32 len)
{
	struct work *w = work();

	if (w) {
		w->unwoken += len;
		if (w->unwoken >= wakeup_bytes) {
			w->unwoken = 0;
			return BPF_RB_FORCE_WAKEUP;
		}
	}
	return BPF_RB_NO_WAKEUP;
}

/* A record lost because the ring buffer is full; `rel`: a loaded rule could have matched it. */
static __always_inline void count_drop(struct sse_counters *c, int rel)
{
	if (!c)
		return;
	__sync_fetch_and_add(&c->dropped, 1);
	/* added, not branched on: the verifier then need not tell the callers' states apart */
	__sync_fetch_and_add(&c->dropped_relevant, rel & 1);
}

static __always_inline void emit(struct scratch *s, __u32 len, struct sse_counters *c, int rel)
{
	struct sse_hdr *h = (struct sse_hdr *)s->buf;

	len &= FULL_MASK;
	h->len = len;
	if (bpf_ringbuf_output(&events, s->buf, len, wake_flags(len)) < 0) {
		count_drop(c, rel);
		return;
	}
	if (c)
		__sync_fetch_and_add(&c->sent, 1);
}

/* Syscall argument `i` as stored in the record (a variable index into the map value, which the
 * verifier accepts where a variable stack index is not). */
static __always_inline __u64 arg_get(struct scratch *s, __u32 i)
{
	return *(__u64 *)&s->buf[sizeof(struct sse_hdr) + (i & 7) * 8];
}

static __always_inline void fill_hdr(struct scratch *s, __u16 kind, __u16 nr, __s64 res)
{
	struct sse_hdr *h = (struct sse_hdr *)s->buf;
	__u64 pt = bpf_get_current_pid_tgid();

	h->ts = bpf_ktime_get_ns(); /* monotonic: cheaper than the boot clock here */
	h->res = res;
	h->len = 0;
	h->tid = (__u32)pt;
	h->pid = pt >> 32;
	h->kind = kind;
	h->nr = nr;
	h->nparams = 0;
	h->flags = 0;
	h->pad = 0;
}

/* ---- Records built in place in the ring buffer ----
 * The commonest records skip the per-CPU scratch buffer and the copy of bpf_ringbuf_output:
 * they are written straight into a bpf_ringbuf_reserve'd slot. The slot size must be a
 * constant, so there are two shapes: records without items (header and arguments only: close,
 * dup, failed opens...) and opens whose path fits FAST_PATH_MAX bytes with its NUL. An open
 * reserves that size class and states the bytes it used in sse_hdr.len; a path that reaches
 * the class bound is discarded and the record is rebuilt the general way, where paths go up to
 * SSE_STR_MAX, so what is captured and when it is marked truncated do not change. */
#define FAST_PATH_MAX 256
#define FAST_OPEN_LEN (SYSCALL_HDR + ITEM_HDR + sizeof(struct sse_file) + ITEM_HDR + FAST_PATH_MAX)
/* smaller slot classes: paths up to 63 and 127 bytes (with the FILE item) */
#define OPEN_SLOT_S (FAST_OPEN_LEN - FAST_PATH_MAX + 64)
#define OPEN_SLOT_M (FAST_OPEN_LEN - FAST_PATH_MAX + 128)
#define NR_OPEN_DEFAULT 64

/* The header of a record built in place (tid/pid from the task: plain loads). */
static __always_inline void hdr_in_place(struct sse_hdr *h, struct task_struct *t, __u16 nr,
					 __s64 res, __u32 len, __u16 nparams)
{
	h->ts = bpf_ktime_get_ns(); /* monotonic: cheaper than the boot clock here */
	h->res = res;
	h->len = len;
	h->tid = t->pid;
	h->pid = t->tgid;
	h->kind = SSE_K_SYSCALL;
	h->nr = nr;
	h->nparams = nparams;
	h->flags = 0;
	h->pad = 0;
}

static __always_inline void args_in_place(__u64 *a, struct pt_regs *regs)
{
	a[0] = regs->di;
	a[1] = regs->si;
	a[2] = regs->dx;
	a[3] = regs->r10;
	a[4] = regs->r8;
	a[5] = regs->r9;
}

/* `sent` is per CPU: a plain increment, like `seen` (see sys_exit), on the commonest records;
 * a locked add cost about 7 ns per record here. */
static __always_inline void submit_in_place(void *rec, __u32 slot, struct sse_counters *c)
{
	bpf_ringbuf_submit(rec, wake_flags(slot));
	if (c)
		c->sent++;
}

/* The file behind `fd` as a BTF pointer, while the process still uses the fd array embedded in
 * its files_struct (at most NR_OPEN_DEFAULT descriptors, the common case): the file's fields
 * are then plain loads instead of probe reads. The verifier wants a constant array index,
 * hence the switch. NULL when the table was expanded or the slot is empty. */
static __always_inline struct file *fd_file_btf(struct task_struct *t, long fd)
{
	struct files_struct *fs = t->files;
	struct fdtable *fdt;

	if (!fs || fd < 0 || fd >= NR_OPEN_DEFAULT)
		return NULL;
	fdt = fs->fdt;
	if (!fdt || (unsigned long)fdt->fd != (unsigned long)&fs->fd_array[0])
		return NULL;
	switch (fd) {
	case 0:
		return fs->fd_array[0];
	case 1:
		return fs->fd_array[1];
	case 2:
		return fs->fd_array[2];
	case 3:
		return fs->fd_array[3];
	case 4:
		return fs->fd_array[4];
	case 5:
		return fs->fd_array[5];
	case 6:
		return fs->fd_array[6];
	case 7:
		return fs->fd_array[7];
	case 8:
		return fs->fd_array[8];
	case 9:
		return fs->fd_array[9];
	case 10:
		return fs->fd_array[10];
	case 11:
		return fs->fd_array[11];
	case 12:
		return fs->fd_array[12];
	case 13:
		return fs->fd_array[13];
	case 14:
		return fs->fd_array[14];
	case 15:
		return fs->fd_array[15];
	case 16:
		return fs->fd_array[16];
	case 17:
		return fs->fd_array[17];
	case 18:
		return fs->fd_array[18];
	case 19:
		return fs->fd_array[19];
	case 20:
		return fs->fd_array[20];
	case 21:
		return fs->fd_array[21];
	case 22:
		return fs->fd_array[22];
	case 23:
		return fs->fd_array[23];
	case 24:
		return fs->fd_array[24];
	case 25:
		return fs->fd_array[25];
	case 26:
		return fs->fd_array[26];
	case 27:
		return fs->fd_array[27];
	case 28:
		return fs->fd_array[28];
	case 29:
		return fs->fd_array[29];
	case 30:
		return fs->fd_array[30];
	case 31:
		return fs->fd_array[31];
	case 32:
		return fs->fd_array[32];
	case 33:
		return fs->fd_array[33];
	case 34:
		return fs->fd_array[34];
	case 35:
		return fs->fd_array[35];
	case 36:
		return fs->fd_array[36];
	case 37:
		return fs->fd_array[37];
	case 38:
		return fs->fd_array[38];
	case 39:
		return fs->fd_array[39];
	case 40:
		return fs->fd_array[40];
	case 41:
		return fs->fd_array[41];
	case 42:
		return fs->fd_array[42];
	case 43:
		return fs->fd_array[43];
	case 44:
		return fs->fd_array[44];
	case 45:
		return fs->fd_array[45];
	case 46:
		return fs->fd_array[46];
	case 47:
		return fs->fd_array[47];
	case 48:
		return fs->fd_array[48];
	case 49:
		return fs->fd_array[49];
	case 50:
		return fs->fd_array[50];
	case 51:
		return fs->fd_array[51];
	case 52:
		return fs->fd_array[52];
	case 53:
		return fs->fd_array[53];
	case 54:
		return fs->fd_array[54];
	case 55:
		return fs->fd_array[55];
	case 56:
		return fs->fd_array[56];
	case 57:
		return fs->fd_array[57];
	case 58:
		return fs->fd_array[58];
	case 59:
		return fs->fd_array[59];
	case 60:
		return fs->fd_array[60];
	case 61:
		return fs->fd_array[61];
	case 62:
		return fs->fd_array[62];
	case 63:
		return fs->fd_array[63];
	}
	return NULL;
}

/* struct sse_file of `f` (a BTF pointer): the facts of `want` (SSE_OF_*) as put_file reads
 * them, with plain loads. */
static __always_inline void file_facts(struct sse_file *sf, struct file *f, __u8 want)
{
	struct inode *ino;
	struct dentry *d;
	struct super_block *isb = NULL;
	unsigned long magic = 0;

	sf->ino = 0;
	sf->dev = 0;
	sf->flags = ((want & SSE_OF_CREATED) && (f->f_mode & FMODE_CREATED)) ? SSE_FF_CREATED : 0;
	if (!(want & (SSE_OF_ID | SSE_OF_LAYER)))
		return;
	ino = f->f_inode;
	if (want & SSE_OF_ID)
		sf->flags |= SSE_FF_ID;
	if (ino) {
		if (want & SSE_OF_ID)
			sf->ino = ino->i_ino;
		isb = ino->i_sb;
		if (isb) {
			if (want & SSE_OF_ID)
				sf->dev = isb->s_dev;
			magic = isb->s_magic;
		}
	}
	if (!(want & SSE_OF_LAYER))
		return;
	d = f->f_path.dentry;
	if (d) {
		struct super_block *dsb = d->d_sb;
		struct inode *dino = d->d_inode;

		if (dsb && dsb != isb)
			magic = dsb->s_magic;
		if (dino && magic == OVERLAYFS_SUPER_MAGIC) {
			struct ovl_inode *oi = container_of(dino, struct ovl_inode, vfs_inode);
			sf->flags |= BPF_CORE_READ(oi, __upperdentry) ? SSE_FF_UPPER : SSE_FF_LOWER;
		}
	}
}

/* struct sse_file of `f` (an address from a probe read: the fd table was expanded) with three
 * object reads into `tmp` (per-CPU working memory): the file, its inode, the inode's super block. The opened path's
 * dentry is not read: on the kernels this runs on (BTF, >= 5.8) an overlayfs file's f_inode is
 * the overlay inode, i.e. the dentry's, so the super block's magic tells the layer. */
static __always_inline void file_facts_probe(struct sse_file *sf, __u8 *tmp, struct file *f,
					     __u8 want)
{
	struct super_block *isb;
	struct inode *ino;
	unsigned long magic;

	sf->ino = 0;
	sf->dev = 0;
	sf->flags = (want & SSE_OF_ID) ? SSE_FF_ID : 0;
	if (read_obj(tmp, MAX2(OBJ_END(struct file, f_mode), OBJ_END(struct file, f_inode)), f))
		return;
	if ((want & SSE_OF_CREATED) && (OBJ_FIELD(tmp, struct file, f_mode, __u32) & FMODE_CREATED))
		sf->flags |= SSE_FF_CREATED;
	if (!(want & (SSE_OF_ID | SSE_OF_LAYER)))
		return;
	ino = OBJ_FIELD(tmp, struct file, f_inode, struct inode *);
	if (!ino || read_obj(tmp, MAX2(OBJ_END(struct inode, i_ino), OBJ_END(struct inode, i_sb)), ino))
		return;
	if (want & SSE_OF_ID)
		sf->ino = OBJ_FIELD(tmp, struct inode, i_ino, __u64);
	isb = OBJ_FIELD(tmp, struct inode, i_sb, struct super_block *);
	if (!isb || read_obj(tmp, MAX2(OBJ_END(struct super_block, s_magic),
				      OBJ_END(struct super_block, s_dev)),
			     isb))
		return;
	if (want & SSE_OF_ID)
		sf->dev = OBJ_FIELD(tmp, struct super_block, s_dev, __u32);
	magic = OBJ_FIELD(tmp, struct super_block, s_magic, unsigned long);
	if ((want & SSE_OF_LAYER) && magic == OVERLAYFS_SUPER_MAGIC) {
		struct ovl_inode *oi = container_of(ino, struct ovl_inode, vfs_inode);
		sf->flags |= BPF_CORE_READ(oi, __upperdentry) ? SSE_FF_UPPER : SSE_FF_LOWER;
	}
}

#include "open_filter.h"

/* A record without items: header and arguments. */
static __always_inline void plain_in_place(struct task_struct *t, struct pt_regs *regs, __u16 nr,
					   long ret, struct sse_counters *c, int rel)
{
	struct sse_hdr *h = bpf_ringbuf_reserve(&events, SYSCALL_HDR, 0);

	if (!h) {
		count_drop(c, rel);
		return;
	}
	args_in_place((__u64 *)(h + 1), regs);
	hdr_in_place(h, t, nr, ret, SYSCALL_HDR, 0);
	submit_in_place(h, SYSCALL_HDR, c);
}

/* Writes an open record into `rec`, a reserved slot of `slot` bytes (a constant at each call,
 * so the verifier bounds the copy): arguments, the FILE item when `sf` is set, then the path
 * copied word by word from `pbuf`. */
static __always_inline void open_fill(__u8 *rec, const __u32 slot, struct pt_regs *regs,
				      struct sse_file *sf, __u64 *pbuf, __u32 len, __u8 flags,
				      __u8 arg)
{
	struct sse_item *it;
	__u32 off = SYSCALL_HDR;
	__u64 *dst;
	int i;

	args_in_place((__u64 *)(rec + sizeof(struct sse_hdr)), regs);
	if (sf) {
		it = (struct sse_item *)(rec + SYSCALL_HDR);
		it->type = SSE_I_FILE;
		it->len = sizeof(struct sse_file);
		it->arg = SSE_ARG_RES;
		it->flags = 0;
		it->pad = 0;
		__builtin_memcpy(it + 1, sf, sizeof(*sf));
		off += ITEM_HDR + sizeof(struct sse_file);
	}
	it = (struct sse_item *)(rec + off);
	it->type = SSE_I_STR;
	it->len = len;
	it->arg = arg;
	it->flags = flags;
	it->pad = 0;
	dst = (__u64 *)(rec + off + ITEM_HDR);
	for (i = 0; i < FAST_PATH_MAX / 8; i++) {
		if (i * 8 >= len || off + ITEM_HDR + i * 8 + 8 > slot)
			break;
		dst[i] = pbuf[i];
	}
}

/* open/openat/creat (one path argument, a new fd as result) built in place: the FILE item of
 * the result first, then the path. The path is read onto the stack first, so the slot can be
 * the smallest of three size classes that holds the record (the ring's capacity in records
 * stays close to that of exact-size records). `rel`: a loaded rule could match it (for the
 * drop counters). Returns 0 when the record must be built the general way (path of
 * FAST_PATH_MAX bytes or more, path argument not in the first two), else 1. */
/* Not inlined: its path buffer on the stack then only adds to sys_exit's own frame on this
 * branch, which calls nothing further, instead of to the frame under the deepest call chain
 * (sys_exit -> g_proc -> g_env / g_path), which the verifier bounds at 512 bytes. The stack, not
 * a per-CPU buffer, because a task preempted here must not find its path overwritten. At most
 * five arguments (BPF calling convention): the task, the syscall number and the spec's fields
 * are looked up again here. */
static __noinline int open_in_place(struct pt_regs *regs, long ret, struct sse_spec *sp, __u32 nr,
				    int rel)
{
	__u64 pbuf[FAST_PATH_MAX / 8];
	struct task_struct *t = bpf_get_current_task_btf();
	struct sse_counters *c = ctrs();
	struct sse_file sfv, *sf = NULL;
	__u8 str_mask = sp->str_mask, want = sp->file;
	struct file *f, *fp;
	const void *path;
	__u32 len = 0, need;
	__u8 flags = 0, arg;
	__u16 notdir = 0;
	__u8 *rec;
	long r;

	if (str_mask == 1) {
		arg = 0;
		path = (const void *)regs->di;
	} else if (str_mask == 2) {
		arg = 1;
		path = (const void *)regs->si;
	} else {
		return 0;
	}
	r = bpf_probe_read_user_str(pbuf, FAST_PATH_MAX, path);
	if (r >= FAST_PATH_MAX)
		return 0; /* maybe cut at the class bound: the general path reads up to SSE_STR_MAX */
	if (sp->dirfd_mask)
		notdir = notdir_flags(sp->dirfd_mask, regs->di, regs->si, regs->dx);
	if (r < 0) {
		flags = SSE_IF_FAULT;
		count_read_fail(c);
	} else if (r > 0) {
		len = r - 1;
		/* the bytes after the NUL in the last word are zeroed, not copied from the stack */
		if (len & 7)
			pbuf[(len >> 3) & 31] &= ~0ULL >> (64 - 8 * (len & 7));
	}
	if (ret >= 0 && want) {
		f = fd_file_btf(t, ret);
		if (f) {
			file_facts(&sfv, f, want);
			sf = &sfv;
		} else {
			struct work *w = work();

			fp = fd_file(ret);
			if (fp && w) {
				file_facts_probe(&sfv, w->tmp, fp, want);
				sf = &sfv;
			}
		}
	}
	need = SYSCALL_HDR + (sf ? ITEM_HDR + sizeof(struct sse_file) : 0) + ITEM_HDR + pad8(len);
	if (need <= OPEN_SLOT_S) {
		rec = bpf_ringbuf_reserve(&events, OPEN_SLOT_S, 0);
		if (rec)
			open_fill(rec, OPEN_SLOT_S, regs, sf, pbuf, len, flags, arg);
	} else if (need <= OPEN_SLOT_M) {
		rec = bpf_ringbuf_reserve(&events, OPEN_SLOT_M, 0);
		if (rec)
			open_fill(rec, OPEN_SLOT_M, regs, sf, pbuf, len, flags, arg);
	} else {
		rec = bpf_ringbuf_reserve(&events, FAST_OPEN_LEN, 0);
		if (rec)
			open_fill(rec, FAST_OPEN_LEN, regs, sf, pbuf, len, flags, arg);
	}
	if (!rec) {
		count_drop(c, rel);
		return 1;
	}
	hdr_in_place((struct sse_hdr *)rec, t, nr, ret, need, sf ? 2 : 1);
	((struct sse_hdr *)rec)->flags = notdir;
	submit_in_place(rec, need, c);
	return 1;
}

/* Whether the record for this spec and result carries no items. */
static __always_inline int is_plain(struct sse_spec *sp, long ret)
{
	if (sp->str_mask || sp->sa_arg || sp->mem_arg || sp->tuple_arg)
		return 0;
	if (sp->special == SSE_SP_NONE)
		return 1;
	return ret < 0 && (sp->special == SSE_SP_FILE_RES || sp->special == SSE_SP_TUPLE_RES);
}

/* A BTF tracepoint rather than a raw one: same hook and call cost, but the verifier knows
 * `regs` and the current task as kernel pointers, so the syscall number, the arguments and
 * the compat flag are plain loads instead of one bpf_probe_read_kernel call each (about 25 ns
 * per call here, paid on every syscall for the number). */
SEC("tp_btf/sys_exit")
int sys_exit(__u64 *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx[0];
	long ret = (long)ctx[1];
	struct sse_counters *c = ctrs();
	struct task_struct *t;
	struct sse_spec *sp;
	struct scratch *s;
	__u32 zero = 0, nr, off;
	int i, rel;

	/* Per-CPU and paid on every syscall: a plain increment, not a locked one. Only a task
	 * preempted inside these few instructions by another task's syscall exit on the same CPU
	 * could lose one count of this statistic (kernels that run syscall tracepoint programs
	 * with preemption disabled cannot). `sent` of in-place records likewise; `dropped` and
	 * the other records' `sent` stay atomic. */
	if (c)
		c->seen++;
	nr = (__u32)regs->orig_ax;
	if (nr >= SSE_NR_PROCEXIT)
		return 0;
	sp = bpf_map_lookup_elem(&specs, &nr);
	if (!sp || !sp->want)
		return 0;
	t = bpf_get_current_task_btf();
	if (t->thread_info.status & TS_COMPAT)
		return 0;
	if (sp->special == SSE_SP_EXEC && ret == 0)
		return 0; /* reported by sched_process_exec */
	rel = sp->relevant;
	/* a close of an fd whose open was left in the kernel: userspace has no entry to remove */
	if ((sp->filter & SSE_FLT_CLOSE) && filter_on() && unforget_fd((int)regs->di)) {
		if (c)
			c->filtered++;
		return 0;
	}
	/* a failed call no rule can match and the state ignores (connect) */
	if (sp->filter_failed && ret < 0 && ret != -115 /* -EINPROGRESS */ && filter_on()) {
		if (c)
			c->filtered++;
		return 0;
	}
	/* a socket call no rule can match: failed, or of a domain whose fds no rule reads */
	if (sp->filter & SSE_FLT_SOCKET) {
		int v = socket_verdict(regs->di, ret);

		if (v == OV_SKIP) {
			if (c)
				c->filtered++;
			return 0;
		}
		if (v == OV_STATE)
			rel = 0;
	}
	/* an fcntl that changes nothing the state keeps, a dup of a left-out fd */
	if ((sp->filter & (SSE_FLT_FCNTL | SSE_FLT_DUP)) && filter_on() &&
	    fd_use_left_out(sp->filter, regs->si, (int)regs->di, ret)) {
		if (c)
			c->filtered++;
		return 0;
	}
	if ((sp->filter & 0xf) && filter_on()) {
		/* open: path first, flags second; openat: dirfd, path, flags; creat: no flags */
		__u64 path = sp->str_mask == 1 ? regs->di : regs->si;
		__u64 raw = sp->str_mask == 1 ? regs->si : regs->dx;
		int v = open_verdict(path, sp->filter & 0xf, raw, ret);

		if (v == OV_SKIP) {
			if (c)
				c->filtered++;
			if (ret >= 0)
				forget_fd(ret);
			return 0;
		}
		rel = v == OV_RELEVANT;
	}
	if (is_plain(sp, ret)) {
		plain_in_place(t, regs, nr, ret, c, rel);
		if (sp->fd_new || sp->special == SSE_SP_CLONE)
			marks_after(sp->fd_new, sp->special, ret);
		return 0;
	}
	if (sp->special == SSE_SP_FILE_RES && !sp->sa_arg && !sp->mem_arg && !sp->tuple_arg &&
	    open_in_place(regs, ret, sp, nr, rel)) {
		if (sp->fd_new)
			marks_after(sp->fd_new, sp->special, ret);
		return 0;
	}
	s = bpf_map_lookup_elem(&scratch_map, &zero);
	if (!s)
		return 0;
	fill_hdr(s, SSE_K_SYSCALL, nr, ret);
	if (sp->dirfd_mask)
		((struct sse_hdr *)s->buf)->flags = notdir_flags(sp->dirfd_mask, regs->di, regs->si, regs->dx);
	/* straight into the scratch record: a copy on the stack would push the deepest call chain
	 * (open_in_place's path buffer, then g_argv) past the verifier's 512-byte stack bound */
	args_in_place((__u64 *)&s->buf[sizeof(struct sse_hdr)], regs);
	off = SYSCALL_HDR;

	for (i = 0; i < 6; i++) {
		if (sp->str_mask & (1 << i))
			off = g_str(s, off, arg_get(s, i), META(SSE_I_STR, i, 1));
	}
	if (sp->sa_arg && sp->sa_arg <= 6) {
		__u8 a = (sp->sa_arg - 1) & 7;
		__u64 len = 0;
		if (sp->sa_len_arg && sp->sa_len_arg <= 6)
			len = arg_get(s, sp->sa_len_arg - 1);
		if (len > 128)
			len = 128;
		if (a < 6 && arg_get(s, a) && len)
			off = g_mem(s, off, arg_get(s, a), len, META(SSE_I_SOCKADDR, a, 0));
	}
	if (sp->mem_arg && sp->mem_arg <= 6) {
		__u8 a = (sp->mem_arg - 1) & 7;
		__u32 len = sp->mem_len;
		if (len > SSE_MEM_MAX)
			len = SSE_MEM_MAX;
		if (a < 6 && arg_get(s, a) && (ret >= 0 || sp->special != SSE_SP_CLONE))
			off = g_mem(s, off, arg_get(s, a), len, META(SSE_I_MEM, a, 0));
	}
	if (sp->tuple_arg && sp->tuple_arg <= 6) {
		__u8 a = (sp->tuple_arg - 1) & 7;
		if (a < 6)
			off = g_tuple(s, off, (__s64)arg_get(s, a), a);
	}
	if (sp->special == SSE_SP_TUPLE_RES && ret >= 0)
		off = g_tuple(s, off, ret, SSE_ARG_RES);
	if (sp->special == SSE_SP_FILE_RES && ret >= 0 && sp->file)
		off = g_file(s, off, ret, SSE_ARG_RES | ((__u32)sp->file << 8));
	if (sp->special == SSE_SP_CLONE && ret >= 0)
		off = g_proc(s, off, 0);
	if (sp->special == SSE_SP_EXEC && sp->argv_arg && sp->argv_arg <= 6) {
		__u8 a = (sp->argv_arg - 1) & 7;
		if (a < 6)
			off = g_argv(s, off, arg_get(s, a), a);
	}
	if (off > OFF_MASK)
		((struct sse_hdr *)s->buf)->flags |= SSE_RF_TRUNCATED;
	emit(s, off, c, rel);
	if (sp->fd_new || sp->special == SSE_SP_CLONE)
		marks_after(sp->fd_new, sp->special, ret);
	return 0;
}

/* Whether successful execs are wanted: 0 no, 1 yes, 2 yes and a rule can match them. */
static __always_inline int exec_wanted(void)
{
	__u32 a = 59, b = 322; /* execve, execveat */
	struct sse_spec *sa = bpf_map_lookup_elem(&specs, &a);
	struct sse_spec *sb = bpf_map_lookup_elem(&specs, &b);

	if (!(sa && sa->want) && !(sb && sb->want))
		return 0;
	return (sa && sa->relevant) ? 2 : 1;
}

SEC("tp_btf/sched_process_exec")
int sched_exec(__u64 *ctx)
{
	struct linux_binprm *bprm = (struct linux_binprm *)ctx[2];
	struct sse_counters *c = ctrs();
	struct scratch *s;
	__u32 zero = 0, off;
	int wanted;

	if (c)
		__sync_fetch_and_add(&c->seen, 1);
	/* the exec may have replaced a shared fd table with a new one */
	if (filter_on())
		forget_none();
	wanted = exec_wanted();
	if (!wanted)
		return 0;
	s = bpf_map_lookup_elem(&scratch_map, &zero);
	if (!s)
		return 0;
	fill_hdr(s, SSE_K_EXEC, 59, 0);
	off = sizeof(struct sse_hdr);
	off = g_str(s, off, (__u64)BPF_CORE_READ(bprm, filename), META(SSE_I_FILENAME, 0, 0));
	off = g_proc(s, off, 1);
	if (off > OFF_MASK)
		((struct sse_hdr *)s->buf)->flags |= SSE_RF_TRUNCATED;
	else if (want_env)
		off = g_env(s, off);
	emit(s, off, c, wanted == 2);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int sched_exit(__u64 *ctx)
{
	struct sse_counters *c = ctrs();
	__u32 zero = 0, key = SSE_NR_PROCEXIT, off;
	struct task_struct *t;
	struct sse_spec *sp;
	struct scratch *s;
	struct sse_exit *e;

	if (c)
		__sync_fetch_and_add(&c->seen, 1);
	sp = bpf_map_lookup_elem(&specs, &key);
	if (!sp || !sp->want)
		return 0;
	s = bpf_map_lookup_elem(&scratch_map, &zero);
	if (!s)
		return 0;
	t = (struct task_struct *)bpf_get_current_task();
	fill_hdr(s, SSE_K_PROCEXIT, 0, 0);
	off = sizeof(struct sse_hdr);
	e = (struct sse_exit *)&s->buf[off + ITEM_HDR];
	e->exit_code = BPF_CORE_READ(t, exit_code);
	e->pad = 0;
	item_hdr(s, off, SSE_I_EXIT, sizeof(struct sse_exit), 0, 0);
	off += ITEM_HDR + sizeof(struct sse_exit);
	((struct sse_hdr *)s->buf)->nparams = 1;
	emit(s, off, c, sp->relevant);
	return 0;
}
