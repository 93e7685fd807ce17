// Reading the process events connector (native/proc-connector.ts): each datagram is one
// event; the ones a pid list needs are fork, exec and exit. A real fork datagram read on
// this machine (76 bytes, little-endian words from offset 36; node 6765 forked 6777):
//   what=0x1 cpu timestamp | parent pid 6765, tgid 6765 | child pid 6777, tgid 6777
// then the child's exec (what=0x2: pid 6777, tgid 6777) and exit (what=0x80000000: pid
// 6777, tgid 6777, exit code 0, exit signal 17). A fork whose child pid is not its tgid is
// a new thread; an exit whose pid is not its tgid a thread's end.
import { closeProcConnector, openProcConnector, PROC_EVENT, readEvent } from '../../../native/proc-connector.js';

/** What the pid list takes from each event; pids as the host's initial namespace sees them. */
export type PidEventSink = {
  fork(childPid: number, childTgid: number): void;
  exec(tgid: number): void;
  exit(pid: number, tgid: number): void;
};

/** Where events come from: drain() hands every queued event to the sink and says whether
 *  none were lost since the last drain. */
export type PidEventSource = { drain(sink: PidEventSink): boolean; close(): void };

const WHAT = 36;
const DATA = 52;

/** Hands one datagram's event to the sink; other kinds (uid, comm, ...) are skipped. */
export function dispatchEvent(buf: Buffer, length: number, sink: PidEventSink): void {
  if (length < DATA + 8) return;
  const what = buf.readUInt32LE(WHAT);
  if (what === PROC_EVENT.fork) {
    if (length >= DATA + 16) sink.fork(buf.readUInt32LE(DATA + 8), buf.readUInt32LE(DATA + 12));
  } else if (what === PROC_EVENT.exec) sink.exec(buf.readUInt32LE(DATA + 4));
  else if (what === PROC_EVENT.exit) sink.exit(buf.readUInt32LE(DATA), buf.readUInt32LE(DATA + 4));
}

/** A drain hands on at most this many events and reads at most twice as many: more means
 *  a host forking faster than a pid list is worth keeping by events; the rest count as
 *  lost (the caller lists /proc). */
const MOST_EVENTS = 50_000;

/** The connector as an event source, or undefined where the kernel will not send events
 *  to this process (not root in the initial namespaces, no CONFIG_PROC_EVENTS). */
export function openPidEvents(): PidEventSource | undefined {
  let fd: number;
  try {
    fd = openProcConnector();
  } catch {
    return undefined;
  }
  const buf = Buffer.alloc(256);
  return {
    drain(sink) {
      let intact = true;
      for (let n = 0; n < 2 * MOST_EVENTS; n++) {
        let length: number;
        try {
          length = readEvent(fd, buf);
        } catch (err) {
          // ENOBUFS: the queue overflowed and events were dropped; read on. Anything else
          // (the fd went bad): lost, and the caller lists /proc
          if ((err as NodeJS.ErrnoException).code !== 'ENOBUFS') return false;
          intact = false;
          continue;
        }
        if (length === 0) return intact;
        if (n < MOST_EVENTS) dispatchEvent(buf, length, sink);
        else intact = false;
      }
      return false;
    },
    close() {
      closeProcConnector(fd);
    },
  };
}
