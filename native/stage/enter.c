/* enter: join every namespace of a running process that differs from ours (like
 * nsenter --all), its cgroups, its root and working directory, then exec under the
 * target's own confinement. Through a pidfd: the pid cannot be reused for another
 * process between our look at it and the join. pid and time namespaces apply to
 * children, so the shim joins those and forks; the child joins the rest in one setns
 * (the kernel takes the user namespace first: it owns the others). */
#include "stage.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct { const char *name; int flag; } KINDS[] = {
	{"user", CLONE_NEWUSER}, {"cgroup", CLONE_NEWCGROUP}, {"ipc", CLONE_NEWIPC},
	{"uts", CLONE_NEWUTS}, {"net", CLONE_NEWNET}, {"pid", CLONE_NEWPID},
	{"time", CLONE_NEWTIME}, {"mnt", CLONE_NEWNS},
};
#define NKINDS (sizeof KINDS / sizeof KINDS[0])

/* whether the target's namespace differs from ours (setns into our own user namespace
 * is EINVAL, and into our own mount namespace would reset root and cwd) */
static int differs(pid_t target, const char *name)
{
	char theirs[64], ours[64];
	struct stat a, b;
	snprintf(theirs, sizeof theirs, "/proc/%d/ns/%s", target, name);
	snprintf(ours, sizeof ours, "/proc/self/ns/%s", name);
	if (stat(theirs, &a) < 0) {
		if (errno == ENOENT && kill(target, 0) == 0) return 0; /* kernel without it */
		die(theirs);
	}
	return !(stat(ours, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev);
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
	int release_fd, error_fd, early = 0, late = 0;
	if (o->target <= 0) dief("enter needs --target PID");
	if (o->pdeathsig && prctl_parent_death()) return 127;
	int pidfd = (int)syscall(SYS_pidfd_open, o->target, 0);
	if (pidfd < 0) dief("process %d: %s", o->target, strerror(errno));
	/* read everything first: after setns(mnt) /proc is the target's */
	for (size_t i = 0; i < NKINDS; i++) {
		if (!differs(o->target, KINDS[i].name)) continue;
		if (KINDS[i].flag & (CLONE_NEWPID | CLONE_NEWTIME)) early |= KINDS[i].flag;
		else late |= KINDS[i].flag;
	}
	int root = open_dir(o->target, "root"), cwd = open_dir(o->target, "cwd");
	confine_from_target(o, o->target);
	/* still alive: so everything read through /proc/PID was this process's */
	if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0) dief("process %d: %s", o->target, strerror(errno));
	/* setns with a pidfd moves root and cwd of every task sharing our fs_struct */
	if (unshare(CLONE_FS) < 0) die("unshare CLONE_FS");
	if (early && setns(pidfd, early) < 0) die("join the pid and time namespaces");
	pid_t child = fork_child(0, &release_fd, &error_fd);
	if (child > 0) {
		signal(SIGPIPE, SIG_IGN);
		release_child(child, o, release_fd, error_fd);
		supervise(child, o);
	}
	wait_release(release_fd, error_fd);
	if (late && setns(pidfd, late) < 0) die("join the container's namespaces");
	close(pidfd);
	if ((late & CLONE_NEWUSER) && !o->set_user) become_root_in_userns();
	if (fchdir(root) < 0 || chroot(".") < 0) die("chroot to the container's root");
	if (!o->workdir && fchdir(cwd) < 0 && chdir("/") < 0) die("chdir");
	close(root); close(cwd);
	exec_command(o);
}
