// The act side's reaper: ended containers are reaped (state marked stopped with the exit
// status and final counters, leftovers killed, cgroups, overlay and veth removed) on a
// timer of their own, never by a refresh: reading state files for the screen must not
// kill or delete anything. The stage reaps its own container when its command ends; this
// catches the rest (a SIGKILLed stage, a reboot) in a long-running nstop.
import type { ActContext } from './context.js';
import { reapEnded } from './reap.js';

export type Reaper = { stop(): void };

export type ReaperOptions = {
  intervalMs: number;
  /** some were reaped: the sampler shows them stopped at once rather than next tick */
  onReaped?: (names: string[]) => void;
  /** a reaping that failed (the next round tries again) */
  onError?: (err: unknown) => void;
};

/** Reap now, then every interval; rounds never overlap. */
export function startReaper(ctx: ActContext, o: ReaperOptions): Reaper {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const round = (): void => {
    timer = undefined;
    reapEnded(ctx).then(
      (names) => {
        if (names.length > 0 && !stopped) o.onReaped?.(names);
      },
      (err: unknown) => o.onError?.(err),
    ).finally(() => {
      if (stopped) return;
      timer = setTimeout(round, o.intervalMs);
      // a reaper alone must not keep nstop running
      timer.unref();
    });
  };
  round();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
