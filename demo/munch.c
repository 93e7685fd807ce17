/* munch: eat memory in steps, touching every page so the kernel really charges it, and
 * say how much it holds after each step. Under a memory limit with no swap the OOM
 * killer ends it; that moment is what the dashboard shows.
 * usage: munch [STEP_MIB=8] [DELAY_MS=100] [MAX_MIB=0 (no end)] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	long step = argc > 1 ? atol(argv[1]) : 8, delay = argc > 2 ? atol(argv[2]) : 100, max = argc > 3 ? atol(argv[3]) : 0;
	if (step <= 0 || delay < 0 || max < 0) {
		fprintf(stderr, "usage: munch [STEP_MIB>0] [DELAY_MS>=0] [MAX_MIB>=0]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	long held = 0;
	struct timespec ts = {delay / 1000, (delay % 1000) * 1000000L};
	for (;;) {
		if (max && held + step > max) {
			printf("munch: holding %ld MiB, reached %ld MiB: sleeping\n", held, max);
			for (;;) nanosleep(&(struct timespec){3600, 0}, NULL);
		}
		char *p = malloc((size_t)step << 20);
		if (!p) {
			printf("munch: malloc refused at %ld MiB\n", held);
			nanosleep(&ts, NULL);
			continue;
		}
		memset(p, 0xa5, (size_t)step << 20); /* touch: charged now, not at first use */
		held += step;
		printf("munch: holding %ld MiB\n", held);
		nanosleep(&ts, NULL);
	}
}
