// Linux capabilities by name (include/uapi/linux/capability.h) and what a container keeps.
// A launch keeps Docker's default set unless --cap-add/--cap-drop/--privileged say
// otherwise; the stage gets the kept set as one 64-bit mask (native/stage/confine.h).
import { ActError } from './errors.js';
import { CAP_NAMES, DEFAULT_CAPS, type CapName } from '../model/capabilities.js';

export { CAP_NAMES, DEFAULT_CAPS, type CapName } from '../model/capabilities.js';

/** What a launch asks for: privileged turns every confinement off (all capabilities, no
 *  seccomp, no no_new_privs, no masked paths, no device filter). */
export type Confinement = { privileged: boolean; caps: CapName[] };

export const DEFAULT_CONFINEMENT: Confinement = { privileged: false, caps: [...DEFAULT_CAPS] };

/** "NET_ADMIN", "net_admin" or "CAP_NET_ADMIN"; "all" is handled by the caller. */
export function capByName(text: string, flag: string): CapName {
  const n = text.trim().toUpperCase().replace(/^CAP_/, '');
  if ((CAP_NAMES as readonly string[]).includes(n)) return n as CapName;
  throw new ActError(`${flag} "${text}": no such capability (one of ${CAP_NAMES.join(', ')}, or all)`);
}

/** Docker's rules: start from the default set, drop (all = none), then add (all = every). */
export function resolveCaps(add: readonly string[], drop: readonly string[]): CapName[] {
  const words = (list: readonly string[]) => list.flatMap((v) => v.split(',')).map((w) => w.trim()).filter(Boolean);
  const dropAll = words(drop).some((w) => w.toLowerCase() === 'all');
  const addAll = words(add).some((w) => w.toLowerCase() === 'all');
  const dropped = new Set(words(drop).filter((w) => w.toLowerCase() !== 'all').map((w) => capByName(w, '--cap-drop')));
  const added = words(add).filter((w) => w.toLowerCase() !== 'all').map((w) => capByName(w, '--cap-add'));
  if (addAll) return [...CAP_NAMES];
  const kept = new Set<CapName>(dropAll ? [] : DEFAULT_CAPS.filter((c) => !dropped.has(c)));
  for (const c of added) kept.add(c);
  return CAP_NAMES.filter((c) => kept.has(c));
}

/** The set as the stage's --caps value: hex of the 64-bit mask, bit N = capability N. */
export function capMaskHex(caps: readonly CapName[]): string {
  let m = 0n;
  for (const c of caps) m |= 1n << BigInt(CAP_NAMES.indexOf(c));
  return `0x${m.toString(16)}`;
}

/** A /proc/PID/status CapEff/CapBnd value (16 hex digits) back to names. */
export function capsFromMask(hex: string): CapName[] {
  const m = BigInt(`0x${hex.replace(/^0x/, '')}`);
  return CAP_NAMES.filter((_c, i) => (m >> BigInt(i)) & 1n);
}
