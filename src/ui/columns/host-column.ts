// HOST: which machine a container runs on, for a source that shows more than one
// (`nstop --prometheus`: the target Prometheus scraped it from). Shown only when some row
// has a host, right after NAME; filtered and sorted like any other column. 15 cells: an
// IPv4 address (an instance without the port) whole.
import type { ContainerRow } from '../../model/types.js';
import type { Column } from './column.js';

export const HOST_COLUMN: Column<ContainerRow> = {
  id: 'host', title: 'HOST', help: 'nstop --prometheus only: the machine it runs on (the target\'s host label, else its instance)', width: 15, flex: true, max: 24, drop: 4,
  sortKey: (c) => c.host, render: (c) => c.host ?? '',
};

/** one array per columns array given, so fitColumns' memo by array keeps working */
const withHostOf = new WeakMap<readonly Column<never>[], readonly Column<never>[]>();

/** The columns with HOST after the first (NAME) when any row has a host; as given otherwise. */
export function withHost<T extends ContainerRow>(cols: readonly Column<T>[], rows: readonly ContainerRow[]): readonly Column<T>[] {
  let any = false;
  for (let i = 0; i < rows.length && !any; i++) any = rows[i]!.host !== undefined;
  if (!any) return cols;
  let out = withHostOf.get(cols) as readonly Column<T>[] | undefined;
  if (!out) withHostOf.set(cols, (out = [cols[0]!, HOST_COLUMN as Column<T>, ...cols.slice(1)]));
  return out;
}
