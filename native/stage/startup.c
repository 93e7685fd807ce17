/* What the stage does before it looks at its arguments: run from a sealed in-memory
 * copy of itself, and take the command's environment from nstop over fd 3. */
#include "stage.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

#define MEMFD_NAME "nstop-stage"

/* CVE-2019-5736: a container that gets a process of ours to exec a "#!/proc/self/exe"
 * script runs this binary inside the container and could open it for writing through
 * /proc/PID/exe, then overwrite nstop's helper on the host. Run from a sealed memfd
 * instead: what the container can reach is this copy, and nobody can write it. */
void run_from_sealed_copy(char **argv)
{
	char link[64];
	ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
	if (n < 0) die("/proc/self/exe");
	link[n] = 0;
	if (!strncmp(link, "/memfd:" MEMFD_NAME " ", sizeof "/memfd:" MEMFD_NAME))
		return;
	int src = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (src < 0) die("/proc/self/exe");
	struct stat st;
	if (fstat(src, &st) < 0) die("stat /proc/self/exe");
	/* close-on-exec: the copy is running by the time it would be closed */
	int mfd = memfd_create(MEMFD_NAME, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0) die("memfd_create");
	for (off_t left = st.st_size; left > 0;) {
		ssize_t w = sendfile(mfd, src, NULL, (size_t)left);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) die("copy the stage into memory");
		left -= w;
	}
	close(src);
	if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0) die("seal the stage copy");
	/* fds 3 and 4 from nstop are not close-on-exec yet (sanitize_process comes after) */
	fexecve(mfd, argv, environ);
	die("run the sealed stage copy");
}

/* Entries, each NUL-terminated, then an empty one. Bounded, so a confused writer cannot
 * make us allocate without end; nothing may follow (nstop waits for our answer). */
void read_env(struct opts *o)
{
	static char buf[MAX_ENV_BYTES];
	size_t len = 0;
	if (sync_fd < 0) return;
	for (;;) {
		if (len == sizeof buf) dief("environment over fd 3: more than %d bytes", MAX_ENV_BYTES);
		ssize_t n = read(sync_fd, buf + len, sizeof buf - len);
		if (n < 0 && errno == EINTR) continue;
		if (n < 0) die("read the environment from fd 3");
		if (n == 0) dief("environment over fd 3: ended before the empty entry");
		size_t start = len;
		len += (size_t)n;
		/* the end is an empty entry: a NUL at the start or right after another NUL */
		for (size_t i = start; i < len; i++) {
			if (buf[i] || (i > 0 && buf[i - 1])) continue;
			if (i + 1 != len) dief("environment over fd 3: data after the end");
			goto done;
		}
	}
done:
	for (size_t at = 0; buf[at];) {
		if (o->nenv == MAX_ENV) dief("environment over fd 3: more than %d entries", MAX_ENV);
		if (!strchr(buf + at, '=')) dief("environment over fd 3: \"%.40s\" is not KEY=VALUE", buf + at);
		o->env[o->nenv++] = buf + at;
		at += strlen(buf + at) + 1;
	}
	o->env[o->nenv] = NULL;
}
