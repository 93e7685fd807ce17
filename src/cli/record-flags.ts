// The flight recorder's commands and options, dispatched from cli.ts: `record`, `dump`,
// and `events --since` (the recorded events instead of a live stream).
import type { ActContext } from '../act/context.js';
import { startReaper } from '../act/reaper.js';
import type { Sampler, SamplerOptions } from '../sampler/sampler.js';
import { UsageError } from './commands.js';
import { parseInterval } from './options.js';
import { parseDuration, parseSize, parseTime } from './record-options.js';
import { reaperFor } from './reaping.js';

export { RECORD_FLAGS } from './flags.js';

export const RECORD_COMMANDS: ReadonlySet<string> = new Set(['record', 'dump', 'replay']);

type Flags = { color: boolean; dir?: string | undefined; since?: string | undefined; from?: string | undefined; to?: string | undefined; format?: string | undefined; retain?: string | undefined; maxSize?: string | undefined; at?: string | undefined; interval: string; json: boolean };

const given = (argv: readonly string[], flag: string) => argv.some((a) => a === flag || a.startsWith(`${flag}=`));

/** Options a command does not take are refused, not ignored: `nstop dump --retain 1d`
 *  would otherwise look as if it did something. */
function only(command: string, argv: readonly string[], allowed: readonly string[]): void {
  for (const flag of ['--dir', '--since', '--from', '--to', '--format', '--retain', '--max-size', '--at']) {
    if (given(argv, flag) && !allowed.includes(flag)) throw new UsageError(`${flag} does not apply to nstop ${command}`);
  }
}

export const RECORD_EVENT_POLL_MS = 1000;

export async function recordingCommand(command: string, args: readonly string[], f: Flags, argv: readonly string[], sampler: (intervalMs: number, more?: Partial<SamplerOptions>) => Sampler, reapable: ActContext | undefined): Promise<number> {
  const { DEFAULT_RECORD_DIR } = await import('./record-command.js');
  const dir = f.dir ?? DEFAULT_RECORD_DIR;
  if (command === 'events') {
    only(command, argv, ['--dir', '--since']);
    const since = parseTime('--since', f.since!);
    const { recordedEvents } = await import('./recording-commands.js');
    return recordedEvents(dir, since, args, f.json);
  }
  if (command === 'dump') {
    only(command, argv, ['--dir', '--from', '--to', '--format']);
    if (args.length > 0) throw new UsageError('usage: nstop dump [--dir D] [--from T] [--to T] [--format json|csv|openmetrics]');
    const now = Date.now();
    const from = f.from === undefined ? -Infinity : parseTime('--from', f.from, now);
    const to = f.to === undefined ? now : parseTime('--to', f.to, now);
    const { dumpCommand } = await import('./recording-commands.js');
    return dumpCommand(dir, from, to, f.format ?? 'json');
  }
  if (command === 'replay') {
    only(command, argv, ['--dir', '--at']);
    if (args.length > 0) throw new UsageError('usage: nstop replay [--dir D] [--at "10m ago"|ISO time]');
    const at = f.at === undefined ? undefined : parseTime('--at', f.at);
    const { runReplay } = await import('./replay-command.js');
    return runReplay(dir, at, f.color);
  }
  // record
  only(command, argv, ['--dir', '--retain', '--max-size']);
  if (args.length > 0) throw new UsageError('usage: nstop record [--dir D] [--interval 5s] [--retain 7d] [--max-size 2G]');
  const intervalMs = parseInterval(given(argv, '--interval') ? f.interval : '5s');
  const retainMs = parseDuration('--retain', f.retain ?? '7d');
  const maxBytes = parseSize('--max-size', f.maxSize ?? '2G');
  const { recordCommand, recordDir } = await import('./record-command.js');
  recordDir(dir);
  // its own node flags (src/README.md, "The recorder's node"), once the arguments are good
  const { HEADLESS_NODE, withHeadlessNode } = await import('./headless-node.js');
  withHeadlessNode(HEADLESS_NODE.record);
  // v1's polled event files (pids.events, memory.failcnt) once a second, not every 250 ms,
  // as nstop serve: 200 idle groups' polls were a quarter of the recorder's CPU. A hit's
  // count is never lost; its time is up to a second late (v1 OOMs come by eventfd and
  // v2's files by inotify: their times stay exact).
  const s = sampler(intervalMs, { eventPollMs: RECORD_EVENT_POLL_MS, pidEvents: true });
  // ended nstop containers are reaped beside the sampler, as for nstop events: their
  // exit (with its code) is then an event in the recording
  const reaper = reapable ? startReaper(reapable, reaperFor(s, intervalMs)) : undefined;
  try {
    return await recordCommand(s, { dir, intervalMs, retainMs, maxBytes });
  } finally {
    reaper?.stop();
  }
}
