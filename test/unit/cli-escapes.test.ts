// ls / ns / ps / events with a process that names itself with terminal escapes: tables
// and event lines show them spelled out and stay aligned; JSON keeps the exact values
// and carries no raw control character either.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lsOutput, nsOutput, psOutput } from '../../src/cli/commands.js';
import { eventJson, eventLine } from '../../src/cli/events-command.js';
import { jsonText } from '../../src/cli/json.js';
import { HOSTILE_ARGV, HOSTILE_COMM, HOSTILE_ID, hostileSnapshot, SHOWN_CMD, SHOWN_COMM } from '../helpers/sample-snapshot.js';

/** No control character but the newlines ending the lines. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

function table(out: string, rows: number): string[] {
  assert.doesNotMatch(out, RAW);
  const lines = out.split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  assert.equal(lines.length, rows + 1, 'one line per row, plus the titles');
  return lines;
}

test('nstop ls: the name and cgroup spelled out, the columns after the name in place', () => {
  const s = hostileSnapshot();
  const lines = table(lsOutput(s, false), s.containers.length);
  const evil = lines.find((l) => l.startsWith(SHOWN_COMM))!;
  assert.ok(evil, 'the NAME column');
  assert.ok(evil.endsWith('/user.slice/\\x1b[2Jx'), 'the CGROUP column');
  for (const l of lines) assert.equal(l.indexOf(l.startsWith('NAME') ? 'RUNTIME' : l.match(/ (nstop|docker|ad-hoc) /)![1]!), lines[0]!.indexOf('RUNTIME'), l);
});

test('nstop ns and ps: the command line spelled out, the container name too', () => {
  const s = hostileSnapshot();
  const ns = table(nsOutput(s, false), s.namespaces.length);
  const rows = ns.filter((l) => l.includes('/bin/evil'));
  assert.equal(rows.length, 2);
  for (const l of rows) assert.ok(l.endsWith(` ${SHOWN_COMM} ${SHOWN_CMD}`), l);
  const ps = table(psOutput(s, HOSTILE_ID, false), 1);
  assert.ok(ps[1]!.endsWith(` ${SHOWN_CMD}`), ps[1]);
});

test('--json: the exact values, and no raw DEL, C1 or line separator in the text', () => {
  const s = hostileSnapshot();
  s.containers.at(-1)!.name = `${HOSTILE_COMM}\x7f\u2028`;
  const out = lsOutput(s, true);
  assert.doesNotMatch(out, RAW);
  assert.ok(out.includes('\\u009b') && out.includes('\\u007f') && out.includes('\\u2028') && out.includes('\\u001b'));
  const back = JSON.parse(out) as { containers: { name: string; command: string; cgroup: string }[] };
  const evil = back.containers.find((c) => c.command.startsWith('/bin/evil'))!;
  assert.equal(evil.name, `${HOSTILE_COMM}\x7f\u2028`);
  assert.equal(evil.command, HOSTILE_ARGV.join(' '));
  assert.equal(evil.cgroup, '/user.slice/\x1b[2Jx');
  const ps = JSON.parse(psOutput(s, HOSTILE_ID, true)) as { processes: { command: string }[] };
  assert.equal(ps.processes[0]!.command, HOSTILE_ARGV.join(' '));
  const clean = { a: 'nginx: master', b: [1, null] };
  assert.equal(jsonText(clean, 2), JSON.stringify(clean, null, 2), 'otherwise JSON.stringify as it was');
});

test('nstop events: one line per event, escaped; --json exact', () => {
  const e = hostileSnapshot().events.at(-1)!;
  const line = eventLine(e);
  assert.doesNotMatch(line, RAW);
  assert.ok(line.endsWith(`  ${SHOWN_COMM}  exit \\x1b[2J`), line); // the detail says "exit …": no "exit exit"
  const json = jsonText(eventJson(e));
  assert.doesNotMatch(json, RAW);
  assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(eventJson(e))));
  assert.equal((JSON.parse(json) as { container: string }).container, HOSTILE_COMM);
});
