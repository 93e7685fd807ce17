// The kernel's process events connector (NETLINK_CONNECTOR, group CN_IDX_PROC): one
// datagram per fork, exec and exit of any task on the host, so a watcher learns which
// pids came and went without listing /proc (1.9 µs a pid in the kernel: ~19 ms a tick at
// 10,000 processes on a host where some process starts every second). The kernel sends
// the events only to a listener that is root (CAP_NET_ADMIN) in the initial user and pid
// namespaces, through a netlink socket of the initial network namespace; anywhere else
// the socket or the listen request fails and the caller lists /proc as before.
// Wire format of one event (host-endian, read here as little-endian: x86-64, arm64;
// linux/netlink.h, connector.h, cn_proc.h):
//   nlmsghdr  u32 len, u16 type, u16 flags, u32 seq, u32 pid               @0  (16)
//   cn_msg    u32 idx, u32 val, u32 seq, u32 ack, u16 len, u16 flags        @16 (20)
//   proc_event u32 what, u32 cpu, u64 timestamp_ns                          @36 (16)
//   event_data  fork: parent pid, parent tgid, child pid, child tgid       @52
//               exec: pid, tgid; exit: pid, tgid, code, signal, ...; ack: err
import { closeSync, readSync, writeSync } from 'node:fs';
import { libc, osError } from './libc.js';

const AF_NETLINK = 16;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_CONNECTOR = 11;
const CN_IDX_PROC = 1;
const CN_VAL_PROC = 1;
const PROC_CN_MCAST_LISTEN = 1;
const PROC_CN_MCAST_IGNORE = 2;
const NLMSG_DONE = 3;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVBUFFORCE = 33;

export const PROC_EVENT = { none: 0, fork: 1, exec: 2, exit: 0x80000000 } as const;
/** bytes of the datagram that acks the listen request (event_data: u32 err) */
const ACK_BYTES = 52 + 4;
/** The receive buffer asked for: ~2,500 queued events between two reads (a small
 *  datagram's buffer accounting is ~800 bytes). Past it the kernel drops events and the
 *  next read fails with ENOBUFS: the caller then lists /proc. */
const RCVBUF = 2 * 1024 * 1024;

type Fns = {
  socket: (domain: number, type: number, protocol: number) => number;
  bind: (fd: number, addr: Buffer, len: number) => number;
  setsockopt: (fd: number, level: number, name: number, value: Buffer, len: number) => number;
};
let fns: Fns | undefined;

function api(): Fns {
  if (fns) return fns;
  const { lib } = libc();
  fns = {
    socket: lib.func('int socket(int domain, int type, int protocol)') as unknown as Fns['socket'],
    bind: lib.func('int bind(int fd, const void *addr, uint32_t len)') as unknown as Fns['bind'],
    setsockopt: lib.func('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)') as unknown as Fns['setsockopt'],
  };
  return fns;
}

/** A listen or ignore request: nlmsghdr + cn_msg + the 4-byte op (the form every kernel
 *  takes; 6.6's 8-byte form with an event filter is ignored by older ones). */
function requestMessage(op: number): Buffer {
  const b = Buffer.alloc(16 + 20 + 4);
  b.writeUInt32LE(b.length, 0);
  b.writeUInt16LE(NLMSG_DONE, 4);
  b.writeUInt32LE(process.pid, 12);
  b.writeUInt32LE(CN_IDX_PROC, 16);
  b.writeUInt32LE(CN_VAL_PROC, 20);
  b.writeUInt16LE(4, 32);
  b.writeUInt32LE(op, 36);
  return b;
}

/** Opens a listening connector socket (non-blocking, close-on-exec) and waits for the
 *  kernel's ack of the listen request, which it sends at once from the same call. Throws
 *  OsError: EPROTONOSUPPORT (no connector, or not the initial network namespace), EPERM
 *  (not CAP_NET_ADMIN), ENOMSG (no ack: not the initial user or pid namespace, where the
 *  kernel ignores the request without a word). */
export function openProcConnector(): number {
  const { koffi } = libc();
  const f = api();
  const fd = f.socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);
  if (fd < 0) throw osError('socket', koffi.errno());
  try {
    const size = Buffer.alloc(4);
    size.writeInt32LE(RCVBUF);
    // FORCE passes net.core.rmem_max for root; where refused the default buffer stays
    if (f.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4) < 0) f.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, size, 4);
    // sockaddr_nl: u16 family, u16 pad, u32 pid (0: the kernel picks), u32 groups
    const addr = Buffer.alloc(12);
    addr.writeUInt16LE(AF_NETLINK, 0);
    addr.writeUInt32LE(CN_IDX_PROC, 8);
    if (f.bind(fd, addr, addr.length) < 0) throw osError('bind', koffi.errno());
    writeSync(fd, requestMessage(PROC_CN_MCAST_LISTEN));
    const buf = Buffer.alloc(256);
    for (;;) {
      const n = readEvent(fd, buf);
      if (n === 0) throw osError('listen', ENOMSG);
      if (n < ACK_BYTES || buf.readUInt32LE(36) !== PROC_EVENT.none) continue; // an event another listener asked for
      const err = buf.readUInt32LE(52);
      if (err !== 0) throw osError('listen', err);
      return fd;
    }
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

const ENOMSG = 42;

/** One datagram into `buf`: its length, 0 when none is queued (EAGAIN). Throws (code
 *  ENOBUFS) when the kernel dropped events since the last read: its queue was full. */
export function readEvent(fd: number, buf: Buffer): number {
  try {
    return readSync(fd, buf, 0, buf.length, null);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
    throw err;
  }
}

/** Tells the kernel this listener is done, then closes the socket: kernels before 6.6
 *  count listeners by requests only (not by open sockets) and send every event for as
 *  long as the count is above zero. */
export function closeProcConnector(fd: number): void {
  try {
    writeSync(fd, requestMessage(PROC_CN_MCAST_IGNORE));
  } catch {
    // the count stays one too high on such a kernel; nothing else to do
  }
  closeSync(fd);
}
