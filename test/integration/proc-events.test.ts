// The kernel's process events (native/proc-connector.ts, host/procfs/proc-events.ts) and the
// pid list kept by them (sampler/pid-source.ts) against real processes this test starts:
// a child's fork, exec and exit arrive; the list has a child while it lives, keeps a
// zombie while it is one, and drops both once they are gone from /proc.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { closeProcConnector, openProcConnector } from '../../native/proc-connector.js';
import { openPidEvents, type PidEventSink } from '../../src/host/procfs/proc-events.js';
import { createPidSource } from '../../src/sampler/pid-source.js';
import { isRoot, skipReason } from '../helpers/root.js';
import { untilTrue } from '../helpers/until.js';

/** Why this kernel or place gives no events: none built in (EPROTONOSUPPORT, also outside
 *  the initial network namespace), not the initial user or pid namespace (no ack). */
function noEvents(): string | undefined {
  try {
    closeProcConnector(openProcConnector());
    return undefined;
  } catch (err) {
    return `no process events here (${(err as Error).message}): a kernel without CONFIG_PROC_EVENTS, or not the initial namespaces`;
  }
}

const skip = skipReason(!isRoot && 'needs root (the kernel sends process events to CAP_NET_ADMIN in the initial namespaces)', isRoot && noEvents());

test('a child started and ended here arrives as fork, exec and exit events', { skip }, async () => {
  const events = openPidEvents();
  assert.ok(events, 'root in the initial namespaces gets the events');
  try {
    // a host busy enough to overflow the kernel's queue between two reads loses events
    // (drain says so); then the sequence is looked for again with a new child
    let seen: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const child = spawn('/bin/true');
      await once(child, 'exit');
      seen = [];
      const sink: PidEventSink = {
        fork: (pid, tgid) => void (tgid === child.pid && seen.push(`fork ${pid === tgid ? 'process' : 'thread'}`)),
        exec: (tgid) => void (tgid === child.pid && seen.push('exec')),
        exit: (pid, tgid) => void (tgid === child.pid && seen.push('exit')),
      };
      if (events.drain(sink)) break;
    }
    assert.deepEqual(seen, ['fork process', 'exec', 'exit']);
  } finally {
    events.close();
  }
});

test('the kept list has a child while it lives, its zombie while unreaped, and neither once gone', { skip }, async () => {
  const events = openPidEvents();
  assert.ok(events);
  const source = createPidSource('/proc', events);
  // the shell's child `sleep 0` becomes a zombie: `exec sleep` never waits for it
  const parent = spawn('/bin/sh', ['-c', 'sleep 0 & exec sleep 600'], { stdio: 'ignore' });
  try {
    const has = (pid: number) => source.next().list.includes(pid);
    assert.ok(source.live(), 'kept by events');
    await untilTrue('the shell to exec sleep', 10_000, () => readFileSync(`/proc/${parent.pid}/comm`, 'utf8').trim() === 'sleep');
    const children = readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    assert.equal(children.length, 1, `one child: ${children.join(' ')}`);
    const zombie = children[0]!;
    await untilTrue('sleep 0 to be a zombie', 10_000, () => /^\d+ \(sleep\) Z/.test(readFileSync(`/proc/${zombie}/stat`, 'utf8')));
    await untilTrue('the list to have the parent', 10_000, () => has(parent.pid!));
    assert.ok(has(zombie), 'the zombie is listed, as /proc lists it');
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    // its zombie child goes to the reaper (init or a subreaper) and is reaped there
    await untilTrue('the zombie to be reaped', 10_000, () => !existsSync(`/proc/${zombie}`));
    await untilTrue('the list to drop both', 10_000, () => {
      const list = source.next().list;
      return !list.includes(parent.pid!) && !list.includes(zombie);
    });
  } finally {
    if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    source.close();
  }
});
