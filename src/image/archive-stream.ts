// An archive file as a stream of tar bytes: plain, gzip (zlib) or xz (the xz program),
// told apart by their first bytes, not by the file name. Each stream is an async
// generator that opens its files and process only once it is iterated and closes them
// in its `finally`, so stopping the iteration at any point (an error, a refusal, the
// end of the archive) leaves no open descriptor and no xz process behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createReadStream, openSync, readSync, type ReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { errorLine, ImageError } from './errors.js';

export type Compression = 'none' | 'gzip' | 'xz';

export type ArchiveStream = {
  compression: Compression;
  /** the tar bytes */
  chunks: AsyncIterable<Buffer>;
  /** bytes of the file read so far (compressed when it is compressed) */
  readBytes: () => number;
};

const GZIP = Buffer.from([0x1f, 0x8b]);
const XZ = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
// formats people may hand us by mistake: a clear "no" beats "not a tar archive"
const OTHERS: [Buffer, string][] = [
  [Buffer.from('BZh'), 'bzip2'],
  [Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), 'zstd'],
  [Buffer.from([0x50, 0x4b, 0x03, 0x04]), 'zip'],
  [Buffer.from([0x5d, 0x00, 0x00]), 'lzma'],
];

function magic(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(8);
    return b.subarray(0, readSync(fd, b, 0, b.length, 0));
  } finally {
    closeSync(fd);
  }
}

export function detectCompression(path: string): Compression {
  const head = magic(path);
  if (head.subarray(0, GZIP.length).equals(GZIP)) return 'gzip';
  if (head.subarray(0, XZ.length).equals(XZ)) return 'xz';
  for (const [m, what] of OTHERS) {
    if (head.subarray(0, m.length).equals(m)) throw new ImageError(`${path}: ${what} archives are not supported (use .tar, .tar.gz or .tar.xz)`);
  }
  return 'none';
}

/** Destroys a stream and waits until it has closed (its file descriptor with it). */
function closed(s: Readable | Writable): Promise<void> {
  if (s.closed) return Promise.resolve();
  return new Promise((resolve) => {
    s.once('close', () => resolve());
    s.destroy();
  });
}


type Counter = (n: number) => void;

async function* plain(file: ReadStream, count: Counter): AsyncGenerator<Buffer> {
  for await (const chunk of file) {
    count((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

async function* gunzip(path: string, file: ReadStream, count: Counter): AsyncGenerator<Buffer> {
  const z = createGunzip();
  file.on('error', (err) => z.destroy(err));
  // pipe and count in the same tick: a 'data' listener starts the flow, nothing is missed
  file.pipe(z);
  file.on('data', (c: string | Buffer) => count(c.length));
  try {
    for await (const chunk of z) yield chunk as Buffer;
  } catch (err) {
    if (err instanceof ImageError) throw err;
    throw new ImageError(`${path}: gzip: ${errorLine(err)}${(err as { code?: string }).code === 'Z_BUF_ERROR' ? ' (a truncated archive?)' : ''}`);
  } finally {
    z.destroy();
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
}

async function* unxz(path: string, file: ReadStream, count: Counter): AsyncGenerator<Buffer> {
  let child: ChildProcess | undefined;
  try {
    const xz = spawn('xz', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child = xz;
    let stderr = '';
    xz.stderr.setEncoding('utf8').on('data', (s: string) => {
      if (stderr.length < 4096) stderr += s;
    });
    // xz stops reading at garbage, and we stop xz early: a broken pipe is expected
    xz.stdin.on('error', () => {});
    let readError: unknown;
    file.on('error', (err) => {
      readError = err;
      xz.kill('SIGKILL');
    });
    await new Promise<void>((resolve, reject) => {
      xz.once('spawn', resolve);
      xz.once('error', (err) => reject((err as { code?: string }).code === 'ENOENT' ? new ImageError(`${path} is xz-compressed and xz is not installed (apt-get install xz-utils)`) : err));
    });
    file.pipe(xz.stdin);
    file.on('data', (c: string | Buffer) => count(c.length));
    for await (const chunk of xz.stdout) yield chunk as Buffer;
    // stdout ended: the status and stderr say whether that was the end of the data
    const status = await new Promise<number | null>((resolve) => (xz.exitCode !== null || xz.signalCode !== null ? resolve(xz.exitCode) : xz.once('close', resolve)));
    if (readError !== undefined) throw new ImageError(`${path}: ${errorLine(readError)}`);
    if (status !== 0) throw new ImageError(`${path}: xz: ${stderr.trim().split('\n')[0]?.replace(/^xz: \(stdin\): /, '') || `exit status ${status}`}`);
  } finally {
    if (child) {
      for (const s of [child.stdin, child.stdout, child.stderr]) s?.destroy();
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGKILL');
      await exited(child);
    }
  }
}

/** The tar bytes of an archive file, whatever its compression. */
export function openArchive(path: string): ArchiveStream {
  const compression = detectCompression(path);
  let read = 0;
  const count: Counter = (n) => (read += n);
  // the file is opened only once the stream is iterated: a generator that never starts
  // never reaches its finally
  const chunks = async function* (): AsyncGenerator<Buffer> {
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    try {
      if (compression === 'gzip') yield* gunzip(path, file, count);
      else if (compression === 'xz') yield* unxz(path, file, count);
      else yield* plain(file, count);
    } finally {
      await closed(file);
    }
  };
  return { compression, chunks: chunks(), readBytes: () => read };
}
