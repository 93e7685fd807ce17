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
#include <pthread.h>
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

/* What the threads share: the pid list (ascending), and per index what pass 1 found. */
static const char *root;
static int *pids;
static size_t n;
static unsigned long host, *pidns;
static int *ppid;

/* One reading thread: every `step`-th index from `from`, both passes, its own output. */
struct part {
	pthread_t thread;
	size_t from, step;
	int pass;
	struct out o;
};

static void pass1(struct part *p)
{
	char buf[1024], path[PATH_MAX];
	for (size_t i = p->from; i < n; i += p->step) {
		ppid[i] = -1;
		snprintf(path, sizeof path, "%s/%d/stat", root, pids[i]);
		ssize_t len = slurp(path, buf, sizeof buf);
		if (len <= 0 || (size_t)len == sizeof buf) continue;
		record(&p->o, 's', pids[i], buf, (size_t)len);
		ppid[i] = stat_ppid(buf, (size_t)len);
		snprintf(path, sizeof path, "%s/%d/ns/pid", root, pids[i]);
		len = readlink(path, buf, sizeof buf - 1);
		if (len <= 0) continue;
		buf[len] = 0;
		pidns[i] = ns_inode(buf);
		record(&p->o, 'p', pids[i], buf, (size_t)len);
	}
}

static void pass2(struct part *p)
{
	static const struct { char tag; const char *file; } files[] = {{'S', "status"}, {'c', "cgroup"}, {'m', "cmdline"}};
	char buf[1 << 16], path[PATH_MAX];
	for (size_t i = p->from; i < n; i += p->step) {
		if (pidns[i] != 0 && host != 0 && pidns[i] != host && ppid[i] > 0) {
			int key = ppid[i];
			int *parent = bsearch(&key, pids, n, sizeof *pids, by_pid);
			/* a container's ordinary member: node glances at it, reading nothing more */
			if (parent && pidns[parent - pids] == pidns[i]) continue;
		}
		for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
			snprintf(path, sizeof path, "%s/%d/%s", root, pids[i], files[f].file);
			ssize_t len = slurp(path, buf, sizeof buf);
			if (len >= 0 && (size_t)len < sizeof buf) record(&p->o, files[f].tag, pids[i], buf, (size_t)len);
		}
		for (size_t k = 0; k < sizeof NS_KINDS / sizeof NS_KINDS[0]; k++) {
			snprintf(path, sizeof path, "%s/%d/ns/%s", root, pids[i], NS_KINDS[k]);
			ssize_t len = readlink(path, buf, sizeof buf);
			if (len > 0) record(&p->o, 'n', pids[i], buf, (size_t)len);
		}
	}
}

static void *run(void *arg)
{
	struct part *p = arg;
	if (p->pass == 1) pass1(p);
	else pass2(p);
	return NULL;
}

/* Both passes split over `count` threads (this one among them); pass 2 needs every
 * parent's pass 1, hence the join between them. */
static void in_parts(struct part *parts, size_t count, int pass)
{
	for (size_t t = 0; t < count; t++) {
		parts[t].pass = pass;
		if (t == 0 || pthread_create(&parts[t].thread, NULL, run, &parts[t]) != 0) parts[t].thread = 0;
	}
	run(&parts[0]);
	for (size_t t = 1; t < count; t++) {
		if (parts[t].thread) pthread_join(parts[t].thread, NULL);
		else run(&parts[t]); /* no thread: read its share here */
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: nstop-firstlook PROCROOT\n");
		return 2;
	}
	root = argv[1];
	DIR *dir = opendir(root);
	if (!dir) {
		perror(root);
		return 1;
	}
	size_t cap = 4096;
	pids = malloc(cap * sizeof *pids);
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
	pidns = calloc(n ? n : 1, sizeof *pidns);
	ppid = calloc(n ? n : 1, sizeof *ppid);
	if (!pidns || !ppid) return 1;

	/* the procfs's own pid namespace: pid 1's, or (refused) this process's own */
	char link[256], path[PATH_MAX];
	const char *self[] = {"1", "self"};
	for (int i = 0; i < 2 && !host; i++) {
		snprintf(path, sizeof path, "%s/%s/ns/pid", root, self[i]);
		ssize_t len = readlink(path, link, sizeof link - 1);
		if (len > 0) link[len] = 0, host = ns_inode(link);
	}

	/* one thread a core, at most 4: the reads are the kernel's work, and scale with cores */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t count = cores < 1 ? 1 : cores > 4 ? 4 : (size_t)cores;
	struct part parts[4] = {{0}};
	for (size_t t = 0; t < count; t++) parts[t].from = t, parts[t].step = count;
	in_parts(parts, count, 1);
	in_parts(parts, count, 2);

	for (size_t t = 0; t < count; t++) {
		struct out *o = &parts[t].o;
		for (size_t done = 0; done < o->len;) {
			ssize_t w = write(1, o->buf + done, o->len - done);
			if (w < 0 && errno == EINTR) continue;
			if (w <= 0) return 1;
			done += (size_t)w;
		}
	}
	return 0;
}
