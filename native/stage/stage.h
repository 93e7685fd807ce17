/* nstop-stage: the single-threaded step between nstop (Node, always multithreaded) and
 * the container's command. Node cannot unshare or setns a user or time namespace, and a
 * Node stage costs a whole Node start-up; this stays a few hundred KiB and a few ms.
 * Protocol: on fd 3 (the sync socket Node passes) Node first writes the command's
 * environment (NUL-terminated entries, then an empty one: values stay off the command
 * line, which every local user can read); the stage answers one line, "running PID"
 * (host pid of the command, after it exec'd) or "error TEXT", then EOF. See run.c and
 * enter.c. */
#ifndef NSTOP_STAGE_H
#define NSTOP_STAGE_H
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/types.h>

#define MAX_LIST 64
#define MAX_ENV 256
#define MAX_ENV_BYTES 65536

/* What the command may do: on = capabilities limited to caps (bounding, permitted,
 * effective; inheritable and ambient empty), nnp = no_new_privs, seccomp = the default
 * filter for that set. run: from --caps, or all off with --privileged; enter: copied
 * from the target's /proc/PID/status. */
struct confine {
	int on, nnp, seccomp;
	uint64_t caps;
};

struct opts {
	const char *mode;          /* "run" or "enter" */
	int ns;                    /* CLONE_NEW* flags to create (run) */
	const char *hostname;
	const char *rootfs;
	int private_proc;          /* mount a fresh /proc (run, pid+mnt) */
	const char *procs[MAX_LIST]; /* cgroup.procs files the command joins before it runs */
	int nprocs;
	const char *uid_map, *gid_map;
	int set_user; uid_t uid; gid_t gid;
	const char *workdir;
	char *env[MAX_ENV + 1];    /* from fd 3 (read_env), never from argv */
	int nenv;
	int privileged, have_caps; /* run: --privileged or --caps MASK, one is required */
	uint64_t caps;
	struct confine conf;
	int tty;                   /* fd 0 is a pty slave: new session, make it the ctty */
	const char *exit_file;     /* JSON {exitCode, signal, finishedAt} written when it ends */
	char *reaper[MAX_LIST + 1]; /* exec'd by the shim after the command ends */
	int nreaper;
	int pdeathsig;             /* foreground: die with nstop */
	int net_wait;              /* run: before release, "netns PID" on fd 3, wait for "go" */
	int netns_fd;              /* run: join this network namespace instead (-1: none) */
	pid_t target;              /* enter: the container process whose namespaces we join */
	char **cmd;
};

extern int sync_fd;
extern int report_fd;     /* where die() reports: the sync socket, or the error pipe in the child */

void die(const char *what) __attribute__((noreturn));
void dief(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void parse_args(int argc, char **argv, struct opts *o);
void sanitize_process(void);
void write_file(const char *path, const char *text);
pid_t fork_child(int clone_flags, int *release_fd, int *error_fd);
void wait_release(int release_fd, int error_fd);
void release_child(pid_t child, const struct opts *o, int release_fd, int error_fd);
void await_net_setup(pid_t child);
void become_root_in_userns(void);
void exec_command(const struct opts *o) __attribute__((noreturn));
void read_env(struct opts *o);
void run_from_sealed_copy(char **argv);
/* caps.c */
void confine_early(void);
void confine_for_run(struct opts *o);
void confine_from_target(struct opts *o, pid_t target);
void confine_before_user(const struct confine *c);
void confine_seccomp_without_nnp(const struct confine *c, int keep_fd);
void confine_after_user(const struct confine *c);
void confine_last(const struct confine *c, int keep_fd);
/* mounts.c */
void mount_proc(const char *where);
void confine_proc(const char *proc, const char *devnull);
void host_tree_read_only(void);
void scratch_tmp(const char *tmp);
void mount_sys(const struct opts *o, const char *sys);
void minimal_dev(const struct opts *o, const char *dev);
void enter_rootfs(const struct opts *o);
int run_main(struct opts *o);
int enter_main(struct opts *o);
int prctl_parent_death(void);
void supervise(pid_t child, const struct opts *o) __attribute__((noreturn));

#endif
