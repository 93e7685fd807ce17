// A program in a real terminal, read as a person sees it: its own tmux server on a
// private -L socket (the test's environment, nobody else's sessions or options), one
// session, capture-pane for the screen. Used by the e2e tests and the bench.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { rmSync } from 'node:fs';
import { scaled } from './time-scale.js';

/** A screen without its SGR (colour) sequences. */
export const plain = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');

export type TmuxOptions = {
  /** the -L socket name; unique per test process (a pid in it) */
  socket: string;
  /** the session's name; the socket's by default */
  session?: string;
  /** capture with colours (-e): when a style, not a character, is what is checked */
  colours?: boolean;
  /** how often waitScreen captures the pane, ms */
  pollMs?: number;
};

export class Tmux {
  readonly socket: string;
  readonly session: string;
  private readonly colours: boolean;
  private readonly pollMs: number;
  private socketPath = '';

  constructor(o: TmuxOptions) {
    this.socket = o.socket;
    this.session = o.session ?? o.socket;
    this.colours = o.colours ?? false;
    this.pollMs = o.pollMs ?? 100;
  }

  /** A tmux command on this server. */
  run(...args: string[]): SpawnSyncReturns<string> {
    return spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Starts `command` in a detached width x height session; tmux's result (status, stderr). */
  start(command: string, width = 160, height = 45): SpawnSyncReturns<string> {
    const r = this.run('new-session', '-d', '-s', this.session, '-x', String(width), '-y', String(height), command);
    if (r.status === 0) this.socketPath = this.run('display-message', '-p', '-t', this.session, '#{socket_path}').stdout.trim();
    return r;
  }

  /** send-keys to the session: key names (Down, Enter, Escape, F1), characters, or '-l', text. */
  keys(...keys: string[]): void {
    this.run('send-keys', '-t', this.session, ...keys);
  }

  /** The pane as it shows now (with its colours when made with `colours`). */
  screen(): string {
    return this.run('capture-pane', '-p', ...(this.colours ? ['-e'] : []), '-t', this.session).stdout;
  }

  /** The first screen `ok` accepts, captured every pollMs. The deadline (`ms`, scaled by
   *  NSTOP_TEST_TIME_SCALE) is a safety net far beyond the normal time, never the measure;
   *  past it, the error shows the last screen. */
  async waitScreen(ok: (s: string) => boolean, what: string, ms = 60_000): Promise<string> {
    const until = Date.now() + scaled(ms);
    let s = '';
    while (Date.now() < until) {
      s = this.screen();
      if (ok(s)) return s;
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
    throw new Error(`screen never showed ${what}:\n${plain(s)}`);
  }

  /** Ends the server: the program in it gets SIGHUP. */
  kill(): void {
    this.run('kill-server');
    // tmux 3.3 leaves its socket file behind
    if (this.socketPath.endsWith(`/${this.socket}`)) rmSync(this.socketPath, { force: true });
  }
}
