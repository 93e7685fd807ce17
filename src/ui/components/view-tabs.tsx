// The view tabs: "1 Containers 4  2 Namespaces 31  3 Processes 212", current one
// highlighted, the drill-in scope and the sort order on the right.
import type { Glyphs } from '../glyphs.js';
import { VIEW_TITLES, VIEWS, type View } from '../views.js';
import { Line, type Piece } from './line.js';

export type ViewTabsProps = {
  view: View;
  /** rows shown / rows in all, per view */
  counts: Record<View, string>;
  /** drill-in label of the Processes view */
  scope?: string;
  tree: boolean;
  width: number;
  color: boolean;
  g: Glyphs;
};

/** Each tab's text, in order (a click finds its tab by these: mouse.ts). */
export const tabLabels = (counts: Record<View, string>, scope: string | undefined, tree: boolean): { text: string; value: View; gap: number }[] =>
  VIEWS.map((v, i) => ({ text: ` ${i + 1} ${VIEW_TITLES[v]}${v === 'processes' && scope ? ` [${scope}]` : ''}${v === 'processes' && tree ? ' (tree)' : ''} ${counts[v]} `, value: v, gap: 1 }));

export function ViewTabs({ view, counts, scope, tree, width, color, g }: ViewTabsProps) {
  const pieces: Piece[] = tabLabels(counts, scope, tree).flatMap((t): Piece[] => [{ text: t.text, style: t.value === view ? 'key' : undefined }, { text: ' ' }]);
  return <Line pieces={pieces} width={width} g={g} color={color} />;
}
