// The probe program of confine-filters.test.ts: C source the test writes into a temp dir
// and compiles with native/stage/seccomp.c and devices.c. Each probe makes one call and
// prints NAME=ok or NAME=ERRNO (or NAME=VALUE); the test compares.
//   probe unfiltered              the syscall probes without a filter (the control)
//   probe seccomp MASK            no_new_privs, load_seccomp(MASK), the syscall probes
//   probe devices CGROUP2DIR TMP  attach the device filter to the group, move a child in,
//                                 device probes from there (controls from outside)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { scaled } from './time-scale.js';

export const PROBE = String.raw`
#define _GNU_SOURCE
#include "confine.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/timex.h>
#include <sys/wait.h>

static int filtered;

static void report(const char *name, long rc)
{
	if (rc < 0) printf("%s=%s\n", name, strerrorname_np(errno));
	else printf("%s=ok\n", name);
}

/* a child made by a raw clone: it ends at once; the parent reports and reaps it */
static void clone_probe(const char *name, unsigned long flags)
{
	long pid = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) _exit(0);
	report(name, pid);
	if (pid > 0) waitpid((pid_t)pid, NULL, 0);
}

static void *thread_main(void *arg) { return arg; }

static void syscall_probes(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "Seccomp:", 8)) printf("status_seccomp=%d\n", atoi(line + 8));
	if (f) fclose(f);
	report("getpid", getpid());
	report("open", open("/proc/self/status", O_RDONLY | O_CLOEXEC));
	clone_probe("clone_plain", 0);
	clone_probe("clone_newuser", CLONE_NEWUSER);
	pid_t child = fork();
	if (child == 0) _exit(0);
	report("fork", child);
	if (child > 0) waitpid(child, NULL, 0);
	pthread_t t;
	int rc = pthread_create(&t, NULL, thread_main, NULL);
	if (rc == 0) pthread_join(t, NULL);
	errno = rc;
	report("pthread", rc ? -1 : 0);
	report("clone3", syscall(SYS_clone3, NULL, 0));
	/* every call below is harmless when it does run: bad flags, bad magic, NULL
	 * pointers, a missing path, a read-only query */
	report("kexec_load", syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0xdead0000UL));
	report("unshare_ns", unshare(CLONE_NEWNS));
	report("mount", mount("none", "/nonexistent-nstop-probe", "tmpfs", 0, NULL));
	report("keyctl", syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -3 /* session */, 0));
	report("bpf", syscall(SYS_bpf, -1, NULL, 0));
	report("perf_event_open", syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0));
	report("io_uring_setup", syscall(SYS_io_uring_setup, 0, NULL));
	report("userfaultfd", syscall(SYS_userfaultfd, 0xffffffffUL));
	struct timespec ts = {0, 0};
	report("clock_settime", clock_settime(CLOCK_MONOTONIC, &ts));
	struct timex tx;
	memset(&tx, 0, sizeof tx);
	report("adjtimex", adjtimex(&tx));
	report("process_vm_readv", syscall(SYS_process_vm_readv, getpid(), NULL, 0, NULL, 0, 0));
	report("setns", setns(-1, 0));
	report("delete_module", syscall(SYS_delete_module, "nstop_no_such_module", O_NONBLOCK));
	report("reboot", syscall(SYS_reboot, 0, 0, 0, NULL));
	report("swapon", syscall(SYS_swapon, NULL, 0));
	report("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, NULL, 0));
	int mount_id;
	report("name_to_handle_at", syscall(SYS_name_to_handle_at, AT_FDCWD, "/", NULL, &mount_id, 0));
	report("ptrace", syscall(SYS_ptrace, 12 /* GETREGS */, 999999999, NULL, NULL));
	report("chroot", chroot("/"));
	report("personality_query", personality(0xffffffff));
	report("personality_0x41", personality(0x41));
	personality(0);
	/* a socket of these families makes the kernel load its module: only ask with the
	 * filter in place, which refuses before that */
	if (filtered) {
		int s = socket(AF_VSOCK, SOCK_STREAM, 0);
		report("socket_vsock", s);
		if (s >= 0) close(s);
		s = socket(AF_ALG, SOCK_SEQPACKET, 0);
		report("socket_alg", s);
		if (s >= 0) close(s);
	}
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	report("socket_inet", s);
	if (s >= 0) close(s);
#if defined(__x86_64__)
	report("x32_getpid", syscall(0x40000000 | SYS_getpid));
	/* the i386 entry from a 64-bit process, in a child: the filter kills it */
	child = fork();
	if (child == 0) {
		struct rlimit none = {0, 0};
		setrlimit(RLIMIT_CORE, &none);
		long r;
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L /* i386 getpid */) : "memory", "r8", "r9", "r10", "r11");
		_exit(r > 0 ? 0 : 1);
	}
	int st = 0;
	waitpid(child, &st, 0);
	if (WIFSIGNALED(st)) printf("int80=SIG%s\n", sigabbrev_np(WTERMSIG(st)));
	else printf("int80=exit%d\n", WEXITSTATUS(st));
#endif
}

static void in_group_probes(const char *tmp)
{
	char path[4096], line[512];
	FILE *f = fopen("/proc/self/cgroup", "r");
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "0::", 3)) printf("cgroup=%s", line + 3);
	if (f) fclose(f);
	report("open_dev_null", open("/dev/null", O_RDWR | O_CLOEXEC));
	report("open_dev_urandom", open("/dev/urandom", O_RDONLY | O_CLOEXEC));
	snprintf(path, sizeof path, "%s/null", tmp);
	report("mknod_null", mknod(path, S_IFCHR | 0666, makedev(1, 3)));
	report("open_own_null", open(path, O_WRONLY | O_CLOEXEC));
	snprintf(path, sizeof path, "%s/pts77", tmp);
	report("mknod_pts", mknod(path, S_IFCHR | 0600, makedev(136, 77)));
	snprintf(path, sizeof path, "%s/sda", tmp);
	report("mknod_block", mknod(path, S_IFBLK | 0600, makedev(8, 0)));
	snprintf(path, sizeof path, "%s/console", tmp);
	report("mknod_console", mknod(path, S_IFCHR | 0600, makedev(5, 1)));
	snprintf(path, sizeof path, "%s/mem2", tmp);
	report("mknod_mem", mknod(path, S_IFCHR | 0600, makedev(1, 1)));
	snprintf(path, sizeof path, "%s/mem", tmp);
	report("open_planted_mem", open(path, O_RDONLY | O_CLOEXEC));
}

static int device_probes(const char *cg, const char *tmp)
{
	char procs[4096], path[4096];
	snprintf(path, sizeof path, "%s/cgroup.procs", tmp);
	report("dir_of_procs_not_v2", cgroup2_dir_of_procs(path));
	int plain = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	report("attach_not_cgroup", attach_device_filter(plain));
	printf("attach_not_cgroup_msg=%s\n", device_filter_error());
	snprintf(procs, sizeof procs, "%s/cgroup.procs", cg);
	int dir = cgroup2_dir_of_procs(procs);
	report("dir_of_procs", dir);
	int rc = attach_device_filter(dir);
	report("attach", rc);
	if (rc < 0) { printf("attach_msg=%s\n", device_filter_error()); return 1; }
	/* planted and checked from outside the group: there nothing stops either */
	snprintf(path, sizeof path, "%s/mem", tmp);
	report("plant_mem", mknod(path, S_IFCHR | 0600, makedev(1, 1)));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	report("outside_open_mem", fd);
	snprintf(path, sizeof path, "%s/outside-sda", tmp);
	report("outside_mknod_block", mknod(path, S_IFBLK | 0600, makedev(8, 0)));
	int go[2];
	if (pipe(go) < 0) return 1;
	pid_t child = fork();
	if (child < 0) return 1;
	if (child == 0) {
		char b;
		if (read(go[0], &b, 1) != 1) _exit(1);
		in_group_probes(tmp);
		_exit(0);
	}
	char num[32];
	int n = snprintf(num, sizeof num, "%d", child);
	int procs_fd = open(procs, O_WRONLY | O_CLOEXEC);
	report("join", procs_fd < 0 ? -1 : write(procs_fd, num, (size_t)n));
	if (write(go[1], "g", 1) != 1) kill(child, SIGKILL);
	int st = 0;
	waitpid(child, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0); /* nothing buffered is copied into a fork */
	if (argc == 4 && !strcmp(argv[1], "devices")) return device_probes(argv[2], argv[3]);
	if (argc == 2 && !strcmp(argv[1], "unfiltered")) { syscall_probes(); return 0; }
	if (argc != 3 || strcmp(argv[1], "seccomp")) { fprintf(stderr, "usage\n"); return 2; }
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) { perror("no_new_privs"); return 2; }
	filtered = 1;
	report("load", load_seccomp(strtoull(argv[2], NULL, 0)));
	syscall_probes();
	return 0;
}
`;

/** Writes the probe into `dir` and builds it with the stage's own warning flags. */
export function buildProbe(dir: string): string {
  const stageDir = join(repoRoot, 'native', 'stage');
  const out = join(dir, 'probe');
  writeFileSync(join(dir, 'probe.c'), PROBE);
  const sources = ['seccomp.c', 'devices.c'].map((f) => join(stageDir, f));
  const cc = spawnSync('gcc', ['-O2', '-Wall', '-Wextra', '-Werror', '-pthread', '-I', stageDir, '-o', out, join(dir, 'probe.c'), ...sources], { encoding: 'utf8', timeout: scaled(60_000) });
  assert.equal(cc.status, 0, `gcc failed:\n${cc.stderr}`);
  return out;
}

/** Runs the probe; its NAME=VALUE lines as an object. */
export function runProbe(probe: string, ...args: string[]): Record<string, string> {
  const r = spawnSync(probe, args, { encoding: 'utf8', timeout: scaled(20_000), killSignal: 'SIGKILL' });
  assert.equal(r.status, 0, `probe ${args.join(' ')}: status ${r.status} signal ${r.signal}\n${r.stdout}\n${r.stderr}`);
  const pairs = r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
  return Object.fromEntries(pairs);
}
