// Reads every runtime's records under its roots (record.ts), re-parsing a file only
// when its mtime or size changed: a pass costs a readdir per root and a stat per record
// file. When to make a pass is the sampler's call (sampler/runtime-records.ts): not
// every tick, only when containers come or go and on a slow timer.
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { errorCode } from '../errors.js';
import { parseContainerdConfig } from './containerd.js';
import { parseDockerConfig } from './docker.js';
import { lxcRecord } from './lxc.js';
import { parseMachineFile } from './nspawn.js';
import { parseContainersJson, parseLibpodDb, withExitFiles } from './podman.js';
import { RECORD_KINDS, type RecordKind, type RuntimeRecord, type RuntimeRoots } from './record.js';
import { parseRuncState } from './runc.js';

export type RecordPass = { records: RuntimeRecord[]; warnings: string[]; stats: number; parsed: number };
export type RecordReader = { read(): RecordPass };

type Cached = { key: string; records: RuntimeRecord[] };

/** One record file (or a pair read together): the files to stat, and how to parse them. */
type Source = { files: string[]; parse: (texts: (Buffer | undefined)[]) => RuntimeRecord[] };

const list = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return []; // no such runtime here (or not ours to read): nothing to name
  }
};
const text = (b: Buffer | undefined): string => b?.toString('utf8') ?? '';
const some = (r: RuntimeRecord | undefined): RuntimeRecord[] => (r ? [r] : []);

/** What a kind's root holds, as sources: listing directories, statting nothing yet. */
function sourcesOf(kind: RecordKind, root: string): Source[] {
  switch (kind) {
    case 'docker':
      return list(root).map((id) => ({ files: [join(root, id, 'config.v2.json')], parse: ([b]) => some(parseDockerConfig(text(b))) }));
    case 'podman':
      return [
        { files: [join(root, 'overlay-containers', 'containers.json')], parse: ([b]) => parseContainersJson(text(b)) },
        { files: [join(root, 'libpod', 'bolt_state.db')], parse: ([b]) => (b ? parseLibpodDb(b) : []) },
      ];
    case 'containerd':
      return list(root).flatMap((ns) =>
        list(join(root, ns)).map((id) => ({
          files: [join(root, ns, id, 'config.json'), join(root, ns, id, 'init.pid')],
          parse: ([config, pid]) => (config ? [parseContainerdConfig(id, text(config), pidOf(text(pid)))] : []),
        })),
      );
    case 'runc':
      return list(root).map((id) => ({ files: [join(root, id, 'state.json')], parse: ([b]) => some(parseRuncState(text(b))) }));
    case 'nspawn':
      // machined keeps "unit:<unit>" symlinks beside the machine files
      return list(root).filter((n) => !n.includes(':')).map((n) => ({ files: [join(root, n)], parse: ([b]) => some(parseMachineFile(text(b))) }));
    case 'lxc':
      return list(root).map((n) => ({ files: [join(root, n, 'config')], parse: ([b]) => (b ? [lxcRecord(n)] : []) }));
  }
}

const pidOf = (t: string): number | undefined => (/^\d+\s*$/.test(t) && Number(t) > 0 ? Number(t) : undefined);
const stamp = (s: Stats | undefined): string => (s ? `${s.mtimeMs}:${s.size}:${s.ino}` : '-');

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

export function createRecordReader(roots: RuntimeRoots): RecordReader {
  let cache = new Map<string, Cached>();
  return {
    read() {
      const next = new Map<string, Cached>();
      const records: RuntimeRecord[] = [];
      const warnings: string[] = [];
      let stats = 0;
      let parsed = 0;
      for (const kind of RECORD_KINDS) {
        for (const root of roots[kind]) {
          for (const src of sourcesOf(kind, root)) {
            const id = src.files[0]!;
            try {
              const st = src.files.map(statOrUndefined);
              stats += st.length;
              if (st[0] === undefined) continue;
              const key = st.map(stamp).join('|');
              let c = cache.get(id);
              if (c?.key !== key) {
                parsed++;
                c = { key, records: src.parse(src.files.map((f, i) => (st[i] ? readFileSync(f) : undefined))) };
              }
              next.set(id, c);
              records.push(...c.records);
            } catch (err) {
              // a file being replaced, or one we cannot read: its container keeps its id
              if (errorCode(err) !== 'ENOENT') warnings.push(`${kind} record ${id}: ${(err as Error).message.split('\n')[0]}`);
            }
          }
        }
      }
      cache = next;
      // read outside the cache: the database does not change when conmon writes the file
      const ended = withExitFiles(records, (path) => {
        stats++;
        try {
          return readFileSync(path, 'utf8');
        } catch {
          return undefined;
        }
      });
      return { records: mergeById(ended), warnings, stats, parsed };
    },
  };
}

/** The same container in two files of one kind (podman's containers.json and its
 *  database): one record, the later file's fields over the earlier's. */
function mergeById(records: RuntimeRecord[]): RuntimeRecord[] {
  const byKey = new Map<string, RuntimeRecord>();
  for (const r of records) {
    const k = `${r.kind}:${r.id}`;
    const had = byKey.get(k);
    byKey.set(k, had ? { ...had, ...r } : r);
  }
  return [...byKey.values()];
}
