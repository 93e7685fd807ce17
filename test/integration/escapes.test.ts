// A real process that names itself with terminal escapes: an `unshare --pid` container
// whose init's comm and command line hold ESC ] 2 ; ... BEL, ESC [ 2 J, CR, LF, U+009B and
// invalid UTF-8. nstop ls / ns / ps show them spelled out, one row per line; --json
// gives back the exact text.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot, CLI_OUTPUT_MAX } from '../helpers/paths.js';
import { isRoot, skipReason, which } from '../helpers/root.js';
import { scaled, timeScale } from '../helpers/time-scale.js';

const cli = join(repoRoot, 'dist', 'src', 'cli.js');
const skip = skipReason(!isRoot && 'needs root (a pid namespace)', !which('unshare') && 'needs util-linux unshare');

/** 11 bytes: comm holds 15 */
const COMM = '\x1b]2;pwn\x07\r\x9b';
const SHOWN_COMM = '\\x1b]2;pwn\\x07\\r\\x9b';
const ARGS = ['ev\x1b]2;pwned\x07', '\x1b[2J', 'a\rb\nc', '\x9b31m'];
/** the init names itself: the kernel lets only a process (thread group) write its own comm */
const SCRIPT = "printf '\\033]2;pwn\\007\\r\\302\\233' > /proc/self/comm; sleep 300; :";
/** the init's command line: the exec'd sh, its script, ARGS, then the bytes FF FE */
const RAW_CMD = ['sh', '-c', SCRIPT, ...ARGS, '\ufffd\ufffd'].join(' ');
const SHOWN_CMD = `sh -c ${SCRIPT} ev\\x1b]2;pwned\\x07 \\x1b[2J a\\rb\\nc \\x9b31m \ufffd\ufffd`;

let unshare: ChildProcess | undefined;
let initPid = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

before(async () => {
  if (skip) return;
  // the outer sh execs into one whose arguments hold the escapes and, from printf, two
  // bytes that are not UTF-8; "; :" keeps it from exec'ing sleep, so it stays the init
  const outer = `s=$1; shift; exec sh -c "$s" "$0" "$@" "$(printf '\\377\\376')"`;
  unshare = spawn('unshare', ['--pid', '--fork', '--kill-child', 'sh', '-c', outer, ARGS[0]!, SCRIPT, ...ARGS.slice(1)], { stdio: 'ignore' });
  const pid = unshare.pid!;
  for (let i = 0; i < 100 * timeScale && initPid === 0; i++) {
    await sleep(50);
    const child = Number(read(`/proc/${pid}/task/${pid}/children`).trim().split(' ')[0]);
    if (child > 0 && read(`/proc/${child}/comm`) === `${COMM}\n`) initPid = child;
  }
  assert.ok(initPid > 0, 'the namespaced sh came up and named itself');
});

after(() => {
  // --kill-child: the namespace's init dies with unshare, and with it the sleep
  if (unshare?.pid !== undefined && unshare.exitCode === null) process.kill(unshare.pid, 'SIGKILL');
  if (initPid > 0) {
    try {
      process.kill(initPid, 'SIGKILL');
    } catch {
      // already gone with unshare
    }
  }
});

function nstop(...args: string[]): { text: string; bytes: Buffer } {
  const r = spawnSync(process.execPath, [cli, ...args], { timeout: scaled(30_000), maxBuffer: CLI_OUTPUT_MAX });
  assert.equal(r.status, 0, `nstop ${args.join(' ')}: ${r.stderr.toString()}`);
  return { text: r.stdout.toString('utf8'), bytes: r.stdout };
}

/** No ESC, BEL, CR or other control byte but the line ends, no C1 code point. */
function noRawControls(out: { text: string; bytes: Buffer }, what: string): void {
  for (const b of [0x1b, 0x07, 0x0d, 0x00, 0x7f]) assert.equal(out.bytes.indexOf(b), -1, `${what}: raw byte 0x${b.toString(16)}`);
  assert.doesNotMatch(out.text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, what);
}

/** The table row holding `text`, asserting that every row is one line of the table. */
function rowWith(out: { text: string }, text: string, titles: RegExp): string {
  const lines = out.text.trimEnd().split('\n');
  assert.match(lines[0]!, titles);
  const found = lines.filter((l) => l.includes(text));
  assert.ok(found.length > 0, `a row with ${text}:\n${out.text}`);
  return found[0]!;
}

test('nstop ls and ls --json: the container named after the comm', { skip }, () => {
  const ls = nstop('ls');
  noRawControls(ls, 'ls');
  const row = rowWith(ls, SHOWN_COMM, /^NAME +RUNTIME/);
  assert.match(row, new RegExp(`^${SHOWN_COMM.replace(/[\\[\]]/g, '\\$&')} +ad-hoc  +running +- +${initPid} `), row);
  const json = nstop('ls', '--json');
  noRawControls(json, 'ls --json');
  const c = (JSON.parse(json.text) as { containers: { name: string; pid: number; command: string }[] }).containers.find((x) => x.pid === initPid);
  assert.ok(c, 'the container is listed');
  assert.equal(c.name, COMM, 'the exact comm');
  assert.equal(c.command, RAW_CMD, 'the exact command line (invalid UTF-8 as U+FFFD)');
});

test('nstop ns: the init\'s command line spelled out in its pid namespace\'s row', { skip }, () => {
  const ns = nstop('ns', '-p', String(initPid));
  noRawControls(ns, 'ns');
  const lines = ns.text.trimEnd().split('\n');
  const own = lines.filter((l) => l.includes(` ${initPid} `) && l.includes(SHOWN_CMD));
  assert.equal(own.length, 1, `its pid namespace (the others are the host's):\n${ns.text}`);
  for (const l of own) assert.ok(l.endsWith(` ${SHOWN_COMM} ${SHOWN_CMD}`), l);
});

test('nstop ps: the command line spelled out, each process one line', { skip }, () => {
  const id = (JSON.parse(nstop('ls', '--json').text) as { containers: { id: string; pid: number }[] }).containers.find((x) => x.pid === initPid)!.id;
  const ps = nstop('ps', id);
  noRawControls(ps, 'ps');
  const lines = ps.text.trimEnd().split('\n');
  assert.match(lines[0]!, /^ +PID +NSPID/);
  assert.ok(lines.some((l) => l.endsWith(` ${SHOWN_CMD}`)), ps.text);
  assert.ok(lines.some((l) => l.endsWith(' sleep 300')), 'the sleep');
  assert.ok(lines.length >= 3 && lines.length <= 4, `titles, sh, sleep (and unshare): ${ps.text}`);
  const json = nstop('ps', id, '--json');
  noRawControls(json, 'ps --json');
  const procs = (JSON.parse(json.text) as { processes: { pid: number; command: string }[] }).processes;
  assert.equal(procs.find((p) => p.pid === initPid)?.command, RAW_CMD);
});
