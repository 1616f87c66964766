/* SPDX-License-Identifier: GPL-2.0 */
/* The in-kernel open filter: which opens no loaded rule can match and the state does not need,
 * left unsent; the closes of their fds; and which directory-fd arguments are not directories.
 * Included by syssentry.bpf.c after the fd helpers it uses. The same decision, step by step,
 * is `KernelFilter::open_verdict` in event/src/kernel_filter.rs (the tests replay it there);
 * userspace derives the clauses and prefixes from the rules and fills these maps.
 *
 * An open is left in the kernel when the filter is on for its type, its path is absolute and
 * normalised (no empty, `.` or `..` component, no trailing `/`, shorter than SSE_PATH_KEY_MAX),
 * no clause admits it, and it failed or returned a regular file while the rules read no fd
 * entry such an open adds (`forget_files`). The fd of such an open is marked (fds 0..1023)
 * until a close of it, also left in the kernel, or a sent record that makes the same fd number
 * (userspace then has an entry for it): in the task's own storage (`forgotten_own`) when no
 * other task uses its fd table, else in `forgotten`, keyed by the table. A socket call no rule
 * can match is left out when it failed, or when its domain's fds are ones no rule reads (unix,
 * netlink; `socket_forget`), its fd then marked in the same way. */

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, SSE_PREFIXES);
	__type(key, struct sse_path_key);
	__type(value, __u64); /* the clauses (bit i: clause i) whose prefix the key is */
	__uint(map_flags, BPF_F_NO_PREALLOC);
} prefixes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SSE_CLAUSES);
	__type(key, __u32);
	__type(value, struct sse_clause);
} clauses SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sse_filter_cfg);
} filter_cfg SEC(".maps");

#define FORGET_MAX 1024 /* fds marked; a close of a higher one is always sent */

/* Bit n: fd n's open was left in the kernel. */
struct marks {
	__u64 bits[FORGET_MAX / 64];
};

/* files_struct address -> the marks of that fd table. An entry that is missing (never made, or
 * evicted) means "none": closes are then sent, which is always safe. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, SSE_FORGOTTEN);
	__type(key, __u64);
	__type(value, struct marks);
} forgotten SEC(".maps");

/* The marks of a task whose fd table no other task uses (`files_struct.count` 1 when marked),
 * for that table (`files`): reached through the task, with no hashing or LRU bookkeeping. Only
 * the task itself reads or writes them. Another task can come to share the table only through a
 * clone by this one, whose return clears them (`marks_after`) before the task can close
 * anything, so a mark here is never one another task's reuse of the fd number made stale. */
struct own_marks {
	__u64 files;
	__u64 bits[FORGET_MAX / 64];
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct own_marks);
} forgotten_own SEC(".maps");

#define S_IFDIR 0040000

enum open_verdict { OV_SKIP, OV_STATE, OV_RELEVANT };

static __always_inline struct sse_filter_cfg *filter_on(void)
{
	__u32 zero = 0;
	struct sse_filter_cfg *f = bpf_map_lookup_elem(&filter_cfg, &zero);

	return (f && f->on) ? f : NULL;
}

static __always_inline __u64 files_key(void)
{
	struct task_struct *t = bpf_get_current_task_btf();

	return (__u64)t->files;
}

/* The current task's own marks for its fd table; made (for a table only it uses) when
 * `create`; NULL when there are none. */
static __always_inline struct own_marks *own_marks(int create)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct files_struct *files = t->files;
	struct own_marks *m;

	if (!files || (create && files->count.counter != 1))
		return NULL;
	m = bpf_task_storage_get(&forgotten_own, t, 0, create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
	if (!m)
		return NULL;
	if (m->files != (__u64)files) {
		if (!create)
			return NULL;
		__builtin_memset(m->bits, 0, sizeof(m->bits));
		m->files = (__u64)files;
	}
	return m;
}

/* The mark functions are global: the verifier checks each once, on its own, and their frames
 * are not added to the deepest call chain of sys_exit. */

/* Marks `fd` of the current fd table as left in the kernel. A lost race with another CPU
 * creating the table's `forgotten` entry loses the mark: the close is then sent (safe). */
__noinline int forget_fd(long fd)
{
	__u64 key, v;
	struct marks *m, fresh = {};
	struct own_marks *own;

	if (fd < 0 || fd >= FORGET_MAX)
		return 0;
	v = 1ULL << (fd & 63);
	own = own_marks(1);
	if (own) {
		own->bits[(fd >> 6) & (FORGET_MAX / 64 - 1)] |= v;
		return 0;
	}
	key = files_key();
	m = bpf_map_lookup_elem(&forgotten, &key);
	if (m) {
		__sync_fetch_and_or(&m->bits[(fd >> 6) & (FORGET_MAX / 64 - 1)], v);
	} else {
		fresh.bits[(fd >> 6) & (FORGET_MAX / 64 - 1)] = v;
		bpf_map_update_elem(&forgotten, &key, &fresh, BPF_NOEXIST);
	}
	return 0;
}

/* Clears the mark of `fd`; returns whether it was set. A mark is in one place at a time: a
 * table's fd number is marked again only after a close or a sent record cleared it. */
__noinline int unforget_fd(long fd)
{
	__u64 key, v, *w;
	struct marks *m;
	struct own_marks *own;

	if (fd < 0 || fd >= FORGET_MAX)
		return 0;
	v = 1ULL << (fd & 63);
	own = own_marks(0);
	if (own) {
		w = &own->bits[(fd >> 6) & (FORGET_MAX / 64 - 1)];
		if (*w & v) {
			*w &= ~v;
			return 1;
		}
	}
	key = files_key();
	m = bpf_map_lookup_elem(&forgotten, &key);
	if (!m)
		return 0;
	w = &m->bits[(fd >> 6) & (FORGET_MAX / 64 - 1)];
	if (!(*w & v))
		return 0;
	return (__sync_fetch_and_and(w, ~v) & v) != 0;
}

/* Whether `fd` is marked as left in the kernel. */
static __always_inline int fd_marked(long fd)
{
	__u64 key, v;
	struct marks *m;
	struct own_marks *own;

	if (fd < 0 || fd >= FORGET_MAX)
		return 0;
	v = 1ULL << (fd & 63);
	own = own_marks(0);
	if (own && (own->bits[(fd >> 6) & (FORGET_MAX / 64 - 1)] & v))
		return 1;
	key = files_key();
	m = bpf_map_lookup_elem(&forgotten, &key);
	return m && (m->bits[(fd >> 6) & (FORGET_MAX / 64 - 1)] & v);
}

/* Drops the current task's own marks. */
static __always_inline void forget_own(void)
{
	struct own_marks *own = own_marks(0);

	if (own)
		own->files = 0;
}

/* The decision for a socket call of `domain` returning `ret` (KernelFilter::socket_verdict):
 * OV_SKIP (left in the kernel, its fd marked when it has one), OV_STATE (sent for the state
 * only), or -1 when the filter is off or a rule can match it (sent as its spec says). */
__noinline int socket_verdict(__u64 domain, long ret)
{
	struct sse_filter_cfg *f = filter_on();

	if (!f || domain >= 64 || (f->socket_admitted & (1ULL << domain)))
		return -1;
	if (ret < 0)
		return OV_SKIP;
	if (!(f->socket_forget & (1ULL << domain)))
		return OV_STATE;
	forget_fd(ret);
	return OV_SKIP;
}

/* Whether an fcntl (command `cmd`) or dup of `fd` returning `ret` is left in the kernel
 * (`filter`: its spec's SSE_FLT_FCNTL or SSE_FLT_DUP; KernelFilter::leaves_out_fd_use). A
 * duplicate of a left-out fd is marked in turn. */
__noinline int fd_use_left_out(__u32 filter, __u64 cmd, long fd, long ret)
{
	int dups = !(filter & SSE_FLT_FCNTL) || cmd == 0 /* F_DUPFD */ || cmd == 1030 /* F_DUPFD_CLOEXEC */;

	if (!dups)
		return 1;
	if (!fd_marked(fd))
		return 0;
	if (ret >= 0)
		forget_fd(ret);
	return 1;
}

/* Drops every mark of the current fd table (a new or replaced table, or fds made unseen). */
__noinline int forget_none(void)
{
	__u64 key = files_key();

	forget_own();
	bpf_map_delete_elem(&forgotten, &key);
	return 0;
}

/* What a sent record of a syscall whose spec has `fd_new` and `special` changes in the marks. */
__noinline int marks_after(__u32 fd_new, __u32 special, long ret)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (!filter_on())
		return 0;
	if (fd_new == SSE_FN_RES && ret >= 0)
		unforget_fd(ret);
	else if (fd_new == SSE_FN_MANY && ret >= 0)
		forget_none();
	/* the child of a fork has a new fd table, possibly at a freed table's address */
	if (special == SSE_SP_CLONE && ret == 0 && t->pid == t->tgid)
		forget_none();
	/* the new task may share the parent's table: the parent's own marks end here */
	if (special == SSE_SP_CLONE && ret > 0)
		forget_own();
	return 0;
}

/* The BTF id of `struct file` in the running kernel, when the loader linked the call below to
 * the kernel's bpf_rdonly_cast kfunc; 0 otherwise. */
const volatile __u32 file_btf_id = 0;

/* A call of the bpf_rdonly_cast kfunc, encoded by hand since aya 0.14 relocates no kfunc call:
 * `call` with src_reg 2 (a kfunc) and a marker for an immediate, which the loader replaces with
 * the kfunc's BTF id, or the whole instruction with `r0 = 0` where the kernel has no such kfunc
 * (capture-bpf/src/kfunc.rs, RDONLY_CAST_CALL: keep the two in step). */
#define SSE_RDONLY_CAST_CALL ".quad 0x5e5ec0de00002085"

/* `f` as a `struct file` the verifier knows the type of, so that its fields are plain loads
 * instead of probe reads; NULL when the kernel has no bpf_rdonly_cast. The cast itself costs
 * nothing: the verifier turns the call into a register move. */
static __always_inline struct file *file_cast(struct file *f)
{
	struct file *out;
	__u32 id = file_btf_id;

	if (!id)
		return NULL;
	asm volatile("r1 = %[f]\n\tr2 = %[id]\n\t" SSE_RDONLY_CAST_CALL "\n\t%[out] = r0"
		     : [out] "=r"(out)
		     : [f] "r"(f), [id] "r"(id)
		     : "r0", "r1", "r2", "r3", "r4", "r5");
	return out;
}

/* Whether `fd` of the current task is an open directory: 1 yes, 0 no (or not open). */
static __noinline int fd_is_dir(long fd)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct file *f = fd_file_btf(t, fd);
	__u32 mode;

	if (f) {
		struct inode *ino = f->f_inode;

		mode = ino ? ino->i_mode : 0;
	} else {
		struct file *typed;

		/* an fd table expanded past its embedded slots: one probe read for the file */
		f = fd_file(fd);
		if (!f)
			return 0;
		typed = file_cast(f);
		if (typed) {
			struct inode *ino = typed->f_inode;

			mode = ino ? ino->i_mode : 0;
		} else {
			mode = BPF_CORE_READ(f, f_inode, i_mode);
		}
	}
	return (mode & S_IFMT) == S_IFDIR;
}

/* SSE_RF_NOTDIR0 << i for each directory-fd argument i (bits of `mask`; the first three
 * arguments, a0..a2) holding an fd that is not an open directory. AT_FDCWD and other negative
 * values are left alone. A global function, checked once by the verifier. */
__noinline __u32 notdir_flags(__u32 mask, long a0, long a1, long a2)
{
	__u32 flags = 0;

	if ((mask & 1) && (int)a0 >= 0 && !fd_is_dir((int)a0))
		flags |= SSE_RF_NOTDIR0;
	if ((mask & 2) && (int)a1 >= 0 && !fd_is_dir((int)a1))
		flags |= SSE_RF_NOTDIR0 << 1;
	if ((mask & 4) && (int)a2 >= 0 && !fd_is_dir((int)a2))
		flags |= SSE_RF_NOTDIR0 << 2;
	return flags;
}

/* The SSE_NEED_* bits raw open flags satisfy (without branches, like bytes_in). */
static __always_inline __u32 needs_met(__u64 raw)
{
	__u64 acc = raw & 3;
	/* access modes 0 (read), 1 (write), 2 (both), 3 (neither) */
	__u64 read = ((0x5 >> acc) & 1), write = ((0x6 >> acc) & 1);

	return read * SSE_NEED_READ | write * SSE_NEED_WRITE | ((raw >> 6) & 1) * SSE_NEED_CREAT |
	       ((raw >> 9) & 1) * SSE_NEED_TRUNC | ((raw >> 10) & 1) * SSE_NEED_APPEND;
}

/* Whether clause `i` (already known to apply to the type and flags) admits a path with these
 * features whose last SSE_SUFFIX_MAX bytes are `tail` (`len` bytes long). */
static __always_inline int clause_admits(__u32 i, __u64 *tail, __u32 len, __u8 feat)
{
	struct sse_clause *cl = bpf_map_lookup_elem(&clauses, &i);
	int k;

	if (!cl || (cl->features & ~feat) || cl->suffix_len > len)
		return 0;
	for (k = 0; k < SSE_SUFFIX_MAX / 8; k++)
		if ((tail[k] ^ cl->suffix[k]) & cl->mask[k])
			return 0;
	return 1;
}

#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL
#define LOW7 0x7f7f7f7f7f7f7f7fULL

/* 0x80 in each byte of `x` that equals `c`, 0 elsewhere (exact: no carries between bytes). */
static __always_inline __u64 bytes_eq(__u64 x, __u8 c)
{
	__u64 t = x ^ (ONES * c);

	return ~(((t & LOW7) + LOW7) | t | LOW7);
}

/* 0x80 in each byte of word `j` of the path that lies before its end (`len`). Without
 * branches: a branch here would give the verifier three states per word to follow. */
static __always_inline __u64 bytes_in(__u32 j, __u32 len)
{
	__s64 n = (__s64)len - 8 * (__s64)j;
	__s64 neg = n >> 63, over;

	n &= ~neg;                 /* at least 0 */
	over = (8 - n) >> 63;      /* -1 when above 8 */
	n = (n & ~over) | (8 & over);
	/* the low 8n bits; two shifts so that n = 8 gives all bits, not a shift by 64 */
	return HIGH & (((1ULL << (4 * n)) << (4 * n)) - 1);
}

/* The byte masks of word j+1 shifted under word j by `k` bytes. */
#define NEXT(a0, a1, k) (((a0) >> (8 * (k))) | ((a1) << (64 - 8 * (k))))

/* Whether the path in `w` (words, `len` bytes, starting with '/') is normalised (no empty, `.`
 * or `..` component, no trailing '/'); sets SSE_PF_* in `feat`. A word at a time, without
 * branches per byte, so the verifier sees one short path per word. */
static __always_inline int path_is_plain(__u64 *w, __u32 len, __u8 *feat)
{
	__u64 bad = 0, dotdot = 0;
	__u32 j;

	for (j = 0; j < SSE_PATH_KEY_MAX / 8 - 1; j++) {
		__u64 v0, v1, s0, s1, d0, d1, z0, z1, w0, w1;

		if (8 * j > len)
			break;
		w0 = w[j & 31];
		w1 = w[(j + 1) & 31];
		v0 = bytes_in(j, len);
		v1 = bytes_in(j + 1, len);
		s0 = bytes_eq(w0, '/') & v0;
		s1 = bytes_eq(w1, '/') & v1;
		d0 = bytes_eq(w0, '.') & v0;
		d1 = bytes_eq(w1, '.') & v1;
		z0 = HIGH & ~v0;
		z1 = HIGH & ~v1;
		/* "//" and a trailing '/'; "/." and "/.." components */
		bad |= s0 & (NEXT(s0, s1, 1) | NEXT(z0, z1, 1));
		bad |= s0 & NEXT(d0, d1, 1) & (NEXT(s0, s1, 2) | NEXT(z0, z1, 2));
		bad |= s0 & NEXT(d0, d1, 1) & NEXT(d0, d1, 2) & (NEXT(s0, s1, 3) | NEXT(z0, z1, 3));
		dotdot |= d0 & NEXT(d0, d1, 1) & NEXT(s0, s1, 2);
	}
	if (dotdot)
		*feat |= SSE_PF_DOTDOT_SLASH;
	return !bad;
}

/* The verdict for an open of open-family type bit `bit` whose path argument is `path` (user
 * memory), with raw flags `raw` (open, openat), returning `ret`. The path is read again here,
 * onto this function's stack: an open left in the kernel costs this one read, and only opens
 * that are sent pay for a second. A global function: the verifier checks it once, on its own,
 * and its frame is not under open_in_place's. */
__noinline int open_verdict(__u64 path, __u32 bit, __u64 raw, long ret)
{
	struct sse_filter_cfg *cfg = filter_on();
	struct sse_path_key key;
	__u64 m, *mask;
	__u8 feat = 0;
	__u32 len, i;
	long r;

	if (!cfg)
		return OV_RELEVANT;
	r = bpf_probe_read_user_str(key.path, SSE_PATH_KEY_MAX, (const void *)path);
	if (r < 2 || r >= SSE_PATH_KEY_MAX)
		return OV_RELEVANT; /* unreadable, empty, or maybe longer than compared: sent */
	len = r - 1;
	if (key.path[0] != '/' || !path_is_plain((__u64 *)key.path, len, &feat))
		return OV_RELEVANT; /* fd.name may differ from the path: sent */
	key.prefixlen = 32 + 8 * r;
	*(__u32 *)key.zero = 0;
	if (cfg->hint_on) {
		__u64 h = (*(__u64 *)key.path * SSE_HINT_MUL) >> (64 - SSE_HINT_BITS);

		if (r < 8 || !(cfg->hint[(h >> 6) & 63] & (1ULL << (h & 63))))
			mask = &cfg->root_mask; /* only the empty key can be a prefix */
		else
			mask = bpf_map_lookup_elem(&prefixes, &key);
	} else {
		mask = bpf_map_lookup_elem(&prefixes, &key);
	}
	m = mask ? *mask : 0;
	/* only the clauses of this type whose flag needs the open meets (creat: not tested) */
	m &= cfg->by_type[bit == 1 ? 0 : bit == 2 ? 1 : bit == 4 ? 2 : 3];
	m &= cfg->by_needs[bit <= 2 ? needs_met(raw) : 31];
	if (m) {
		struct work *w = work();
		__u64 *tail;

		if (!w)
			return OV_RELEVANT;
		tail = (__u64 *)w->tmp;
		/* the path's last bytes, right-aligned; bytes before the path are masked out */
		bpf_probe_read_kernel(tail, SSE_SUFFIX_MAX, key.path + len - SSE_SUFFIX_MAX);
		for (i = 0; i < SSE_CLAUSES; i++) {
			if (!m)
				break;
			if ((m & 1) && clause_admits(i, tail, len, feat))
				return OV_RELEVANT;
			m >>= 1;
		}
	}
	if (ret < 0)
		return OV_SKIP;
	if (!cfg->forget_files || fd_is_dir(ret))
		return OV_STATE;
	return OV_SKIP;
}
