// The state files as the read model wants them (ManagedInfo), reaping the ones whose
// command ended when we may write (root).
import type { ManagedInfo } from '../model/types.js';
import type { ActContext } from './context.js';
import { reapAll } from './reap.js';
import type { ContainerState } from './state.js';

export function managedInfo(st: ContainerState): ManagedInfo {
  return {
    name: st.name,
    status: st.status,
    createdAt: st.createdAt,
    command: st.command,
    detached: st.detached,
    ...(st.pid !== undefined ? { pid: st.pid } : {}),
    ...(st.exitCode !== undefined ? { exitCode: st.exitCode } : {}),
    ...(st.signal !== undefined ? { signal: st.signal } : {}),
    ...(st.finishedAt !== undefined ? { finishedAt: st.finishedAt } : {}),
    ...(st.final !== undefined ? { final: st.final } : {}),
    ...(st.confine !== undefined ? { confine: { privileged: st.confine.privileged, caps: st.confine.caps } } : {}),
    ...(st.net !== undefined ? { net: { mode: st.net.mode, ...(st.net.container ? { container: st.net.container } : {}), ...(st.net.bridge ? { bridge: st.net.bridge } : {}), ...(st.net.address ? { address: st.net.address } : {}) } } : {}),
  };
}

export function managedSource(ctx: ActContext, writable: boolean): () => Promise<ManagedInfo[]> {
  return async () => (writable ? await reapAll(ctx) : ctx.store.list()).map(managedInfo);
}
