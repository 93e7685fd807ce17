// What an event says after its container's name, one spelling for the dashboard's event
// log and `nstop events`: "oom_kill 1 (+1)", "exit 0", "exit signal 9". An exit's detail
// already says "exit 0": printed after the kind it read "exit exit 0".
import type { LimitEvent } from './types.js';

export function eventWhat(e: LimitEvent): string {
  const kind = e.detail !== undefined && e.detail.startsWith(`${e.kind} `) ? '' : e.kind;
  const value = e.value !== undefined ? ` ${e.value}` : '';
  const delta = e.delta ? ` (+${e.delta})` : '';
  const detail = e.detail ? `${kind ? ' ' : ''}${e.detail}` : '';
  return `${kind}${value}${delta}${detail}`;
}
