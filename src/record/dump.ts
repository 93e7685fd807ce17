// `nstop dump`: a recording as JSON lines, CSV, or OpenMetrics text with timestamps
// (what `promtool tsdb create-blocks-from openmetrics` backfills). Written through
// `out` as it is read.
import { COLUMNS } from './columns.js';
import { METRICS } from './metric-names.js';
import { readRecording, type ReadSummary } from './read.js';
import type { DecodedContainer } from './sample-codec.js';

export type DumpFormat = 'json' | 'csv' | 'openmetrics';
type Out = (text: string) => void;

const iso = (t: number) => new Date(t).toISOString();
/** unlimited = "max", not known = null: the keys and values of `nstop ls --json` */
const jsonValue = (v: number | null) => (v === Infinity ? 'max' : v);

function dumpJson(dir: string, from: number, to: number, out: Out): ReadSummary {
  return readRecording(dir, from, to, {
    sample: (s) => out(JSON.stringify({ type: 'sample', time: iso(s.time), containers: s.containers.map((c) => ({ id: c.id, name: c.name, runtime: c.runtime, image: c.image ?? null, status: c.status, ...Object.fromEntries(Object.entries(c.values).map(([k, v]) => [k, jsonValue(v)])) })) }) + '\n'),
    event: (e) => out(JSON.stringify({ type: 'event', time: iso(e.t), ...e.e, ...(e.f ? { forensics: e.f } : {}) }) + '\n'),
    namespaces: (n) => out(JSON.stringify({ type: 'namespaces', time: iso(n.t), namespaces: n.rows }) + '\n'),
  });
}

const csvCell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  if (v === Infinity) return 'max';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function dumpCsv(dir: string, from: number, to: number, out: Out): ReadSummary {
  const names = COLUMNS.map((c) => c.name);
  out(['time', 'id', 'name', 'runtime', 'image', 'status', ...names].join(',') + '\n');
  return readRecording(dir, from, to, {
    sample: (s) => {
      const t = iso(s.time);
      let text = '';
      for (const c of s.containers) text += [t, c.id, c.name, c.runtime, c.image, c.status, ...names.map((n) => c.values[n])].map(csvCell).join(',') + '\n';
      out(text);
    },
  });
}

const labelValue = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (c: DecodedContainer) => `{id="${labelValue(c.cgroup ?? c.id)}",name="${labelValue(c.name)}",image="${labelValue(c.image ?? '')}"}`;

/** One metric family after another (OpenMetrics forbids interleaving them), each series'
 *  samples in time order: a pass over the recording per family. An unlimited limit has
 *  no sample (cAdvisor writes 0; a backfill would then read "limit 0"). */
function dumpOpenMetrics(dir: string, from: number, to: number, out: Out): ReadSummary {
  let summary: ReadSummary | undefined;
  for (const m of METRICS) {
    const series = m.type === 'counter' ? `${m.name}_total` : m.name;
    out(`# TYPE ${m.name} ${m.type}\n# HELP ${m.name} ${m.help}\n`);
    summary = readRecording(dir, from, to, {
      sample: (s) => {
        const ts = (s.time / 1000).toFixed(3);
        let text = '';
        for (const c of s.containers) {
          const v = c.values[m.column];
          if (v === null || v === undefined || v === Infinity) continue;
          text += `${series}${labels(c)} ${m.scale ? +(v * m.scale).toFixed(6) : v} ${ts}\n`;
        }
        if (text) out(text);
      },
    });
  }
  out('# EOF\n');
  return summary!;
}

export function dumpRecording(dir: string, from: number, to: number, format: DumpFormat, out: Out): ReadSummary {
  if (format === 'json') return dumpJson(dir, from, to, out);
  if (format === 'csv') return dumpCsv(dir, from, to, out);
  return dumpOpenMetrics(dir, from, to, out);
}
