// Addresses of a network namespace from the host, without entering it: IPv4 has no
// per-interface file in /proc, so the local addresses come from net/fib_trie and each is
// put on the interface of the connected route (net/route) that holds it; IPv6 has
// net/if_inet6. Netlink would need setns, which a Node process must not do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode } from '../errors.js';
import { formatIpv4, parseIpv4 } from './ipv4.js';

/** Local IPv4 addresses: a leaf line followed by its "/32 host LOCAL" line, e.g.
 *  `              |-- 10.77.0.2` then `                 /32 host LOCAL`. Both tables
 *  (Main:, Local:) list them; duplicates are dropped. 127.0.0.0 "/8 host LOCAL" is the
 *  loopback range, not an address. */
export function parseFibTrieLocal(text: string): number[] {
  const out = new Set<number>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const leaf = /\|-- (\d+\.\d+\.\d+\.\d+)$/.exec(line.trimEnd());
    if (!leaf) return;
    for (let j = i + 1; j < lines.length && /^\s+\/\d+ /.test(lines[j]!); j++) {
      if (/^\s+\/32 host LOCAL/.test(lines[j]!)) {
        const a = parseIpv4(leaf[1]!);
        if (a !== undefined) out.add(a);
      }
    }
  });
  return [...out];
}

export type Route = { iface: string; dest: number; prefix: number; gateway: boolean };

/** Little-endian hex as the kernel prints it: 00004D0A is 10.77.0.0. */
const hexIpv4 = (h: string): number => {
  const n = parseInt(h, 16);
  return ((n & 0xff) * 2 ** 24) + (((n >>> 8) & 0xff) << 16) + (((n >>> 16) & 0xff) << 8) + ((n >>> 24) & 0xff);
};

const bits = (mask: number): number => {
  let n = 0;
  for (let m = mask; m > 0; m = Math.floor(m / 2)) n += m % 2;
  return n;
};

/** net/route (the main table), a header line then e.g.
 *  `eth0	00004D0A	00000000	0001	0	0	0	00FFFFFF	0	0	0`
 *  Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT. */
export function parseRoutes(text: string): Route[] {
  return text.split('\n').slice(1).flatMap((line) => {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) return [];
    const flags = parseInt(f[3]!, 16);
    return [{ iface: f[0]!, dest: hexIpv4(f[1]!), prefix: bits(hexIpv4(f[7]!)), gateway: (flags & 0x2) !== 0 }];
  });
}

/** net/if_inet6, e.g. `fd000000000000000000000000000002 03 40 00 80       va`: address,
 *  ifindex, prefix length, scope (00 global, 10 host, 20 link), flags, name; all hex. Link-
 *  local addresses are left out (every interface has one; they say nothing). */
export function parseIfInet6(text: string): { iface: string; address: string }[] {
  return text.split('\n').flatMap((line) => {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !/^[0-9a-f]{32}$/.test(f[0]!) || f[3] === '20') return [];
    return [{ iface: f[5]!, address: `${formatIpv6(f[0]!)}/${parseInt(f[2]!, 16)}` }];
  });
}

/** 32 hex digits -> RFC 5952 text (longest run of zero groups as ::). */
export function formatIpv6(hex: string): string {
  const groups = Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 4, i * 4 + 4), 16).toString(16));
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/** Interface name -> its addresses ("10.77.0.2/24"); an address without a connected
 *  route is listed under "?" (loopback's 127.x under lo). */
export function addressesByIface(locals: readonly number[], routes: readonly Route[], v6: readonly { iface: string; address: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (iface: string, a: string) => out.set(iface, [...(out.get(iface) ?? []), a]);
  for (const a of [...locals].sort((x, y) => x - y)) {
    const hit = routes
      .filter((r) => !r.gateway && r.prefix > 0 && Math.floor(a / 2 ** (32 - r.prefix)) === Math.floor(r.dest / 2 ** (32 - r.prefix)))
      .sort((x, y) => y.prefix - x.prefix)[0];
    if (hit) add(hit.iface, `${formatIpv4(a)}/${hit.prefix}`);
    else add(Math.floor(a / 2 ** 24) === 127 ? 'lo' : '?', `${formatIpv4(a)}/${Math.floor(a / 2 ** 24) === 127 ? 8 : 32}`);
  }
  for (const r of v6) add(r.iface, r.address);
  return out;
}

/** The addresses of pid's network namespace; a file the kernel lacks (no IPv6) is empty. */
export function readAddresses(procRoot: string, pid: number): Map<string, string[]> {
  const read = (f: string): string => {
    try {
      return readFileSync(join(procRoot, String(pid), 'net', f), 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT' && f === 'if_inet6') return '';
      throw err;
    }
  };
  return addressesByIface(parseFibTrieLocal(read('fib_trie')), parseRoutes(read('route')), parseIfInet6(read('if_inet6')));
}
