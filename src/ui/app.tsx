// The dashboard: header, view tabs, the current view's table (or help), the event pane,
// the status line and the F-key bar. State lives in a pure reducer (state/reducer.ts).
import { Box, Text } from 'ink';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { SnapshotSource } from '../model/types.js';
import { userMessage } from '../host/errors.js';
import { EventLog, recentEvents } from './components/event-log.js';
import { FKeyBar } from './components/fkey-bar.js';
import { Header } from './components/header.js';
import { HelpScreen, helpRange } from './components/help-screen.js';
import { StatusLine } from './components/status-line.js';
import { Table } from './components/table.js';
import { ViewTabs } from './components/view-tabs.js';
import { glyphsFor } from './glyphs.js';
import { LaunchForm } from './components/launch-form.js';
import { LogPane } from './components/log-pane.js';
import { NetPane } from './components/net-pane.js';
import { followedMessage } from './message-follow.js';
import type { ActionRequest, DashboardActions } from './actions.js';
import { useKeys } from './hooks/use-keys.js';
import { useSampleDemand } from './hooks/use-sample-demand.js';
import { useSnapshot } from './hooks/use-snapshot.js';
import { fitColumns, type FittedColumn } from './columns.js';
import type { Read } from './columns/column.js';
import { screenLayout, type ScreenLayout } from './layout.js';
import { followSelection, type Shown } from './state/follow.js';
import { initialState, reduceKey } from './state/reducer.js';
import { currentIndex, scrollFor } from './state/selection.js';
import type { RowsInfo, UiState } from './state/types.js';
import { rowsCache, rowsInfo, usersOf, type ViewRows } from './view-rows.js';
import { SetupScreen } from './components/setup-screen.js';
import { settingsOf } from './state/setup.js';
import type { Settings } from './settings.js';
import { setTheme } from './components/tone.js';
import { counts, screenMap } from './screen-map.js';
import { hitTest, parseMouseKey } from './mouse.js';
import { reduceMouse } from './state/mouse-keys.js';
import { setupScroll } from './components/setup-screen.js';
import { headerLines } from './components/header.js';
import type { View } from './views.js';

export type AppProps = {
  source: SnapshotSource;
  width: number;
  height: number;
  /** false: no colour codes at all (NO_COLOR, --no-color) */
  color: boolean;
  /** false: ASCII glyphs only (non-UTF-8 locale) */
  unicode: boolean;
  /** not root: actions are refused (the snapshot's own readOnly also counts) */
  readOnly: boolean;
  onQuit: () => void;
  intervalMs: number;
  /** the Act side (launch, kill, set...); absent in tests of the read side */
  actions?: DashboardActions;
  /** state to start from (the dashboard comes back after exec/attach where it was) */
  initialUi?: UiState;
  onUiChange?: (ui: UiState) => void;
  /** what of Ink's fast path is missing (ink/setup.ts), shown in the header */
  inkNote?: string;
  /** F2 setup closed with changes: save them; the answer is the status line's message */
  onSettings?: (settings: Settings) => string;
  /** where the settings are saved (shown on the setup screen) */
  configPath?: string;
  /** mouse reporting wanted on or off (the CLI writes the terminal's escape codes) */
  onMouse?: (on: boolean) => void;
  /** keys a source takes before the dashboard's own (a replay's moves, R): the answer is
   *  the status line's message ('' for none); undefined: not taken */
  onKey?: (key: string) => string | undefined;
  /** one line under the header (a replay's time bar) */
  bar?: (width: number) => ReactNode;
  /** said in place of the host's facts when the source is not this host now (a replay) */
  hostNote?: string;
};

const EMPTY: Record<View, string> = {
  containers: 'no containers yet (nstop run, docker, podman, unshare --pid... show up here)',
  namespaces: 'no namespaces could be read',
  processes: 'no processes could be read',
};

const NO_ROWS: RowsInfo = { keys: [], textAt: () => '', sortIds: [], sortDesc: () => false, pageRows: 1, readOnly: true, scopeAt: () => undefined, targetAt: () => undefined, liveLaunched: 0 };

// `filter`: everything the user narrowed the rows with (text, u's user, K): a row they
// hid is not "gone"
const shownOf = (rows: ViewRows, ui: UiState): Shown => ({ keys: rows.keys, nameAt: rows.nameAt, filter: ui.view === 'processes' ? `${ui.views[ui.view].filter}\u0000${ui.user ?? ''}\u0000${ui.hideKernel === true}` : ui.views[ui.view].filter, ...(ui.view === 'processes' && ui.scope ? { scope: ui.scope } : {}) });


const NO_COLUMNS: readonly FittedColumn<unknown>[] = [];
const NO_IDS: readonly string[] = [];
const NET_PANE: readonly Read[] = ['net'];

/** Ids of the container rows on screen (their keys are "c:<id>"). */
function containerIds(keys: readonly string[], scroll: number, body: number): string[] {
  const out: string[] = [];
  for (let i = scroll; i < keys.length && i < scroll + body; i++) out.push(keys[i]!.slice(2));
  return out;
}

let mountedSay: ((message: string, failed?: ActionRequest, about?: string) => void) | undefined;

export function App(p: AppProps) {
  const snap = useSnapshot(p.source);
  const [raw, setUi] = useState<UiState>(() => p.initialUi ?? initialState());
  const [rowsFor] = useState(rowsCache);
  const g = glyphsFor(p.unicode);
  // a source that cannot act (Prometheus) says why; not root says so too
  const why = p.source.readOnly?.why;
  const readOnly = p.readOnly || (snap?.readOnly ?? false) || why !== undefined;
  const showLog = raw.logFor !== undefined && raw.view === 'containers' && !raw.help;
  const showNet = raw.netFor !== undefined && raw.view === 'containers' && !raw.help && !showLog;
  const eventLines = showLog || showNet ? 6 : snap && raw.view === 'containers' && !raw.help ? recentEvents(snap.events, 6).length : 0;
  const header = headerLines(snap?.host.cpuTicks ? snap.host.cpuTicks.length - 1 : 0, p.width, p.height, raw.meters ?? 'cores') + (p.bar ? 1 : 0);
  const layout: ScreenLayout = screenLayout(p.height, eventLines, header);

  // useKeys' handler runs outside React's render: read everything through a ref, and
  // feed each key the state the previous one produced (keys can arrive back to back).
  const live = useRef({ ui: raw, snap, layout, readOnly, header });
  live.current = { ...live.current, snap, layout, readOnly, header };
  // each view's rows as last drawn or acted on: where a vanished selection's neighbours were
  const shown = useRef<Partial<Record<View, Shown>>>({});
  // another source (R: into the recording and back) is another set of rows: a row
  // missing from it has not "gone"
  const shownFor = useRef(p.source);
  if (shownFor.current !== p.source) {
    shownFor.current = p.source;
    shown.current = {};
  }
  const follow = (s: UiState, rows: ViewRows) => {
    const now = shownOf(rows, s);
    return { now, next: followSelection(s, now, shown.current[s.view]) };
  };
  useKeys((keys) => {
    const before = live.current.ui;
    let s = before;
    for (const key of keys) {
      const { snap: cur, layout: l } = live.current;
      if (p.onKey && !s.help && !s.setup && !s.form && !s.prompt) {
        const said = p.onKey(key);
        if (said !== undefined) {
          s = { ...s, message: said || undefined };
          continue;
        }
      }
      let info: RowsInfo = { ...NO_ROWS, readOnly: live.current.readOnly, ...(why !== undefined ? { readOnlyReason: why } : {}) };
      if (cur) {
        const rows = rowsFor(cur, s, g).rows;
        // a key acts on what the screen shows selected, settled on these very rows
        const f = follow(s, rows);
        shown.current[s.view] = f.now;
        s = f.next;
        info = { ...rowsInfo(rows, l.body, live.current.readOnly), ...(why !== undefined ? { readOnlyReason: why } : {}) };
        const at = cur;
        info.users = () => usersOf(at);
      }
      const help = s.help ? helpRange(s.view, p.width, l.table) : undefined;
      const full: RowsInfo = { ...info, intervalMs: p.intervalMs, liveLaunched: p.actions?.launchedLive().length ?? 0, ...(help ? { help } : {}) };
      const mouse = parseMouseKey(key);
      if (!mouse) {
        s = reduceKey(s, key, full);
        continue;
      }
      if (!cur || s.mouse === false) continue;
      // a click hits what this frame drew: the same rows, scroll and columns
      const rows = rowsFor(cur, s, g).rows;
      const vs = s.views[s.view];
      const scroll = scrollFor(currentIndex(vs, rows.keys), vs.scroll, l.body, rows.keys.length);
      const map = screenMap(cur, s, rows, l, live.current.header, p.width, p.height, scroll);
      s = reduceMouse(s, hitTest(map, mouse), full, (x, k) => reduceKey(x, k, full), s.setup ? setupScroll(s.setup.cursor, l.table) : 0);
    }
    commit(s, before);
  });

  function commit(next: UiState, before = live.current.ui): void {
    let s = next;
    const request = s.request;
    if (request) s = { ...s, request: undefined };
    // F2 setup closed: what it shows is saved (htop saves on leaving its setup too)
    if (before.setup && !s.setup && p.onSettings) {
      const saved = settingsOf(s);
      if (JSON.stringify(saved) !== JSON.stringify(settingsOf(before.setupFrom ?? before))) s = { ...s, message: p.onSettings(saved) };
      s = { ...s, setupFrom: undefined };
    }
    if (s.setup && !before.setup) s = { ...s, setupFrom: before };
    // a replay has no refresh to change: say so rather than "refresh every 2s"
    const still = p.source.noRefresh;
    if (still !== undefined && s.intervalMs !== before.intervalMs) s = { ...s, intervalMs: before.intervalMs, message: still };
    live.current.ui = s;
    setUi(s);
    p.onUiChange?.(s);
    // + and -: the sampler's own timer takes the new interval at once
    if (s.intervalMs !== undefined && s.intervalMs !== before.intervalMs) p.source.setInterval?.(s.intervalMs);
    if (request) perform(request);
    if (s.quit && !before.quit) p.onQuit();
  }

  // render stays pure (it may run twice): what a frame drew and how it settled the
  // selection (first rows, a vanished row, a launch's row showing) is kept once it is on
  // screen, the state only if no key changed it since
  const drawn = useRef<{ now: Shown; from: UiState; to: UiState } | undefined>(undefined);
  useEffect(() => {
    const x = drawn.current;
    drawn.current = undefined;
    if (!x) return;
    shown.current[x.to.view] = x.now;
    if (x.to !== x.from && live.current.ui === x.from) commit(x.to);
  });

  // exec/attach remount the App: an answer that arrives afterwards goes to the new one
  useEffect(() => {
    mountedSay = say;
    return () => {
      if (mountedSay === say) mountedSay = undefined;
    };
  });
  const say = (message: string, failed?: ActionRequest, about?: string) => {
    const cur = live.current.ui;
    // a launch that failed has no row to wait for
    const drop = (failed?.type === 'run' || failed?.type === 'demo') && cur.views.containers.pending !== undefined;
    const said: UiState = { ...cur, message, messageAbout: about !== undefined ? { name: about, message } : undefined };
    const next = drop ? { ...said, views: { ...cur.views, containers: { ...cur.views.containers, pending: undefined } } } : said;
    live.current.ui = next;
    setUi(next);
    p.onUiChange?.(next);
  };
  function perform(request: ActionRequest): void {
    if (!p.actions) return say('actions are not available here', request);
    p.actions.perform(request).then(
      // a demo's message says what it does: it follows the demo's row until it ends
      (m) => (request.type === 'quit' ? p.onQuit() : (mountedSay ?? say)(m, undefined, request.type === 'demo' ? request.name : undefined)),
      (err: unknown) => (mountedSay ?? say)(userMessage(err), request),
    );
  }

  // the rows this frame shows, settled on the selection (the state follows below)
  const table = snap ? rowsFor(snap, raw, g) : undefined;
  const followed = table ? follow(raw, table.rows) : undefined;
  const ui = followed?.next ?? raw;
  const vs = ui.views[ui.view];
  const selected = table ? currentIndex(vs, table.rows.keys) : -1;
  const scroll = table ? scrollFor(selected, vs.scroll, layout.body, table.rows.keys.length) : 0;
  // what the sampler reads follows what this frame shows (sent from an effect)
  useSampleDemand(p.source, {
    view: ui.view,
    columns: table ? fitColumns(table.rows.columns, p.width - 1) : NO_COLUMNS,
    containers: table && ui.view === 'containers' ? containerIds(table.rows.keys, scroll, layout.body) : NO_IDS,
    ...(showNet ? { panes: NET_PANE } : {}),
  });
  // off again on unmount: exec and attach hand the terminal to a shell that wants no mouse
  useEffect(() => {
    p.onMouse?.(raw.mouse !== false);
    return () => p.onMouse?.(false);
  }, [raw.mouse]);
  // the theme is the colour tables paint() uses: set before any line of this frame paints
  setTheme(ui.theme ?? 'default');
  if (!snap || !table || !followed) return <Text>{p.unicode ? 'nstop: sampling…' : 'nstop: sampling...'}</Text>;
  const { rows, ctx } = table;
  drawn.current = { now: followed.now, from: raw, to: ui };
  const scope = ui.scope?.label;
  const unavailable: Partial<Record<View, string>> = p.source.unavailable ?? {};
  const empty = vs.filter ? `no rows match "${vs.filter}" (Esc clears the filter)` : unavailable[ui.view] ?? (scope && ui.view === 'processes' ? `no processes in ${scope} (Esc: all)` : EMPTY[ui.view]);
  // overflowY only: every line is already cut to the width (Line), and a box that clips
  // horizontally makes Ink slice every line of the frame through slice-ansi again
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflowY="hidden">
      <Header snapshot={snap} inkNote={p.inkNote} readOnly={readOnly && (p.source.readOnly?.label ?? true)} hostNote={p.hostNote} intervalMs={ui.intervalMs ?? p.intervalMs} width={p.width} height={p.height} meters={ui.meters ?? 'cores'} color={p.color} g={g} />
      {p.bar?.(p.width)}
      <ViewTabs view={ui.view} counts={counts(snap, ui.view, rows.shown ?? rows.keys.length, rows.total)} scope={scope} tree={ui.tree} width={p.width} color={p.color} g={g} />
      {ui.help ? (
        <HelpScreen view={ui.view} scroll={ui.helpScroll ?? 0} width={p.width} height={layout.table} color={p.color} g={g} />
      ) : ui.setup ? (
        <SetupScreen ui={ui} startMs={p.intervalMs} path={p.configPath} width={p.width} height={layout.table} color={p.color} g={g} />
      ) : ui.form ? (
        <LaunchForm form={ui.form} width={p.width} height={layout.table} color={p.color} />
      ) : (
        <Table
          columns={rows.columns} rows={rows.rows} keys={rows.keys} selected={selected} scroll={scroll}
          sort={vs.sort} desc={vs.desc} tagged={ui.tagged} width={p.width} height={layout.table} color={p.color} ctx={ctx} empty={empty}
        />
      )}
      {layout.events > 0 && showLog ? (
        <LogPane name={ui.logFor!} lines={p.actions?.logTail(ui.logFor!, layout.events)} rows={layout.events} width={p.width} color={p.color} g={g} />
      ) : layout.events > 0 && showNet ? (
        <NetPane row={snap.containers.find((c) => c.id === ui.netFor)} rows={layout.events} width={p.width} color={p.color} g={g} />
      ) : layout.events > 0 ? (
        <EventLog events={snap.events} rows={layout.events} width={p.width} color={p.color} g={g} />
      ) : null}
      <StatusLine prompt={ui.prompt} message={followedMessage(ui.message, ui.messageAbout, snap.containers)} filter={vs.filter} search={ui.search} scope={scope} tagged={ui.tagged.size} kernelHidden={ui.view === 'processes' && ui.hideKernel === true} width={p.width} color={p.color} g={g} />
      <FKeyBar width={p.width} color={p.color} g={g} />
    </Box>
  );
}
