/* What both modes share: arguments, errors, the fork with a release pipe, joining the
 * cgroups before the command runs, the final exec, and the shim's wait. */
#include "stage.h"
#include "confine.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int sync_fd = 3;
int report_fd = 3;

void dief(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* fd 2 is a person (or nstop's log), the sync socket and error pipe are nstop */
	if (report_fd == 2 || dprintf(report_fd, "error %s\n", msg) < 0)
		fprintf(stderr, "nstop-stage: %s\n", msg);
	_exit(127);
}

void die(const char *what) { dief("%s: %s", what, strerror(errno)); }

static int ns_flag(const char *name)
{
	static const struct { const char *n; int f; } t[] = {
		{"uts", CLONE_NEWUTS}, {"pid", CLONE_NEWPID}, {"mnt", CLONE_NEWNS},
		{"ipc", CLONE_NEWIPC}, {"net", CLONE_NEWNET}, {"cgroup", CLONE_NEWCGROUP},
		{"user", CLONE_NEWUSER}, {"time", CLONE_NEWTIME},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].n, name)) return t[i].f;
	dief("unknown namespace \"%s\"", name);
}

static void parse_ns(const char *list, struct opts *o)
{
	char buf[256], *save = NULL;
	snprintf(buf, sizeof buf, "%s", list);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		o->ns |= ns_flag(t);
}

void parse_args(int argc, char **argv, struct opts *o)
{
	if (argc < 2) dief("usage: nstop-stage run|enter [options] -- CMD...");
	o->mode = argv[1];
	o->netns_fd = -1;
	int i = 2;
	for (; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--")) { i++; break; }
		if (!strcmp(a, "--tty")) { o->tty = 1; continue; }
		if (!strcmp(a, "--proc")) { o->private_proc = 1; continue; }
		if (!strcmp(a, "--pdeathsig")) { o->pdeathsig = 1; continue; }
		if (!strcmp(a, "--net-wait")) { o->net_wait = 1; continue; }
		if (!strcmp(a, "--privileged")) { o->privileged = 1; continue; }
		if (!v) dief("option %s needs a value", a);
		i++;
		if (!strcmp(a, "--ns")) parse_ns(v, o);
		else if (!strcmp(a, "--hostname")) o->hostname = v;
		else if (!strcmp(a, "--rootfs")) o->rootfs = v;
		else if (!strcmp(a, "--uid-map")) o->uid_map = v;
		else if (!strcmp(a, "--gid-map")) o->gid_map = v;
		else if (!strcmp(a, "--workdir")) o->workdir = v;
		else if (!strcmp(a, "--exit-file")) o->exit_file = v;
		else if (!strcmp(a, "--target")) o->target = (pid_t)atoi(v);
		else if (!strcmp(a, "--netns-fd")) o->netns_fd = atoi(v);
		else if (!strcmp(a, "--user")) {
			unsigned u, g;
			int n = sscanf(v, "%u:%u", &u, &g);
			if (n < 1) dief("bad --user %s", v);
			o->set_user = 1; o->uid = u; o->gid = n == 2 ? g : u;
		} else if (!strcmp(a, "--cgroup-procs") && o->nprocs < MAX_LIST) o->procs[o->nprocs++] = v;
		else if (!strcmp(a, "--caps")) {
			char *end;
			errno = 0;
			o->caps = strtoull(v, &end, 16);
			if (errno || end == v || *end) dief("bad --caps %s (a hex mask)", v);
			o->have_caps = 1;
		}
		else if (!strcmp(a, "--reaper") && o->nreaper < MAX_LIST) o->reaper[o->nreaper++] = (char *)v;
		else dief("unknown option %s", a);
	}
	if (i >= argc) dief("no command given");
	o->cmd = &argv[i];
}

/* Node leaves SIGPIPE ignored, O_NONBLOCK on pipes and a signal mask; the command must
 * not inherit them. */
void sanitize_process(void)
{
	sigset_t all;
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	for (int s = 1; s < NSIG; s++) if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_DFL);
	for (int fd = 0; fd <= 2; fd++) {
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0 && (fl & O_NONBLOCK)) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
		fcntl(fd, F_SETFD, 0);
	}
	if (fcntl(sync_fd, F_SETFD, FD_CLOEXEC) < 0) sync_fd = -1, report_fd = 2;
}

void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) die(path);
	ssize_t n = write(fd, text, strlen(text));
	if (n < 0) { int e = errno; close(fd); errno = e; die(path); }
	close(fd);
}

/* fork (or clone with namespace flags); the child blocks until the shim has put it into
 * its cgroups (and written its id maps), so limits hold from its first instruction. */
pid_t fork_child(int clone_flags, int *release_fd, int *error_fd)
{
	int rel[2], err[2];
	if (pipe2(rel, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) die("pipe");
	pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD | clone_flags, NULL, NULL, NULL, NULL);
	if (pid < 0) die("clone");
	if (pid == 0) {
		close(rel[1]); close(err[0]);
		if (sync_fd >= 0) close(sync_fd);
		report_fd = err[1];
		*release_fd = rel[0]; *error_fd = err[1];
		return 0;
	}
	close(rel[0]); close(err[1]);
	*release_fd = rel[1]; *error_fd = err[0];
	return pid;
}

void wait_release(int release_fd, int error_fd)
{
	(void)error_fd;
	char b;
	/* the shim dies with us and we with it: no orphan command without its monitor */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (read(release_fd, &b, 1) != 1) _exit(127);
	close(release_fd);
}

static void write_map(pid_t pid, const char *file, const char *map)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
	write_file(path, map);
}

/* Only the harmless devices, for every process of the container's cgroup2 group (this
 * hybrid host: the group under /sys/fs/cgroup/unified). A v1 hierarchy is skipped; with
 * no cgroup2 group at all (pure v1 host) the nodev mounts (mounts.c) are the only guard:
 * mknod works with CAP_MKNOD, opening the node does not. */
static void filter_devices(pid_t child, const struct opts *o)
{
	for (int i = 0; i < o->nprocs; i++) {
		int dir = cgroup2_dir_of_procs(o->procs[i]);
		if (dir < 0 && errno == ENOTSUP) continue;
		if (dir < 0 || attach_device_filter(dir) < 0) {
			const char *why = dir < 0 ? strerror(errno) : device_filter_error();
			kill(child, SIGKILL);
			dief("device filter on %s: %s", o->procs[i], why);
		}
		close(dir);
	}
}

/* In the shim: cgroups, id maps, then let the child go and learn whether its exec worked
 * (the error pipe is close-on-exec: EOF without a message means it did). */
void release_child(pid_t child, const struct opts *o, int release_fd, int error_fd)
{
	char num[32];
	snprintf(num, sizeof num, "%d", child);
	for (int i = 0; i < o->nprocs; i++) {
		int fd = open(o->procs[i], O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, num, strlen(num)) < 0) {
			int e = errno;
			kill(child, SIGKILL);
			errno = e;
			die(o->procs[i]);
		}
		close(fd);
	}
	if (o->conf.on && !strcmp(o->mode, "run")) filter_devices(child, o);
	if (o->uid_map) write_map(child, "uid_map", o->uid_map);
	if (o->gid_map) write_map(child, "gid_map", o->gid_map);
	if (o->net_wait) await_net_setup(child);
	if (write(release_fd, "g", 1) != 1) die("release");
	close(release_fd);
	char msg[1024];
	ssize_t n, len = 0;
	while ((n = read(error_fd, msg + len, sizeof msg - 1 - (size_t)len)) > 0) len += n;
	close(error_fd);
	if (len > 0) {
		msg[len] = 0;
		if (sync_fd >= 0 && write(sync_fd, msg, (size_t)len) < 0) fprintf(stderr, "%s", msg);
		else if (sync_fd < 0) fprintf(stderr, "nstop-stage: %s", msg);
		waitpid(child, NULL, 0);
		_exit(127);
	}
	if (sync_fd >= 0) { dprintf(sync_fd, "running %d\n", child); close(sync_fd); sync_fd = -1; }
	report_fd = 2;
}

/* Bridge networking: the child's network namespace exists (clone made it) and the child
 * has not run one instruction of the command. nstop moves a veth end into it and sets
 * the address, then answers "go"; any other answer, or EOF (nstop died), ends the child,
 * and nstop undoes the links it made (it knows why it said no). */
void await_net_setup(pid_t child)
{
	char line[16];
	size_t len = 0;
	if (sync_fd < 0) { kill(child, SIGKILL); dief("network setup needs nstop's sync socket on fd 3"); }
	if (dprintf(sync_fd, "netns %d\n", child) < 0) { int e = errno; kill(child, SIGKILL); errno = e; die("network setup"); }
	while (len < sizeof line - 1) {
		ssize_t n = read(sync_fd, line + len, 1);
		if (n < 0 && errno == EINTR) continue;
		if (n <= 0) break;
		if (line[len++] == '\n') break;
	}
	line[len] = 0;
	if (strcmp(line, "go\n") != 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		_exit(127);
	}
}

void become_root_in_userns(void)
{
	if (setresgid(0, 0, 0) < 0) die("setresgid in the user namespace");
	if (setresuid(0, 0, 0) < 0) die("setresuid in the user namespace");
	setgroups(0, NULL); /* EPERM when setgroups is denied: harmless */
}

void exec_command(const struct opts *o)
{
	if (o->workdir && chdir(o->workdir) < 0) die(o->workdir);
	if (o->tty) {
		if (setsid() < 0) die("setsid");
		if (ioctl(0, TIOCSCTTY, 0) < 0) die("TIOCSCTTY");
	} else {
		setsid(); /* detached: no signals from the user's terminal */
	}
	confine_before_user(&o->conf);
	confine_seccomp_without_nnp(&o->conf, report_fd);
	if (o->set_user) {
		if (setgroups(0, NULL) < 0 && errno != EPERM) die("setgroups");
		if (setgid(o->gid) < 0) die("setgid");
		if (setuid(o->uid) < 0) die("setuid");
	}
	confine_after_user(&o->conf);
	clearenv();
	for (int i = 0; i < o->nenv; i++) putenv(o->env[i]);
	if (!getenv("PATH")) setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
	confine_last(&o->conf, report_fd);
	/* only execve from here on (execvp tries each PATH entry with it): the filter allows it */
	execvp(o->cmd[0], o->cmd);
	dief("cannot run %s: %s", o->cmd[0], strerror(errno));
}
