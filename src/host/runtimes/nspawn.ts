// systemd-machined's record of a registered machine: /run/systemd/machines/<name>, an
// env-style file machined writes (machine.c, machine_save()); it starts "# This is
// private data. Do not parse." but it is the one record of a machine on disk, and
// only its plain keys are read. As machine_save() writes it (no machined on this host
// to capture one):
//   NAME=box
//   SCOPE=machine-box.scope
//   SERVICE=nspawn
//   ROOT=/var/lib/machines/box
//   LEADER=27581
//   CLASS=container
import { opt, type RuntimeRecord } from './record.js';

export function parseMachineFile(text: string): RuntimeRecord | undefined {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) kv.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const name = kv.get('NAME');
  if (!name || (kv.get('CLASS') ?? 'container') !== 'container') return undefined;
  const leader = Number(kv.get('LEADER'));
  return { kind: 'nspawn', id: name, name, running: true, ...opt('pid', Number.isInteger(leader) && leader > 0 ? leader : undefined) };
}
