/* The default seccomp filter: a classic-BPF program built at run time from one table
 * (RULES) and the capability set the command keeps. No libseccomp, so `npm ci` builds
 * without libseccomp-dev, and the whole policy is the table below.
 *
 * Model: Docker's default profile (github.com/moby/profiles seccomp/default.json, v0.2.3,
 * as vendored by moby/moby in 2026). Every syscall that profile refuses on x86_64, up to
 * Linux 6.16, is a row here, with the capability that lets it through where moby has one.
 *
 * Deny-list, where moby allow-lists: moby refuses every syscall it does not name, so a
 * syscall a newer kernel adds fails with EPERM until the profile learns it (glibc's
 * clone3 and faccessat2 broke containers that way). We list the dangerous families and
 * let the rest through. The cost: a syscall added after this table is allowed until it
 * is added here; mount-, key- and LSM-like newcomers are the ones to watch (open_tree_attr
 * and lsm_* are here although the 6.1 headers do not know them yet).
 *
 * Where this is stricter than moby, on purpose:
 *  - io_uring_*: refused (moby too since 2023, moby#46762); the ring runs I/O the filter
 *    never sees.
 *  - process_vm_readv/writev: need SYS_PTRACE (moby allows them on kernels >= 4.8).
 *  - adjtimex, clock_adjtime: need SYS_TIME. moby allows both because the kernel itself
 *    refuses a write without CAP_SYS_TIME; but a filter cannot see struct timex behind
 *    the pointer, so "read-only" is not something we can check, and the time family stays
 *    one rule. A container that only reads the NTP state (ntp_gettime) gets EPERM.
 * Where we follow moby although the first draft of the issue did not:
 *  - ptrace: allowed (moby, kernels >= 4.8: since 4.8 seccomp re-checks a syscall a
 *    tracer rewrote, so ptrace can no longer smuggle a refused one past the filter).
 *  - name_to_handle_at: allowed (only open_by_handle_at, the "shocker" half, is gated).
 *  - pivot_root, move_pages, migrate_pages: refused even with a capability.
 *
 * What the filter reads, struct seccomp_data (include/uapi/linux/seccomp.h):
 *     int   nr;                   offset 0
 *     __u32 arch;                 offset 4    AUDIT_ARCH_* of the entry used
 *     __u64 instruction_pointer;  offset 8
 *     __u64 args[6];              offset 16 + 8 * i
 * Classic BPF loads 32 bits at a time. x86_64 and aarch64 are little endian: args[i]'s
 * low half is at 16 + 8 * i. We only ever compare low halves: clone's namespace flags
 * (CLONE_NEW*, mask 0x7e020000 as in moby) live there, and personality(unsigned int)
 * and socket(int, ...) make the kernel ignore the high half too. */
#define _GNU_SOURCE
#include "confine.h"
#include <endian.h>
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "seccomp.c knows the syscall numbers of x86_64 and aarch64 only"
#endif
#if __BYTE_ORDER != __LITTLE_ENDIAN
#error "seccomp.c reads the low half of 64-bit arguments at the little-endian offset"
#endif

/* Newer than the headers Debian 12 ships (linux-libc-dev 6.1); since 424 every
 * architecture shares one numbering, so one value fits x86_64 and aarch64. */
#ifndef __NR_lsm_get_self_attr
#define __NR_lsm_get_self_attr 459
#define __NR_lsm_set_self_attr 460
#define __NR_lsm_list_modules 461
#endif
#ifndef __NR_open_tree_attr
#define __NR_open_tree_attr 467
#endif
#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#define CAP_BPF 39
#endif

#define NONE (-1)
#define ADMIN CAP_SYS_ADMIN

struct rule {
	const char *name;
	int nr;
	int cap, cap2; /* kept capabilities that let it through (either one), or NONE */
	int err;       /* what the caller gets */
	const char *why;
};
#define DENY(n, c, c2, w) { #n, __NR_##n, c, c2, EPERM, w }

static const struct rule RULES[] = {
	DENY(init_module, CAP_SYS_MODULE, NONE, "kernel code"),
	DENY(finit_module, CAP_SYS_MODULE, NONE, "kernel code"),
	DENY(delete_module, CAP_SYS_MODULE, NONE, "unloads the host's drivers"),
	DENY(kexec_load, NONE, NONE, "boots another kernel"),
	DENY(kexec_file_load, NONE, NONE, "boots another kernel"),
	DENY(reboot, CAP_SYS_BOOT, NONE, "the host, not the container"),
	DENY(swapon, NONE, NONE, "host-wide swap"),
	DENY(swapoff, NONE, NONE, "host-wide swap"),
	DENY(acct, CAP_SYS_PACCT, NONE, "host-wide process accounting"),
	DENY(settimeofday, CAP_SYS_TIME, NONE, "the clock is not namespaced"),
	DENY(clock_settime, CAP_SYS_TIME, NONE, "the clock is not namespaced"),
	DENY(clock_adjtime, CAP_SYS_TIME, NONE, "the clock is not namespaced"),
	DENY(adjtimex, CAP_SYS_TIME, NONE, "the clock is not namespaced"),
	DENY(add_key, NONE, NONE, "keyrings are not namespaced"),
	DENY(request_key, NONE, NONE, "keyrings are not namespaced"),
	DENY(keyctl, NONE, NONE, "keyrings are not namespaced"),
	DENY(mount, ADMIN, NONE, "mount table"),
	DENY(umount2, ADMIN, NONE, "mount table"),
	DENY(mount_setattr, ADMIN, NONE, "mount table (new mount API)"),
	DENY(move_mount, ADMIN, NONE, "mount table (new mount API)"),
	DENY(open_tree, ADMIN, NONE, "mount table (new mount API)"),
	DENY(open_tree_attr, ADMIN, NONE, "mount table (new mount API, 6.15)"),
	DENY(fsopen, ADMIN, NONE, "mount table (new mount API)"),
	DENY(fsconfig, ADMIN, NONE, "mount table (new mount API)"),
	DENY(fsmount, ADMIN, NONE, "mount table (new mount API)"),
	DENY(fspick, ADMIN, NONE, "mount table (new mount API)"),
	DENY(pivot_root, NONE, NONE, "moby refuses it even with SYS_ADMIN"),
	DENY(chroot, CAP_SYS_CHROOT, NONE, "as moby; the kernel checks the cap too"),
	DENY(unshare, ADMIN, NONE, "new namespaces: user ones reopen every cap"),
	DENY(setns, ADMIN, NONE, "joining another namespace"),
	DENY(sethostname, ADMIN, NONE, "as moby"),
	DENY(setdomainname, ADMIN, NONE, "as moby"),
	DENY(bpf, ADMIN, CAP_BPF, "kernel attack surface, tracing"),
	DENY(perf_event_open, ADMIN, CAP_PERFMON, "kernel attack surface, host profiling"),
	DENY(userfaultfd, NONE, NONE, "stalls kernel page faults: exploit primitive"),
	DENY(io_uring_setup, NONE, NONE, "I/O the filter never sees"),
	DENY(io_uring_enter, NONE, NONE, "I/O the filter never sees"),
	DENY(io_uring_register, NONE, NONE, "I/O the filter never sees"),
	DENY(fanotify_init, ADMIN, NONE, "watches the host's file systems"),
	DENY(lookup_dcookie, ADMIN, NONE, "kernel profiling (removed in 6.8)"),
	DENY(quotactl, ADMIN, NONE, "host file system quotas"),
	DENY(quotactl_fd, ADMIN, NONE, "host file system quotas"),
	DENY(syslog, ADMIN, CAP_SYSLOG, "the host's kernel log"),
	DENY(lsm_get_self_attr, ADMIN, NONE, "as moby"),
	DENY(lsm_set_self_attr, ADMIN, NONE, "as moby"),
	DENY(lsm_list_modules, ADMIN, NONE, "as moby"),
	DENY(open_by_handle_at, CAP_DAC_READ_SEARCH, NONE, "opens host files by handle (shocker)"),
	DENY(kcmp, CAP_SYS_PTRACE, NONE, "inspects other processes"),
	DENY(pidfd_getfd, CAP_SYS_PTRACE, NONE, "steals another process's fds"),
	DENY(process_madvise, CAP_SYS_PTRACE, NONE, "another process's memory"),
	DENY(process_vm_readv, CAP_SYS_PTRACE, NONE, "another process's memory"),
	DENY(process_vm_writev, CAP_SYS_PTRACE, NONE, "another process's memory"),
	DENY(get_mempolicy, CAP_SYS_NICE, NONE, "NUMA placement"),
	DENY(set_mempolicy, CAP_SYS_NICE, NONE, "NUMA placement"),
	DENY(set_mempolicy_home_node, CAP_SYS_NICE, NONE, "NUMA placement"),
	DENY(mbind, CAP_SYS_NICE, NONE, "NUMA placement"),
	DENY(move_pages, NONE, NONE, "moves other processes' pages"),
	DENY(migrate_pages, NONE, NONE, "moves other processes' pages"),
	DENY(vhangup, CAP_SYS_TTY_CONFIG, NONE, "hangs up the terminal"),
	DENY(nfsservctl, NONE, NONE, "gone since 3.1"),
#if defined(__x86_64__)
	DENY(iopl, CAP_SYS_RAWIO, NONE, "raw I/O ports"),
	DENY(ioperm, CAP_SYS_RAWIO, NONE, "raw I/O ports"),
	DENY(uselib, NONE, NONE, "obsolete a.out loader"),
	DENY(ustat, NONE, NONE, "obsolete"),
	DENY(sysfs, NONE, NONE, "obsolete"),
	DENY(_sysctl, NONE, NONE, "obsolete, gone since 5.5"),
	DENY(create_module, NONE, NONE, "obsolete"),
	DENY(get_kernel_syms, NONE, NONE, "obsolete"),
	DENY(query_module, NONE, NONE, "obsolete"),
	DENY(getpmsg, NONE, NONE, "never implemented"),
	DENY(putpmsg, NONE, NONE, "never implemented"),
	DENY(afs_syscall, NONE, NONE, "never implemented"),
	DENY(tuxcall, NONE, NONE, "never implemented"),
	DENY(security, NONE, NONE, "never implemented"),
	DENY(vserver, NONE, NONE, "never implemented"),
#endif
	/* ENOSYS, as moby: glibc then falls back to clone, whose flags we can read (clone3
	 * passes them in a struct behind a pointer, out of the filter's sight). */
	{ "clone3", __NR_clone3, ADMIN, NONE, ENOSYS, "flags out of sight" },
};

/* clone with any of these needs SYS_ADMIN (moby's mask 2114060288): NEWNS, NEWCGROUP,
 * NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET. CLONE_NEWTIME (0x80) cannot be asked of
 * clone(): those bits are the exit signal there; unshare and clone3 are gated above. */
#define CLONE_NS_FLAGS (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
			CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)
/* personality values moby allows: PER_LINUX, PER_LINUX32, UNAME26, PER_LINUX32|UNAME26
 * and 0xffffffff, the query. The others change how the kernel treats the process
 * (e.g. READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE). */
static const uint32_t PERSONALITY_OK[] = {0x0, 0x8, 0x20000, 0x20008, 0xffffffff};
/* socket families moby refuses (v0.2.x): AF_ALG (kernel crypto, a source of exploits)
 * and AF_VSOCK (talks to the hypervisor, not namespaced). */
static const uint32_t SOCKET_REFUSED[] = {AF_ALG, AF_VSOCK};

#define ARG0_LO ((uint32_t)offsetof(struct seccomp_data, args[0]))
#define X32_SYSCALL_BIT 0x40000000u
#define MAX_INSNS 512 /* ~2 per row plus the fixed parts: well under BPF_MAXINSNS */
#define RET_ERRNO(e) (SECCOMP_RET_ERRNO | ((uint32_t)(e) & SECCOMP_RET_DATA))

struct builder {
	struct sock_filter insn[MAX_INSNS];
	unsigned short n;
	int overflow;
};

static void emit(struct builder *b, uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	if (b->n >= MAX_INSNS) { b->overflow = 1; return; }
	b->insn[b->n++] = (struct sock_filter){code, jt, jf, k};
}

static int kept(uint64_t caps, int cap)
{
	return cap >= 0 && cap < 64 && ((caps >> cap) & 1);
}

/* For syscall `nr`: compare the low half of args[0] with vals[]; a value in the list gets
 * `listed`, any other `other`. Every other syscall skips the block. Jumps only go
 * forward past this block's few instructions, so they stay far below 255. */
static void arg0_block(struct builder *b, int nr, const uint32_t *vals, unsigned n,
		       uint32_t listed, uint32_t other)
{
	emit(b, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, (uint8_t)(n + 3));
	emit(b, BPF_LD | BPF_W | BPF_ABS, ARG0_LO, 0, 0);
	for (unsigned i = 0; i < n; i++)
		emit(b, BPF_JMP | BPF_JEQ | BPF_K, vals[i], (uint8_t)(n - i), 0);
	emit(b, BPF_RET | BPF_K, other, 0, 0);
	emit(b, BPF_RET | BPF_K, listed, 0, 0);
}

int load_seccomp(uint64_t caps)
{
	static struct builder b; /* 4 KiB: off the stack; the stage is single-threaded */
	b.n = 0;
	b.overflow = 0;
	/* Foreign entry points first. On x86_64 a 64-bit process can still enter the kernel
	 * through int 0x80 (AUDIT_ARCH_I386), where the numbers differ (i386 mount is 21,
	 * x86_64's 21 is access): a deny-list of x86_64 numbers would let every refused call
	 * through there. We kill rather than return an errno: nothing we launch is meant to
	 * make i386 calls, a program that does is either 32-bit (it could not work with half
	 * its syscalls refused anyway) or probing, and SIGSYS says so loudly where an errno
	 * would leave it running half-broken. 32-bit binaries therefore do not run confined;
	 * moby filters the i386 table too. */
	emit(&b, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), 0, 0);
	emit(&b, BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0);
	emit(&b, BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS, 0, 0);
	emit(&b, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0);
#if defined(__x86_64__)
	/* x32 calls arrive as AUDIT_ARCH_X86_64 with this bit set in nr and their own
	 * numbers (x32 mount = bit | 165): the same bypass as i386, when the kernel has
	 * CONFIG_X86_X32_ABI. EPERM, like any other refusal. */
	emit(&b, BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1);
	emit(&b, BPF_RET | BPF_K, RET_ERRNO(EPERM), 0, 0);
#endif
	for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++) {
		const struct rule *r = &RULES[i];
		if (kept(caps, r->cap) || kept(caps, r->cap2)) continue;
		emit(&b, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)r->nr, 0, 1);
		emit(&b, BPF_RET | BPF_K, RET_ERRNO(r->err), 0, 0);
	}
	/* The argument checks load args[0] over nr in the accumulator, so each ends in a
	 * return and they come after every plain rule. */
	if (!kept(caps, CAP_SYS_ADMIN)) {
		emit(&b, BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4);
		emit(&b, BPF_LD | BPF_W | BPF_ABS, ARG0_LO, 0, 0);
		emit(&b, BPF_JMP | BPF_JSET | BPF_K, CLONE_NS_FLAGS, 0, 1);
		emit(&b, BPF_RET | BPF_K, RET_ERRNO(EPERM), 0, 0);
		emit(&b, BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	}
	arg0_block(&b, __NR_personality, PERSONALITY_OK, sizeof PERSONALITY_OK / sizeof PERSONALITY_OK[0],
		   SECCOMP_RET_ALLOW, RET_ERRNO(EPERM));
	arg0_block(&b, __NR_socket, SOCKET_REFUSED, sizeof SOCKET_REFUSED / sizeof SOCKET_REFUSED[0],
		   RET_ERRNO(EPERM), SECCOMP_RET_ALLOW);
	emit(&b, BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	if (b.overflow) { errno = E2BIG; return -1; }
	struct sock_fprog prog = {b.n, b.insn};
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0 ? -1 : 0;
}
