// nstop's bridges: one per subnet, named nstop0, nstop1..., holding the gateway address
// (the subnet's first host address) so the host reaches its containers through the
// connected route. Records: <netDir>/bridges/<name>.json {name, subnet, netns}. Made on
// the first container of a subnet, deleted with its last one. Callers hold the net lock.
import { mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActError } from '../errors.js';
import { errorCode } from '../../host/errors.js';
import { deleteLink, hostLinks, ip, ipBatch, isMissingLink } from './ip.js';
import { formatSubnet, gatewayOf, overlaps, parseSubnet } from './subnet.js';
import type { Subnet } from '../../host/vocabulary.js';
import { formatIpv4, parseIpv4 } from '../../host/net/ipv4.js';

export type BridgeRecord = {
  name: string;
  /** "10.77.0.0/24" */
  subnet: string;
  /** the network namespace it was made in ("net:[4026531840]"): links are only ever
   *  touched from there */
  netns: string;
};

const recordDir = (netDir: string): string => join(netDir, 'bridges');

/** Which network namespace this process is in. */
export const currentNetns = (): string => readlinkSync('/proc/self/ns/net');

export function bridgeRecords(netDir: string): BridgeRecord[] {
  let files: string[];
  try {
    files = readdirSync(recordDir(netDir)).filter((f) => f.endsWith('.json'));
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return [];
    throw err;
  }
  return files.flatMap((f) => {
    try {
      return [JSON.parse(readFileSync(join(recordDir(netDir), f), 'utf8')) as BridgeRecord];
    } catch {
      return [];
    }
  });
}

function writeRecord(netDir: string, r: BridgeRecord): void {
  mkdirSync(recordDir(netDir), { recursive: true, mode: 0o700 });
  const file = join(recordDir(netDir), `${r.name}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(r) + '\n');
  renameSync(`${file}.tmp`, file);
}

const dropRecord = (netDir: string, name: string): void => rmSync(join(recordDir(netDir), `${name}.json`), { force: true });

async function createLink(r: BridgeRecord, subnet: Subnet): Promise<void> {
  try {
    await ipBatch([`link add name ${r.name} type bridge`, `addr add ${formatIpv4(gatewayOf(subnet))}/${subnet.prefix} dev ${r.name}`, `link set dev ${r.name} up`]);
  } catch (err) {
    await deleteLink(r.name); // no half-made bridge
    throw err;
  }
}

async function linkExists(name: string): Promise<boolean> {
  try {
    await ip({ args: ['link', 'show', 'dev', name] });
    return true;
  } catch (err) {
    if (isMissingLink(err)) return false;
    throw err;
  }
}

/** The bridge for this subnet, made if needed. Refuses a subnet that overlaps another
 *  nstop bridge's or an address on one of this namespace's links. */
export async function ensureBridge(netDir: string, subnet: Subnet): Promise<BridgeRecord> {
  const text = formatSubnet(subnet);
  const here = currentNetns();
  const records = bridgeRecords(netDir);
  const mine = records.find((r) => r.subnet === text);
  if (mine) {
    if (mine.netns !== here) throw new ActError(`bridge ${mine.name} of this state dir is in network namespace ${mine.netns}, not this one (${here}): use another --state-dir`);
    // gone after a reboot with a persistent state dir, or deleted by hand: make it again
    if (!(await linkExists(mine.name))) await createLink(mine, subnet);
    return mine;
  }
  for (const r of records) {
    if (overlaps(subnet, parseSubnet(r.subnet))) throw new ActError(`--subnet ${text} overlaps ${r.subnet} of nstop's bridge ${r.name}`);
  }
  const links = await hostLinks();
  for (const l of links) {
    for (const a of l.addresses) {
      const local = parseIpv4(a.local);
      if (local === undefined) continue;
      const net = { network: local - (local % 2 ** (32 - a.prefix)), prefix: a.prefix };
      if (overlaps(subnet, net)) throw new ActError(`--subnet ${text} overlaps ${a.local}/${a.prefix} on ${l.name}: choose another --subnet`);
    }
  }
  const taken = new Set([...links.map((l) => l.name), ...records.map((r) => r.name)]);
  let i = 0;
  while (taken.has(`nstop${i}`)) i++;
  const record: BridgeRecord = { name: `nstop${i}`, subnet: text, netns: here };
  // record first: a crash between the two leaves a record whose link the next launch
  // makes again, never a link nobody knows about
  writeRecord(netDir, record);
  try {
    await createLink(record, subnet);
  } catch (err) {
    dropRecord(netDir, record.name);
    throw err;
  }
  return record;
}

/** Delete the bridge and its record (link first, for the same reason as above). Only
 *  from the namespace it lives in; elsewhere it is left for a later nstop there. */
export async function removeBridge(netDir: string, r: BridgeRecord): Promise<void> {
  if (r.netns !== currentNetns()) return;
  await deleteLink(r.name);
  dropRecord(netDir, r.name);
}
