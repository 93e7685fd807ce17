// getdents64(2) on a directory fd kept open, for listing /proc every tick without
// readdirSync: libuv's scandir mallocs and strcmp-sorts every entry and node then makes
// a string of each name, ~10,000 of them a tick on a big host, only for the caller to
// turn them into numbers again. Here the names stay bytes and the caller reads the
// numbers straight out of the buffer.
import { libc, osError } from './libc.js';

const SEEK_SET = 0;

type Getdents = (fd: number, buf: Buffer, count: number) => number | bigint;
type Lseek = (fd: number, offset: number, whence: number) => number | bigint;
let getdents: Getdents | undefined;
let lseek: Lseek | undefined;

function bind(): { getdents: Getdents; lseek: Lseek } {
  const { lib } = libc();
  getdents ??= lib.func('long getdents64(int fd, void *dirp, size_t count)') as unknown as Getdents;
  lseek ??= lib.func('long lseek(int fd, long offset, int whence)') as unknown as Lseek;
  return { getdents, lseek };
}

/** Rewinds the directory `fd` and fills `buf` with its linux_dirent64 records a batch at a
 *  time, calling `each(buf, length)` per batch (records: u64 ino, i64 off, u16 reclen,
 *  u8 type, NUL-terminated name). Throws OsError (EBADF, ENOTDIR...). */
export function readDirents(fd: number, buf: Buffer, each: (buf: Buffer, length: number) => void): void {
  const { koffi } = libc();
  const fns = bind();
  if (Number(fns.lseek(fd, 0, SEEK_SET)) < 0) throw osError('lseek', koffi.errno());
  for (;;) {
    const n = Number(fns.getdents(fd, buf, buf.length));
    if (n < 0) throw osError('getdents64', koffi.errno());
    if (n === 0) return;
    each(buf, n);
  }
}
