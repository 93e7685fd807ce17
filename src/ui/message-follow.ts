// A message about one container (a demo's "eating memory under 64M") must not outlive
// what it says: once that container's row is stopped, the status line says how it ended
// instead, from the row itself (oom-killed with its peak, sig N, exit N).
import { endedText, peakText } from '../model/ending.js';
import type { ContainerRow } from '../model/types.js';

/** The message a container's action left, and which container it is about. */
export type MessageAbout = { name: string; message: string };

/** What the status line shows: `message`, or how its container ended once it did. A
 *  message other than the one `about` was left with (a later action's) is shown as is. */
export function followedMessage(message: string | undefined, about: MessageAbout | undefined, containers: readonly ContainerRow[]): string | undefined {
  if (message === undefined || about === undefined || about.message !== message) return message;
  let row: ContainerRow | undefined;
  for (let i = 0; i < containers.length && !row; i++) if (containers[i]!.runtime === 'nstop' && containers[i]!.name === about.name) row = containers[i];
  if (row?.status !== 'stopped' || !row.managed) return message;
  const peak = peakText(row.managed);
  return `${about.name}: ${endedText(row.managed)}${peak ? `, ${peak}` : ''} (D forgets it)`;
}
