// The dashboard: header, view tabs, the current view's table, events, status, F-keys.
import { Box, Text, useInput, useStdin } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SnapshotSource } from '../model/types.js';
import { DEFAULT_SORT } from './columns.js';
import { EventLog } from './components/event-log.js';
import { FKeyBar } from './components/fkey-bar.js';
import { Header } from './components/header.js';
import { HelpScreen } from './components/help-screen.js';
import { Table } from './components/table.js';
import { ASCII, UNICODE } from './glyphs.js';
import { useSnapshot } from './hooks/use-snapshot.js';
import { actionFor, decodeRaw } from './keymap.js';
import { viewRows } from './rows.js';
import { initialState, reduce, VIEWS, type RowsInfo, type UiState } from './state/reducer.js';

export type AppProps = {
  source: SnapshotSource;
  width: number;
  height: number;
  color: boolean;
  unicode: boolean;
  intervalMs: number;
  onQuit: () => void;
};

const TITLES = { containers: '1 Containers', namespaces: '2 Namespaces', processes: '3 Processes' } as const;
const EVENT_ROWS = 4;

export function App(p: AppProps) {
  const snap = useSnapshot(p.source);
  const [ui, setUi] = useState<UiState>(() => initialState(DEFAULT_SORT));
  const g = p.unicode ? UNICODE : ASCII;
  const names = useMemo(() => new Map((snap?.containers ?? []).map((c) => [c.id, c.name])), [snap]);
  const ctx = { g, names };
  const showEvents = ui.view === 'containers' && (snap?.events.length ?? 0) > 0;
  const tableHeight = Math.max(3, p.height - 5 - (showEvents ? EVENT_ROWS + 1 : 0));
  const rows = snap ? viewRows(snap, ui, ctx) : undefined;
  const info: RowsInfo = { keys: [], texts: [], columns: 1, ...rows?.info, pageRows: tableHeight - 1, readOnly: snap?.readOnly ?? true };
  // useInput's closure would see stale state on back-to-back keys: read through refs
  const live = useRef({ ui, info });
  live.current = { ui, info };

  useEffect(() => {
    p.source.setDemand({ processStats: ui.view === 'processes' ? 'all' : 'none' });
  }, [ui.view, p.source]);
  useEffect(() => {
    if (ui.quit) p.onQuit();
  }, [ui.quit]);

  // useInput keeps the terminal in raw mode; keys are decoded from the raw bytes
  // (see decodeRaw: Ink does not report F-keys).
  useInput(() => undefined);
  const { internal_eventEmitter: input } = useStdin() as unknown as { internal_eventEmitter: NodeJS.EventEmitter };
  useEffect(() => {
    const onData = (data: string | Buffer) => {
      const names = decodeRaw(String(data));
      if (names.length === 0) return;
      let next = live.current.ui;
      const ri = live.current.info;
      for (const name of names) {
        const action = actionFor(name);
        next = next.prompt || !action ? reduce(next, { type: 'text', key: name }, ri) : reduce(next, { type: 'action', action }, ri);
      }
      live.current = { ui: next, info: ri };
      setUi(next);
    };
    input.on('input', onData);
    return () => void input.off('input', onData);
  }, [input]);

  if (!snap || !rows) return <Text>nstop: sampling…</Text>;
  const vs = ui.views[ui.view];
  const d = rows.data;
  const common = { keys: rows.info.keys, selected: Math.min(vs.selected, Math.max(0, rows.info.keys.length - 1)), sort: vs.sort, desc: vs.desc, tagged: ui.tagged, width: p.width, height: tableHeight, color: p.color, ctx };
  const status = ui.prompt
    ? `${ui.prompt.kind === 'search' ? 'Search' : 'Filter'}: ${ui.prompt.text}_`
    : (ui.message ?? [vs.filter && `filter "${vs.filter}"`, ui.scope && `showing ${ui.scope.label} (Esc: all)`, ui.tree && ui.view === 'processes' && 'tree'].filter(Boolean).join('  '));
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <Header snapshot={snap} width={p.width} color={p.color} intervalMs={p.intervalMs} />
      <Text wrap="truncate">
        {VIEWS.map((v) => (
          <Text key={v} inverse={v === ui.view} bold={v === ui.view}>{` ${TITLES[v]} `}</Text>
        ))}
      </Text>
      {ui.help ? (
        <HelpScreen width={p.width} height={tableHeight} />
      ) : d.view === 'containers' ? (
        <Table {...common} columns={d.columns} rows={d.rows} />
      ) : d.view === 'namespaces' ? (
        <Table {...common} columns={d.columns} rows={d.rows} />
      ) : (
        <Table {...common} columns={d.columns} rows={d.rows} />
      )}
      {showEvents && !ui.help ? <EventLog events={snap.events} rows={EVENT_ROWS} width={p.width} color={p.color} /> : null}
      <Text wrap="truncate">{status || ' '}</Text>
      <FKeyBar width={p.width} color={p.color} />
    </Box>
  );
}
