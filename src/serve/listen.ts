// `nstop serve --listen HOST:PORT`: where the endpoint listens. Loopback unless the user
// says --allow-remote: the endpoint is read-only, but it tells whoever connects every
// container, command line and image of the host.
import { isIP } from 'node:net';
import { UserError } from '../host/errors.js';

export const DEFAULT_LISTEN = '127.0.0.1:9758';

export type Listen = { host: string; port: number };

/** "127.0.0.1:9758", "[::1]:9758", "localhost:9758", ":9758" (every address). One line
 *  (exit 2) for anything else. */
export function parseListen(text: string, allowRemote: boolean): Listen {
  const bad = (why: string) => new UserError(`bad --listen "${text}": ${why} (e.g. 127.0.0.1:9758)`, 'usage');
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  if (!m) throw bad('HOST:PORT expected');
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw bad('port out of 1..65535');
  const host = m[1] ?? m[2] ?? '';
  if (m[1] !== undefined && isIP(host) !== 6) throw bad('not an IPv6 address in [ ]');
  if (m[2] !== undefined && host !== '' && host !== 'localhost' && isIP(host) === 0) throw bad('HOST must be an IP address or localhost');
  if (!loopback(host) && !allowRemote) {
    throw new UserError(`--listen ${text} is reachable from other hosts: add --allow-remote to serve every container's figures there`, 'usage');
  }
  return { host: host === '' ? '::' : host, port };
}

function loopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
