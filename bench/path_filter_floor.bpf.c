// SPDX-License-Identifier: GPL-2.0
/* The floor of filtering opens by their path in the kernel: the least any such filter does on the
 * raw tracepoint syssentry uses (sys_exit), with nothing else of a sensor around it. Built twice
 * by bench/syscall-overhead.sh:
 *
 *   without SSE_MARK_FDS ("path read"): an openat reads its path from user memory and compares
 *     one prefix; nothing else. A filter that judges an open by its path cannot do less.
 *   with SSE_MARK_FDS ("path filter"): also remembers the fd of an open it leaves out (a hash
 *     update) and, at a close, forgets it (a hash delete), so that the close of a left-out open
 *     is left out too and any other close is sent. A filter that leaves out both halves of an
 *     open+close cannot do less.
 *
 * Neither sends anything: the benchmark's path is never admitted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define NR_CLOSE 3
#define NR_OPENAT 257

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[256]);
} path_buf SEC(".maps");

#ifdef SSE_MARK_FDS
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64); /* tgid << 32 | fd */
	__type(value, __u8);
} marked SEC(".maps");
#endif

/* Opens the prefix admits, and closes of unmarked fds: what a real filter would send. */
volatile __u64 admitted;

SEC("tp_btf/sys_exit")
int BPF_PROG(path_filter_sys_exit, struct pt_regs *regs, long ret)
{
	long nr = regs->orig_ax;
	__u32 zero = 0;

	if (nr == NR_OPENAT) {
		char *p = bpf_map_lookup_elem(&path_buf, &zero);

		if (!p || ret < 0)
			return 0;
		bpf_probe_read_user_str(p, 256, (void *)regs->si);
		if (p[0] == '/' && p[1] == 'e' && p[2] == 't' && p[3] == 'c' && p[4] == '/' && p[5] == 's') {
			admitted++;
			return 0;
		}
#ifdef SSE_MARK_FDS
		__u64 key = (bpf_get_current_pid_tgid() >> 32) << 32 | (__u32)ret;
		__u8 one = 1;

		bpf_map_update_elem(&marked, &key, &one, BPF_ANY);
	} else if (nr == NR_CLOSE) {
		__u64 key = (bpf_get_current_pid_tgid() >> 32) << 32 | (__u32)regs->di;

		if (bpf_map_delete_elem(&marked, &key) != 0)
			admitted++;
#endif
	}
	return 0;
}
