/* syssentry capture ABI: the records the BPF programs write into the ring buffer and the maps
 * userspace fills. Shared by the BPF C programs (clang -target bpf) and Rust (bindgen).
 *
 * A record is a fixed header (struct sse_hdr) followed by a typed, variable-length payload:
 *   SSE_K_SYSCALL:  sse_hdr, __u64 args[6], then `nparams` items
 *   SSE_K_EXEC:     sse_hdr, then `nparams` items (the new process image; SSE_I_ENV last, and
 *                   only when the loader asked for environments)
 *   SSE_K_PROCEXIT: sse_hdr, then `nparams` items
 * Every item is a struct sse_item followed by `len` data bytes, padded to 8 bytes. Items may
 * come in any order (readers find them by type and argument). A ring-buffer sample may be
 * longer than sse_hdr.len (a record built in a reserved slot of a fixed size class); the bytes
 * past sse_hdr.len mean nothing.
 * All integers are little-endian host order, fixed width, with explicit padding.
 *
 * Bump SSE_ABI_VERSION on any change to a struct, a constant or the record layout: the loader
 * refuses an object whose `.rodata` `sse_abi_version` differs from the value it was built with. */
#ifndef SYSSENTRY_ABI_H
#define SYSSENTRY_ABI_H

#ifndef __bpf__
#include <linux/types.h>
#endif

#define SSE_ABI_VERSION 6

/* Record kinds (sse_hdr.kind). */
#define SSE_K_SYSCALL 1
#define SSE_K_EXEC 2
#define SSE_K_PROCEXIT 3

/* Record flags (sse_hdr.flags). */
#define SSE_RF_TRUNCATED 1 /* some items were left out: the record hit SSE_RECORD_MAX */
#define SSE_RF_NOTDIR0 0x100 /* << i: directory-fd argument i (sse_spec.dirfd_mask) is not an open
			      * directory (a path relative to it cannot resolve through it) */

/* Item types (sse_item.type). */
#define SSE_I_STR 1      /* user string read from syscall argument `arg`, without its NUL */
#define SSE_I_SOCKADDR 2 /* raw struct sockaddr bytes from argument `arg` */
#define SSE_I_MEM 3      /* raw user bytes pointed to by argument `arg` */
#define SSE_I_TUPLE 4    /* struct sse_tuple of the socket in fd argument `arg` (SSE_ARG_RES: the result) */
#define SSE_I_FILE 5     /* struct sse_file of the file in fd argument `arg` (SSE_ARG_RES: the result) */
#define SSE_I_PROC 6     /* struct sse_proc of the current task */
#define SSE_I_COMM 7     /* task comm */
#define SSE_I_ARGS 8     /* NUL-separated argument strings (the process's argv area, or argv read from user memory) */
#define SSE_I_CWD 9      /* path components, leaf first, each NUL-terminated */
#define SSE_I_EXEPATH 10 /* path components of the executable, leaf first, each NUL-terminated */
#define SSE_I_FILENAME 11 /* the file name the exec was asked to run (bprm->filename) */
#define SSE_I_CGROUP 12  /* one hierarchy: its controllers comma-separated (`unified` for v2, the name of a
                           * named hierarchy), then path components leaf first; all NUL-terminated */
#define SSE_I_EXIT 13    /* struct sse_exit */
#define SSE_I_ENV 14     /* NUL-separated environment strings of the new image (mm env area) */

/* Item flags (sse_item.flags). */
#define SSE_IF_TRUNC 1 /* the value was cut at its bound */
#define SSE_IF_FAULT 2 /* reading the value failed (bad pointer, paged out) */

/* sse_item.arg for values that belong to the return value instead of an argument. */
#define SSE_ARG_RES 7

/* Bounds. */
#define SSE_STR_MAX 4096      /* user strings (paths), including the NUL */
#define SSE_ARGS_MAX 4096     /* argv area */
#define SSE_ENV_MAX 16376     /* environment area at exec: 16 KiB less the item header, so the
			       * item fits the scratch buffer wherever it starts below SSE_RECORD_MAX */
#define SSE_NAME_MAX 256      /* one path component */
#define SSE_PATH_DEPTH 24     /* path components walked */
#define SSE_CGROUP_DEPTH 12   /* cgroup levels walked */
#define SSE_CGROUP_HIERARCHIES 16 /* cgroup hierarchies reported (v2 and every v1 one) */
#define SSE_MEM_MAX 64        /* SSE_I_MEM bytes */
#define SSE_EXEC_ARGV_MAX 32  /* argv pointers read for a failed exec */
#define SSE_RECORD_MAX 16384  /* items start below this offset; a record never exceeds 2 * this */

/* Syscall filter map (`specs`) geometry: entry n describes x86_64 syscall n; the last entries are
 * pseudo numbers for non-syscall events. */
#define SSE_SPEC_ENTRIES 512
#define SSE_NR_PROCEXIT 511

/* sse_spec.special */
#define SSE_SP_NONE 0
#define SSE_SP_EXEC 1      /* execve/execveat: success comes from sched_process_exec; failure reads argv */
#define SSE_SP_CLONE 2     /* clone family: both sides carry struct sse_proc, comm and args */
#define SSE_SP_FILE_RES 3  /* the result is a new file fd: add struct sse_file */
#define SSE_SP_TUPLE_RES 4 /* the result is a new socket fd: add its tuple */

/* sse_spec.file: which facts of an opened file the loaded rules can read. */
#define SSE_OF_CREATED 1 /* SSE_FF_CREATED */
#define SSE_OF_LAYER 2   /* SSE_FF_UPPER, SSE_FF_LOWER */
#define SSE_OF_ID 4      /* ino and dev (then SSE_FF_ID is set) */

/* Default ring-buffer wakeup threshold (bytes pending before the producer wakes the reader). */
#define SSE_WAKEUP_BYTES 65536

/* What the BPF program does for one syscall number. All zero: not sent. Argument indices are
 * 1-based (0 = none) so that an all-zero entry means nothing. */
struct sse_spec {
	__u8 want;       /* send an event for this syscall */
	__u8 str_mask;   /* bit i: argument i is a user C string */
	__u8 sa_arg;     /* 1 + argument holding a struct sockaddr pointer */
	__u8 sa_len_arg; /* 1 + argument holding that sockaddr's length */
	__u8 mem_arg;    /* 1 + argument pointing to user memory to copy */
	__u8 mem_len;    /* bytes to copy (<= SSE_MEM_MAX) */
	__u8 tuple_arg;  /* 1 + argument holding a socket fd whose tuple is wanted */
	__u8 special;    /* SSE_SP_* */
	__u8 argv_arg;   /* 1 + argument holding argv (failed exec) */
	__u8 file;       /* SSE_SP_FILE_RES: SSE_OF_* facts of the new file to collect; 0 = no FILE item */
	__u8 dirfd_mask; /* bit i: argument i is a directory fd (checked: SSE_RF_NOTDIR0 << i) */
	__u8 relevant;   /* a loaded rule can match this syscall's event */
	__u8 filter;     /* SSE_FLT_*: how the in-kernel filter treats this syscall */
	__u8 fd_new;     /* SSE_FN_*: what a sent record adds to the state's fd table */
	__u8 filter_failed; /* the filter leaves out a failed call (below 0, other than -EINPROGRESS) */
	__u8 pad;
};

/* sse_spec.filter */
#define SSE_FLT_OPEN0 1    /* << i: an open of open-family type i (open, openat, openat2, creat) */
#define SSE_FLT_CLOSE 0x10 /* close: left in the kernel when its fd's open was */
#define SSE_FLT_FCNTL 0x20 /* fcntl: left in the kernel unless it duplicates a sent fd */
#define SSE_FLT_DUP 0x40   /* dup: left in the kernel when it duplicates a left-out fd */
#define SSE_FLT_SOCKET 0x80 /* socket: left in the kernel by its domain (sse_filter_cfg.socket_*) */

/* sse_spec.fd_new */
#define SSE_FN_RES 1  /* the result is a new fd */
#define SSE_FN_MANY 2 /* new fds the program does not see (pipe): forget nothing of this process */

/* The in-kernel open filter (event/src/kernel_filter.rs holds the same decision in Rust). */
#define SSE_PATH_KEY_MAX 248 /* path bytes compared, NUL included */
#define SSE_SUFFIX_MAX 56
#define SSE_CLAUSES 64
#define SSE_PREFIXES 256     /* entries of the prefix map */
#define SSE_FORGOTTEN 16384  /* fd tables with fds whose open was left in the kernel */

/* Key of the prefix map (an LPM trie): 4 zero bytes keep the path 8-byte aligned. prefixlen
 * counts bits from `zero`: 32 + 8 * bytes of the prefix (its NUL included for an exact path). */
struct sse_path_key {
	__u32 prefixlen;
	__u8 zero[4];
	__u8 path[SSE_PATH_KEY_MAX];
};

/* One clause: opens of `types` (SSE_FLT_OPEN0 bits) whose path ends with the suffix, has the
 * `features` and whose flags satisfy `needs` (open and openat only). The suffix is stored
 * right-aligned in SSE_SUFFIX_MAX bytes with a mask of its bytes, so it is compared with the
 * path's last SSE_SUFFIX_MAX bytes a word at a time. */
struct sse_clause {
	__u8 types;
	__u8 needs;      /* SSE_NEED_* */
	__u8 suffix_len;
	__u8 features;   /* SSE_PF_* */
	__u32 pad;
	__u64 suffix[SSE_SUFFIX_MAX / 8];
	__u64 mask[SSE_SUFFIX_MAX / 8];
	__u64 pad2;
};

#define SSE_NEED_READ 1
#define SSE_NEED_WRITE 2
#define SSE_NEED_CREAT 4
#define SSE_NEED_TRUNC 8
#define SSE_NEED_APPEND 16

/* Path features the filter's scan finds. */
#define SSE_PF_DOTDOT_SLASH 1 /* the path contains "../" */

/* The filter's switch (map `filter_cfg`, one entry): off until userspace turns it on. */
struct sse_filter_cfg {
	__u32 on;            /* non-zero: filter */
	__u32 forget_files;  /* successful opens no clause admits may be left in the kernel */
	__u64 by_needs[32];  /* [n]: the clauses whose needs are within the SSE_NEED_* bits n */
	__u64 by_type[4];    /* [i]: the clauses for open-family type i */
	/* A cheap first test before the prefix map: with `hint_on`, every prefix-map key but the
	 * empty one has at least 8 bytes, and bit sse_hint_bit(first 8 bytes) of `hint` is set for
	 * each; a path whose first 8 bytes have their bit clear (or that is shorter) can only
	 * match the empty key, whose clauses are `root_mask`. */
	__u32 hint_on;
	__u32 pad;
	__u64 root_mask;
	__u64 hint[64];
	/* socket calls (domains below 64; a higher one is sent): bit d of `socket_admitted`, a rule
	 * can match domain d (sent); else a failed call is left out, and so is a successful one of
	 * a domain in `socket_forget`, its fd marked (KernelFilter::socket_verdict). */
	__u64 socket_admitted;
	__u64 socket_forget;
};

/* The bit of `hint` for the first 8 bytes of a path (a little-endian word). */
#define SSE_HINT_MUL 0x9E3779B97F4A7C15ULL
#define SSE_HINT_BITS 12

/* Fixed record header. */
struct sse_hdr {
	__u64 ts;      /* CLOCK_MONOTONIC ns */
	__s64 res;     /* syscall return value; 0 for non-syscall records */
	__u32 len;     /* whole record, header included */
	__u32 tid;     /* kernel thread id */
	__u32 pid;     /* kernel thread group id */
	__u16 kind;    /* SSE_K_* */
	__u16 nr;      /* x86_64 syscall number (SSE_K_SYSCALL) */
	__u16 nparams; /* items in the payload */
	__u16 flags;   /* SSE_RF_* */
	__u32 pad;
};

/* Item header; `len` data bytes follow, then padding up to a multiple of 8. */
struct sse_item {
	__u16 type;  /* SSE_I_* */
	__u16 len;   /* data bytes */
	__u8 arg;    /* syscall argument index the item belongs to, or SSE_ARG_RES */
	__u8 flags;  /* SSE_IF_* */
	__u16 pad;
};

/* A socket's endpoints as the kernel holds them: s* = local side, d* = peer. */
struct sse_tuple {
	__u16 family; /* AF_* */
	__u16 sport;  /* host order */
	__u16 dport;  /* host order */
	__u16 pad;
	__u8 saddr[16]; /* IPv4 in the first 4 bytes */
	__u8 daddr[16];
	__u64 sptr;     /* unix: this socket */
	__u64 dptr;     /* unix: the peer socket */
	__u8 path[108]; /* unix: the bound path of the peer (or of this socket) */
	__u8 pad2[4];
};

/* The file behind an fd. */
struct sse_file {
	__u64 ino;
	__u32 dev;    /* kernel dev_t of the superblock */
	__u32 flags;  /* SSE_FF_* */
};

#define SSE_FF_CREATED 1 /* the open created the file (FMODE_CREATED) */
#define SSE_FF_UPPER 2   /* overlayfs, upper layer */
#define SSE_FF_LOWER 4   /* overlayfs, lower layer only */
#define SSE_FF_ID 8      /* ino and dev were collected (SSE_OF_ID); the other facts are present when requested */

/* Process facts collected at exec and clone. */
struct sse_proc {
	__u32 ptid;    /* real parent's thread group id */
	__u32 vtid;    /* ids in the task's own pid namespace */
	__u32 vpid;
	__u32 pgid;
	__u32 vpgid;
	__u32 sid;
	__u32 uid;     /* real ids, then effective */
	__u32 gid;
	__u32 euid;
	__u32 egid;
	__u32 loginuid;
	__u32 tty;     /* new_encode_dev of the controlling tty, 0 when none */
	__u64 cap_inheritable;
	__u64 cap_permitted;
	__u64 cap_effective;
	__u64 exe_ino;
	__u64 exe_ctime; /* ns since the epoch */
	__u64 exe_mtime;
	__u64 fdlimit;   /* RLIMIT_NOFILE soft limit */
	__u64 pidns_init_start; /* start time (boot ns) of the pid namespace's init */
	__u32 exe_flags; /* SSE_EF_* */
	__u32 exe_nlink;
};

#define SSE_EF_WRITABLE 1 /* the executable is writable by the task's effective ids */
#define SSE_EF_UPPER 2    /* the executable is on an overlayfs upper layer */
#define SSE_EF_MEMFD 4    /* the executable is a memfd */
#define SSE_EF_LOWER 8    /* the executable is on an overlayfs lower layer */

/* Thread exit. */
struct sse_exit {
	__s32 exit_code; /* task->exit_code: (status << 8) | core flag 0x80 | signal */
	__u32 pad;
};

/* Per-CPU counters (map `counters`, one entry). */
struct sse_counters {
	__u64 seen;       /* syscall exits and process events observed */
	__u64 sent;       /* records written to the ring buffer */
	__u64 dropped;    /* records lost because the ring buffer was full */
	__u64 read_fail;  /* user or kernel reads that failed while building records */
	__u64 filtered;   /* events left in the kernel by the filter (no rule can match them) */
	__u64 dropped_relevant; /* of `dropped`: records a loaded rule could have matched */
};

#endif /* SYSSENTRY_ABI_H */
