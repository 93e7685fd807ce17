/* nstop-firstlook PROCROOT: the dashboard's first sight of every process, read while
 * node is still loading Ink and React (src/sampler/first-look.ts starts it). On a 2-core
 * host the module loader keeps one core busy and this the other; node's own loop over
 * the same files (an fs call per open, read and readlink) took twice as long as this.
 *
 * What it reads is what the first tick's glance and identities read (sampler/glance.ts,
 * host/proc-reader.ts): every pid's stat line and pid-namespace link; and, for a process
 * that will not be glanced at (in the procfs's own pid namespace, or in one its parent
 * is not in: a container's init, an entered process), its status, cgroup, cmdline and
 * every namespace link. Only what was read is written; a file that failed (gone,
 * refused) is left for node to read again, which reports it as it always has.
 *
 * Output on stdout, one record per file, all written at the end:
 *   "<tag> <pid> <length>\n" then <length> bytes
 * tags: s stat, p the pid link's target ("pid:[4026531836]"), S status, c cgroup,
 * m cmdline (NULs kept), n one namespace link's target ("net:[4026531840]"). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const NS_KINDS[] = {"mnt", "net", "uts", "ipc", "user", "cgroup", "time"};

struct out {
	char *buf;
	size_t len, cap;
};

static void reserve(struct out *o, size_t more)
{
	if (o->len + more <= o->cap) return;
	size_t cap = o->cap ? o->cap : 1 << 20;
	while (cap < o->len + more) cap *= 2;
	char *next = realloc(o->buf, cap);
	if (!next) {
		perror("nstop-firstlook: realloc");
		exit(1);
	}
	o->buf = next;
	o->cap = cap;
}

static void record(struct out *o, char tag, int pid, const char *data, size_t len)
{
	reserve(o, 48 + len);
	o->len += (size_t)snprintf(o->buf + o->len, 48, "%c %d %zu\n", tag, pid, len);
	memcpy(o->buf + o->len, data, len);
	o->len += len;
}

/* The whole small file at `path` into `buf` (cap bytes at most); -1 on error. */
static ssize_t slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return -1;
	size_t len = 0;
	for (;;) {
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR) continue;
			close(fd);
			return -1;
		}
		if (n == 0 || (len += (size_t)n) == cap) break;
	}
	close(fd);
	return (ssize_t)len;
}

/* The pid namespace's inode of a "pid:[4026531836]" link; 0 when unread. */
static unsigned long ns_inode(const char *target)
{
	const char *open = strchr(target, '[');
	return open ? strtoul(open + 1, NULL, 10) : 0;
}

/* stat's ppid: the 2nd field after the comm's closing ")" (the comm may hold spaces
 * and parentheses: "1234 (a) b) S 1 ..."); -1 when the line is odd. */
static int stat_ppid(const char *line, size_t len)
{
	const char *end = line + len, *close = NULL;
	for (const char *c = line; c < end; c++)
		if (*c == ')') close = c;
	if (!close || close + 4 >= end) return -1;
	return atoi(close + 4);
}

static int by_pid(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: nstop-firstlook PROCROOT\n");
		return 2;
	}
	const char *root = argv[1];
	DIR *dir = opendir(root);
	if (!dir) {
		perror(root);
		return 1;
	}
	size_t n = 0, cap = 4096;
	int *pids = malloc(cap * sizeof *pids);
	for (struct dirent *e; pids && (e = readdir(dir));) {
		char *rest;
		long pid = strtol(e->d_name, &rest, 10);
		if (*rest || pid <= 0 || pid > INT_MAX) continue;
		if (n == cap) pids = realloc(pids, (cap *= 2) * sizeof *pids);
		if (pids) pids[n++] = (int)pid;
	}
	closedir(dir);
	if (!pids) return 1;
	qsort(pids, n, sizeof *pids, by_pid);

	static char buf[1 << 16];
	char path[PATH_MAX];
	struct out o = {0};
	unsigned long *pidns = calloc(n ? n : 1, sizeof *pidns);
	int *ppid = calloc(n ? n : 1, sizeof *ppid);
	if (!pidns || !ppid) return 1;

	/* the procfs's own pid namespace: pid 1's, or (refused) this process's own */
	unsigned long host = 0;
	const char *self[] = {"1", "self"};
	for (int i = 0; i < 2 && !host; i++) {
		snprintf(path, sizeof path, "%s/%s/ns/pid", root, self[i]);
		ssize_t len = readlink(path, buf, sizeof buf - 1);
		if (len > 0) buf[len] = 0, host = ns_inode(buf);
	}

	for (size_t i = 0; i < n; i++) {
		ppid[i] = -1;
		snprintf(path, sizeof path, "%s/%d/stat", root, pids[i]);
		ssize_t len = slurp(path, buf, sizeof buf);
		if (len <= 0) continue;
		record(&o, 's', pids[i], buf, (size_t)len);
		ppid[i] = stat_ppid(buf, (size_t)len);
		snprintf(path, sizeof path, "%s/%d/ns/pid", root, pids[i]);
		len = readlink(path, buf, sizeof buf - 1);
		if (len <= 0) continue;
		buf[len] = 0;
		pidns[i] = ns_inode(buf);
		record(&o, 'p', pids[i], buf, (size_t)len);
	}

	static const struct { char tag; const char *file; } files[] = {{'S', "status"}, {'c', "cgroup"}, {'m', "cmdline"}};
	for (size_t i = 0; i < n; i++) {
		if (pidns[i] != 0 && host != 0 && pidns[i] != host && ppid[i] > 0) {
			int key = ppid[i];
			int *parent = bsearch(&key, pids, n, sizeof *pids, by_pid);
			/* a container's ordinary member: node glances at it, reading nothing more */
			if (parent && pidns[parent - pids] == pidns[i]) continue;
		}
		for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
			snprintf(path, sizeof path, "%s/%d/%s", root, pids[i], files[f].file);
			ssize_t len = slurp(path, buf, sizeof buf);
			if (len >= 0 && (size_t)len < sizeof buf) record(&o, files[f].tag, pids[i], buf, (size_t)len);
		}
		for (size_t k = 0; k < sizeof NS_KINDS / sizeof NS_KINDS[0]; k++) {
			snprintf(path, sizeof path, "%s/%d/ns/%s", root, pids[i], NS_KINDS[k]);
			ssize_t len = readlink(path, buf, sizeof buf);
			if (len > 0) record(&o, 'n', pids[i], buf, (size_t)len);
		}
	}

	for (size_t done = 0; done < o.len;) {
		ssize_t w = write(1, o.buf + done, o.len - done);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) return 1;
		done += (size_t)w;
	}
	return 0;
}
