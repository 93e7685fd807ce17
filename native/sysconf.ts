// sysconf(3) for the two sizes /proc is counted in: the page size (statm and stat's rss are
// in pages: 4 KiB on most x86-64 and arm64 kernels, 16 or 64 KiB on some arm64 and ppc64
// ones) and clock ticks per second (stat's utime, stime and starttime). Asked of libc once
// per process; when koffi cannot load, the usual 4096 and 100 are used and a warning says
// so once (rss is then wrong on a kernel with bigger pages).
import { libc } from './libc.js';

/** from <bits/confname.h> (glibc, every Linux architecture) */
const _SC_CLK_TCK = 2;
const _SC_PAGESIZE = 30;
const FALLBACK = { pageSize: 4096, clockTicks: 100 } as const;

export type HostSizes = { pageSize: number; clockTicks: number };

let sizes: HostSizes | undefined;

/** The page size and clock ticks of this host, asked once. */
export function hostSizes(): HostSizes {
  if (sizes) return sizes;
  try {
    const { lib } = libc();
    const sysconf = lib.func('long sysconf(int name)') as unknown as (name: number) => number;
    const pageSize = Number(sysconf(_SC_PAGESIZE));
    const clockTicks = Number(sysconf(_SC_CLK_TCK));
    if (!(pageSize > 0) || !(clockTicks > 0)) throw new Error(`sysconf gave page size ${pageSize}, clock ticks ${clockTicks}`);
    sizes = { pageSize, clockTicks };
  } catch (err) {
    sizes = FALLBACK;
    process.emitWarning(`nstop: sysconf unavailable (${(err as Error).message.split('\n')[0]}); assuming ${FALLBACK.pageSize}-byte pages and ${FALLBACK.clockTicks} clock ticks per second`);
  }
  return sizes;
}
