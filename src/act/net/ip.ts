// Links and addresses are made with iproute2's `ip` (batch mode: one process for several
// steps; it stops at the first failure and says which). Inside a container's network
// namespace it runs under util-linux `nsenter --net`, since `ip -n` only knows names
// under /run/netns. Why not netlink through koffi: a veth with its peer in another
// namespace is a nested IFLA_LINKINFO/VETH_INFO_PEER message plus ack parsing, a few
// hundred lines to get right, where `ip` is the reference client and every command can
// be pasted into a shell to see what nstop did; it costs ~2 ms a call, twice a launch.
import { spawn } from 'node:child_process';
import { ActError } from '../errors.js';

export type IpRun = { args: string[]; input?: string; netnsOf?: number; /** for errors */ label?: string };

/** ip's own error text ("Error: ...", "Cannot find device ..."): first line. */
function why(stderr: string, fallback: string): string {
  return stderr.split('\n').map((l) => l.trim()).find(Boolean) ?? fallback;
}

export function ip(r: IpRun): Promise<string> {
  const [cmd, argv] = r.netnsOf === undefined ? ['ip', r.args] : ['nsenter', [`--net=/proc/${r.netnsOf}/ns/net`, 'ip', ...r.args]];
  return new Promise((resolve, reject) => {
    // stdin only for a batch: ip exits without reading it otherwise (EPIPE)
    const child = spawn(cmd, argv as string[], { stdio: [r.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], timeout: 10_000 });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new ActError(`${cmd} is not installed (bridge networking needs iproute2${cmd === 'nsenter' ? ' and util-linux' : ''})`) : err),
    );
    child.once('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else if (code !== null || signal !== null) reject(new IpError(r.label ?? `ip ${r.args.join(' ')}`, why(stderr, `exit ${code ?? signal}`)));
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // ip died first: its exit status says why
      child.stdin.end(r.input);
    }
  });
}

/** Several commands, one per line, in one `ip -batch -`. */
export const ipBatch = (lines: string[], netnsOf?: number): Promise<string> =>
  ip({ args: ['-batch', '-'], input: lines.join('\n') + '\n', label: `ip ${lines.join('; ')}${netnsOf !== undefined ? ` (in pid ${netnsOf}'s namespace)` : ''}`, ...(netnsOf !== undefined ? { netnsOf } : {}) });

export class IpError extends ActError {
  constructor(readonly command: string, readonly reason: string) {
    super(`${command}: ${reason}`);
  }
}

/** "Cannot find device", "does not exist": already gone, which is what a delete wants. */
export const isMissingLink = (err: unknown): boolean => err instanceof IpError && /cannot find device|does not exist|no such device/i.test(err.reason);

/** Delete a link; already gone counts as done. Deleting one end of a veth deletes both. */
export async function deleteLink(name: string): Promise<void> {
  try {
    await ip({ args: ['link', 'del', 'dev', name] });
  } catch (err) {
    if (!isMissingLink(err)) throw err;
  }
}

type LinkJson = { ifname: string; addr_info?: { family: string; local: string; prefixlen: number }[] };

/** This namespace's links and their IPv4 addresses (`ip -j -4 addr`; links without an
 *  IPv4 address are listed too, with none). */
export async function hostLinks(): Promise<{ name: string; addresses: { local: string; prefix: number }[] }[]> {
  const [all, v4] = await Promise.all([ip({ args: ['-j', 'link', 'show'] }), ip({ args: ['-j', '-4', 'addr', 'show'] })]);
  const addrs = new Map((JSON.parse(v4 || '[]') as LinkJson[]).map((l) => [l.ifname, (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => ({ local: a.local, prefix: a.prefixlen }))]));
  return (JSON.parse(all || '[]') as LinkJson[]).map((l) => ({ name: l.ifname, addresses: addrs.get(l.ifname) ?? [] }));
}
