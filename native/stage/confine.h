/* Confinement pieces the stage applies (run.c, enter.c): see seccomp.c and devices.c. */
#ifndef NSTOP_CONFINE_H
#define NSTOP_CONFINE_H
#include <stdint.h>
/* Loads the default seccomp filter (like Docker's profile) into the calling thread; the
 * syscalls Docker allows only with a capability are allowed when `caps` (bit N =
 * capability N, the set the command keeps) has it. Needs no_new_privs already set or
 * CAP_SYS_ADMIN. Returns 0, or -1 with errno set. Must be the last step before execve. */
int load_seccomp(uint64_t caps);
/* Attaches the device allow-list (null, zero, full, random, urandom, tty, ptmx, pts/N)
 * as a BPF_PROG_TYPE_CGROUP_DEVICE program to the cgroup2 directory open as `dirfd`.
 * Everything else: no mknod, no open (read/write). Returns 0, or -1 with errno set. */
int attach_device_filter(int cgroup2_dirfd);
/* The directory holding `procs_file` (a --cgroup-procs path), opened O_DIRECTORY for
 * attach_device_filter, when it lies on a cgroup2 mount. -1 with errno ENOTSUP when it is
 * a v1 hierarchy (the caller skips it: v1 has its own devices controller), any other
 * errno when it cannot be opened. */
int cgroup2_dir_of_procs(const char *procs_file);
/* Why the last attach_device_filter failed: the step, strerror, and for a program the
 * kernel refused, the verifier's reason. Valid until the next call. */
const char *device_filter_error(void);
#endif
