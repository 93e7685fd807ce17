// runc's state of a container: <root>/<id>/state.json (root /run/runc, or the one a
// caller passes with --root: docker's shim uses /run/docker/runtime-runc/moby). runc
// records no exit status: `runc list` says "stopped" when the init is gone, and so does
// nstop. Trimmed, real (runc 1.1):
//   {"id":"nstop-rt-rc1","init_process_pid":9524,"init_process_start":1888870,
//    "created":"2026-12-03T08:21:47.423792868Z","config":{"labels":["bundle=/tmp/rt-runc"],…},
//    "cgroup_paths":{"memory":"/sys/fs/cgroup/memory/…/nstop-rt-rc1",…}}
import { int, obj, opt, str, type RuntimeRecord } from './record.js';

/** runc writes its State struct's first fields in this order, before the container's
 *  whole config (30 KB for a docker container: 100 of them cost 80 ms of JSON.parse, the
 *  most of a one-shot ls's record pass): read from the head, the rest only if it differs. */
const HEAD = /^\{"id":"([A-Za-z0-9_.+-]+)","init_process_pid":(\d+),"init_process_start":(\d+),/;

export function parseRuncState(text: string): RuntimeRecord | undefined {
  const m = HEAD.exec(text);
  if (m) return { kind: 'runc', id: m[1]!, name: m[1]!, ...opt('pid', Number(m[2]) || undefined), pidStart: Number(m[3]) };
  const j = obj(JSON.parse(text));
  const id = str(j['id']);
  if (!id) return undefined;
  return { kind: 'runc', id, name: id, ...opt('pid', int(j['init_process_pid']) || undefined), ...opt('pidStart', int(j['init_process_start'])) };
}
