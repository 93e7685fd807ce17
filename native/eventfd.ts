// eventfd(2) and a poll(2) loop for them, for cgroup v1 memory notifications
// (cgroup.event_control). Node cannot wait on an eventfd itself (net.Socket refuses
// it, fs.read would block a pool thread per fd), so one koffi async poll() waits on all
// of them at once on one pool thread; a control eventfd wakes it when the set changes
// or the poller closes. Verified here: poll.async returns within ms of an OOM and the
// event loop keeps running meanwhile.
import { closeSync, readSync, writeSync } from 'node:fs';
import { libc, osError } from './libc.js';

const EFD_NONBLOCK = 0o4000;
const EFD_CLOEXEC = 0o2000000;
const POLLIN = 0x001;
/** poll's timeout: a wake-up now and then, so a lost wake can never hang a close */
const POLL_TIMEOUT_MS = 2000;

type PollFd = { fd: number; events: number; revents: number };
type AsyncPoll = { async(fds: PollFd[], n: number, timeout: number, cb: (err: unknown, r: number) => void): void };
let fns: { eventfd: (init: number, flags: number) => number; poll: AsyncPoll } | undefined;

function api() {
  if (fns) return fns;
  const { koffi, lib } = libc();
  koffi.struct('nstop_pollfd', { fd: 'int', events: 'short', revents: 'short' });
  fns = {
    eventfd: lib.func('int eventfd(unsigned int initval, int flags)') as unknown as (init: number, flags: number) => number,
    poll: lib.func('int poll(_Inout_ nstop_pollfd *fds, unsigned long nfds, int timeout)') as unknown as AsyncPoll,
  };
  return fns;
}

/** A non-blocking, close-on-exec eventfd. */
export function createEventfd(): number {
  const fd = api().eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) throw osError('eventfd', libc().koffi.errno());
  return fd;
}

/** The counter since the last read (0 when nothing happened: EAGAIN). */
export function readEventfd(fd: number): number {
  const buf = Buffer.alloc(8);
  try {
    return readSync(fd, buf, 0, 8, null) === 8 ? Number(buf.readBigUInt64LE()) : 0;
  } catch {
    return 0;
  }
}

function bump(fd: number): void {
  const one = Buffer.alloc(8);
  one.writeBigUInt64LE(1n);
  try {
    writeSync(fd, one);
  } catch {
    // the counter is already non-zero or the fd is closed: either way poll will return
  }
}

export type EventfdPoller = {
  /** watch `fd` (the poller owns it from now on and closes it); onFire gets the count */
  add(fd: number, onFire: (count: number) => void): void;
  /** stop watching and close `fd` (closing also unregisters a cgroup event) */
  remove(fd: number): void;
  close(): void;
  readonly size: number;
};

export function createEventfdPoller(): EventfdPoller {
  const handlers = new Map<number, (count: number) => void>();
  let wake: number | undefined;
  let polling = false;
  let closed = false;
  /** fds removed while poll() may still be waiting on them: closed once it returns, so
   *  their numbers are not reused under the waiting poll */
  let retired: number[] = [];

  const closeRetired = () => {
    for (const fd of retired) closeQuietly(fd);
    retired = [];
  };

  function loop(): void {
    if (closed || handlers.size === 0) {
      polling = false;
      closeRetired();
      return;
    }
    polling = true;
    wake ??= createEventfd();
    const fds: PollFd[] = [wake, ...handlers.keys()].map((fd) => ({ fd, events: POLLIN, revents: 0 }));
    const w = wake;
    api().poll.async(fds, fds.length, POLL_TIMEOUT_MS, (err) => {
      if (!err) {
        for (const p of fds) {
          if ((p.revents & POLLIN) === 0) continue;
          if (p.fd === w) {
            readEventfd(w); // drain the wake-up
            continue;
          }
          // only fds still ours: a retired one is closed below, never read
          const h = handlers.get(p.fd);
          const count = h ? readEventfd(p.fd) : 0;
          if (h && count > 0) h(count);
        }
      }
      closeRetired();
      // poll's own failure (EINTR) just goes round again
      setImmediate(loop);
    });
  }

  return {
    add(fd, onFire) {
      if (closed) return closeQuietly(fd);
      handlers.set(fd, onFire);
      if (polling && wake !== undefined) bump(wake);
      else loop();
    },
    remove(fd) {
      if (!handlers.delete(fd)) return;
      if (polling && wake !== undefined) {
        retired.push(fd);
        bump(wake);
      } else closeQuietly(fd);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const fd of handlers.keys()) (polling ? retired.push(fd) : closeQuietly(fd));
      handlers.clear();
      if (wake !== undefined) {
        bump(wake);
        const w = wake;
        // the pending poll still holds it: close after it returned (it will, at once)
        if (polling) retired.push(w);
        else closeQuietly(w);
      }
    },
    get size() {
      return handlers.size;
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
