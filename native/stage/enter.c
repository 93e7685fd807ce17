/* enter: join every namespace of a running process that differs from ours (like
 * nsenter --all), its cgroups, its root and working directory, then exec. pid and time
 * namespaces apply to children, so the shim joins those and forks; the child joins the
 * user namespace first (it owns the others), then the rest. */
#include "stage.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct { const char *name; int flag; } KINDS[] = {
	{"user", CLONE_NEWUSER}, {"cgroup", CLONE_NEWCGROUP}, {"ipc", CLONE_NEWIPC},
	{"uts", CLONE_NEWUTS}, {"net", CLONE_NEWNET}, {"pid", CLONE_NEWPID},
	{"time", CLONE_NEWTIME}, {"mnt", CLONE_NEWNS},
};
#define NKINDS (sizeof KINDS / sizeof KINDS[0])

/* fd of the target's namespace, or -1 when we already share it */
static int open_ns(pid_t target, const char *name)
{
	char theirs[64], ours[64];
	struct stat a, b;
	snprintf(theirs, sizeof theirs, "/proc/%d/ns/%s", target, name);
	snprintf(ours, sizeof ours, "/proc/self/ns/%s", name);
	if (stat(theirs, &a) < 0) {
		if (errno == ENOENT && kill(target, 0) == 0) return -1; /* kernel without it */
		die(theirs);
	}
	if (stat(ours, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) return -1;
	int fd = open(theirs, O_RDONLY | O_CLOEXEC);
	if (fd < 0) die(theirs);
	return fd;
}

static int open_dir(pid_t target, const char *what)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", target, what);
	int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) die(path);
	return fd;
}

int enter_main(struct opts *o)
{
	int fds[NKINDS], release_fd, error_fd;
	if (o->target <= 0) dief("enter needs --target PID");
	if (o->pdeathsig && prctl_parent_death()) return 127;
	/* open everything first: after setns(mnt) /proc is the target's */
	for (size_t i = 0; i < NKINDS; i++) fds[i] = open_ns(o->target, KINDS[i].name);
	int root = open_dir(o->target, "root"), cwd = open_dir(o->target, "cwd");
	for (size_t i = 0; i < NKINDS; i++)
		if (fds[i] >= 0 && (KINDS[i].flag & (CLONE_NEWPID | CLONE_NEWTIME)) && setns(fds[i], KINDS[i].flag) < 0)
			dief("setns %s: %s", KINDS[i].name, strerror(errno));
	pid_t child = fork_child(0, &release_fd, &error_fd);
	if (child > 0) {
		signal(SIGPIPE, SIG_IGN);
		release_child(child, o, release_fd, error_fd);
		supervise(child, o);
	}
	wait_release(release_fd, error_fd);
	int joined_user = 0;
	for (size_t i = 0; i < NKINDS; i++) {
		if (fds[i] < 0 || (KINDS[i].flag & (CLONE_NEWPID | CLONE_NEWTIME))) continue;
		if (setns(fds[i], KINDS[i].flag) < 0) dief("setns %s: %s", KINDS[i].name, strerror(errno));
		if (KINDS[i].flag == CLONE_NEWUSER) joined_user = 1;
		close(fds[i]);
	}
	if (joined_user && !o->set_user) become_root_in_userns();
	if (fchdir(root) < 0 || chroot(".") < 0) die("chroot to the container's root");
	if (!o->workdir && fchdir(cwd) < 0 && chdir("/") < 0) die("chdir");
	close(root); close(cwd);
	exec_command(o);
}
