// The dashboard: only this module loads Ink and React (imported lazily by cli.ts).
import { createElement } from 'react';
import { staticFactsFromSi } from '../host/host-facts.js';
import { createSampler } from '../sampler/sampler.js';

export type DashboardOptions = {
  procRoot: string;
  cgroupRoot: string;
  passwdPath: string;
  intervalMs: number;
  color: boolean;
  unicode: boolean;
};

export async function runDashboard(o: DashboardOptions): Promise<number> {
  const { render } = await import('ink');
  const { Root } = await import('../ui/root.js');
  const sampler = createSampler({ ...o, hostFacts: staticFactsFromSi() });
  sampler.start();
  let quit: () => void = () => undefined;
  const done = new Promise<void>((r) => (quit = r));
  const app = render(
    createElement(Root, { source: sampler, color: o.color, unicode: o.unicode, intervalMs: o.intervalMs, onQuit: () => quit() }),
    { exitOnCtrlC: true },
  );
  await Promise.race([done, app.waitUntilExit()]);
  sampler.stop();
  app.unmount();
  return 0;
}
