// The latest snapshot from the sampler, as React state.
import { useEffect, useState } from 'react';
import type { Snapshot, SnapshotSource } from '../../model/types.js';

export function useSnapshot(source: SnapshotSource): Snapshot | undefined {
  const [got, setGot] = useState<{ from: SnapshotSource; snap: Snapshot | undefined }>(() => ({ from: source, snap: source.current() }));
  useEffect(() => {
    setGot({ from: source, snap: source.current() });
    return source.subscribe((snap) => setGot({ from: source, snap }));
  }, [source]);
  // another source (the live dashboard into its recording and back): never a frame of
  // the old one's snapshot under the new one
  return got.from === source ? got.snap : source.current();
}
