// Keys as names ("f1", "up", "q"), F-keys included: Ink's raw input events
// (ink/input-events.ts) decoded with decodeKeys.
import { useRef } from 'react';
import { useInkInput } from '../ink/input-events.js';
import { decodeKeys } from '../key-decode.js';

export function useKeys(onKeys: (keys: string[]) => void): void {
  const handler = useRef(onKeys);
  handler.current = onKeys;
  useInkInput((data) => {
    const keys = decodeKeys(data);
    if (keys.length > 0) handler.current(keys);
  });
}
