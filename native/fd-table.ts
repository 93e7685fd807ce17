// Grows this process's table of open files to its final size in one step, on a pool
// thread. Linux doubles the table as fds are needed (64, 128, ... 8192, 16384), and in a
// process with more than one thread (node always has several) each doubling waits out an
// RCU grace period (fs/file.c expand_fdtable: synchronize_rcu), ~10-20 ms each on this
// 2-core VM. The first tick at 10,000 processes keeps ~5,000 cgroup files open and the
// next ticks thousands of /proc/PID/stat files: five to eight doublings, all of them
// waits on the main thread (measured: 5,000 cgroup opens kept 94-111 ms, closed 30-38).
// fcntl(F_DUPFD_CLOEXEC) onto the highest fd expected asks for the final size at once,
// and through koffi's async call the grace period passes on a pool thread while the main
// thread goes on (other threads' opens of fds under the old size do not wait for it).
// F_DUPFD, not dup2: it takes the lowest free fd at or above the one asked for, so it
// never closes an fd that is in use.
import { closeSync } from 'node:fs';
import { libc } from './libc.js';

const F_DUPFD_CLOEXEC = 1030;

type AsyncFcntl = { async(fd: number, cmd: number, arg: number, cb: (err: unknown, r: number) => void): void };

/** Asks the kernel for a table of at least `fds` slots (less than the open-file limit)
 *  without blocking the caller; `done` gets the fd the table now reaches, or undefined
 *  when it could not (koffi missing, EMFILE/EINVAL): the table then grows as before. */
export function reserveFdTable(fds: number, done: (reached: number | undefined) => void = () => undefined): void {
  let fcntl: AsyncFcntl;
  try {
    // declared with a fixed third argument: koffi has no async call for a variadic
    // function, and on x86-64 and arm64 Linux an int passed to `...` travels exactly as a
    // fixed one (the register glibc's va_arg reads)
    fcntl = libc().lib.func('int fcntl(int fd, int cmd, int arg)') as unknown as AsyncFcntl;
  } catch {
    done(undefined);
    return;
  }
  // fd 2 (stderr) is open in every process node starts; its copy lives only until the callback
  const callback = (err: unknown, fd: number): void => {
    if (err || !(fd >= 0)) {
      done(undefined);
      return;
    }
    try {
      closeSync(fd);
    } catch {
      // closed already: nothing to give back
    }
    done(fd);
  };
  try {
    fcntl.async(2, F_DUPFD_CLOEXEC, fds - 1, callback);
  } catch {
    // koffi could not queue the call: the table grows as before
    done(undefined);
  }
}
