// Error types shared by the read and write sides. Readers throw these; the sampler
// turns everything except "vanished" into a visible warning.

/** A file did not have the shape its parser expects. `line` is 1-based, 0 = whole file. */
export class ParseError extends Error {
  readonly path: string;
  readonly line: number;
  constructor(path: string, line: number, message: string) {
    super(`${path}:${line}: ${message}`);
    this.name = 'ParseError';
    this.path = path;
    this.line = line;
  }
}

/** A failed system call (from fs or from native/). */
export class OsError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  constructor(code: string, errno: number, syscall: string, message?: string) {
    super(message ?? `${syscall}: ${code}`);
    this.name = 'OsError';
    this.code = code;
    this.errno = errno;
    this.syscall = syscall;
  }
}

/** Codes that mean "the pid or cgroup went away while we looked": skipped quietly. */
const VANISHED = new Set(['ENOENT', 'ESRCH', 'ENODEV']);

export function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function isVanished(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && VANISHED.has(code);
}

/** EACCES/EPERM: readable by root only (or not even by root, like /proc/1/ns here). */
export function isDenied(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'EACCES' || code === 'EPERM';
}
