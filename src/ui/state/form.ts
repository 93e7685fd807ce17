// The launch form: text fields, a row of namespace toggles and attach/detach. Keys:
// Up/Down/Tab move, typing edits, Left/Right + Space toggle namespaces, Space flips the
// mode, Enter launches, Esc cancels. Defaults work with no download: /bin/sh of the
// busybox image, which nstop builds from demo/ and the distribution's busybox-static
// on first use. The root field takes an image name, a directory or an archive path.
// Network takes --net's values (none, bridge, host, container:NAME); left empty, the
// net toggle decides, as --ns does on the command line.
import type { LaunchFields } from '../actions.js';

export const NS_CHOICES = ['uts', 'pid', 'mnt', 'ipc', 'net', 'cgroup', 'user', 'time'] as const;

export type FieldId = 'name' | 'command' | 'rootfs' | 'hostname' | 'memory' | 'pids' | 'cpus' | 'ns' | 'net' | 'attach';
export const FIELD_ORDER: readonly FieldId[] = ['name', 'command', 'rootfs', 'hostname', 'memory', 'pids', 'cpus', 'ns', 'net', 'attach'];
export const FIELD_LABELS: Record<FieldId, string> = {
  name: 'Name', command: 'Command', rootfs: 'Image/rootfs', hostname: 'Hostname', memory: 'Memory', pids: 'Pids', cpus: 'CPUs', ns: 'Namespaces', net: 'Network', attach: 'Mode',
};

export type FormState = { fields: LaunchFields; focus: number; nsCursor: number };

export function newForm(name = `c-${Math.random().toString(36).slice(2, 6)}`): FormState {
  return {
    fields: { name, command: '/bin/sh', rootfs: 'busybox', hostname: name, memory: '256M', pids: '128', cpus: '1', ns: ['uts', 'pid', 'mnt', 'ipc', 'net', 'cgroup'], net: '', attach: true },
    focus: 1,
    nsCursor: 0,
  };
}

type TextField = Exclude<FieldId, 'ns' | 'attach'>;

/** 'submit' | 'cancel' | the next form state. */
export function formKey(f: FormState, key: string): FormState | 'submit' | 'cancel' {
  const id = FIELD_ORDER[f.focus]!;
  const move = (d: number) => ({ ...f, focus: (f.focus + d + FIELD_ORDER.length) % FIELD_ORDER.length });
  switch (key) {
    case 'escape': return 'cancel';
    case 'enter': return 'submit';
    case 'up': case 'shift-tab': return move(-1);
    case 'down': case 'tab': return move(1);
  }
  if (id === 'ns') {
    if (key === 'left' || key === 'right') return { ...f, nsCursor: (f.nsCursor + (key === 'left' ? -1 : 1) + NS_CHOICES.length) % NS_CHOICES.length };
    if (key === 'space') {
      const k = NS_CHOICES[f.nsCursor]!;
      const ns = f.fields.ns.includes(k) ? f.fields.ns.filter((x) => x !== k) : [...f.fields.ns, k];
      return { ...f, fields: { ...f.fields, ns } };
    }
    return f;
  }
  if (id === 'attach') return key === 'space' || key === 'left' || key === 'right' ? { ...f, fields: { ...f.fields, attach: !f.fields.attach } } : f;
  const value = f.fields[id as TextField];
  const next = key === 'backspace' ? value.slice(0, -1) : key === 'space' ? value + ' ' : Array.from(key).length === 1 ? value + key : value;
  return next === value ? f : { ...f, fields: { ...f.fields, [id]: next } };
}
