// Isolated namespace kinds as a compact word, e.g. ["pid","mnt","uts"] -> "mnt,pid,uts".
import { NS_TYPES, type NsType } from '../host/vocabulary.js';

export function isolatedShort(kinds: readonly NsType[]): string {
  if (kinds.length === 0) return '-';
  return NS_TYPES.filter((t) => kinds.includes(t)).join(',');
}
