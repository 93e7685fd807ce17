#include "stage.h"
#include <string.h>
#include <sys/prctl.h>
#include <signal.h>
#include <unistd.h>

/* Foreground containers die with the nstop that relays their terminal. Returns 1 when
 * the parent is already gone (the signal would never come). */
int prctl_parent_death(void)
{
	pid_t parent = getppid();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	return getppid() != parent;
}

int main(int argc, char **argv)
{
	struct opts o = {0};
	run_from_sealed_copy(argv);
	/* the copy's name would be "memfd:nstop-sta": keep the one ps and nstop's table show */
	prctl(PR_SET_NAME, "nstop-stage", 0, 0, 0);
	/* until the command is exec'd, no process of the container may ptrace us or open
	 * our /proc files (fds, exe, memory); execve makes the command dumpable again */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) die("PR_SET_DUMPABLE");
	sanitize_process();
	read_env(&o);
	parse_args(argc, argv, &o);
	confine_early();
	if (!strcmp(o.mode, "run")) return run_main(&o);
	if (!strcmp(o.mode, "enter")) return enter_main(&o);
	dief("unknown mode %s (run or enter)", o.mode);
}
