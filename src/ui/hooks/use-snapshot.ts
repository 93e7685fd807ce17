// The latest snapshot from the sampler, as React state.
import { useEffect, useState } from 'react';
import type { Snapshot, SnapshotSource } from '../../model/types.js';

export function useSnapshot(source: SnapshotSource): Snapshot | undefined {
  const [snap, setSnap] = useState<Snapshot | undefined>(() => source.current());
  // a new source (the live dashboard into its recording and back): its snapshot at once
  useEffect(() => {
    setSnap(source.current());
    return source.subscribe(setSnap);
  }, [source]);
  return snap;
}
