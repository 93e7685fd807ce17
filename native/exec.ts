// execv(3): this process becomes another program, keeping its pid (a service manager
// and a Prometheus scrape config keep pointing at it). Node opens its stdio
// close-on-exec, so fds 0-2 are made inheritable first: the new image writes its errors
// where this one would have. Returns only by throwing (OsError) when execv fails.
import { libc, osError } from './libc.js';

const F_SETFD = 2;

export function execv(path: string, argv: readonly string[]): never {
  const { koffi, lib } = libc();
  const fcntl = lib.func('int fcntl(int fd, int cmd, ...)') as unknown as (...args: unknown[]) => number;
  const exec = lib.func('int execv(const char *path, const char **argv)') as unknown as (path: string, argv: (string | null)[]) => number;
  for (const fd of [0, 1, 2]) fcntl(fd, F_SETFD, 'int', 0);
  exec(path, [...argv, null]);
  throw osError('execv', koffi.errno());
}
