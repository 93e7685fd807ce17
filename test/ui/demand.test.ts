// src/ui/demand.ts: columns, views and panes declare what they read; the sampler's
// demand is derived from what is on screen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTAINER_COLUMNS, NAMESPACE_COLUMNS, PROCESS_COLUMNS, fitColumns } from '../../src/ui/columns.js';
import { demandKey, demandOf, readsOf } from '../../src/ui/demand.js';

const ON = ['nstop:web', 'docker:3f2a'];

test('columns declare their reads: per-process stats, cgroup figures, network', () => {
  const reads = (cols: readonly { id: string; reads?: readonly string[] }[]) => Object.fromEntries(cols.filter((c) => c.reads).map((c) => [c.id, [...c.reads!]]));
  assert.deepEqual(reads(PROCESS_COLUMNS), { state: ['processStats'], cpu: ['processStats'], rss: ['processStats'], threads: ['processStats'] });
  const c = reads(CONTAINER_COLUMNS);
  assert.deepEqual(Object.keys(c).filter((id) => c[id]!.includes('net')), ['net', 'netio', 'nethist']);
  for (const id of ['name', 'status', 'cpu', 'memory', 'mempct', 'pids', 'psi', 'oomkill', 'pidsmax', 'throttled', 'cpuhist', 'memhist']) assert.deepEqual(c[id], ['groupStats'], id);
  assert.deepEqual(reads(NAMESPACE_COLUMNS), {}, 'namespaces come from process identities');
});

test('Containers view at 160 columns: the rows on screen are read in full, watched and their network read every tick', () => {
  const d = demandOf({ view: 'containers', columns: fitColumns(CONTAINER_COLUMNS, 159), containers: ON });
  assert.deepEqual(d, { processStats: 'none', watch: ON, net: ON, fresh: { processes: false, namespaces: false } });
});

test('a narrow Containers view without network columns reads networks as off screen, unless the network pane shows', () => {
  const cols = fitColumns(CONTAINER_COLUMNS, 99);
  assert.ok(!cols.some((f) => f.col.id === 'net' || f.col.id === 'netio'), 'the network columns were dropped');
  assert.deepEqual(demandOf({ view: 'containers', columns: cols, containers: ON }).net, []);
  assert.deepEqual(demandOf({ view: 'containers', columns: cols, containers: ON, panes: ['net'] }).net, ON);
  assert.deepEqual(demandOf({ view: 'containers', columns: cols, containers: ON }).watch, ON);
});

test('Processes view: per-process stats for every process and its table current; no container row on screen', () => {
  const d = demandOf({ view: 'processes', columns: fitColumns(PROCESS_COLUMNS, 159), containers: [] });
  assert.deepEqual(d, { processStats: 'all', watch: [], net: [], fresh: { processes: true, namespaces: false } });
});

test('Namespaces view: its table current, nothing else', () => {
  const d = demandOf({ view: 'namespaces', columns: fitColumns(NAMESPACE_COLUMNS, 159), containers: [] });
  assert.deepEqual(d, { processStats: 'none', watch: [], net: [], fresh: { processes: false, namespaces: true } });
  assert.deepEqual([...readsOf({ view: 'namespaces', columns: [] })], ['namespaceTable']);
});

test('the same demand has the same key; another row on screen or another view a new one', () => {
  const at = (view: 'containers' | 'processes', ids: string[]) => demandKey(demandOf({ view, columns: view === 'containers' ? fitColumns(CONTAINER_COLUMNS, 159) : fitColumns(PROCESS_COLUMNS, 159), containers: ids }));
  assert.equal(at('containers', [...ON]), at('containers', [...ON]));
  assert.notEqual(at('containers', ON), at('containers', ON.slice(1)));
  assert.notEqual(at('containers', []), at('processes', []));
});
