/* forkbomb: fork as fast as it can; each child forks too, then waits. Under pids.max the
 * kernel refuses the forks (pids.events "max" counts them) and the host stays usable.
 * It refuses to start without --limited: it is only ever run by `nstop demo forkbomb`
 * (or by hand) inside a cgroup whose pids.max was set first.
 * usage: forkbomb --limited */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--limited") != 0) {
		fprintf(stderr, "forkbomb: run it only in a cgroup with a pids limit, then pass --limited\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGCHLD, SIG_IGN); /* no zombies: the bomb is about forks, not about reaping */
	long born = 0, refused = 0;
	pid_t self = getpid();
	for (;;) {
		pid_t p = fork();
		if (p == 0) { born = 0; refused = 0; continue; } /* every child bombs too */
		if (p > 0) born++;
		else if (errno == EAGAIN || errno == ENOMEM) {
			/* only the first process reports, and not on every refusal */
			if (getpid() == self && refused++ % 1000 == 0) printf("forkbomb: fork refused (%ld refusals, %ld children)\n", refused, born);
			nanosleep(&(struct timespec){0, 1000000}, NULL);
		}
	}
}
