// The UI's one channel to the sampler: after each commit, the demand derived from what
// the frame shows (demand.ts), sent only when it changed. Never from render (which may
// run twice, or not reach the screen).
import { useEffect, useRef } from 'react';
import type { SnapshotSource } from '../../model/types.js';
import { demandKey, demandOf, type OnScreen } from '../demand.js';

export function useSampleDemand(source: SnapshotSource, onScreen: OnScreen): void {
  const asked = useRef('');
  useEffect(() => {
    const demand = demandOf(onScreen);
    const key = demandKey(demand);
    if (key === asked.current) return;
    asked.current = key;
    source.setDemand(demand);
  });
}
