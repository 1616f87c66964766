// SPDX-License-Identifier: Apache-2.0
/* Syscall micro-benchmark for bench/syscall-overhead.sh (not part of the test suite).
 *
 *   syscall_bench getppid  N        N x syscall(getppid)
 *   syscall_bench openat   N        N x openat("/etc/hostname") + close
 *   syscall_bench forkexec N [PATH] N x fork + execve(PATH, default /bin/true) + waitpid; the
 *                                   exec gets an empty environment, or about
 *                                   $SSE_BENCH_ENV_BYTES bytes of 64-byte variables
 *   syscall_bench openat-rate SECS PAIRS_PER_SEC [PATH]
 *                                   openat+close of PATH (default /etc/hostname) paced at
 *                                   PAIRS_PER_SEC (0 = all out) for SECS
 *
 * Each loop runs a warm-up first, then prints one line of key=value pairs on stdout:
 *   mode=openat iters=2000000 ns_per_iter=2071.4
 * Raw syscall(2) is used so that libc caching or vDSO paths never replace the system call. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *target = "/etc/hostname";

/* The environment fork_exec passes: empty unless SSE_BENCH_ENV_BYTES asks for one. */
#define ENV_VAR_BYTES 64
#define ENV_VARS_MAX 1024
static char env_text[ENV_VARS_MAX][ENV_VAR_BYTES];
static char *bench_envp[ENV_VARS_MAX + 1];

static void make_env(long bytes)
{
	long i, n = (bytes + ENV_VAR_BYTES - 1) / ENV_VAR_BYTES;

	if (n > ENV_VARS_MAX)
		n = ENV_VARS_MAX;
	for (i = 0; i < n; i++) {
		/* "BENCH_0001=xxx...": 63 characters and the NUL */
		int k = snprintf(env_text[i], ENV_VAR_BYTES, "BENCH_%04ld=", i);
		memset(env_text[i] + k, 'x', ENV_VAR_BYTES - 1 - k);
		env_text[i][ENV_VAR_BYTES - 1] = 0;
		bench_envp[i] = env_text[i];
	}
	bench_envp[n] = NULL;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void open_close(void)
{
	long fd = syscall(SYS_openat, AT_FDCWD, target, O_RDONLY);

	if (fd < 0) {
		perror("openat");
		exit(1);
	}
	syscall(SYS_close, fd);
}

static void fork_exec(const char *path)
{
	char *const argv[] = { (char *)path, NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		execve(path, argv, bench_envp);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 127) {
		fprintf(stderr, "forkexec: %s did not run\n", path);
		exit(1);
	}
}

static void run_loop(const char *mode, long n, const char *path)
{
	long i, warm = n / 100 < 20000 ? n / 100 : 20000;
	double t0, t1;

	for (i = 0; i < warm; i++) {
		if (!strcmp(mode, "getppid"))
			syscall(SYS_getppid);
		else if (!strcmp(mode, "openat"))
			open_close();
		else
			fork_exec(path);
	}
	t0 = now_ns();
	if (!strcmp(mode, "getppid")) {
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
	} else if (!strcmp(mode, "openat")) {
		for (i = 0; i < n; i++)
			open_close();
	} else {
		for (i = 0; i < n; i++)
			fork_exec(path);
	}
	t1 = now_ns();
	printf("mode=%s iters=%ld ns_per_iter=%.1f\n", mode, n, (t1 - t0) / (double)n);
}

/* openat+close pairs at a steady rate: catch up with rate x elapsed, then sleep 100 us. */
static void run_rate(double secs, double rate)
{
	double t0 = now_ns(), end = t0 + secs * 1e9, t;
	long pairs = 0;
	struct timespec tick = { 0, 100000 };

	while ((t = now_ns()) < end) {
		long due = rate > 0 ? (long)((t - t0) * rate / 1e9) : pairs + 1000;
		/* Catch up in bounded batches so a load that cannot keep the rate still stops on time. */
		for (long b = 0; pairs < due && b < 256; b++) {
			open_close();
			pairs++;
		}
		if (rate > 0 && pairs >= due)
			nanosleep(&tick, NULL);
	}
	t = now_ns();
	printf("mode=openat-rate target_pairs_per_s=%.0f pairs=%ld secs=%.3f pairs_per_s=%.0f "
	       "syscalls_per_s=%.0f\n",
	       rate, pairs, (t - t0) / 1e9, pairs / ((t - t0) / 1e9), 2 * pairs / ((t - t0) / 1e9));
}

int main(int argc, char **argv)
{
	if (argc >= 3 && (!strcmp(argv[1], "getppid") || !strcmp(argv[1], "openat") ||
			  !strcmp(argv[1], "forkexec"))) {
		long n = atol(argv[2]);
		const char *eb = getenv("SSE_BENCH_ENV_BYTES");

		make_env(eb ? atol(eb) : 0);
		if (n <= 0) {
			fprintf(stderr, "iterations must be positive\n");
			return 2;
		}
		run_loop(argv[1], n, argc > 3 ? argv[3] : "/bin/true");
		return 0;
	}
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "openat-rate")) {
		if (argc == 5)
			target = argv[4];
		run_rate(atof(argv[2]), atof(argv[3]));
		return 0;
	}
	fprintf(stderr, "usage: %s getppid|openat|forkexec N [PATH] | openat-rate SECS RATE [PATH]\n",
		argv[0]);
	return 2;
}
