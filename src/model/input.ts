// What the sampler hands the model each tick: plain facts per process and per cgroup.
import type { CgroupMembership } from '../host/types.js';
import type { NsIds, NsType } from '../host/vocabulary.js';

export type ProcInput = {
  pid: number;
  starttime: number;
  ppid: number;
  comm: string;
  state?: string;
  cmdline: string[];
  uid?: number;
  /** pid per pid namespace, host first; [] when status was unreadable. */
  nspid: number[];
  ns: NsIds;
  nsDenied: NsType[];
  cgroups: CgroupMembership[];
  kernelThread: boolean;
  /** clock ticks, only when stat was read this tick. */
  cpuTicks?: number;
  rssBytes?: number;
  threads?: number;
};

export const commandOf = (p: Pick<ProcInput, 'cmdline' | 'comm' | 'kernelThread'>): string =>
  p.cmdline.length > 0 ? p.cmdline.join(' ') : p.comm; // lsns shows a kernel thread's comm bare
