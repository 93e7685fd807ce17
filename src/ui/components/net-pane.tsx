// The selected container's network, in place of the event log (N toggles it): every
// interface of its namespace with addresses, bytes and rates, and the traffic sparkline.
import { Box } from 'ink';
import type { ContainerRow } from '../../model/types.js';
import { formatRate } from '../columns/net-columns.js';
import { fit, formatBytes, NA } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { Line, type Piece } from './line.js';

export type NetPaneProps = { row: ContainerRow | undefined; rows: number; width: number; color: boolean; g: Glyphs };

const rate = (n: number | undefined): string => (n === undefined ? NA : `${formatRate(n)}/s`);

function title(row: ContainerRow | undefined): Piece[] {
  if (!row) return [{ text: 'Network', style: 'title' }, { text: '  the container is gone  (N closes)', style: 'dim' }];
  const n = row.net;
  const how = row.managed?.net ? (row.managed.net.mode === 'container' ? `container:${row.managed.net.container}` : row.managed.net.mode) : undefined;
  const facts = [n ? `netns ${n.ns}` : undefined, how, n?.sharedWith.length ? `shared with ${n.sharedWith.join(',')}` : undefined].filter(Boolean).join('  ');
  return [{ text: `Network of ${row.name}`, style: 'title' }, { text: `  ${facts}  (N closes)`, style: 'dim' }];
}

function body(row: ContainerRow | undefined, rows: number, width: number): Piece[][] {
  const n = row?.net;
  if (!row) return [];
  if (!n) return [[{ text: row.status === 'stopped' ? '  stopped: no network' : '  n/a: its network namespace could not be read', style: 'dim' }]];
  if (!n.own) return [[{ text: "  it uses the host's network: see the host's own tools (ip -s link)", style: 'dim' }]];
  const addrWidth = Math.max(12, Math.min(40, width - 60));
  const head: Piece[] = [{ text: `  ${fit('IFACE', 10)} ${fit('ADDRESSES', addrWidth)} ${fit('RX', 9, 'right')} ${fit('RX/s', 9, 'right')} ${fit('TX', 9, 'right')} ${fit('TX/s', 9, 'right')}`, style: 'dim' }];
  const lines = n.interfaces.slice(0, Math.max(0, rows - 2)).map((i): Piece[] => [
    { text: `  ${fit(i.name, 10)} ${fit(i.addresses.join(' ') || '-', addrWidth)} ${fit(formatBytes(i.rxBytes), 9, 'right')} ${fit(rate(i.rxRate), 9, 'right')} ${fit(formatBytes(i.txBytes), 9, 'right')} ${fit(rate(i.txRate), 9, 'right')}` },
  ]);
  const peak = Math.max(0, ...n.history);
  const spark: Piece[] = [{ text: '  rx+tx/s  ', style: 'dim' }, { spark: n.history, width: Math.max(10, Math.min(60, width - 30)), tone: 'accent' }, { text: `  peak ${formatRate(peak)}/s`, style: 'dim' }];
  return [head, ...lines, spark];
}

export function NetPane({ row, rows, width, color, g }: NetPaneProps) {
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <Line pieces={title(row)} width={width} g={g} color={color} />
      {body(row, rows, width).slice(0, rows).map((pieces, i) => (
        <Line key={i} pieces={pieces} width={width} g={g} color={color} />
      ))}
    </Box>
  );
}
