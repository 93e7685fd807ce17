// A `sleep` under a name no other process on the host has. Ad-hoc containers are named
// after their init's command and two inits with one name become "sleep-<pid>" each, so a
// test that checks its container's name must not depend on the host running no other
// `sleep` container (a docker or unshare one of the user's, another test suite's).
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';

export type UniqueCommand = { path: string; name: string; remove(): void };

/** `tag` + this process's pid: at most 15 characters, the kernel's comm length. */
export function uniqueSleep(tag: string): UniqueCommand {
  const name = `${tag}${process.pid}`;
  if (name.length > 15) throw new Error(`${name}: a comm holds 15 characters`);
  const sleep = spawnSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).stdout.trim();
  const dir = mkdtempSync(join(os.tmpdir(), 'nstop-cmd-'));
  const path = join(dir, name);
  // coreutils sleep is one program (not busybox's multi-call): any name runs it
  symlinkSync(realpathSync(sleep), path);
  return { path, name, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
