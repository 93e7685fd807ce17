// IPv4 subnets for bridge networking: parse "10.77.0.0/24", the gateway (first host
// address) and the container addresses after it, overlap checks. Pure; addresses are
// unsigned 32-bit numbers.
import { ActError } from '../errors.js';
import { formatIpv4, parseIpv4 } from '../../host/net/ipv4.js';
import type { Subnet } from '../../host/vocabulary.js';

/** The default bridge subnet: 253 containers, away from docker's 172.17/16 and podman's
 *  10.88/16. `--subnet` or NSTOP_SUBNET choose another. */
export const DEFAULT_SUBNET = '10.77.0.0/24';

const size = (s: Subnet): number => 2 ** (32 - s.prefix);

/** "10.77.0.0/24": a network address (host bits zero), prefix 8..30 (a /30 holds the
 *  gateway and one container). */
export function parseSubnet(text: string): Subnet {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(text.trim());
  const network = m ? parseIpv4(m[1]!) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  if (network === undefined || !(prefix >= 8 && prefix <= 30)) {
    throw new ActError(`bad --subnet "${text}": an IPv4 network as A.B.C.D/N with N from 8 to 30, e.g. ${DEFAULT_SUBNET}`);
  }
  const s = { network, prefix };
  if (network % size(s) !== 0) {
    throw new ActError(`bad --subnet "${text}": ${m![1]} is not the network address of a /${prefix} (${formatSubnet({ network: network - (network % size(s)), prefix })})`);
  }
  return s;
}

export const formatSubnet = (s: Subnet): string => `${formatIpv4(s.network)}/${s.prefix}`;

/** The bridge's own address: the first host address. */
export const gatewayOf = (s: Subnet): number => s.network + 1;

/** Addresses containers may get: after the gateway, before the broadcast address. */
export function hostRange(s: Subnet): { first: number; last: number } {
  return { first: s.network + 2, last: s.network + size(s) - 2 };
}

export const contains = (s: Subnet, addr: number): boolean => addr >= s.network && addr < s.network + size(s);

export const overlaps = (a: Subnet, b: Subnet): boolean => contains(a, b.network) || contains(b, a.network);
