// Samples as frames: a keyframe holds every container's columns; the frames between two
// keyframes hold, per container that changed, the difference to the sample before
// (columnar: all containers' `memory`, then all `cpuUsageUsec`...). Each sample is its
// own frame, written as it is taken, so a crash loses at most the sample being written;
// a damaged frame in the middle loses the samples up to the next keyframe (KEY_EVERY).
import type { ContainerRow } from '../model/types.js';
import { COLUMNS, decodeValue, encodeValue } from './columns.js';

/** a keyframe every 12 samples: 1 min at the default 5 s */
export const KEY_EVERY = 12;

export type ContainerMeta = { id: string; name: string; runtime: string; image?: string; cgroup?: string; status: string };
type MetaFrame = ContainerMeta & { i: number };

export type SampleFrame = {
  k: 's';
  t: number;
  key?: 1;
  add?: MetaFrame[];
  gone?: number[];
  rows: number[];
  cols: Record<string, number[]>;
};

function metaOf(c: ContainerRow): ContainerMeta {
  return { id: c.id, name: c.name, runtime: c.runtime, ...(c.image ? { image: c.image } : {}), ...(c.cgroupPath ? { cgroup: c.cgroupPath } : {}), status: c.status };
}

export function createSampleEncoder() {
  const index = new Map<string, number>();
  const metas = new Map<number, string>();
  let prev = new Map<number, number[]>();
  let count = 0;
  return {
    /** the frame just made was not written (a full disk): the next is a keyframe, since
     *  a delta against a sample no reader will see would decode wrong */
    forceKey(): void {
      count = 0;
    },
    /** the next sample's frame payload */
    encode(time: number, containers: readonly ContainerRow[]): SampleFrame {
      const key = count % KEY_EVERY === 0;
      count++;
      const add: MetaFrame[] = [];
      const rows: number[] = [];
      const cur = new Map<number, number[]>();
      const cols: Record<string, number[]> = {};
      for (const col of COLUMNS) cols[col.name] = [];
      for (const c of containers) {
        let i = index.get(c.id);
        if (i === undefined) index.set(c.id, (i = index.size));
        const meta = metaOf(c);
        const text = JSON.stringify(meta);
        if (key || metas.get(i) !== text) {
          add.push({ i, ...meta });
          metas.set(i, text);
        }
        const v = COLUMNS.map((col) => encodeValue(col.get(c), col.scale));
        cur.set(i, v);
        const p = key ? undefined : prev.get(i);
        if (p && v.every((x, j) => x === p[j])) continue;
        rows.push(i);
        for (let j = 0; j < COLUMNS.length; j++) cols[COLUMNS[j]!.name]!.push(v[j]! - (p?.[j] ?? 0));
      }
      const gone = key ? [] : [...prev.keys()].filter((i) => !cur.has(i));
      prev = cur;
      return { k: 's', t: time, ...(key ? { key: 1 as const } : {}), ...(add.length ? { add } : {}), ...(gone.length ? { gone } : {}), rows, cols };
    },
  };
}

export type DecodedContainer = ContainerMeta & { values: Record<string, number | null> };
export type DecodedSample = { time: number; containers: DecodedContainer[] };

/** Rebuilds samples from a segment's frames in order. `fields` are the head frame's
 *  [name, scale] pairs: what this segment's columns are. */
export function createSampleDecoder(fields: readonly (readonly [string, number])[]) {
  const metas = new Map<number, ContainerMeta>();
  let vals = new Map<number, number[]>();
  // false after a damaged frame until the next keyframe: deltas need every frame before
  let valid = false;
  return {
    damaged(): void {
      valid = false;
    },
    decode(f: SampleFrame): DecodedSample | undefined {
      for (const a of f.add ?? []) {
        const { i, ...meta } = a;
        metas.set(i, meta);
      }
      if (f.key) {
        vals = new Map();
        valid = true;
      }
      if (!valid) return undefined;
      for (const i of f.gone ?? []) vals.delete(i);
      f.rows.forEach((i, r) => {
        const p = vals.get(i);
        vals.set(i, fields.map(([name], j) => (f.cols[name]?.[r] ?? 0) + (p?.[j] ?? 0)));
      });
      const containers: DecodedContainer[] = [];
      for (const [i, v] of vals) {
        const meta = metas.get(i);
        if (!meta) continue;
        const values: Record<string, number | null> = {};
        fields.forEach(([name, scale], j) => (values[name] = decodeValue(v[j]!, scale)));
        containers.push({ ...meta, values });
      }
      return { time: f.t, containers };
    },
  };
}

export const FIELDS: readonly (readonly [string, number])[] = COLUMNS.map((c) => [c.name, c.scale] as const);
