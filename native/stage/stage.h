/* nstop-stage: the single-threaded step between nstop (Node, always multithreaded) and
 * the container's command. Node cannot unshare or setns a user or time namespace, and a
 * Node stage costs a whole Node start-up; this stays a few hundred KiB and a few ms.
 * Protocol: fd 3 (the sync socket Node passes) gets one line, "running PID" (host pid of
 * the command, after it exec'd) or "error TEXT", then EOF. See run.c and enter.c. */
#ifndef NSTOP_STAGE_H
#define NSTOP_STAGE_H
#define _GNU_SOURCE
#include <sys/types.h>

#define MAX_LIST 64

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
	const char *env[MAX_LIST + 1];
	int nenv;
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
int run_main(struct opts *o);
int enter_main(struct opts *o);
int prctl_parent_death(void);
void supervise(pid_t child, const struct opts *o) __attribute__((noreturn));

#endif
