// Host lines at the top, htop/btop-style: who and what (hostname, kernel, cgroup mode,
// cpus, uptime), CPU meters (a bar per CPU, a one-line graph when they do not fit, folded
// into the refresh line below 30 lines), memory and swap bars, load and host PSI, then
// the sampler's own state and, when Ink's fast output is not in place, why.
import { Box } from 'ink';
import { useRef } from 'react';
import type { PsiSet } from '../../host/types.js';
import type { Snapshot } from '../../model/types.js';
import { formatBytes, formatClock, formatInterval, formatUptime, NA } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { Line, type Piece } from './line.js';
import { coreLines, cpuPieces, type CpuLoad } from './cpu-meters.js';
import { cpuPercents } from '../../host/procfs/cpu-stat.js';
import type { Meters } from '../settings.js';

/** Lines the header takes at this size: the CPU meters' lines come on top of three. */
export const headerLines = (cpus: number, width: number, height: number, meters: Meters): number => HEADER_LINES + coreLines(cpus, width, height, meters).lines;

/** readOnly: false, true (not root) or the label of a source that cannot act */
export type HeaderProps = { snapshot: Snapshot; inkNote?: string | undefined; readOnly: boolean | string; hostNote?: string | undefined; intervalMs: number; width: number; height: number; meters: Meters; color: boolean; g: Glyphs };

/** host, memory, refresh: the lines every header has */
export const HEADER_LINES = 3;

/** Host PSI some avg10: "cpu 0.8 mem 1.5 io 0.2", or "c0.8 m1.5 i0.2" when short. */
export function psiSummary(psi: PsiSet, short = false): string {
  if (!psi.cpu && !psi.memory && !psi.io) return NA;
  const f = (x?: { some: { avg10: number } }) => (x ? x.some.avg10.toFixed(1) : '-');
  return short ? `c${f(psi.cpu)} m${f(psi.memory)} i${f(psi.io)}` : `cpu ${f(psi.cpu)} mem ${f(psi.memory)} io ${f(psi.io)}`;
}

/** `note`: the source is not this host's live state (a replay): said in place of the
 *  host's facts, which it does not have */
function hostLine(s: Snapshot, readOnly: boolean | string, note: string | undefined): Piece[] {
  const h = s.host;
  if (note !== undefined) return [{ text: 'nstop', style: 'title' }, ...(readOnly ? [{ text: ' ' }, { text: readOnly === true ? 'READ-ONLY' : readOnly, style: 'alert' as const }] : []), { text: `  ${note}` }];
  return [
    { text: 'nstop', style: 'title' },
    ...(readOnly ? [{ text: ' ' }, { text: readOnly === true ? 'READ-ONLY (not root)' : readOnly, style: 'alert' as const }] : []),
    // a snapshot of many hosts (Prometheus) has no one kernel: its source's name only
    { text: h.kernel === '' ? `  ${h.hostname}` : `  ${h.hostname}  Linux ${h.kernel}  cgroup ${h.cgroupMode}  ${h.cpus} CPUs  up ${formatUptime(h.uptimeSec)}` },
  ];
}

function meterLine(s: Snapshot, width: number): Piece[] {
  const h = s.host;
  const used = h.memTotalBytes !== undefined && h.memAvailableBytes !== undefined ? h.memTotalBytes - h.memAvailableBytes : undefined;
  const text = `${formatBytes(used)}/${formatBytes(h.memTotalBytes)}`;
  const barWidth = Math.max(4, Math.min(24, Math.floor(width / 6) - (width < 100 ? 8 : 0)));
  const fraction = used !== undefined && h.memTotalBytes ? used / h.memTotalBytes : undefined;
  const load = h.load ? `${h.load.one.toFixed(2)} ${h.load.five.toFixed(2)} ${h.load.fifteen.toFixed(2)}` : NA;
  const swapUsed = h.swapTotalBytes !== undefined && h.swapFreeBytes !== undefined ? h.swapTotalBytes - h.swapFreeBytes : undefined;
  const swapWidth = Math.max(4, Math.floor(barWidth / 2));
  return [
    { text: 'Mem', style: 'accent' },
    { text: '[' },
    fraction === undefined ? { text: NA.padEnd(barWidth) } : { bar: fraction, width: barWidth },
    { text: ` ${text}]` },
    { text: ' Swp', style: 'accent' },
    { text: '[' },
    // no swap at all: said, not an empty bar that reads as "none used"
    !h.swapTotalBytes || swapUsed === undefined ? { text: (h.swapTotalBytes === 0 ? 'none' : NA).padEnd(swapWidth) } : { bar: swapUsed / h.swapTotalBytes, width: swapWidth },
    { text: h.swapTotalBytes ? ` ${formatBytes(swapUsed)}]` : ']' },
    { text: ' Load ', style: 'accent' },
    { text: load },
    { text: width < 100 ? ' PSI ' : '  PSI some10 ', style: 'accent' },
    { text: psiSummary(h.psi, width < 100) },
  ];
}

/** `recorded`: a replay's snapshot: nothing refreshes, so no interval (nor how long the
 *  recorder's sample took, which is not the screen's refresh) */
function samplerLine(s: Snapshot, intervalMs: number, inkNote: string | undefined, cpu: Piece[], recorded: boolean): Piece[] {
  const w = s.warnings.length;
  const measured = s.intervalMs !== undefined && Math.abs(s.intervalMs - intervalMs) > intervalMs / 4 ? ` (took ${formatInterval(s.intervalMs)})` : '';
  return [
    ...cpu,
    ...(recorded ? [] : [{ text: 'Refresh ', style: 'accent' as const }, { text: `${formatInterval(intervalMs)}${measured}` }]),
    { text: recorded ? 'Recorded sample ' : '  Sample ', style: 'accent' },
    { text: `#${s.seq} at ${formatClock(s.time)}` },
    ...(inkNote ? [{ text: `  ${inkNote}`, style: 'warn' as const }] : []),
    ...(w > 0 ? [{ text: `  ${w} warning${w === 1 ? '' : 's'}: `, style: 'warn' as const }, { text: s.warnings[w - 1]! }] : []),
  ];
}

/** CPU % between this snapshot's /proc/stat ticks and the last different snapshot's. */
function useCpuLoad(s: Snapshot): CpuLoad {
  const last = useRef<{ snap: Snapshot; ticks: Snapshot['host']['cpuTicks']; load: CpuLoad } | undefined>(undefined);
  const x = last.current;
  if (x && x.snap === s) return x.load;
  const ticks = s.host.cpuTicks;
  const pct = ticks ? cpuPercents(x?.ticks, ticks) : [];
  const load: CpuLoad = { all: pct[0], cores: pct.slice(1) };
  last.current = { snap: s, ticks, load };
  return load;
}

export function Header({ snapshot: s, inkNote, readOnly, hostNote, intervalMs, width, height, meters, color, g }: HeaderProps) {
  const load = useCpuLoad(s);
  const cores = s.host.cpuTicks ? s.host.cpuTicks.length - 1 : 0;
  const layout = coreLines(cores, width, height, meters);
  const cpu = cpuPieces(load, layout, width);
  return (
    <Box flexDirection="column" width={width} height={HEADER_LINES + layout.lines}>
      <Line pieces={hostLine(s, readOnly, hostNote)} width={width} g={g} color={color} />
      {cpu.lines.map((pieces, i) => <Line key={i} pieces={pieces} width={width} g={g} color={color} />)}
      <Line pieces={meterLine(s, width)} width={width} g={g} color={color} />
      <Line pieces={samplerLine(s, intervalMs, inkNote, cpu.inline, hostNote !== undefined)} width={width} g={g} color={color} />
    </Box>
  );
}
