// What a user's NAME means among the rows: `web` (a name), `docker:web` (a name or id
// prefix within one runtime), or an id prefix (`f7043659`). Two containers of different
// runtimes may share a name (nstop's web and docker's web): then the bare name is
// ambiguous and the caller refuses it, listing the qualified candidates, rather than
// picking one without a word. A pid is the caller's (act/target.ts, cli/commands.ts).
import type { ContainerRow, Runtime } from './types.js';

export const RUNTIMES: readonly Runtime[] = ['nstop', 'docker', 'podman', 'containerd', 'kubernetes', 'cri-o', 'lxc', 'nspawn', 'runc', 'ad-hoc'];

export type Selected = { kind: 'one'; row: ContainerRow } | { kind: 'none' } | { kind: 'many'; rows: ContainerRow[] };

/** The runtime's own id: "docker:3f2a…" -> "3f2a…" (ad-hoc ones have none to type). */
const bareId = (r: ContainerRow): string | undefined => (r.runtime === 'ad-hoc' ? undefined : r.id.slice(r.id.indexOf(':') + 1));

/** "docker:web" -> ['docker', 'web']; a text whose prefix is no runtime is unqualified. */
export function splitQualified(text: string): { runtime?: Runtime; rest: string } {
  const colon = text.indexOf(':');
  const head = colon > 0 ? text.slice(0, colon) : '';
  return (RUNTIMES as readonly string[]).includes(head) ? { runtime: head as Runtime, rest: text.slice(colon + 1) } : { rest: text };
}

export function selectContainers(rows: readonly ContainerRow[], text: string): Selected {
  const { runtime, rest } = splitQualified(text);
  const pool = runtime ? rows.filter((r) => r.runtime === runtime) : rows;
  // the full key ("docker:<id>", "ad-hoc:pidns:…") is always one container
  const keyed = rows.filter((r) => r.id === text);
  if (keyed.length === 1) return { kind: 'one', row: keyed[0]! };
  const named = pool.filter((r) => r.name === rest);
  const found = named.length > 0 ? named : rest.length > 0 ? pool.filter((r) => bareId(r)?.startsWith(rest)) : [];
  if (found.length === 1) return { kind: 'one', row: found[0]! };
  return found.length === 0 ? { kind: 'none' } : { kind: 'many', rows: found };
}

/** `"web" matches 2 containers: nstop:web, docker:web (say which: RUNTIME:NAME or an id prefix)` */
export function ambiguityText(text: string, rows: readonly Pick<ContainerRow, 'runtime' | 'name' | 'id'>[]): string {
  const names = rows.map((r) => `${r.runtime}:${r.name}`);
  // two of one runtime with one name (a stopped and a new docker "web"): their ids tell them apart
  const shown = new Set(names).size === names.length ? names : rows.map((r) => `${r.runtime}:${r.id.slice(r.id.indexOf(':') + 1, r.id.indexOf(':') + 13)}`);
  return `"${text}" matches ${rows.length} containers: ${shown.join(', ')} (say which: RUNTIME:NAME or an id prefix)`;
}
