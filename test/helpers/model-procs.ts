// ProcInput builders for model tests: a small host with kernel threads, a shell, an
// `unshare --fork --pid` container in its own cgroups, and a docker container.
import type { CgroupMembership } from '../../src/host/types.js';
import type { ProcInput } from '../../src/model/input.js';

export const HOST_NS = { mnt: 4026531832, net: 4026531833, time: 4026531834, cgroup: 4026531835, pid: 4026531836, user: 4026531837, uts: 4026531838, ipc: 4026531839 };

export function v1Lines(memory: string, pids = memory, unified = '/'): CgroupMembership[] {
  return [
    { hierarchyId: 8, controllers: ['pids'], path: pids },
    { hierarchyId: 4, controllers: ['memory'], path: memory },
    { hierarchyId: 2, controllers: ['cpuacct'], path: '/' },
    { hierarchyId: 0, controllers: [], path: unified },
  ];
}

export function proc(over: Partial<ProcInput> & { pid: number }): ProcInput {
  return {
    starttime: over.pid * 10,
    ppid: 1,
    comm: 'proc' + over.pid,
    cmdline: ['proc' + over.pid],
    uid: 0,
    nspid: [over.pid],
    ns: { ...HOST_NS },
    nsDenied: [],
    cgroups: v1Lines('/'),
    kernelThread: false,
    ...over,
  };
}

export function hostWithUnshare(): ProcInput[] {
  const box = { ...HOST_NS, pid: 4026532451, uts: 4026532450, mnt: 4026532449 };
  const cg = v1Lines('/nstop-test/box', '/nstop-test/box');
  return [
    proc({ pid: 1, comm: 'init', cmdline: ['/sbin/init'], ns: {}, nsDenied: ['mnt', 'net'], ppid: 0 }),
    proc({ pid: 2, comm: 'kthreadd', cmdline: [], kernelThread: true, ppid: 0 }),
    proc({ pid: 30, comm: 'bash', cmdline: ['bash'] }),
    proc({ pid: 40, comm: 'unshare', cmdline: ['unshare', '--fork', '--pid', 'sleep', '100'], ppid: 30, cgroups: cg }),
    proc({ pid: 41, comm: 'sleep', cmdline: ['sleep', '100'], ppid: 40, nspid: [41, 1], ns: box, cgroups: cg }),
    proc({ pid: 42, comm: 'sh', cmdline: ['sh'], ppid: 41, nspid: [42, 2], ns: box, cgroups: cg }),
  ];
}
