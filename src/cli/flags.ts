// nstop's options as meow is told them (main.ts), in a module that imports nothing: the
// entry (src/cli.ts) reads them before the rest of the CLI loads, to tell whether this
// run is the dashboard (early-look.ts).
import type { AnyFlags } from 'meow';

/** the flight recorder's (record, events --since, dump, replay; record-flags.ts) */
export const RECORD_FLAGS = {
  dir: { type: 'string' },
  since: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  retain: { type: 'string' },
  maxSize: { type: 'string' },
  at: { type: 'string' },
} as const satisfies AnyFlags;

export const FLAGS = {
  help: { type: 'boolean', shortFlag: 'h', default: false },
  name: { type: 'string' },
  ns: { type: 'string' },
  net: { type: 'string' },
  subnet: { type: 'string' },
  hostname: { type: 'string' },
  rootfs: { type: 'string' },
  image: { type: 'string' },
  keep: { type: 'boolean', default: false },
  copy: { type: 'boolean', default: false },
  imageStore: { type: 'string' },
  maxFiles: { type: 'string' },
  memory: { type: 'string' },
  swap: { type: 'string' },
  pids: { type: 'string' },
  cpus: { type: 'string' },
  cpuWeight: { type: 'string' },
  detach: { type: 'boolean', shortFlag: 'd', default: false },
  env: { type: 'string', shortFlag: 'e', isMultiple: true, default: [] },
  workdir: { type: 'string', shortFlag: 'w' },
  user: { type: 'string', shortFlag: 'u' },
  capAdd: { type: 'string', isMultiple: true, default: [] },
  capDrop: { type: 'string', isMultiple: true, default: [] },
  privileged: { type: 'boolean', default: false },
  signal: { type: 'string', shortFlag: 's' },
  follow: { type: 'boolean', shortFlag: 'f', default: false },
  force: { type: 'boolean', default: false },
  stateDir: { type: 'string' },
  interval: { type: 'string', default: '1s' },
  procRoot: { type: 'string', default: '/proc' },
  cgroupRoot: { type: 'string', default: '/sys/fs/cgroup' },
  passwd: { type: 'string', default: '/etc/passwd' },
  color: { type: 'boolean', default: true },
  json: { type: 'boolean', default: false },
  type: { type: 'string', shortFlag: 't' },
  pid: { type: 'string', shortFlag: 'p' },
  runtimeRoot: { type: 'string', isMultiple: true, default: [] },
  listen: { type: 'string' },
  allowRemote: { type: 'boolean', default: false },
  prometheus: { type: 'string' },
  // the flight recorder (record, events --since, dump): record-flags.ts
  ...RECORD_FLAGS,
} satisfies AnyFlags;

export type FlagSpec = { type: 'string' | 'boolean'; shortFlag?: string };
