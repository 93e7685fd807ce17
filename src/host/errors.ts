// Error types shared by every layer. Readers throw ParseError and OsError; the sampler
// turns everything except "vanished" into a visible warning. UserError is the base of
// every error nstop explains to the user in one line (act's, image's, the CLI's usage
// errors); it lives here, in the lowest layer, because act, image, net and cli all throw
// it and the CLI and the dashboard catch it, and host is the one layer all of them may
// import. OsError is not one: a failed system call that nobody turned into an
// explanation is a bug to report with its stack.
import { displayText } from './display-text.js';

/** How a UserError ends the CLI, docker's scheme (README, Exit codes): 'usage' exits 2
 *  (the command line, or a tree it points at, is wrong); 'failure' exits 125: nstop's own
 *  error (refused, failed, no such container), a code no command uses, since run and exec
 *  pass the command's exit code through; the command itself could not run inside the
 *  container: 'cannot-run' 126 (not executable), 'not-found' 127 (no such file). */
export type UserErrorKind = 'usage' | 'failure' | 'cannot-run' | 'not-found';

const EXIT_CODES: Readonly<Record<UserErrorKind, number>> = { usage: 2, failure: 125, 'cannot-run': 126, 'not-found': 127 };

/** A refusal or failure nstop explains in one line (bad input, name in use, launch
 *  failed); nothing was changed, or what was half made has been undone. Messages quote
 *  user input, process names and archive entries, so control characters are spelled out
 *  (displayText) here, once: the line stays one line and no terminal acts on it. */
export class UserError extends Error {
  readonly kind: UserErrorKind;
  constructor(message: string, kind: UserErrorKind = 'failure') {
    super(displayText(message));
    this.kind = kind;
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }
}

/** The first line of an error's message (a system call's, say), for a one-line message of ours. */
export const errorLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';

/** What the user is told about a failed action: a UserError's message, or the first line
 *  of anything else's (spelled out: it may quote a name). */
export const userMessage = (err: unknown): string => (err instanceof UserError ? err.message : displayText(errorLine(err)));

/** A file did not have the shape its parser expects. `line` is 1-based, 0 = whole file.
 *  The sampler shows it as a warning; one that reaches the CLI says which file and line
 *  in one line and exits 2, as it always has (the trees read are the ones --proc-root,
 *  --cgroup-root and --passwd name). */
export class ParseError extends UserError {
  readonly path: string;
  readonly line: number;
  constructor(path: string, line: number, message: string) {
    super(`${path}:${line}: ${message}`, 'usage');
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
