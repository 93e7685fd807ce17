// What the sampler reads, derived from what is on screen: the reads declared by the
// active view, its columns that fit the terminal and the panes shown (columns/column.ts,
// Read), applied to the container rows on screen. The only way the UI tells the sampler
// anything (hooks/use-sample-demand.ts calls setDemand with it from an effect).
import type { SampleDemand } from '../model/types.js';
import type { Column, Read } from './columns/column.js';
import { VIEW_READS, type View } from './views.js';

export type OnScreen = {
  view: View;
  /** the view's columns as drawn (fitColumns: those that fit the width) */
  columns: readonly { col: Pick<Column<never>, 'reads'> }[];
  /** ids of the container rows on screen (none outside the Containers view) */
  containers: readonly string[];
  /** what panes below the table read (the network pane: net) */
  panes?: readonly Read[];
};

/** Reads of the view, its columns and panes. */
export function readsOf(s: Pick<OnScreen, 'view' | 'columns' | 'panes'>): Set<Read> {
  const reads = new Set<Read>(VIEW_READS[s.view]);
  for (const r of s.panes ?? []) reads.add(r);
  for (const c of s.columns) for (const r of c.col.reads ?? []) reads.add(r);
  return reads;
}

/** The sampler's demand: per-process stats when a column shows them; the rows on screen
 *  read in full (and their event files watched) when a column shows cgroup figures,
 *  their network counters every tick when a column or the pane shows them; the view's
 *  own table current. Rows not named are read as off screen (every 5th tick and so on). */
export function demandOf(s: OnScreen): SampleDemand {
  const reads = readsOf(s);
  return {
    processStats: reads.has('processStats') ? 'all' : 'none',
    watch: reads.has('groupStats') ? s.containers : [],
    net: reads.has('net') ? s.containers : [],
    fresh: { processes: reads.has('processTable'), namespaces: reads.has('namespaceTable') },
  };
}

/** The same demand twice is one: setDemand only when this key changes. */
export function demandKey(d: SampleDemand): string {
  const list = (x: SampleDemand['watch']) => (x === undefined ? '-' : x === 'all' ? '*' : x.join('\n'));
  return [d.processStats === 'all' || d.processStats === 'none' ? d.processStats : d.processStats.join(','), list(d.watch), list(d.net), d.fresh?.processes, d.fresh?.namespaces].join('|');
}
