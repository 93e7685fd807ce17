// What the dashboard asks the Act layer to do. The reducer stays pure: a key produces a
// request in the state; the App hands it to DashboardActions (src/cli/dashboard-actions.ts)
// and shows the one-line answer.
export type UiTarget = {
  /** a container row (whole container) or a process row (one pid) */
  kind: 'container' | 'process';
  name: string;
  /** a container's ContainerRow.id: names repeat across runtimes, ids do not */
  id?: string;
  pid?: number;
  /** a process's start time: a pid reused since the row was shown is not signalled */
  starttime?: number;
  /** a container's runtime and process count, for the confirmation question */
  runtime?: string;
  nprocs?: number;
  /** an nstop container: set/freeze/rm work on it */
  managed: boolean;
  status?: string;
};

export type LaunchFields = {
  name: string;
  command: string;
  rootfs: string;
  hostname: string;
  memory: string;
  pids: string;
  cpus: string;
  ns: string[];
  /** --net: none | bridge | host | container:NAME; empty: the net toggle decides */
  net: string;
  /** attach: the screen is handed to the container until it exits */
  attach: boolean;
};

export type ActionRequest =
  | { type: 'kill'; targets: readonly UiTarget[]; signal: string }
  | { type: 'set'; target: UiTarget; text: string }
  | { type: 'nudge'; target: UiTarget; field: 'memory' | 'pids'; step: number }
  | { type: 'freeze'; target: UiTarget }
  | { type: 'rm'; target: UiTarget }
  | { type: 'exec'; target: UiTarget }
  | { type: 'run'; fields: LaunchFields }
  | { type: 'demo'; kind: 'munch' | 'forkbomb'; name: string }
  | { type: 'quit'; killLaunched: boolean };

export type DashboardActions = {
  /** resolves to the message for the status line ("t1: killed"), rejects with a UserError
   *  (shown as its one line) or anything else (shown as its first line) */
  perform(req: ActionRequest): Promise<string>;
  /** containers this dashboard launched that still run (asked about on quit) */
  launchedLive(): string[];
  /** last lines of a detached nstop container's output; undefined: no log */
  logTail(name: string, lines: number): string[] | undefined;
};
