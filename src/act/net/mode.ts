// `nstop run --net none|bridge|host|container:NAME [--subnet CIDR]`, checked before
// anything is made, and how it squares with --ns: the network mode decides whether a
// new net namespace is made, so it adds or drops `net` from the list (with a note when
// the user had said otherwise).
import { ActError } from '../errors.js';
import { checkName } from '../spec.js';
import { DEFAULT_SUBNET, formatSubnet, parseSubnet } from './subnet.js';
import type { NetMode, NsKind } from '../../host/vocabulary.js';

export const NET_MODES_HELP = 'none, bridge, host or container:NAME';

export function netModeText(m: NetMode): string {
  return m.kind === 'container' ? `container:${m.name}` : m.kind === 'bridge' ? `bridge ${formatSubnet(m.subnet)}` : m.kind;
}

/** `net`: the --net value; `subnet`: --subnet, else NSTOP_SUBNET, else the default. */
export function parseNetMode(net: string | undefined, subnet: string | undefined, envSubnet = process.env['NSTOP_SUBNET']): NetMode | undefined {
  if (net === undefined) {
    if (subnet !== undefined) throw new ActError('--subnet is for --net bridge');
    return undefined;
  }
  const text = net.trim();
  if (subnet !== undefined && text !== 'bridge') throw new ActError('--subnet is for --net bridge');
  if (text === 'none' || text === 'host') return { kind: text };
  if (text === 'bridge') return { kind: 'bridge', subnet: parseSubnet(subnet ?? (envSubnet?.trim() || DEFAULT_SUBNET)) };
  if (text.startsWith('container:')) {
    const name = text.slice('container:'.length);
    if (name === '') throw new ActError('bad --net "container:": give the name of a running nstop container');
    return { kind: 'container', name: checkName(name) };
  }
  throw new ActError(`bad --net "${text.length > 40 ? text.slice(0, 40) + '…' : text}": ${NET_MODES_HELP}`);
}

/** A spec's mode; one without says it through its namespace list. */
export const netModeOf = (spec: { net?: NetMode; ns: readonly NsKind[] }): NetMode => spec.net ?? (spec.ns.includes('net') ? { kind: 'none' } : { kind: 'host' });

/** The namespace list with `net` as the mode needs it. Without --net the list decides
 *  (net in it = none, else host). `nsGiven`: the user wrote --ns (then changes are noted). */
export function applyNetMode(mode: NetMode | undefined, ns: NsKind[], nsGiven: boolean): { net: NetMode; ns: NsKind[]; notes: string[] } {
  if (!mode) return { net: ns.includes('net') ? { kind: 'none' } : { kind: 'host' }, ns, notes: [] };
  const wantsOwn = mode.kind === 'none' || mode.kind === 'bridge';
  const has = ns.includes('net');
  if (wantsOwn === has) return { net: mode, ns, notes: [] };
  const notes = nsGiven ? [wantsOwn ? `--net ${mode.kind} needs a net namespace: added` : `--net ${netModeText(mode)} uses ${mode.kind === 'host' ? "the host's" : `${mode.name}'s`} network: net dropped from --ns`] : [];
  return { net: mode, ns: wantsOwn ? [...ns, 'net'] : ns.filter((k) => k !== 'net'), notes };
}
