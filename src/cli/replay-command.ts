// `nstop replay [--dir D] [--at T]`: the dashboard on a recording. The recording is opened
// (and --at checked against it) before Ink loads: bad input is one line and exit code,
// never a screen.
import { openReplay } from '../record/replay-source.js';
import { UsageError } from './commands.js';
import { useColor, useUnicode } from './options.js';

export async function runReplay(dir: string, at: number | undefined, colorFlag: boolean): Promise<number> {
  const src = openReplay(dir, at);
  try {
    if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError('nstop replay needs a terminal; for scripts use nstop dump or events --since');
    process.env['NODE_ENV'] ??= 'production';
    const ink = await (await import('../ui/ink/setup.js')).setUpInk();
    const { render } = await import('ink');
    const { createElement } = await import('react');
    const { Root } = await import('../ui/root.js');
    const { replayProps } = await import('./replay-props.js');
    const color = useColor(colorFlag);
    const unicode = useUnicode();
    let quit: () => void = () => undefined;
    const done = new Promise<void>((r) => (quit = r));
    const app = render(
      createElement(Root, { ...replayProps(src, color, unicode), color, unicode, intervalMs: 5000, onQuit: () => quit(), ...(ink.note ? { inkNote: ink.note } : {}) }),
      { exitOnCtrlC: true },
    );
    void app.waitUntilExit().then(() => quit());
    await done;
    app.unmount();
    return 0;
  } finally {
    src.close();
  }
}
