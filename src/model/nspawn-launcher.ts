// systemd-nspawn without machined (`--register=no`, as on a host whose PID 1 is not
// systemd) leaves no record on disk and no machine-<name>.scope: the payload runs in the
// caller's cgroups (nspawn only splits the named systemd hierarchy into /supervisor and
// /payload). What the runtime keeps is its own command line, the parent of the
// container's init in the host pid namespace: the machine name is what nspawn itself
// would register, -M/--machine, else the basename of -D/--directory or -i/--image.
// A real one (this host): systemd-nspawn --register=no --keep-unit -q -D /tmp/rtw-bb -M rtwn /bin/sleep 600
// Options are read up to the first argument that is not one (nspawn's getopt string
// starts with "+": the command's own arguments are never nspawn's).

/** nspawn 252's short options that take a value ("+hD:u:abL:M:jS:Z:qi:xp:nUE:P"). */
const SHORT_WITH_VALUE = new Set('DuLMSZipE');
/** Its long options that take none; every other long option without "=" takes the next. */
const LONG_FLAGS = new Set(['help', 'version', 'private-network', 'ephemeral', 'boot', 'read-only', 'quiet', 'keep-unit', 'as-pid2', 'pipe', 'network-veth', 'no-pager', 'private-users-chown']);

export const isNspawn = (comm: string, argv: readonly string[]): boolean =>
  comm === 'systemd-nspawn' || (argv[0] ?? '').endsWith('/systemd-nspawn');

/** The machine name an nspawn command line gives its container, if any. */
export function nspawnMachineName(argv: readonly string[]): string | undefined {
  const got: Record<string, string> = {};
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--' || !a.startsWith('-') || a === '-') break;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const value = eq >= 0 ? a.slice(eq + 1) : LONG_FLAGS.has(key) ? undefined : argv[++i];
      if (value !== undefined) got[key] = value;
      continue;
    }
    // a cluster of short options: the first that takes a value takes the rest or the next
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (!SHORT_WITH_VALUE.has(c)) continue;
      const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
      const long = { D: 'directory', M: 'machine', i: 'image' }[c as 'D' | 'M' | 'i'];
      if (long && value !== undefined) got[long] = value;
      break;
    }
  }
  if (got['machine']) return got['machine'];
  const base = (p: string | undefined) => p?.replace(/\/+$/, '').split('/').pop() || undefined;
  return base(got['directory']) ?? base(got['image'])?.replace(/\.raw$/, '');
}
