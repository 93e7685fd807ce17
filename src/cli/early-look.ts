// The dashboard's first look at /proc (sampler/first-look.ts), started by the entry
// (src/cli.ts) before the rest of the CLI loads. Started from runDashboard it began
// ~0.12 s after node's start (the CLI's and React's modules first) and, on two cores
// shared with the module loader, often ended after the modules had loaded: the first
// tick waited for it. Whether this run is the dashboard is told from the arguments
// alone, by FLAGS (flags.ts): no word but `top` outside options, no option that makes
// it something else (help, a remote source) and none this does not know. When in doubt
// no look is started here, and the dashboard starts its own as before; a look started
// for a run that turns out not to be the dashboard is ended by its pid when node exits.
import { FLAGS, type FlagSpec } from './flags.js';
import { startFirstLook, type FirstLook } from '../sampler/first-look.js';
import { traceMark } from '../ui/ink/frame-trace.js';

const SPECS: Record<string, FlagSpec> = FLAGS;
const SHORT = new Map(Object.entries(SPECS).flatMap(([name, f]) => (f.shortFlag ? [[f.shortFlag, name] as const] : [])));
/** options after which the run is not this host's dashboard */
const NOT_DASHBOARD = new Set(['help', 'prometheus']);

const camel = (s: string): string => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The /proc root the dashboard of this host reads when nstop runs with `argv` (after
 *  node and the script); undefined when the arguments name a subcommand, ask for help
 *  or another source, or hold anything this cannot place. */
export function dashboardProcRoot(argv: readonly string[]): string | undefined {
  let procRoot = '/proc';
  let command = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-') || a === '-' || a === '--') {
      if (a === 'top' && !command) {
        command = true;
        continue;
      }
      return undefined;
    }
    const eq = a.indexOf('=');
    const word = eq === -1 ? a : a.slice(0, eq);
    let name = word.startsWith('--') ? camel(word.slice(2)) : SHORT.get(word.slice(1));
    if (name === undefined) return undefined;
    let spec = SPECS[name];
    // meow's negation of a boolean: --no-color
    if (spec === undefined && /^no[A-Z]/.test(name)) {
      name = name[2]!.toLowerCase() + name.slice(3);
      spec = SPECS[name];
      if (spec?.type !== 'boolean' || eq !== -1) return undefined;
    }
    if (spec === undefined || NOT_DASHBOARD.has(name)) return undefined;
    if (spec.type === 'boolean') {
      if (eq !== -1) return undefined;
      continue;
    }
    const value = eq !== -1 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) return undefined;
    if (name === 'procRoot') procRoot = value;
  }
  return procRoot;
}

let early: { procRoot: string; look: FirstLook } | undefined;

/** Starts the look when `argv` runs the dashboard on a terminal. */
export function lookEarly(argv: readonly string[] = process.argv.slice(2)): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return;
  const procRoot = dashboardProcRoot(argv);
  if (procRoot === undefined) return;
  const look = startFirstLook(procRoot, () => traceMark('look'));
  if (look === undefined) return;
  early = { procRoot, look };
  // not the dashboard after all (a usage error): node need not wait for it, nor leave it
  look.unref();
  process.once('exit', () => early?.look.cancel());
}

/** The look started early, for the dashboard of `procRoot` (once); undefined when none
 *  was (or it was for another root: ended). */
export function takeEarlyLook(procRoot: string): FirstLook | undefined {
  const e = early;
  early = undefined;
  if (e === undefined) return undefined;
  if (e.procRoot === procRoot) return e.look;
  e.look.cancel();
  return undefined;
}
