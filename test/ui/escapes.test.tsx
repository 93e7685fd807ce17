// A process that names itself with terminal escapes: every view, the event pane, the
// status line and the drill-in label show them spelled out, and the only escapes in a
// frame are Ink's own colour codes.
// helpers/ink.js first: it turns colour on before chalk loads.
import { plain, tick, waitForFrame } from '../helpers/ink.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import type { DashboardActions } from '../../src/ui/actions.js';
import { App } from '../../src/ui/app.js';
import { fakeSource, HOSTILE_COMM as COMM, hostileSnapshot as hostile, SHOWN_CMD, SHOWN_COMM } from '../helpers/sample-snapshot.js';

const WIDTH = 260;
const HEIGHT = 45;

/** No raw control character but the ESC of an SGR colour code and the newlines between
 *  lines; the frame keeps its height. */
function clean(frame: string, what: string): void {
  const withoutSgr = frame.replace(/\u001b\[[0-9;]*m/g, '');
  const bad = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.exec(withoutSgr);
  assert.equal(bad, null, `${what}: raw U+${bad?.[0]?.charCodeAt(0).toString(16).padStart(4, '0')} at ${bad?.index}: ${JSON.stringify(withoutSgr.slice(Math.max(0, (bad?.index ?? 0) - 20), (bad?.index ?? 0) + 20))}`);
  assert.ok(!frame.includes('\x1b]') && !frame.includes('\x1b[2J') && !frame.includes('\r') && !frame.includes('\x07'), what);
  assert.equal(frame.split('\n').length, HEIGHT, `${what}: ${HEIGHT} lines`);
}

test('escapes in comm, command line, names and events are shown spelled out in every view', async () => {
  const source = fakeSource(hostile());
  const r = render(<App source={source} width={WIDTH} height={HEIGHT} color unicode readOnly={false} intervalMs={1000} onQuit={() => {}} />);
  const { lastFrame, stdin } = r;
  try {
    // Containers: the name and the init's command columns, the event pane
    let f = await waitForFrame(lastFrame, (x) => plain(x).includes('ev\\x1b]2;pwned'));
    await tick();
    clean(f, 'containers');
    const lines = plain(f).split('\n');
    const evil = lines.find((l) => l.startsWith(' ev\\x1b]2;pwned'))!;
    const sh = lines.find((l) => l.startsWith(' sh '))!;
    assert.ok(evil.startsWith(` ${SHOWN_COMM} ad-hoc   running       8000 `), 'the NAME column: 24 cells, its widest (STATUS 10: "oom-killed")');
    assert.equal(evil.indexOf('running'), sh.indexOf('running'), 'the columns after it stay in place');
    assert.equal(evil.indexOf('m-p-----'), sh.indexOf('m-p-----'), 'and the NS column after the wide cells');
    assert.equal(evil.length, WIDTH, 'the command line is cut at the edge, from its escaped width');
    assert.ok(plain(f).includes(SHOWN_CMD.slice(0, 20)), 'the COMMAND column');
    assert.ok(plain(f).includes(`${SHOWN_COMM} exit \\x1b[2J`), 'the event line');

    // the kill prompt names the target
    stdin.write('/');
    await waitForFrame(lastFrame, (x) => plain(x).includes('Search: _'));
    stdin.write('pwned');
    await waitForFrame(lastFrame, (x) => plain(x).includes('Search: pwned_'));
    stdin.write('\r');
    await waitForFrame(lastFrame, (x) => plain(x).includes('search "pwned"'));
    stdin.write('k');
    f = await waitForFrame(lastFrame, (x) => plain(x).includes('Signal to '));
    clean(f, 'kill prompt');
    assert.ok(plain(f).includes(`Signal to ${SHOWN_COMM} (every process)`));
    stdin.write('\x1b');
    await waitForFrame(lastFrame, (x) => !plain(x).includes('Signal to '));

    // drill in: the Processes view scoped to it, its label in the tabs
    stdin.write('\r');
    f = await waitForFrame(lastFrame, (x) => plain(x).includes('NSPID') && plain(x).includes(`[${SHOWN_COMM}]`));
    clean(f, 'drill-in');
    assert.ok(plain(f).includes(SHOWN_CMD), 'the full command line');

    // Processes, all of them: comm in the CONTAINER column, the command line
    stdin.write('\x1b');
    f = await waitForFrame(lastFrame, (x) => plain(x).includes('NSPID') && plain(x).includes('nginx'));
    clean(f, 'processes');
    assert.ok(plain(f).includes(SHOWN_CMD));

    // Namespaces: the command of its lowest pid, the container's name
    stdin.write('2');
    f = await waitForFrame(lastFrame, (x) => plain(x).includes('NPROCS') && plain(x).includes('/bin/evil'));
    clean(f, 'namespaces');
    assert.ok(plain(f).includes(SHOWN_COMM), 'the CONTAINERS column');
  } finally {
    r.unmount();
  }
});

test('a message built from a hostile name stays on the status line', async () => {
  const source = fakeSource(hostile());
  const actions: DashboardActions = {
    perform: async () => `sent KILL to ${COMM}`,
    launchedLive: () => [],
    logTail: () => undefined,
  };
  const r = render(<App source={source} width={WIDTH} height={HEIGHT} color unicode readOnly={false} intervalMs={1000} onQuit={() => {}} actions={actions} />);
  try {
    await waitForFrame(r.lastFrame, (x) => plain(x).includes('box'));
    await tick();
    await tick();
    r.stdin.write('k');
    await waitForFrame(r.lastFrame, (x) => plain(x).includes('Signal to '));
    r.stdin.write('\r');
    // a signal to a whole container asks first, naming it (escaped too)
    const ask = await waitForFrame(r.lastFrame, (x) => plain(x).includes('? y/n'));
    clean(ask, 'question');
    r.stdin.write('y');
    const f = await waitForFrame(r.lastFrame, (x) => plain(x).includes('sent KILL to'));
    clean(f, 'message');
    assert.ok(plain(f).includes(`sent KILL to ${SHOWN_COMM}`));
  } finally {
    r.unmount();
  }
});
