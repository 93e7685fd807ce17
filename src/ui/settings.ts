// What F2 (setup) saves, and the file it is saved in: `key = value` lines a person can
// edit, `#` comments. Parsing and writing are pure (the CLI reads and writes the file:
// cli/dashboard-config.ts). A file with any bad line is refused whole, in one line naming
// the line, and the defaults are used: half a config is harder to notice than none.
//
//   # nstop settings (F2 in the dashboard writes this file)
//   interval = 1s
//   mouse = on
//   theme = default
//   meters = cores
//   tree = off
//   pods = off
//   hide_kernel = off
//   containers.sort = mempct desc
//   containers.columns = name runtime status pid cpu memory mempct pids psi procs
import { COLUMNS, DEFAULT_SORT } from './columns.js';
import { VIEWS, type View } from './views.js';

export const THEMES = ['default', 'light', 'mono'] as const;
export type Theme = (typeof THEMES)[number];
/** cores: a bar per CPU (a one-line graph when they do not fit); summary: one CPU bar */
export const METERS = ['cores', 'summary'] as const;
export type Meters = (typeof METERS)[number];

export type ViewSettings = { sort: string; desc: boolean; columns: readonly string[] };

export type Settings = {
  /** unset: --interval (or 1s) */
  intervalMs?: number;
  mouse: boolean;
  theme: Theme;
  meters: Meters;
  tree: boolean;
  /** the Containers view groups a pod's containers under it */
  pods: boolean;
  hideKernel: boolean;
  views: Record<View, ViewSettings>;
};

export const allColumns = (v: View): string[] => COLUMNS[v].map((c) => c.id);

export const defaultSettings = (): Settings => ({
  mouse: true,
  theme: 'default',
  meters: 'cores',
  tree: false,
  pods: false,
  hideKernel: false,
  views: {
    containers: { ...DEFAULT_SORT.containers, columns: allColumns('containers') },
    namespaces: { ...DEFAULT_SORT.namespaces, columns: allColumns('namespaces') },
    processes: { ...DEFAULT_SORT.processes, columns: allColumns('processes') },
  },
});

/** "1s", "500ms", "2.5s", "1m": 100ms..1h, as --interval takes them. */
export function parseIntervalText(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return undefined;
  const v = Number.parseFloat(m[1]!);
  const ms = Math.round(m[2] === 'ms' ? v : m[2] === 'm' ? v * 60_000 : v * 1000);
  return ms >= 100 && ms <= 3_600_000 ? ms : undefined;
}

export const intervalText = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

const onOff = (v: string): boolean | undefined => (v === 'on' || v === 'true' || v === 'yes' ? true : v === 'off' || v === 'false' || v === 'no' ? false : undefined);

export type Parsed = { settings: Settings } | { error: string };

/** The file's text -> settings, or one line saying what is wrong and where. */
export function parseConfig(text: string, path = 'config'): Parsed {
  const s = defaultSettings();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const bad = (why: string): Parsed => ({ error: `${path} line ${i + 1}: ${why} (the defaults are used; F2 or an editor fixes it)` });
    const eq = line.indexOf('=');
    if (eq < 0) return bad(`"${line}" is not key = value`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const flag = onOff(value);
    switch (key) {
      case 'interval': {
        const ms = parseIntervalText(value);
        if (ms === undefined) return bad(`interval "${value}": use e.g. 1s, 500ms (100ms..1h)`);
        s.intervalMs = ms;
        continue;
      }
      case 'mouse': case 'tree': case 'pods': case 'hide_kernel':
        if (flag === undefined) return bad(`${key} "${value}": on or off`);
        if (key === 'mouse') s.mouse = flag;
        else if (key === 'tree') s.tree = flag;
        else if (key === 'pods') s.pods = flag;
        else s.hideKernel = flag;
        continue;
      case 'theme':
        if (!(THEMES as readonly string[]).includes(value)) return bad(`theme "${value}": one of ${THEMES.join(', ')}`);
        s.theme = value as Theme;
        continue;
      case 'meters':
        if (!(METERS as readonly string[]).includes(value)) return bad(`meters "${value}": one of ${METERS.join(', ')}`);
        s.meters = value as Meters;
        continue;
    }
    const m = /^(containers|namespaces|processes)\.(sort|columns)$/.exec(key);
    if (!m) return bad(`unknown key "${key}"`);
    const view = m[1] as View;
    const ids = allColumns(view);
    const words = value.split(/[\s,]+/).filter(Boolean);
    const unknown = words.find((w, j) => !ids.includes(w) && !(m[2] === 'sort' && j === 1));
    if (unknown !== undefined) return bad(`no ${view} column "${unknown}" (${ids.join(' ')})`);
    if (m[2] === 'sort') {
      if (words.length < 1 || words.length > 2 || (words[1] !== undefined && words[1] !== 'asc' && words[1] !== 'desc')) return bad(`${key} "${value}": a column, then asc or desc`);
      s.views[view] = { ...s.views[view], sort: words[0]!, desc: words[1] === undefined ? COLUMNS[view].find((c) => c.id === words[0])?.desc === true : words[1] === 'desc' };
    } else {
      if (words.length === 0) return bad(`${key}: name at least one column`);
      // kept in the view's own order: the file lists which, not where
      s.views[view] = { ...s.views[view], columns: ids.filter((id) => words.includes(id)) };
    }
  }
  return { settings: s };
}

/** Settings -> the file's text (every key written, so the file documents itself). */
export function formatConfig(s: Settings): string {
  const out = [
    '# nstop settings: F2 in the dashboard writes this file; edit it by hand as well.',
    '# A bad line makes nstop use the defaults and say which line (the file is kept).',
    `# interval: 100ms..1h; mouse, tree, pods, hide_kernel: on/off; theme: ${THEMES.join('/')}; meters: ${METERS.join('/')}`,
    ...(s.intervalMs !== undefined ? [`interval = ${intervalText(s.intervalMs)}`] : ['# interval = 1s   (unset: --interval)']),
    `mouse = ${s.mouse ? 'on' : 'off'}`,
    `theme = ${s.theme}`,
    `meters = ${s.meters}`,
    `tree = ${s.tree ? 'on' : 'off'}`,
    `pods = ${s.pods ? 'on' : 'off'}`,
    `hide_kernel = ${s.hideKernel ? 'on' : 'off'}`,
  ];
  for (const v of VIEWS) {
    const vs = s.views[v];
    out.push(`# ${v} columns: ${allColumns(v).join(' ')}`);
    out.push(`${v}.sort = ${vs.sort} ${vs.desc ? 'desc' : 'asc'}`);
    out.push(`${v}.columns = ${vs.columns.join(' ')}`);
  }
  return out.join('\n') + '\n';
}
