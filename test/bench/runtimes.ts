// The runtimes shape (issue 20's "Done when"): N real docker containers from a private
// dockerd (its own data/exec roots and socket, --bridge=none, no iptables; a busybox
// tarball imported, networks none, 16M memory limit each), then
//  (a) `nstop ls` wall time and CPU (median of 5) with their records read, and
//  (b) the dashboard sampler's CPU per tick with the same containers running, once with
//      the runtime roots empty and once with the N containers' records (docker's
//      config.v2.json, runc's state.json, containerd's task dirs): ticks alternate
//      between the two samplers, so both see the same host.
// Everything is made under the bench's temp dir; the containers, the image and the
// daemon (by its pid) are removed in cleanup. Skipped, with a note, without docker.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './cleanup.js';
import { log, median, num, sleep, table, which } from './util.js';
import { createSampler } from '../../src/sampler/sampler.js';
import { createRecordPolicy, SLOW_MS } from '../../src/sampler/runtime-records.js';
import type { RuntimeRoots } from '../../src/host/runtimes/record.js';

/** The records' own cost (sampler/runtime-records.ts), µs of CPU: a cold pass (every file
 *  parsed), a pass with nothing changed (stats only), a tick between passes. */
export type PolicyCost = { coldUs: number; statUs: number; tickUs: number; records: number };
export type RuntimesResult = { containers: number; hostProcesses: number; ls: { wallMs: number[]; cpuMs: number[] }; tick: { empty: number[]; records: number[] }; policy: { empty: PolicyCost; records: PolicyCost }; load: string[] };

const cpuUs = (): number => { const u = process.cpuUsage(); return u.user + u.system; };

/** The record policy alone, on this tick's container ids: what a tick pays for the records. */
function policyCost(roots: RuntimeRoots, groups: readonly { id: string }[]): PolicyCost {
  const p = createRecordPolicy(roots);
  let t = cpuUs();
  const first = p.records(groups, 0);
  const coldUs = cpuUs() - t;
  const N = 100_000;
  t = cpuUs();
  for (let i = 1; i <= N; i++) p.records(groups, i * ((SLOW_MS - 1) / N));
  const tickUs = (cpuUs() - t) / N;
  t = cpuUs();
  p.records(groups, SLOW_MS * 2);
  const statUs = cpuUs() - t;
  return { coldUs, statUs, tickUs, records: first.records.length };
}

const clk = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** A command's wall ms and the CPU ms of its process tree (the shell's cutime+cstime
 *  after waiting for it: /proc/$$/stat fields 16 and 17, read by a child of the shell). */
function timed(argv: string[]): { wallMs: number; cpuMs: number; ok: boolean } {
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', `${quoted} >/dev/null 2>&1; s=$?; cat /proc/$$/stat; exit $s`], { encoding: 'utf8', timeout: 120_000 });
  const wallMs = performance.now() - t0;
  const f = r.stdout.slice(r.stdout.lastIndexOf(')') + 2).split(' ');
  // after ") ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14
  return { wallMs, cpuMs: ((Number(f[13]) + Number(f[14])) * 1000) / clk, ok: r.status === 0 };
}

export async function runtimesShape(o: { cli: string; tmp: string; count: number; tag: string; ticks: number }): Promise<RuntimesResult | string> {
  if (!which('dockerd') || !which('docker')) return 'runtimes shape skipped: no dockerd/docker (apt-get install docker.io)';
  if (!existsSync('/bin/busybox')) return 'runtimes shape skipped: no /bin/busybox (busybox-static)';
  const d = join(o.tmp, 'docker');
  const sock = `unix://${d}/docker.sock`;
  mkdirSync(d, { recursive: true });
  const docker = (...args: string[]) => spawnSync('docker', ['-H', sock, ...args], { encoding: 'utf8', timeout: 120_000 });
  const daemon: ChildProcess = spawn('dockerd', ['--data-root', `${d}/root`, '--exec-root', `${d}/exec`, '--pidfile', `${d}/dockerd.pid`, '-H', sock, '--bridge=none', '--iptables=false', '--ip6tables=false'], { stdio: 'ignore' });
  const stopDocker = onCleanup('stop the bench dockerd', () => {
    // its containers first (rm -f), then the daemon by its pid; its mounts go with it
    const ids = docker('ps', '-aq', '--filter', `name=${o.tag}-`).stdout.split('\n').filter(Boolean);
    for (let i = 0; i < ids.length; i += 50) docker('rm', '-f', ...ids.slice(i, i + 50));
    docker('rmi', '-f', `${o.tag}-bb:1`);
    if (daemon.pid !== undefined && daemon.exitCode === null) {
      process.kill(daemon.pid, 'SIGTERM');
      for (let i = 0; i < 100 && daemon.exitCode === null && existsSync(`/proc/${daemon.pid}`); i++) spawnSync('sleep', ['0.1']);
    }
    for (const m of readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '').filter((p) => p.startsWith(d + '/')).reverse()) spawnSync('umount', ['-l', m]);
  });
  for (let i = 0; docker('info').status !== 0; i++) {
    if (daemon.exitCode !== null || i > 120) return `runtimes shape skipped: the bench's dockerd did not answer (exit ${daemon.exitCode})`;
    await sleep(500);
  }
  // a busybox image without a registry
  const root = join(d, 'rootfs');
  for (const x of ['bin', 'proc', 'dev', 'sys', 'tmp', 'etc']) mkdirSync(join(root, x), { recursive: true });
  writeFileSync(join(root, 'bin', 'busybox'), readFileSync('/bin/busybox'), { mode: 0o755 });
  for (const c of ['sh', 'sleep']) symlinkSync('busybox', join(root, 'bin', c));
  spawnSync('tar', ['-C', root, '-cf', join(d, 'bb.tar'), '.']);
  const imp = docker('import', join(d, 'bb.tar'), `${o.tag}-bb:1`);
  if (imp.status !== 0) return `runtimes shape skipped: docker import failed: ${imp.stderr.trim()}`;

  log(`runtimes: starting ${o.count} docker containers`);
  const t0 = Date.now();
  // four at a time: docker run is mostly waiting on the daemon
  let next = 0;
  const failed: string[] = [];
  const one = async (): Promise<void> => {
    while (next < o.count) {
      const i = next++;
      const r = await new Promise<number | null>((res) => spawn('docker', ['-H', sock, 'run', '-d', '--name', `${o.tag}-r${i}`, '--network', 'none', '--memory', '16m', '--pids-limit', '8', `${o.tag}-bb:1`, 'sleep', '3600'], { stdio: 'ignore' }).on('exit', res));
      if (r !== 0) failed.push(`r${i}`);
    }
  };
  await Promise.all([one(), one(), one(), one()]);
  log(`runtimes: ${o.count - failed.length} started in ${((Date.now() - t0) / 1000).toFixed(0)} s${failed.length ? ` (${failed.length} failed)` : ''}`);

  const none = { docker: [], podman: [], containerd: [], runc: [], nspawn: [], lxc: [] };
  const roots: RuntimeRoots = {
    ...none,
    docker: [`${d}/root/containers`],
    runc: [`${d}/exec/runtime-runc/moby`],
    containerd: [`${d}/exec/containerd/daemon/io.containerd.runtime.v2.task`],
  };
  const rootArgs = Object.entries(roots).filter(([, dirs]) => dirs.length > 0).flatMap(([k, dirs]) => dirs!.map((x) => `--runtime-root=${k}=${x}`));
  const load: string[] = [loadavg().map((x) => x.toFixed(1)).join(' ')];
  // (a) one-shot ls, as a person would type it (with the bench's roots)
  const ls = { wallMs: [] as number[], cpuMs: [] as number[] };
  for (let i = 0; i < 5; i++) {
    const r = timed([process.execPath, o.cli, ...rootArgs, 'ls']);
    if (!r.ok) log('runtimes: nstop ls failed');
    ls.wallMs.push(r.wallMs);
    ls.cpuMs.push(r.cpuMs);
  }
  // (b) two samplers as the dashboard makes them, one with the records, one with roots
  // that hold nothing; the same containers run for both
  const empty = join(d, 'empty');
  mkdirSync(empty, { recursive: true });
  const mk = (rr: RuntimeRoots) => createSampler({ procRoot: '/proc', cgroupRoot: '/sys/fs/cgroup', passwdPath: '/etc/passwd', intervalMs: 1000, watchEvents: false, runtimeRoots: rr, deferIdentity: true });
  const samplers = { empty: mk({ ...none, docker: [empty] }), records: mk(roots) };
  const tick = { empty: [] as number[], records: [] as number[] };
  try {
    for (const s of Object.values(samplers)) s.setDemand({ processStats: 'none', watch: [], fresh: { processes: false, namespaces: false } });
    // warm: the first sight of every process, the first pass over the records
    for (let i = 0; i < 3; i++) for (const s of Object.values(samplers)) await s.sample();
    for (let i = 0; i < o.ticks; i++) {
      // each goes first every other round: neither always pays for the other's garbage
      for (const k of i % 2 === 0 ? (['empty', 'records'] as const) : (['records', 'empty'] as const)) {
        const u0 = process.cpuUsage();
        await samplers[k].sample();
        const u = process.cpuUsage(u0);
        tick[k].push((u.user + u.system) / 1000);
      }
      await sleep(250); // ticks spread over the records' 5 s passes as the dashboard's are
    }
  } finally {
    for (const s of Object.values(samplers)) s.stop();
  }
  const ids = docker('ps', '-q', '--no-trunc', '--filter', `name=${o.tag}-`).stdout.split('\n').filter(Boolean).map((id) => ({ id: `docker:${id}` }));
  const policy = { empty: policyCost({ ...none, docker: [empty] }, ids), records: policyCost(roots, ids) };
  load.push(loadavg().map((x) => x.toFixed(1)).join(' '));
  const hostProcesses = (await import('node:fs')).readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;
  // now, not at the bench's exit: the headless benches after this one count containers
  stopDocker();
  return { containers: o.count - failed.length, hostProcesses, ls, tick, policy, load };
}

export function runtimesReport(r: RuntimesResult | string): string {
  if (typeof r === 'string') return `\n## Runtimes shape\n${r}\n`;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return [
    '',
    `## Runtimes shape: ${r.containers} docker containers (load average ${r.load.join(' -> ')}; ${r.hostProcesses} processes on the host)`,
    table([
      ['measure', 'median', 'min', 'max'],
      ['nstop ls wall ms (5 runs)', num(median(r.ls.wallMs)), num(Math.min(...r.ls.wallMs)), num(Math.max(...r.ls.wallMs))],
      ['nstop ls CPU ms (5 runs)', num(median(r.ls.cpuMs)), num(Math.min(...r.ls.cpuMs)), num(Math.max(...r.ls.cpuMs))],
      [`sampler CPU ms/tick, no records (${r.tick.empty.length} ticks)`, num(median(r.tick.empty)), num(Math.min(...r.tick.empty)), num(Math.max(...r.tick.empty))],
      [`sampler CPU ms/tick, ${r.containers} containers' records`, num(median(r.tick.records)), num(Math.min(...r.tick.records)), num(Math.max(...r.tick.records))],
    ]),
    table([
      ['runtime records (runtime-records.ts), CPU µs', 'records', 'cold pass', 'pass, nothing changed', 'tick between passes'],
      ...(['empty', 'records'] as const).map((k) => [k === 'empty' ? 'roots empty' : `${r.containers} containers' roots`, String(r.policy[k].records), num(r.policy[k].coldUs), num(r.policy[k].statUs), num(r.policy[k].tickUs, 3)]),
    ]),
    `sampler CPU ms/tick means: ${num(mean(r.tick.empty))} without records, ${num(mean(r.tick.records))} with them (records are read when the set of containers changes and every 5 s, a file parsed again only when it changed)`,
    '',
  ].join('\n');
}
