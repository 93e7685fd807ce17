// The node flags nstop runs with, from the #! line of the built CLI (the same as
// package.json's start script): the benchmark runs nstop the way users do.
import { readFileSync } from 'node:fs';

export function nodeFlags(cli: string): string[] {
  const first = readFileSync(cli, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\/usr\/bin\/env -S node((?: --[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
  if (!m) throw new Error(`${cli}: expected "#!/usr/bin/env -S node --flag..." on line 1, found "${first}"`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}
