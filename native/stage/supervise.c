/* The shim's last job: wait for the command (forwarding the signals nstop sends to
 * it), record how it ended, and hand over to the reaper that takes the container down. */
#include "stage.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t supervised;
static void forward(int sig) { if (supervised > 0) kill(supervised, sig); }

void supervise(pid_t child, const struct opts *o)
{
	supervised = child;
	struct sigaction sa = {0};
	sa.sa_handler = forward;
	int fwd[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
	for (size_t i = 0; i < sizeof fwd / sizeof fwd[0]; i++) sigaction(fwd[i], &sa, NULL);
	int st = 0;
	while (waitpid(child, &st, 0) < 0 && errno == EINTR) {}
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
	if (o->exit_file) {
		char tmp[4096], text[160];
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(tmp, sizeof tmp, "%s.tmp", o->exit_file);
		int n = snprintf(text, sizeof text, "{\"exitCode\":%d,\"signal\":%d,\"finishedAt\":%lld}\n",
				 WIFEXITED(st) ? WEXITSTATUS(st) : -1, sig,
				 (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
		int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd >= 0 && write(fd, text, (size_t)n) == n && fsync(fd) == 0 && close(fd) == 0)
			rename(tmp, o->exit_file);
	}
	if (o->nreaper > 0) {
		char *argv[MAX_LIST + 1];
		for (int i = 0; i < o->nreaper; i++) argv[i] = o->reaper[i];
		argv[o->nreaper] = NULL;
		execv(argv[0], argv);
		fprintf(stderr, "nstop-stage: cannot run the reaper %s: %s\n", argv[0], strerror(errno));
	}
	_exit(code);
}
