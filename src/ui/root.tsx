// What the CLI renders: the App at the real terminal's size, following resizes.
import { App, type AppProps } from './app.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';

export type RootProps = Omit<AppProps, 'width' | 'height' | 'readOnly'> & { readOnly?: boolean };

export function Root({ readOnly = false, ...p }: RootProps) {
  const { width, height } = useTerminalSize();
  return <App {...p} readOnly={readOnly} width={width} height={height} />;
}
