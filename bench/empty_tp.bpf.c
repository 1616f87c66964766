// SPDX-License-Identifier: GPL-2.0
/* The floor of syscall tracing: an empty program on the raw tracepoint syssentry's capture uses
 * for syscalls (raw_tp/sys_exit). Attaching any program there puts every task's syscalls on the
 * traced slow path; what remains is the program call itself. Built by bench/syscall-overhead.sh. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("raw_tp/sys_exit")
int empty_sys_exit(void *ctx)
{
	return 0;
}
