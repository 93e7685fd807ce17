// Who root inside a user namespace is on the host: never host root. The user who ran
// sudo (SUDO_UID), else root's range in /etc/subuid and /etc/subgid, else the nobody
// uid (65534) alone. Lines of /etc/subuid look like "root:100000:65536".
import { readFileSync } from 'node:fs';

export type IdMap = { uidMap: string; gidMap: string; note: string };

export function parseSubid(text: string, users: readonly string[]): { start: number; count: number } | undefined {
  for (const line of text.split('\n')) {
    const [user, start, count] = line.trim().split(':');
    if (user && users.includes(user) && /^\d+$/.test(start ?? '') && /^\d+$/.test(count ?? '') && Number(count) > 0) {
      return { start: Number(start), count: Number(count) };
    }
  }
  return undefined;
}

const readOr = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

export function chooseIdMap(env: NodeJS.ProcessEnv = process.env, etc = '/etc'): IdMap {
  const uid = env['SUDO_UID'];
  const gid = env['SUDO_GID'] ?? uid;
  if (uid && /^\d+$/.test(uid) && uid !== '0' && gid && /^\d+$/.test(gid)) {
    return { uidMap: `0 ${uid} 1`, gidMap: `0 ${gid} 1`, note: `root in the container is uid ${uid} (SUDO_UID) on the host` };
  }
  const su = parseSubid(readOr(`${etc}/subuid`), ['root', '0']);
  const sg = parseSubid(readOr(`${etc}/subgid`), ['root', '0']);
  if (su && sg) {
    const n = Math.min(su.count, sg.count);
    return { uidMap: `0 ${su.start} ${n}`, gidMap: `0 ${sg.start} ${n}`, note: `uids 0-${n - 1} in the container are ${su.start}-${su.start + n - 1} on the host (/etc/subuid)` };
  }
  return { uidMap: '0 65534 1', gidMap: '0 65534 1', note: 'no SUDO_UID and no /etc/subuid range for root: root in the container is nobody (65534) on the host' };
}
