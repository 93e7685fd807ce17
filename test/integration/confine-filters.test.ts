// The stage's two confinement filters, tested by themselves: native/stage/seccomp.c and
// devices.c compiled with a small probe program (test/helpers/confine-probe.ts, written
// and built in a temp dir). The probe makes each call once and prints NAME=ok or
// NAME=ERRNO. A run without the filter first shows that no probe of a refused call gets
// the filter's answer there, so the answers below come from the filter. Needs root: BPF,
// cgroups, mknod.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, statfsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { capMaskHex, type CapName, DEFAULT_CAPS } from '../../src/act/caps.js';
import { buildProbe, runProbe } from '../helpers/confine-probe.js';
import { emptyGroup } from '../helpers/cgroup-sandbox.js';
import { requireTool, isRoot, skipReason } from '../helpers/root.js';

const CGROUP2_SUPER_MAGIC = 0x63677270;

const skip = skipReason(
  !isRoot && 'needs root (loads BPF programs, creates a cgroup, makes device nodes)',
  !['x64', 'arm64'].includes(process.arch) && `seccomp.c knows x86_64 and aarch64, not ${process.arch}`,
  isRoot && requireTool('gcc'),
);

/** Where this host mounts cgroup2: /sys/fs/cgroup/unified (hybrid) or /sys/fs/cgroup. */
function cgroup2Root(): string | undefined {
  for (const dir of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup']) {
    try {
      if (Number(statfsSync(dir).type) === CGROUP2_SUPER_MAGIC) return dir;
    } catch {
      // not mounted here
    }
  }
  return undefined;
}

let work = '';
let probe = '';

before(() => {
  if (skip) return;
  work = mkdtempSync(join(os.tmpdir(), 'nstop-confine-'));
  probe = buildProbe(work);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const mask = (caps: readonly CapName[]): string => capMaskHex(caps);
const DEFAULT_MASK = mask(DEFAULT_CAPS);

// refused with the default capabilities, and what each must give
const REFUSED: Record<string, string> = {
  kexec_load: 'EPERM', unshare_ns: 'EPERM', mount: 'EPERM', keyctl: 'EPERM', bpf: 'EPERM',
  perf_event_open: 'EPERM', io_uring_setup: 'EPERM', userfaultfd: 'EPERM', clock_settime: 'EPERM',
  adjtimex: 'EPERM', process_vm_readv: 'EPERM', setns: 'EPERM', delete_module: 'EPERM', reboot: 'EPERM',
  swapon: 'EPERM', open_by_handle_at: 'EPERM', personality_0x41: 'EPERM', clone_newuser: 'EPERM',
  clone3: 'ENOSYS', ...(process.arch === 'x64' ? { x32_getpid: 'EPERM', int80: 'SIGSYS' } : {}),
};
// allowed with the default capabilities (name_to_handle_at and ptrace reach the kernel,
// which answers for itself)
const ALLOWED: Record<string, string> = {
  getpid: 'ok', open: 'ok', clone_plain: 'ok', fork: 'ok', pthread: 'ok', personality_query: 'ok',
  socket_inet: 'ok', chroot: 'ok', name_to_handle_at: 'EFAULT', ptrace: 'ESRCH',
};

describe('seccomp filter', { skip }, () => {
  test("the default mask is Docker's capability set, 0xa80425fb", () => {
    assert.equal(DEFAULT_MASK, '0xa80425fb');
  });

  test('without the filter no probe of a refused call gets what the filter answers', () => {
    const got = runProbe(probe, 'unfiltered');
    assert.equal(got['status_seccomp'], '0');
    for (const [name, refused] of Object.entries(REFUSED)) {
      assert.ok(got[name] !== undefined, `no result for ${name}`);
      assert.notEqual(got[name], refused, `${name} gives ${refused} even without the filter: the probe proves nothing`);
    }
  });

  test('default capabilities: Seccomp 2, the dangerous calls refused, ordinary ones work', () => {
    // int 0x80 reaches the kernel only where it has its i386 entry (IA32 emulation):
    // there the filter must kill (SIGSYS). A kernel built without it (this host's 6.18
    // has none: an unfiltered int 0x80 faults) answers SIGSEGV before any filter runs,
    // so no call gets through that way and the fault is what a probe sees either way.
    const i386Entry = process.arch === 'x64' && runProbe(probe, 'unfiltered')['int80'] === 'exit0';
    const refused = process.arch === 'x64' && !i386Entry ? { ...REFUSED, int80: 'SIGSEGV' } : REFUSED;
    const got = runProbe(probe, 'seccomp', DEFAULT_MASK);
    assert.equal(got['load'], 'ok');
    assert.equal(got['status_seccomp'], '2');
    for (const [name, want] of Object.entries({ ...refused, ...ALLOWED, socket_vsock: 'EPERM', socket_alg: 'EPERM' }))
      assert.equal(got[name], want, `${name}: ${got[name]}, expected ${want}${name === 'int80' ? (i386Entry ? ' (the kernel has an i386 entry)' : ' (no i386 entry in this kernel)') : ''}`);
  });

  test('with SYS_ADMIN kept: unshare, namespace clone, clone3 and mount reach the kernel', () => {
    const got = runProbe(probe, 'seccomp', mask([...DEFAULT_CAPS, 'SYS_ADMIN']));
    assert.equal(got['load'], 'ok');
    assert.equal(got['unshare_ns'], 'ok');
    assert.equal(got['clone_newuser'], 'ok');
    assert.equal(got['clone3'], 'EINVAL'); // NULL args: the kernel's answer, not ENOSYS
    assert.equal(got['mount'], 'ENOENT');
    assert.equal(got['bpf'], 'EINVAL');
    assert.equal(got['kexec_load'], 'EPERM'); // no capability opens it
    assert.equal(got['process_vm_readv'], 'EPERM'); // SYS_PTRACE's, not SYS_ADMIN's
  });

  test('with no capability kept: chroot refused as well (SYS_CHROOT gates it)', () => {
    const got = runProbe(probe, 'seccomp', '0x0');
    assert.equal(got['load'], 'ok');
    assert.equal(got['chroot'], 'EPERM');
    assert.equal(got['getpid'], 'ok');
  });
});

describe('device filter', { skip: skip || (!cgroup2Root() && skipReason('no cgroup2 mount on this host')) }, () => {
  let group = '';
  let scratch = '';

  before(() => {
    group = join(cgroup2Root()!, `nstop-devfilter-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
    mkdirSync(group);
    scratch = join(work, 'dev');
    mkdirSync(scratch);
  });

  after(async () => {
    if (!group || !existsSync(group)) return;
    // only the probe's child can be in this group, and only if the probe was killed
    await emptyGroup(() => readFileSync(join(group!, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number));
    rmdirSync(group);
  });

  test('inside the group: the allow-list opens and mknods, all else EPERM; outside: untouched', () => {
    const got = runProbe(probe, 'devices', group, scratch);
    assert.match(got['dir_of_procs_not_v2'] ?? '', /^(ENOTSUP|EOPNOTSUPP)$/);
    assert.equal(got['attach_not_cgroup'], 'EBADF');
    assert.match(got['attach_not_cgroup_msg'] ?? '', /^attach the device filter: /);
    assert.equal(got['dir_of_procs'], 'ok');
    assert.equal(got['attach'], 'ok', got['attach_msg']);
    assert.equal(got['plant_mem'], 'ok');
    // ENXIO where the kernel has no /dev/mem driver (CONFIG_DEVMEM off): the node opens as
    // far as the driver; what matters is that nothing refused it
    assert.match(got['outside_open_mem'] ?? '', /^(ok|ENXIO)$/);
    assert.equal(got['outside_mknod_block'], 'ok');
    assert.equal(got['join'], 'ok');
    assert.equal(got['cgroup'], '/' + group.split('/').pop());
    for (const name of ['open_dev_null', 'open_dev_urandom', 'mknod_null', 'open_own_null', 'mknod_pts'])
      assert.equal(got[name], 'ok', `${name}: ${got[name]}`);
    for (const name of ['mknod_block', 'mknod_console', 'mknod_mem', 'open_planted_mem'])
      assert.equal(got[name], 'EPERM', `${name}: ${got[name]}`);
  });
});
