// The three views, in tab order.
import type { Read } from './columns/column.js';
export type View = 'containers' | 'namespaces' | 'processes';

export const VIEWS: readonly View[] = ['containers', 'namespaces', 'processes'];

export const VIEW_TITLES: Record<View, string> = { containers: 'Containers', namespaces: 'Namespaces', processes: 'Processes' };

/** What each view reads besides its columns: its own table, current while it shows
 *  (the others may be a few ticks old; the containers table is always built). */
export const VIEW_READS: Record<View, readonly Read[]> = { containers: [], namespaces: ['namespaceTable'], processes: ['processTable'] };
