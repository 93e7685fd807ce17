// One monitor in a private tmux server (its own socket, 160x45), plus a control-mode
// client on the same session: it sends keys without starting a tmux process per key,
// and timestamps every %output notification, i.e. each piece of the monitor's terminal
// output as tmux reads it (monitors.ts groups them into refreshes).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Tmux } from '../helpers/tmux.js';
import { onCleanup } from './cleanup.js';
import { isAlive, killProcs, type ProcId } from './proc.js';
import { now, sleepSync } from './util.js';

export type OutputEvent = { t: number; bytes: number };

export class TmuxMonitor {
  readonly socket: string;
  readonly session = 'bench';
  readonly outputs: OutputEvent[] = [];
  panePid = 0;
  /** the server, the session and the screen: the helper the e2e tests use */
  private readonly term: Tmux;
  private control?: ChildProcessWithoutNullStreams;
  private buffered = '';
  private stop: () => void;

  constructor(tag: string, command: string, opts: { width?: number; height?: number } = {}) {
    this.socket = `${tag}-${Math.random().toString(36).slice(2, 8)}`;
    this.term = new Tmux({ socket: this.socket, session: this.session });
    const r = this.term.start(command, opts.width ?? 160, opts.height ?? 45);
    if (r.status !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
    this.stop = onCleanup(`tmux server ${this.socket}`, () => this.killServer());
    this.panePid = Number(this.term.run('display-message', '-p', '-t', this.session, '#{pane_pid}').stdout.trim() || '0');
    const c = spawn('tmux', ['-L', this.socket, '-C', 'attach-session', '-t', this.session], { stdio: ['pipe', 'pipe', 'pipe'] });
    c.on('error', () => undefined);
    c.stdin.on('error', () => undefined);
    c.stdout.setEncoding('latin1');
    c.stdout.on('data', (chunk: string) => this.onControl(chunk));
    this.control = c;
  }

  private onControl(chunk: string): void {
    const t = now();
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) !== -1) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      if (line.startsWith('%output ')) {
        const data = line.slice(line.indexOf(' ', 8) + 1);
        // octal escapes (\015) count as one byte each
        this.outputs.push({ t, bytes: data.length - 3 * (data.match(/\\[0-7]{3}/g)?.length ?? 0) });
      }
    }
  }

  /** A tmux command line through the control client (e.g. "send-keys -t bench Down"). */
  command(line: string): void {
    this.control?.stdin.write(line + '\n');
  }

  /** Key names as tmux knows them (Down, Enter, BSpace, Space, or a character). */
  keys(...names: string[]): void {
    this.command(`send-keys -t ${this.session} ${names.map((n) => (n.length === 1 ? `'${n}'` : n)).join(' ')}`);
  }

  /** Text typed literally (no single quotes in it). */
  type(text: string): void {
    if (text.includes("'")) throw new Error('type(): no single quotes');
    this.command(`send-keys -t ${this.session} -l '${text}'`);
  }

  screen(): string {
    return this.term.screen();
  }

  /** The first screen `ok` accepts; the deadline is a safety net (see helpers/tmux.ts). */
  waitScreen(ok: (s: string) => boolean, what: string, ms = 60_000): Promise<string> {
    return this.term.waitScreen(ok, what, ms);
  }

  /** Ends the server (the monitor gets SIGHUP) and SIGKILLs whatever of `tree` is left. */
  close(tree: ProcId[] = []): void {
    this.stop();
    for (let i = 0; i < 30; i++) {
      const alive = tree.filter(isAlive);
      if (alive.length === 0) return;
      if (i >= 10) killProcs(alive);
      sleepSync(100);
    }
  }

  private killServer(): void {
    try {
      this.control?.stdin.end();
      this.control?.kill();
    } catch {
      // already gone
    }
    this.term.kill();
  }
}
