// Everything the benchmark creates registers its undo here. The undo steps run in
// reverse order on the normal path, on an error, on SIGINT/SIGTERM/SIGHUP and (as a
// last resort) in process.on('exit'); they are synchronous so that the exit hook can run
// them too, and each runs at most once.
import { log } from './util.js';

type Step = { what: string; run: () => void; done: boolean };
const steps: Step[] = [];

/** Registers an undo step; the returned function runs it now (and unregisters it). */
export function onCleanup(what: string, run: () => void): () => void {
  const step: Step = { what, run, done: false };
  steps.push(step);
  return () => runStep(step);
}

function runStep(s: Step): void {
  if (s.done) return;
  s.done = true;
  try {
    s.run();
  } catch (err) {
    log(`cleanup "${s.what}" failed: ${(err as Error).message}`);
  }
}

export function cleanupAll(): void {
  for (const s of [...steps].reverse()) runStep(s);
}

let installed = false;
export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      log(`${sig}: cleaning up`);
      cleanupAll();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (err) => {
    log(`error: ${err.stack ?? err}`);
    cleanupAll();
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    log(`error: ${(err as Error)?.stack ?? err}`);
    cleanupAll();
    process.exit(1);
  });
  process.on('exit', () => cleanupAll());
}

/** Runs a stand-alone bench's main: its exit code, or 1 with the error's stack; the undo
 *  steps run either way. */
export function runBench(what: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      cleanupAll();
      process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(`bench ${what}: ${(err as Error)?.stack ?? String(err)}\n`);
      cleanupAll();
      process.exit(1);
    },
  );
}
