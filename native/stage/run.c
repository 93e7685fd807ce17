/* run: a new container. The shim (this process, host namespaces, no cgroup of the
 * container) creates the child in new pid/time/user/net namespaces (or in another
 * container's net namespace), puts it into the container's cgroups, writes its id maps,
 * lets nstop wire its network (--net-wait), releases it and waits for it. The child, PID 1
 * of the new pid namespace, unshares the rest (cgroup after joining, so it sees its own
 * group as /), mounts a private /proc and the root filesystem (mounts.c), and execs the
 * command confined (caps.c). */
#include "stage.h"
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void loopback_up(void)
{
	struct ifreq ifr = {0};
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) die("socket");
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) die("SIOCGIFFLAGS lo");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) die("SIOCSIFFLAGS lo");
	close(s);
}

int run_main(struct opts *o)
{
	int release_fd, error_fd;
	confine_for_run(o);
	if (o->pdeathsig && prctl_parent_death()) return 127;
	/* a time namespace takes effect for children: the shim stays where it is */
	if ((o->ns & CLONE_NEWTIME) && unshare(CLONE_NEWTIME) < 0) die("unshare time");
	/* --net container:NAME: the command is born in that network namespace. The shim
	 * joins it only for the clone (a child in a new user namespace could not join it:
	 * it has no privilege over the owner's) and comes back, so the reaper it execs
	 * later runs where nstop runs, next to the bridge. */
	int home_net = -1;
	if (o->netns_fd >= 0) {
		home_net = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (home_net < 0) die("/proc/self/ns/net");
		if (setns(o->netns_fd, CLONE_NEWNET) < 0) die("join the network namespace");
		close(o->netns_fd); /* never inherited by the command */
	}
	/* the child is born with our cwd: its rootfs, looked up while we are still host root
	 * (enter_rootfs says why); the shim goes back to where it was */
	int home_cwd = -1;
	if (o->rootfs) {
		char *abs = realpath(o->rootfs, NULL); /* enter_rootfs's fallback looks it up from there */
		if (!abs) die(o->rootfs);
		o->rootfs = abs;
		home_cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (home_cwd < 0) die("open .");
		if (chdir(o->rootfs) < 0) die(o->rootfs);
	}
	/* user and pid together: the kernel makes the user namespace first and the pid
	 * namespace owned by it, which mounting /proc inside requires. net too: it must
	 * exist before release, when nstop wires a bridge's veth into it (--net-wait) */
	pid_t child = fork_child(o->ns & (CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET), &release_fd, &error_fd);
	if (child > 0 && home_cwd >= 0 && fchdir(home_cwd) < 0) {
		int e = errno;
		kill(child, SIGKILL);
		errno = e;
		die("return to the shim's directory");
	}
	if (home_cwd >= 0) close(home_cwd);
	if (child > 0) {
		if (home_net >= 0 && setns(home_net, CLONE_NEWNET) < 0) {
			int e = errno;
			kill(child, SIGKILL);
			errno = e;
			die("return to nstop's network namespace");
		}
		signal(SIGPIPE, SIG_IGN);
		release_child(child, o, release_fd, error_fd);
		supervise(child, o);
	}
	wait_release(release_fd, error_fd);
	if (o->ns & CLONE_NEWUSER) become_root_in_userns();
	if (home_net >= 0) close(home_net);
	int rest = o->ns & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP);
	if (rest && unshare(rest) < 0) die("unshare");
	if (o->ns & CLONE_NEWNET) loopback_up();
	if (o->hostname && sethostname(o->hostname, strlen(o->hostname)) < 0) die("sethostname");
	if (o->ns & CLONE_NEWNS) {
		/* nothing we mount may leak into the host's mount table */
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) die("make / private");
		if (o->rootfs) {
			enter_rootfs(o);
		} else if (o->conf.on) {
			/* the host's tree, read-only, seen through a mount namespace of its own; the
			 * devices are cloned before /dev goes nodev, the new mounts come after the
			 * tree went read-only so they stay writable where they should */
			host_tree_read_only();
			minimal_dev(o, "/dev");
			if (o->private_proc) mount_proc("/proc");
			confine_proc("/proc", "/dev/null");
			mount_sys(o, "/sys");
			scratch_tmp("/tmp");
		} else if (o->private_proc) {
			mount_proc("/proc");
		}
	} else if (o->conf.on) {
		dief("confinement needs a mount namespace (nstop adds mnt unless --privileged)");
	}
	exec_command(o);
}
