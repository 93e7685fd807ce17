// The cpu lines of /proc/stat, for the header's CPU meters. Real lines from this machine:
//   cpu  3343765 0 464409 2299649 9485 0 3237 18077 0 0
//   cpu0 1658261 0 233531 1164400 2461 0 919 9116 0 0
// (user nice system idle iowait irq softirq steal guest guest_nice, in USER_HZ ticks;
// guest time is already counted in user, so it is left out of the sum.)
import { ParseError } from '../errors.js';

/** busy and total ticks since boot: index 0 is the "cpu" line (all), then cpu0, cpu1... */
export type CpuTicks = { busy: number; total: number };

export function parseCpuStat(text: string, path = 'stat'): CpuTicks[] {
  const out: CpuTicks[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith('cpu')) {
      // the cpu lines come first, together
      if (out.length > 0) break;
      continue;
    }
    const f = line.split(/\s+/);
    const n = f.slice(1, 9).map(Number);
    if (n.length < 4 || n.some((x) => !Number.isFinite(x))) throw new ParseError(path, i + 1, `bad cpu line "${line}"`);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = n;
    const busy = user + nice + system + irq + softirq + steal;
    out.push({ busy, total: busy + idle + iowait });
  }
  if (out.length === 0) throw new ParseError(path, 0, 'no cpu line');
  return out;
}

/** Busy % per line between two readings (undefined where nothing elapsed or a CPU came
 *  or went: hotplug renumbers the lines). */
export function cpuPercents(prev: readonly CpuTicks[] | undefined, cur: readonly CpuTicks[]): (number | undefined)[] {
  return cur.map((c, i) => {
    const p = prev?.[i];
    if (!p || prev!.length !== cur.length) return undefined;
    const dt = c.total - p.total;
    return dt > 0 ? Math.max(0, Math.min(100, ((c.busy - p.busy) / dt) * 100)) : undefined;
  });
}
