// The state files as the read model wants them (ManagedInfo). A pure read: the sampler
// lists them every refresh, and a refresh never writes (ended containers are reaped by
// the act side: reaper.ts on a timer, or a command before it lists, as `nstop ls`).
import type { ManagedInfo } from '../model/types.js';
import type { ActContext } from './context.js';
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

export function managedSource(ctx: ActContext): () => Promise<ManagedInfo[]> {
  return async () => ctx.store.list().map(managedInfo);
}
