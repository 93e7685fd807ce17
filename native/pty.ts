// A pseudo-terminal for foreground containers: the slave becomes the container's
// controlling tty (job control and Ctrl-C work inside), nstop relays the master.
import { libc, osError } from './libc.js';

const O_RDWR = 0o2;
const O_NOCTTY = 0o400;
const O_CLOEXEC = 0o2000000;
const TIOCSWINSZ = 0x5414;

type Fns = {
  posix_openpt: (flags: number) => number;
  grantpt: (fd: number) => number;
  unlockpt: (fd: number) => number;
  ptsname_r: (fd: number, buf: Buffer, len: number) => number;
  ioctl: (fd: number, req: number, arg: Buffer) => number;
};
let fns: Fns | undefined;

function bind(): Fns {
  if (fns) return fns;
  const { lib } = libc();
  fns = {
    posix_openpt: lib.func('int posix_openpt(int flags)') as Fns['posix_openpt'],
    grantpt: lib.func('int grantpt(int fd)') as Fns['grantpt'],
    unlockpt: lib.func('int unlockpt(int fd)') as Fns['unlockpt'],
    ptsname_r: lib.func('int ptsname_r(int fd, _Out_ uint8_t *buf, size_t len)') as Fns['ptsname_r'],
    ioctl: lib.func('int ioctl(int fd, unsigned long req, uint8_t *arg)') as Fns['ioctl'],
  };
  return fns;
}

export type Pty = { master: number; slavePath: string };

export function openPty(): Pty {
  const f = bind();
  const { koffi } = libc();
  const master = f.posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) throw osError('posix_openpt', koffi.errno());
  if (f.grantpt(master) < 0) throw osError('grantpt', koffi.errno());
  if (f.unlockpt(master) < 0) throw osError('unlockpt', koffi.errno());
  const buf = Buffer.alloc(128);
  const r = f.ptsname_r(master, buf, buf.length);
  if (r !== 0) throw osError('ptsname_r', r);
  return { master, slavePath: buf.toString('utf8', 0, buf.indexOf(0)) };
}

/** struct winsize {rows, cols, xpixel, ypixel} as four u16. */
export function setWindowSize(fd: number, cols: number, rows: number): void {
  const ws = Buffer.alloc(8);
  ws.writeUInt16LE(Math.max(1, rows), 0);
  ws.writeUInt16LE(Math.max(1, cols), 2);
  if (bind().ioctl(fd, TIOCSWINSZ, ws) < 0) throw osError('ioctl TIOCSWINSZ', libc().koffi.errno());
}
