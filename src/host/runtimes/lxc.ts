// lxc's containers are named by their directory: <lxcpath>/<name>/config (lxcpath
// /var/lib/lxc). A running one is known by its cgroup (lxc.payload.<name>); the
// directory is what keeps a stopped one listed, as lxc-ls does. lxc records no exit
// status, so nothing in the file is read: its presence is the record.
import type { RuntimeRecord } from './record.js';

export const lxcRecord = (name: string): RuntimeRecord => ({ kind: 'lxc', id: name, name });
