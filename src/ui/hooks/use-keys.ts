// Keys as names ("f1", "up", "q"), F-keys included. Ink's useInput cannot tell F-keys
// apart (their input is "" and no flag is set), so this listens to the same input
// events useInput does (Ink's stdin emitter: one escape sequence or one run of plain
// characters per event) and decodes them with decodeKeys.
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { decodeKeys } from '../key-decode.js';

export function useKeys(onKeys: (keys: string[]) => void): void {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  const handler = useRef(onKeys);
  handler.current = onKeys;
  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isRawModeSupported, setRawMode]);
  useEffect(() => {
    const onInput = (data: string | Buffer) => {
      const keys = decodeKeys(String(data));
      if (keys.length > 0) handler.current(keys);
    };
    events.on('input', onInput);
    return () => void events.off('input', onInput);
  }, [events]);
}
