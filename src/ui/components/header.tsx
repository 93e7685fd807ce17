// Host lines at the top, htop-style: who and what (hostname, kernel, cgroup mode, cpus,
// uptime), a memory meter, load and host PSI, then the sampler's own state and, when
// Ink's fast output is not in place, why (drawing then costs about twice the CPU).
import { Box } from 'ink';
import type { PsiSet } from '../../host/types.js';
import type { Snapshot } from '../../model/types.js';
import { formatBytes, formatClock, formatInterval, formatUptime, NA } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { Line, type Piece } from './line.js';

export type HeaderProps = { snapshot: Snapshot; inkNote?: string | undefined; readOnly: boolean; intervalMs: number; width: number; color: boolean; g: Glyphs };

export const HEADER_LINES = 3;

/** Host PSI some avg10: "cpu 0.8 mem 1.5 io 0.2", or "c0.8 m1.5 i0.2" when short. */
export function psiSummary(psi: PsiSet, short = false): string {
  if (!psi.cpu && !psi.memory && !psi.io) return NA;
  const f = (x?: { some: { avg10: number } }) => (x ? x.some.avg10.toFixed(1) : '-');
  return short ? `c${f(psi.cpu)} m${f(psi.memory)} i${f(psi.io)}` : `cpu ${f(psi.cpu)} mem ${f(psi.memory)} io ${f(psi.io)}`;
}

function hostLine(s: Snapshot, readOnly: boolean): Piece[] {
  const h = s.host;
  return [
    { text: 'nstop', style: 'title' },
    ...(readOnly ? [{ text: ' ' }, { text: 'READ-ONLY (not root)', style: 'alert' as const }] : []),
    { text: `  ${h.hostname}  Linux ${h.kernel}  cgroup ${h.cgroupMode}  ${h.cpus} CPUs  up ${formatUptime(h.uptimeSec)}` },
  ];
}

function meterLine(s: Snapshot, width: number): Piece[] {
  const h = s.host;
  const used = h.memTotalBytes !== undefined && h.memAvailableBytes !== undefined ? h.memTotalBytes - h.memAvailableBytes : undefined;
  const text = `${formatBytes(used)}/${formatBytes(h.memTotalBytes)}`;
  const barWidth = Math.max(6, Math.min(30, Math.floor(width / 5) - (width < 100 ? 4 : 0)));
  const fraction = used !== undefined && h.memTotalBytes ? used / h.memTotalBytes : undefined;
  const load = h.load ? `${h.load.one.toFixed(2)} ${h.load.five.toFixed(2)} ${h.load.fifteen.toFixed(2)}` : NA;
  return [
    { text: 'Mem', style: 'accent' },
    { text: '[' },
    fraction === undefined ? { text: NA.padEnd(barWidth) } : { bar: fraction, width: barWidth },
    { text: ` ${text}]` },
    { text: '  Load ', style: 'accent' },
    { text: load },
    { text: '  PSI some10 ', style: 'accent' },
    { text: psiSummary(h.psi, width < 100) },
  ];
}

function samplerLine(s: Snapshot, intervalMs: number, inkNote: string | undefined): Piece[] {
  const w = s.warnings.length;
  const measured = s.intervalMs !== undefined && Math.abs(s.intervalMs - intervalMs) > intervalMs / 4 ? ` (took ${formatInterval(s.intervalMs)})` : '';
  return [
    { text: 'Refresh ', style: 'accent' },
    { text: `${formatInterval(intervalMs)}${measured}` },
    { text: '  Sample ', style: 'accent' },
    { text: `#${s.seq} at ${formatClock(s.time)}` },
    ...(inkNote ? [{ text: `  ${inkNote}`, style: 'warn' as const }] : []),
    ...(w > 0 ? [{ text: `  ${w} warning${w === 1 ? '' : 's'}: `, style: 'warn' as const }, { text: s.warnings[w - 1]! }] : []),
  ];
}

export function Header({ snapshot: s, inkNote, readOnly, intervalMs, width, color, g }: HeaderProps) {
  return (
    <Box flexDirection="column" width={width} height={HEADER_LINES}>
      <Line pieces={hostLine(s, readOnly)} width={width} g={g} color={color} />
      <Line pieces={meterLine(s, width)} width={width} g={g} color={color} />
      <Line pieces={samplerLine(s, intervalMs, inkNote)} width={width} g={g} color={color} />
    </Box>
  );
}
