/* The container's filesystem view, runc's way: the root bound with nodev and pivoted
 * into (never chroot: a chroot is escaped with one more chroot and a cd ..), /proc with
 * the paths that reach the host's kernel masked or read-only, /sys read-only, its own
 * cgroup read-only, and a /dev with only harmless devices. Every path is relative to
 * the current directory (the rootfs before pivot_root) or absolute (no rootfs). */
#include "stage.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RO_ATTRS (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)

/* add flags to a mount and all below it (MS_REMOUNT would reach only the top one, and in
 * a user namespace must repeat every locked flag) */
static void set_attrs(const char *path, unsigned long long attrs)
{
	struct mount_attr a = {.attr_set = attrs};
	if (mount_setattr(AT_FDCWD, path, AT_RECURSIVE, &a, sizeof a) < 0) die(path);
}

void mount_proc(const char *where)
{
	mkdir(where, 0555);
	if (mount("proc", where, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) die("mount proc");
}

static void join_path(char *out, size_t n, const char *dir, const char *rel)
{
	if ((size_t)snprintf(out, n, "%s/%s", dir, rel) >= n) dief("path too long: %s/%s", dir, rel);
}

/* files: /dev/null bound over; directories: an empty read-only tmpfs; absent: nothing */
static void mask(const char *path, const char *devnull)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT) return;
		die(path);
	}
	int r = S_ISDIR(st.st_mode) ? mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0,mode=555")
				    : mount(devnull, path, NULL, MS_BIND, NULL);
	if (r < 0) die(path);
}

static void read_only(const char *path)
{
	if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) {
		if (errno == ENOENT) return;
		die(path);
	}
	set_attrs(path, RO_ATTRS);
}

/* No rootfs: the container runs on the host's own files, seen through its private mount
 * namespace. Root inside keeps DAC_OVERRIDE, so writable host files would be the host:
 * every mount of the tree goes read-only (each is a mount of this namespace now, the
 * host's stay as they are), and a private tmpfs on /tmp gives programs a place to write. */
void host_tree_read_only(void)
{
	set_attrs("/", MOUNT_ATTR_RDONLY);
}

void scratch_tmp(const char *tmp)
{
	if (mount("tmpfs", tmp, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=65536k") < 0) die("mount /tmp");
}

/* runc's (and Docker's) default lists: kernel memory, key and timer internals, and the
 * knobs in /proc/sys and sysrq-trigger that would change the host's kernel */
void confine_proc(const char *proc, const char *devnull)
{
	static const char *masked[] = {"acpi", "asound", "kcore", "keys", "latency_stats", "timer_list",
				       "timer_stats", "sched_debug", "scsi"};
	static const char *ro[] = {"bus", "fs", "irq", "sys", "sysrq-trigger"};
	char p[4096];
	for (size_t i = 0; i < sizeof masked / sizeof masked[0]; i++) join_path(p, sizeof p, proc, masked[i]), mask(p, devnull);
	for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++) join_path(p, sizeof p, proc, ro[i]), read_only(p);
}

/* sysfs shows the network devices of the namespace that mounts it: a fresh one only
 * with our own network namespace, else the host's tree, bound. Read-only either way. */
void mount_sys(const struct opts *o, const char *sys)
{
	char p[4096];
	struct stat st;
	/* an image without /sys, run in a user namespace whose root may not add it: the
	 * container then has no /sys at all, so there is nothing to make read-only */
	if (mkdir(sys, 0555) < 0 && errno != EEXIST && stat(sys, &st) < 0) return;
	if (o->ns & CLONE_NEWNET) {
		if (mount("sysfs", sys, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) die("mount sysfs");
	} else {
		if (mount("/sys", sys, NULL, MS_BIND | MS_REC, NULL) < 0) die("bind /sys");
		set_attrs(sys, RO_ATTRS);
	}
	join_path(p, sizeof p, sys, "firmware");
	mask(p, "/dev/null");
	if (!(o->ns & CLONE_NEWCGROUP)) return;
	/* Its own group as / (the cgroup namespace was unshared after joining). A hybrid
	 * host's cgroup2 has no controllers (v1 holds memory, pids, cpu): the container
	 * sees cgroup.* and the PSI files there, not its limits; a pure v2 host shows them. */
	join_path(p, sizeof p, sys, "fs/cgroup");
	if (mount("cgroup2", p, "cgroup2", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) die("mount cgroup2");
}

/* A tmpfs with the host's harmless character devices bound in, its own pty instance,
 * shm and (own ipc namespace) mqueue. The devices are cloned before the tmpfs goes over
 * /dev: without a rootfs they would be hidden under it. Confined, every mount but those
 * clones and devpts is nodev, so even where no device cgroup filter exists (a pure v1
 * host) a node made with CAP_MKNOD cannot be opened; without a rootfs that means all of
 * the host's tree the container sees. */
void minimal_dev(const struct opts *o, const char *dev)
{
	static const char *devs[] = {"null", "zero", "full", "random", "urandom", "tty"};
	enum { NDEV = sizeof devs / sizeof devs[0] };
	int trees[NDEV];
	char p[4096];
	for (size_t i = 0; i < NDEV; i++) {
		join_path(p, sizeof p, "/dev", devs[i]);
		trees[i] = (int)open_tree(AT_FDCWD, p, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
		if (trees[i] < 0) die(p);
	}
	if (o->conf.on && !o->rootfs) set_attrs("/", MOUNT_ATTR_NODEV);
	mkdir(dev, 0755);
	if (mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME | (o->conf.on ? MS_NODEV : 0), "mode=755,size=64k") < 0) die("mount /dev");
	for (size_t i = 0; i < NDEV; i++) {
		join_path(p, sizeof p, dev, devs[i]);
		int fd = open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
		if (fd < 0) die(p);
		close(fd);
		if (move_mount(trees[i], "", AT_FDCWD, p, MOVE_MOUNT_F_EMPTY_PATH) < 0) die(p);
		close(trees[i]);
	}
	static const char *links[][2] = {
		{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
		{"/proc/self/fd/2", "stderr"}, {"pts/ptmx", "ptmx"},
	};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) join_path(p, sizeof p, dev, links[i][1]), symlink(links[i][0], p);
	/* a private instance: the host's ptys are not reachable through it */
	join_path(p, sizeof p, dev, "pts");
	mkdir(p, 0755);
	if (mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620,gid=5") < 0) {
		/* a user namespace whose map lacks gid 5 (the tty group): like runc, without it */
		if (errno != EINVAL || !(o->ns & CLONE_NEWUSER) ||
		    mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620") < 0)
			die("mount devpts");
	}
	join_path(p, sizeof p, dev, "shm");
	mkdir(p, 01777);
	if (mount("shm", p, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=65536k") < 0) die("mount /dev/shm");
	if (o->ns & CLONE_NEWIPC) {
		join_path(p, sizeof p, dev, "mqueue");
		mkdir(p, 0755);
		if (mount("mqueue", p, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) die("mount mqueue");
	}
}

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x4
#endif

/* pivot_root needs the new root to be a mount point: a recursive bind of the rootfs over
 * itself. The rootfs is our cwd (the shim's chdir, moved into our mount namespace by the
 * unshare), never looked up by path: in a user namespace our root is an unprivileged
 * uid on the host, with no search permission on the 0700 state dir it lives in. So the
 * bind is made with open_tree, attached with move_mount and entered with fchdir, all by
 * fd. Before Linux 5.2 it goes by path: fine without a user namespace. */
static void bind_rootfs(const struct opts *o)
{
	int tree = (int)syscall(SYS_open_tree, AT_FDCWD, ".", OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
	if (tree >= 0) {
		if (syscall(SYS_move_mount, tree, "", AT_FDCWD, ".", MOVE_MOUNT_F_EMPTY_PATH) < 0) die(o->rootfs);
		if (fchdir(tree) < 0) die(o->rootfs);
		close(tree);
		return;
	}
	if (errno != ENOSYS && errno != EPERM) die(o->rootfs);
	if (mount(o->rootfs, o->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) die(o->rootfs);
	if (chdir(o->rootfs) < 0) die(o->rootfs);
}

void enter_rootfs(const struct opts *o)
{
	bind_rootfs(o);
	/* a device node already in the directory cannot be opened; /dev's entries, bound
	 * on top later, are mounts of their own */
	if (o->conf.on) set_attrs(".", MOUNT_ATTR_NODEV);
	if (o->private_proc) mount_proc("proc");
	if (o->conf.on) {
		confine_proc("proc", "/dev/null");
		mount_sys(o, "sys");
	}
	minimal_dev(o, "dev");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		dief("pivot_root into %s: %s (refused: a chroot instead could be escaped)", o->rootfs, strerror(errno));
	/* the old root is stacked under the new one: detach it */
	if (umount2(".", MNT_DETACH) < 0) die("umount old root");
	if (chdir("/") < 0) die("chdir /");
}
