// What root tests of images check the CLI and the store with: a successful command, a
// one-line refusal, and what "the store is unchanged" compares.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActHarness } from './act.js';

export function ok(h: ActHarness, args: string[], opts: { timeout?: number } = {}): string {
  const r = h.nstop(args, opts);
  assert.equal(r.status, 0, `nstop ${args.join(' ')}: exit ${r.status} ${r.signal ?? ''}: ${r.stderr}`);
  return r.stdout;
}

/** A refusal: non-zero exit, nothing on stdout, exactly one line on stderr. Returns the line. */
export function refusal(r: SpawnSyncReturns<string>, expect: RegExp, what: string): string {
  assert.notEqual(r.status, 0, `${what}: should fail (stdout ${JSON.stringify(r.stdout)})`);
  assert.equal(r.signal, null, `${what}: ended by ${r.signal} (timeout?)`);
  assert.equal(r.stdout, '', `${what}: nothing on stdout`);
  assert.ok(r.stderr.endsWith('\n') && r.stderr.indexOf('\n') === r.stderr.length - 1, `${what}: one line on stderr: ${JSON.stringify(r.stderr)}`);
  const line = r.stderr.trimEnd();
  assert.match(line, /^nstop: /, what);
  assert.match(line, expect, what);
  return line;
}

/** What the store holds (none if it does not exist). */
export function storeNames(store: string): string[] {
  try {
    return readdirSync(store).sort();
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw err;
  }
}

/** The store's names and every image.json. */
export const storeState = (store: string): string[] =>
  storeNames(store).map((n) => `${n} ${existsSync(join(store, n, 'image.json')) ? readFileSync(join(store, n, 'image.json'), 'utf8') : '-'}`);

export const temporaries = (store: string): string[] => storeNames(store).filter((n) => n.startsWith('.incoming-') || n.startsWith('.removing-'));

/** overlayfs is there (loading the module if need be), or why not. */
export function overlayMissing(): string | undefined {
  const has = () => /\toverlay$/m.test(readFileSync('/proc/filesystems', 'utf8'));
  if (has()) return undefined;
  spawnSync('modprobe', ['overlay'], { stdio: 'ignore' });
  return has() ? undefined : 'overlayfs is not available in this kernel';
}

/** Runs `f` with NSTOP_OVERLAY=off for the CLIs it starts (h.nstop copies process.env):
 *  the --copy path, as on a host without overlayfs. */
export function withOverlayOff<T>(f: () => T): T {
  const was = process.env['NSTOP_OVERLAY'];
  process.env['NSTOP_OVERLAY'] = 'off';
  try {
    return f();
  } finally {
    if (was === undefined) delete process.env['NSTOP_OVERLAY'];
    else process.env['NSTOP_OVERLAY'] = was;
  }
}
