// Ink's raw input events. useInput cannot tell F-keys apart (their input is "" and no flag
// is set), so the dashboard listens to what useInput itself listens to: Ink 6.8.0's
// useStdin().internal_eventEmitter, one 'input' event per escape sequence or per run of
// plain characters. Private to Ink: without it no key would ever arrive and the dashboard
// could not even be quit with q, so a missing emitter throws at mount rather than a
// silent, deaf screen.
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { installedInkVersion, pinnedInkVersion } from './version.js';

type InputEmitter = {
  on(event: 'input', listener: (data: string | Buffer) => void): unknown;
  off(event: 'input', listener: (data: string | Buffer) => void): unknown;
};

/** Raw mode on while mounted, and every input event's text to `onInput`. */
export function useInkInput(onInput: (data: string) => void): void {
  const stdin = useStdin() as ReturnType<typeof useStdin> & { internal_eventEmitter?: InputEmitter };
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = stdin;
  if (typeof events?.on !== 'function' || typeof events.off !== 'function') {
    throw new Error(`Ink ${installedInkVersion()} has no useStdin().internal_eventEmitter: nstop reads keys through it and needs Ink ${pinnedInkVersion()}`);
  }
  const handler = useRef(onInput);
  handler.current = onInput;
  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isRawModeSupported, setRawMode]);
  useEffect(() => {
    const listener = (data: string | Buffer) => handler.current(String(data));
    events.on('input', listener);
    return () => void events.off('input', listener);
  }, [events]);
}
