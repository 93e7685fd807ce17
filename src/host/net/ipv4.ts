// IPv4 addresses as unsigned 32-bit numbers, to and from dotted quads. Pure. Here, in
// host/, because both the namespace address reader (net-addrs.ts) and the bridge code of
// the act side (act/net/subnet.ts) need them, and act may import host, not the reverse.

export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((a, p) => a * 256 + p, 0);
}

export const formatIpv4 = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
