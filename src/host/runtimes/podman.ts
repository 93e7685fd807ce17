// containers/storage and libpod, the two records podman keeps (cri-o uses the first):
// - <storage>/overlay-containers/containers.json: every container's id, names, image.
//   Trimmed, real (podman 4.3):
//     [{"id":"ca5bce3fd46b…","names":["nstop-rt-pweb"],"image":"61ce6cce…","layer":"6722d3…",
//       "metadata":"{\"image-name\":\"localhost/nstop-rt-bb:1\",\"image-id\":\"61ce6cce…\",
//       \"name\":\"nstop-rt-pweb\",\"created-at\":1796286085}","created":"2026-12-03T08:21:25.175093726Z"}]
//   cri-o's metadata adds "pod-name", "metadata-name" (the container's name in its pod)
//   and "namespace" (its RuntimeContainerMetadata; no cri-o here to capture one).
// - <storage>/libpod/bolt_state.db (bbolt, bolt.ts): bucket ctr/<id> holds "state", the
//   only place the exit code stays once conmon's exit file has been read. Trimmed, real:
//     {"state":6,"startedTime":"2026-12-03T08:21:31.606133062Z",
//      "finishedTime":"2026-12-03T08:21:31.60847523Z","exitCode":5,"exited":true,…}
//   and "config": {"id":…,"name":"nstop-rt-pexit5","rootfsImageName":"localhost/nstop-rt-bb:1",…}.
import { openBolt } from './bolt.js';
import { goTime, int, obj, opt, str, type RuntimeRecord } from './record.js';

export function parseContainersJson(text: string): RuntimeRecord[] {
  const list: unknown = JSON.parse(text);
  if (!Array.isArray(list)) return [];
  const out: RuntimeRecord[] = [];
  for (const item of list) {
    const c = obj(item);
    const id = str(c['id']);
    if (!id) continue;
    let meta: Record<string, unknown> = {};
    try {
      meta = obj(JSON.parse(str(c['metadata']) ?? '{}'));
    } catch {
      // a container made by another storage user may keep free-form metadata
    }
    const names = Array.isArray(c['names']) ? c['names'] : [];
    out.push({
      kind: 'podman',
      id,
      ...opt('name', str(meta['metadata-name']) ?? str(names[0]) ?? str(meta['name'])),
      ...opt('image', str(meta['image-name'])),
      ...opt('pod', str(meta['pod-name'])),
      ...opt('podNamespace', str(meta['namespace'])),
      ...(meta['pod'] === true ? { sandbox: true } : {}),
    });
  }
  return out;
}

/** libpod's ContainerState values (libpod/define/containerstate.go) */
const CONFIGURED = 1;
const CREATED = 2;
const RUNNING = 3;
const PAUSED = 5;
const STOPPED = 4;
const EXITED = 6;

export function parseLibpodDb(buf: Buffer): RuntimeRecord[] {
  const db = openBolt(buf);
  const ctrs = db.get('ctr')?.bucket;
  if (!ctrs) return [];
  // libpod's tmp dir (runtime-config "tmp-dir", e.g. /run/libpod): conmon's exits/<id> are there
  const tmpDir = db.get('runtime-config')?.bucket?.get('tmp-dir')?.value?.toString('utf8');
  const out: RuntimeRecord[] = [];
  for (const e of ctrs.entries()) {
    if (!e.bucket) continue;
    const config = obj(jsonOf(e.bucket.get('config')?.value));
    const state = obj(jsonOf(e.bucket.get('state')?.value));
    const s = int(state['state']);
    const running = s === RUNNING || s === PAUSED;
    const ended = s === STOPPED || s === EXITED;
    out.push({
      kind: 'podman',
      id: e.key,
      ...opt('name', str(config['name'])),
      ...opt('image', str(config['rootfsImageName'])),
      ...(s === undefined ? {} : { running }),
      ...(s === CONFIGURED || s === CREATED ? { created: true } : {}),
      ...(ended ? opt('exitCode', int(state['exitCode'])) : {}),
      ...(ended ? opt('finishedAt', goTime(state['finishedTime'])) : {}),
      ...(running ? opt('pid', int(state['pid']) || undefined) : {}),
      ...(running && tmpDir?.startsWith('/') ? { exitFile: `${tmpDir}/exits/${e.key}` } : {}),
    });
  }
  return out;
}

/** A record that says running whose conmon exit file exists has ended with that code
 *  (conmon writes the bare number, e.g. "137"). `read`: the file's text, or undefined. */
export function withExitFiles(records: readonly RuntimeRecord[], read: (path: string) => string | undefined): RuntimeRecord[] {
  return records.map((r) => {
    if (!r.exitFile || r.running !== true) return r;
    const text = read(r.exitFile)?.trim();
    if (text === undefined || !/^-?\d+$/.test(text)) return r;
    const { pid: _pid, ...rest } = r;
    return { ...rest, running: false, exitCode: Number(text) };
  });
}

function jsonOf(value: Buffer | undefined): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value.toString('utf8'));
  } catch {
    return undefined;
  }
}
