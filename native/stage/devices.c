/* The device allow-list for cgroup v2. v2 has no devices.allow file: the kernel asks a
 * BPF_PROG_TYPE_CGROUP_DEVICE program attached to the group (and to each ancestor) on
 * every mknod and every open of a device node, and refuses with EPERM when one returns
 * 0. Same shape as runc's devicefilter.go (libcontainer/cgroups/ebpf/devicefilter): one
 * block of compares per rule, a rule that matches returns 1, the end returns 0. The
 * instructions are assembled here by hand so the stage needs no libbpf.
 *
 * The list (RULES) is Docker's default: moby's daemon/pkg/oci/defaults.go plus the pty
 * entries runc adds (5:2 ptmx, 136:* pts), all "rwm". Left out on purpose:
 *  - "c *:* m" and "b *:* m", the wildcards runc adds so a container may mknod any node
 *    (opening it would still be refused). A node the container cannot open is no use to
 *    it, and refusing mknod keeps planted nodes out of volumes the host later reads.
 *  - 5:1, /dev/console, which moby lists: it is the host's console (runc binds the
 *    container's pty there, whose number is 136:N), and our /dev never has it.
 *
 * What the program reads, struct bpf_cgroup_dev_ctx (include/uapi/linux/bpf.h):
 *     __u32 access_type;  offset 0: BPF_DEVCG_DEV_* in the low 16 bits (BLOCK 1, CHAR 2),
 *                         BPF_DEVCG_ACC_* in the high 16 (MKNOD 1, READ 2, WRITE 4)
 *     __u32 major;        offset 4
 *     __u32 minor;        offset 8 */
#define _GNU_SOURCE
#include "confine.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ANY (-1)

static const struct dev_rule {
	char type;          /* 'c' or 'b' */
	int major, minor;   /* ANY: every minor */
	const char *access; /* "rwm" letters, as in devices.allow */
	const char *what;
} RULES[] = {
	{'c', 1, 3, "rwm", "null"},
	{'c', 1, 5, "rwm", "zero"},
	{'c', 1, 7, "rwm", "full"},
	{'c', 1, 8, "rwm", "random"},
	{'c', 1, 9, "rwm", "urandom"},
	{'c', 5, 0, "rwm", "tty"},
	{'c', 5, 2, "rwm", "ptmx"},
	{'c', 136, ANY, "rwm", "pts/N"},
};

#define MAX_INSNS 128
/* 6 loads up front, at most 8 per rule (type, 3 for access, major, minor, mov, exit), 2 at the end */
_Static_assert(6 + 8 * sizeof RULES / sizeof RULES[0] + 2 <= MAX_INSNS, "raise MAX_INSNS");
#define ALL_ACCESS (BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE)

static char last_error[512];

static int fail(int err, const char *what, const char *detail)
{
	snprintf(last_error, sizeof last_error, "%s: %s%s%s", what, strerror(err),
		 detail && *detail ? ": " : "", detail ? detail : "");
	errno = err;
	return -1;
}

const char *device_filter_error(void) { return last_error; }

static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	return (struct bpf_insn){.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm};
}

static int access_bits(const char *letters)
{
	int bits = 0;
	for (const char *c = letters; *c; c++)
		bits |= *c == 'r' ? BPF_DEVCG_ACC_READ : *c == 'w' ? BPF_DEVCG_ACC_WRITE : BPF_DEVCG_ACC_MKNOD;
	return bits;
}

/* r2 = device type, r3 = requested access, r4 = major, r5 = minor; then per rule "if any
 * field differs, jump to the next rule, else return 1"; at the end return 0. */
static unsigned assemble(struct bpf_insn *p)
{
	unsigned n = 0;
	p[n++] = insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1, 0, 0);
	p[n++] = insn(BPF_ALU | BPF_MOV | BPF_X, BPF_REG_3, BPF_REG_2, 0, 0);
	p[n++] = insn(BPF_ALU | BPF_RSH | BPF_K, BPF_REG_3, 0, 0, 16);
	p[n++] = insn(BPF_ALU | BPF_AND | BPF_K, BPF_REG_2, 0, 0, 0xffff);
	p[n++] = insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_4, BPF_REG_1, 4, 0);
	p[n++] = insn(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_1, 8, 0);
	for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++) {
		const struct dev_rule *r = &RULES[i];
		int access = access_bits(r->access);
		unsigned start = n;
		p[n++] = insn(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, 0,
			      r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
		if (access != ALL_ACCESS) { /* no match when a requested bit is outside `access` */
			p[n++] = insn(BPF_ALU | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_3, 0, 0);
			p[n++] = insn(BPF_ALU | BPF_AND | BPF_K, BPF_REG_1, 0, 0, ~access & ALL_ACCESS);
			p[n++] = insn(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_1, 0, 0, 0);
		}
		p[n++] = insn(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_4, 0, 0, r->major);
		if (r->minor != ANY) p[n++] = insn(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, 0, r->minor);
		p[n++] = insn(BPF_ALU | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1);
		p[n++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		/* every compare of the rule jumps to the first instruction after it */
		for (unsigned j = start; j < n; j++)
			if (p[j].code == (BPF_JMP | BPF_JNE | BPF_K)) p[j].off = (int16_t)(n - j - 1);
	}
	p[n++] = insn(BPF_ALU | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
	p[n++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return n;
}

/* The verifier's reason: its log lists the instructions it walked, then the reason
 * (e.g. "BPF_LDX uses reserved fields"), then statistics lines, which we drop. */
static const char *verifier_reason(char *log)
{
	for (;;) {
		size_t len = strlen(log);
		while (len > 0 && (log[len - 1] == '\n' || log[len - 1] == ' ')) log[--len] = 0;
		char *nl = strrchr(log, '\n');
		char *last = nl ? nl + 1 : log;
		if (!nl || (strncmp(last, "processed ", 10) && strncmp(last, "verification time", 17) &&
			    strncmp(last, "stack depth", 11)))
			return last;
		*nl = 0;
	}
}

static int load_program(void)
{
	static struct bpf_insn prog[MAX_INSNS];
	static char log[16384];
	unsigned n = assemble(prog);
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uint64_t)(uintptr_t)prog;
	a.insn_cnt = n;
	/* Device programs call no helper, so no GPL-only one: any license string loads. */
	a.license = (uint64_t)(uintptr_t)"MIT";
	int fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof a);
	if (fd >= 0) return fd;
	int err = errno;
	/* Again with the log on, only to say why: asking for it up front can itself fail
	 * (ENOSPC when the log outgrows the buffer) where the plain load succeeds. */
	log[0] = 0;
	a.log_level = 1;
	a.log_buf = (uint64_t)(uintptr_t)log;
	a.log_size = sizeof log;
	int again = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof a);
	if (again >= 0) { close(again); return fail(err, "load the device filter", NULL); }
	return fail(err, "load the device filter", log[0] ? verifier_reason(log) : NULL);
}

int attach_device_filter(int cgroup2_dirfd)
{
	last_error[0] = 0;
	int prog = load_program();
	if (prog < 0) return -1;
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.target_fd = (uint32_t)cgroup2_dirfd;
	a.attach_bpf_fd = (uint32_t)prog;
	a.attach_type = BPF_CGROUP_DEVICE;
	/* ALLOW_MULTI: programs already on the group or its ancestors (systemd's, another
	 * runtime's) keep running next to ours, and a device passes only if all of them say
	 * yes, so ours can only narrow. It fails (EPERM) under an ancestor that attached
	 * without the flag, which forbids anything below it. */
	a.attach_flags = BPF_F_ALLOW_MULTI;
	int rc = (int)syscall(SYS_bpf, BPF_PROG_ATTACH, &a, sizeof a);
	int err = errno;
	close(prog); /* the attachment holds the program now */
	return rc < 0 ? fail(err, "attach the device filter", NULL) : 0;
}

int cgroup2_dir_of_procs(const char *procs_file)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(procs_file, '/');
	if (!slash) { errno = EINVAL; return -1; }
	size_t len = slash == procs_file ? 1 : (size_t)(slash - procs_file);
	if (len >= sizeof dir) { errno = ENAMETOOLONG; return -1; }
	memcpy(dir, procs_file, len);
	dir[len] = 0;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) return -1;
	struct statfs fs;
	int err = fstatfs(fd, &fs) < 0 ? errno : fs.f_type != CGROUP2_SUPER_MAGIC ? ENOTSUP : 0;
	if (err == 0) return fd;
	close(fd);
	errno = err;
	return -1;
}
