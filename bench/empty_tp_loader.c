// SPDX-License-Identifier: Apache-2.0
/* Loads one of bench's floor programs (empty_tp.bpf.o, path_read.bpf.o, path_filter.bpf.o) with
 * libbpf, attaches its program and stays attached until SIGINT/SIGTERM or the given number of
 * seconds, then exits (which detaches it). Prints "attached" on stdout once the program is live.
 * Used by bench/syscall-overhead.sh for the floor measurements.
 *
 *   empty_tp_loader OBJECT [MAX_SECS] */
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	int secs = argc > 2 ? atoi(argv[2]) : 600;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (argc < 2) {
		fprintf(stderr, "usage: %s OBJECT [MAX_SECS]\n", argv[0]);
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || libbpf_get_error(obj)) {
		fprintf(stderr, "cannot open %s\n", argv[1]);
		return 1;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "cannot load %s\n", argv[1]);
		return 1;
	}
	prog = bpf_object__next_program(obj, NULL);
	link = prog ? bpf_program__attach(prog) : NULL;
	if (!link || libbpf_get_error(link)) {
		fprintf(stderr, "cannot attach the program of %s\n", argv[1]);
		return 1;
	}
	printf("attached\n");
	fflush(stdout);
	while (!stop && secs-- > 0)
		sleep(1);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
