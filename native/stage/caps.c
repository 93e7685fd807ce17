/* The confinement tail every command goes through right before execve (runc's order):
 * no_new_privs, the bounding set, the user switch, permitted/effective/inheritable and
 * ambient, stray fds closed, the seccomp filter last (it may forbid the calls before it).
 * A run gets its set from --caps; an exec copies what the target container has, so it
 * works the same for other runtimes' containers. */
#include "stage.h"
#include "confine.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int last_cap = -1;
/* what we were started with (this host's root lacks CAP_SYS_RESOURCE, for one): no set
 * can hold more, and a target holding all of it is a privileged container */
static uint64_t own_bounding;

/* Read while /proc is still the host's: later it may be another pid namespace's, and
 * /proc/sys is read-only or masked there. */
void confine_early(void)
{
	char buf[16] = {0};
	int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, buf, sizeof buf - 1) <= 0) die("/proc/sys/kernel/cap_last_cap");
	close(fd);
	last_cap = atoi(buf);
	if (last_cap < 0 || last_cap > 63) dief("/proc/sys/kernel/cap_last_cap: %s", buf);
	for (int cap = 0; cap <= last_cap; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1) own_bounding |= 1ULL << cap;
}

void confine_for_run(struct opts *o)
{
	if (o->privileged && o->have_caps) dief("--privileged and --caps exclude each other");
	/* never run unconfined because nstop forgot to say how */
	if (!o->privileged && !o->have_caps) dief("run needs --caps MASK or --privileged");
	o->conf.on = !o->privileged;
	o->conf.nnp = o->conf.seccomp = !o->privileged;
	o->conf.caps = o->caps & own_bounding;
}

/* The target's own limits, read before we join it (its /proc/PID is then out of reach).
 * The caller holds a pidfd and checks afterwards that the pid was not reused. */
void confine_from_target(struct opts *o, pid_t target)
{
	char path[64], line[256];
	int have_bnd = 0, nnp = 0, seccomp = 0;
	uint64_t bnd = 0;
	snprintf(path, sizeof path, "/proc/%d/status", target);
	FILE *f = fopen(path, "re");
	if (!f) die(path);
	while (fgets(line, sizeof line, f)) {
		unsigned long long v;
		int n;
		if (sscanf(line, "CapBnd: %llx", &v) == 1) bnd = v, have_bnd = 1;
		else if (sscanf(line, "NoNewPrivs: %d", &n) == 1) nnp = n;
		else if (sscanf(line, "Seccomp: %d", &n) == 1) seccomp = n;
	}
	fclose(f);
	if (!have_bnd) dief("%s: no CapBnd line", path);
	/* a privileged container: joining it takes nothing away */
	if ((bnd & own_bounding) == own_bounding && !nnp && seccomp == 0) return;
	bnd &= own_bounding;
	o->conf.on = 1;
	o->conf.caps = bnd;
	o->conf.nnp = nnp;
	/* mode 2 is a filter; we cannot copy the target's, so the default one for its set */
	o->conf.seccomp = seccomp == 2;
}

static void close_stray_fds(int keep_fd)
{
	/* the fds nstop passes on purpose are consumed by now; the error pipe (close-on-exec)
	 * stays so a failure after this point is still reported */
	if (keep_fd > 3 && syscall(SYS_close_range, 3U, (unsigned)keep_fd - 1, 0U) < 0) die("close_range");
	unsigned from = keep_fd >= 3 ? (unsigned)keep_fd + 1 : 3U;
	if (syscall(SYS_close_range, from, ~0U, 0U) < 0) die("close_range");
}

void confine_before_user(const struct confine *c)
{
	if (!c->on) return;
	if (c->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die("no_new_privs");
	for (int cap = 0; cap <= last_cap; cap++)
		if (!(c->caps & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			dief("drop capability %d from the bounding set: %s", cap, strerror(errno));
	/* the user switch and capset below must keep working under the filter */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) die("keepcaps");
}

void confine_after_user(const struct confine *c)
{
	if (!c->on) return;
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) die("keepcaps");
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof d);
	d[0].permitted = d[0].effective = (uint32_t)c->caps;
	d[1].permitted = d[1].effective = (uint32_t)(c->caps >> 32);
	/* after a switch to uid != 0 the permitted set kept by KEEPCAPS is this set; execve
	 * then empties it (no file caps, no ambient): Docker's non-root user has none */
	if (syscall(SYS_capset, &h, d) < 0) die("capset");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) die("clear ambient capabilities");
}

/* Joining a container whose processes have a filter but not no_new_privs (Docker's
 * default): loading one then needs CAP_SYS_ADMIN, which the drop is about to take, so
 * like runc the filter goes in first; the calls after it are ones the default allows. */
void confine_seccomp_without_nnp(const struct confine *c, int keep_fd)
{
	if (!c->on || !c->seccomp || c->nnp) return;
	close_stray_fds(keep_fd);
	if (load_seccomp(c->caps) < 0) die("load the seccomp filter");
}

void confine_last(const struct confine *c, int keep_fd)
{
	close_stray_fds(keep_fd);
	if (c->on && c->seccomp && c->nnp && load_seccomp(c->caps) < 0) die("load the seccomp filter");
}
