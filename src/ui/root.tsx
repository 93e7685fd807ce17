// What the CLI renders: the App at the real terminal's size.
import { App, type AppProps } from './app.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';

export function Root(p: Omit<AppProps, 'width' | 'height'>) {
  const { width, height } = useTerminalSize();
  return <App {...p} width={width} height={height} />;
}
