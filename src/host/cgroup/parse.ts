// Parsers for the text of cgroup files: pure, text in, numbers out, ParseError {path,
// line} on garbage. Each quotes a real line: "this machine" = the hybrid development
// host (kernel 6.18); "v2" = the format cgroup-v2.rst documents.
import { ParseError } from '../errors.js';
import { isV1Unlimited } from './converters.js';

/** A whole file holding one integer. This machine: memory.usage_in_bytes "4157440",
 *  cpuacct.usage "308015560422", cpu.cfs_quota_us "-1" (negative is allowed). */
export function parseInteger(text: string, path: string): number {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) throw new ParseError(path, 1, `not an integer: "${t}"`);
  return Number(t);
}

/** v2 limit files (memory.max, memory.high, memory.swap.max, pids.max; v1 pids.max too):
 *  v2 memory.max "max" -> Infinity, "67108864" -> 67108864. Range: 0..2^63-1 or Infinity. */
export function parseMax(text: string, path: string): number {
  const t = text.trim();
  if (t === 'max') return Infinity;
  if (!/^\d+$/.test(t)) throw new ParseError(path, 1, `not "max" or a count: "${t}"`);
  return Number(t);
}

/** v1 memory limits (limit_in_bytes, memsw.limit_in_bytes): bytes, or Infinity for the
 *  kernel's "no limit" (see isV1Unlimited). This machine: "9223372036854771712" ->
 *  Infinity. Range: 0..2^62-1 or Infinity. */
export function parseV1Limit(text: string, path: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new ParseError(path, 1, `not a byte count: "${t}"`);
  return isV1Unlimited(BigInt(t)) ? Infinity : Number(t);
}

/** v2 cpu.max "$MAX $PERIOD": "50000 100000", or "max 100000" -> quota Infinity. */
export function parseCpuMax(text: string, path: string): { quota: number; period: number } {
  const m = /^(max|\d+) (\d+)$/.exec(text.trim());
  if (!m) throw new ParseError(path, 1, `not "max|quota period": "${text.trim()}"`);
  const period = Number(m[2]);
  if (period <= 0) throw new ParseError(path, 1, `period must be > 0: "${text.trim()}"`);
  return { quota: m[1] === 'max' ? Infinity : Number(m[1]), period };
}

/** "key value" lines: memory.stat, memory.events, memory.oom_control, cpu.stat,
 *  pids.events, cgroup.events. This machine: oom_control "under_oom 0", cpu.stat
 *  "throttled_time 0", unified cpu.stat "usage_usec 287672772"; v2 memory.events
 *  "oom_kill 1", cgroup.events "populated 1". Line numbers in errors are 1-based. */
/** The value of `key` in a "key value" file, e.g. memory.stat's "inactive_file 4194304",
 *  without splitting the other lines; undefined when the key is not there. */
export function keyValue(text: string, key: string, path: string): number | undefined {
  let at = text.startsWith(`${key} `) ? 0 : text.indexOf(`\n${key} `);
  if (at < 0) return undefined;
  if (at > 0 || text[0] === '\n') at++;
  const start = at + key.length + 1;
  const end = text.indexOf('\n', start);
  const raw = text.slice(start, end < 0 ? text.length : end).trim();
  if (!/^-?\d+$/.test(raw)) throw new ParseError(path, 0, `not "${key} <number>": "${key} ${raw}"`);
  return Number(raw);
}

export function parseKeyValues(text: string, path: string): Map<string, number> {
  const out = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^(\S+)\s+(-?\d+)$/.exec(line.trim());
    if (!m) throw new ParseError(path, i + 1, `not "key value": "${line}"`);
    out.set(m[1]!, Number(m[2]));
  });
  return out;
}

/** v1 freezer.state "THAWED" | "FREEZING" | "FROZEN" -> frozen? FREEZING (in
 *  progress) is not frozen yet. (The hierarchy root has no freezer.state.) */
export function parseFreezerState(text: string, path: string): boolean {
  const t = text.trim();
  if (t === 'FROZEN') return true;
  if (t === 'THAWED' || t === 'FREEZING') return false;
  throw new ParseError(path, 1, `not THAWED/FREEZING/FROZEN: "${t}"`);
}

/** A 0/1 flag of a key/value file (cgroup.events populated, frozen; under_oom). */
export function flagOf(kv: Map<string, number> | undefined, key: string): boolean | undefined {
  const v = kv?.get(key);
  return v === undefined ? undefined : v !== 0;
}
