// The latest snapshot from the sampler, as React state.
import { useEffect, useState } from 'react';
import type { Snapshot, SnapshotSource } from '../../model/types.js';

export function useSnapshot(source: SnapshotSource): Snapshot | undefined {
  const [snap, setSnap] = useState<Snapshot | undefined>(() => source.current());
  useEffect(() => source.subscribe(setSnap), [source]);
  return snap;
}
