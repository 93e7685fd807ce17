// Linux capability names (include/uapi/linux/capability.h) and Docker's default set: the
// vocabulary both the launch side (act/caps.ts) and the displays (ls, the dashboard) use.

/** Index = capability number (CAP_CHOWN is 0 ... CAP_CHECKPOINT_RESTORE is 40). */
export const CAP_NAMES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID',
  'SETPCAP', 'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW',
  'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT',
  'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD',
  'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG',
  'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE',
] as const;
export type CapName = (typeof CAP_NAMES)[number];

/** Docker's (moby oci/caps/defaults.go) default set, in its order. */
export const DEFAULT_CAPS: readonly CapName[] = [
  'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP',
  'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE',
];

/** How a container's confinement reads in ls and the dashboard: "default" (Docker's
 *  set), "privileged", the difference from the default ("+SYS_ADMIN -NET_RAW"), or
 *  "none" for a container launched before nstop confined (its state has no record). */
export function confinementText(c: { privileged: boolean; caps: readonly string[] } | undefined): string {
  if (!c) return 'none';
  if (c.privileged) return 'privileged';
  const added = c.caps.filter((x) => !(DEFAULT_CAPS as readonly string[]).includes(x));
  const dropped = DEFAULT_CAPS.filter((x) => !c.caps.includes(x));
  if (added.length + dropped.length === 0) return 'default';
  if (c.caps.length === 0) return 'no caps';
  return [...added.map((x) => `+${x}`), ...dropped.map((x) => `-${x}`)].join(' ');
}
