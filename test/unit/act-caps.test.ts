// Capabilities a launch keeps: Docker's default set, --cap-add/--cap-drop by Docker's
// rules, --privileged, the stage's mask and how ls/the dashboard say it. Pure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CAP_NAMES, capMaskHex, capsFromMask, DEFAULT_CAPS, resolveCaps } from '../../src/act/caps.js';
import { ActError } from '../../src/act/errors.js';
import { confinementText } from '../../src/model/capabilities.js';
import { confinementFrom, runSpecFrom } from '../../src/cli/run-command.js';

const oneLine = (re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ActError, String(e));
  assert.ok(!e.message.includes('\n'), e.message);
  assert.match(e.message, re);
  return true;
};

describe('capabilities', () => {
  test('the names are the kernel numbers: CHOWN 0, SYS_ADMIN 21, MKNOD 27, CHECKPOINT_RESTORE 40', () => {
    assert.equal(CAP_NAMES.indexOf('CHOWN'), 0);
    assert.equal(CAP_NAMES.indexOf('SYS_ADMIN'), 21);
    assert.equal(CAP_NAMES.indexOf('MKNOD'), 27);
    assert.equal(CAP_NAMES.indexOf('CHECKPOINT_RESTORE'), 40);
  });

  test("the default set is Docker's 14, and its mask what /proc/PID/status shows for a docker run", () => {
    assert.equal(DEFAULT_CAPS.length, 14);
    // CapBnd of `docker run busybox grep Cap /proc/self/status`
    assert.equal(capMaskHex(DEFAULT_CAPS), '0xa80425fb');
    assert.deepEqual(capsFromMask('00000000a80425fb'), CAP_NAMES.filter((c) => DEFAULT_CAPS.includes(c)));
    assert.deepEqual(resolveCaps([], []), CAP_NAMES.filter((c) => DEFAULT_CAPS.includes(c)));
  });

  test('add and drop by name, any case, with or without CAP_, repeatable or comma lists', () => {
    const caps = resolveCaps(['sys_admin', 'CAP_NET_ADMIN'], ['net_raw,MKNOD']);
    assert.ok(caps.includes('SYS_ADMIN') && caps.includes('NET_ADMIN'));
    assert.ok(!caps.includes('NET_RAW') && !caps.includes('MKNOD'));
    assert.equal(caps.length, 14);
  });

  test('drop all leaves only what is added; add all keeps every one', () => {
    assert.deepEqual(resolveCaps(['KILL'], ['all']), ['KILL']);
    assert.deepEqual(resolveCaps([], ['all']), []);
    assert.deepEqual(resolveCaps(['all'], ['SETUID']), [...CAP_NAMES]);
  });

  test('an unknown name is refused in one line naming the flag', () => {
    assert.throws(() => resolveCaps(['FOO'], []), oneLine(/^--cap-add "FOO": no such capability/));
    assert.throws(() => resolveCaps([], ['sys_nope']), oneLine(/^--cap-drop "sys_nope": no such capability/));
    assert.throws(() => resolveCaps([' '], ['\u001b]2;x']), oneLine(/--cap-drop ".*\\x1b/));
  });

  test('--privileged keeps everything and refuses to be mixed with --cap-add/--cap-drop', () => {
    assert.deepEqual(confinementFrom({ privileged: true }), { privileged: true, caps: [...CAP_NAMES] });
    assert.throws(() => confinementFrom({ privileged: true, capAdd: ['NET_ADMIN'] }), oneLine(/--privileged keeps every capability/));
    assert.throws(() => confinementFrom({ privileged: true, capDrop: ['FOO'] }), oneLine(/--cap-drop "FOO"/));
  });

  test('a run spec carries the confinement: default when nothing is said', () => {
    const { spec } = runSpecFrom({ env: [], detach: true }, ['sleep', '1']);
    assert.deepEqual(spec.confine, { privileged: false, caps: CAP_NAMES.filter((c) => DEFAULT_CAPS.includes(c)) });
    assert.throws(() => runSpecFrom({ env: [], detach: true, capAdd: ['BOGUS'] }, ['sleep', '1']), oneLine(/--cap-add "BOGUS"/));
  });

  test('how ls and the dashboard say it', () => {
    assert.equal(confinementText(undefined), 'none');
    assert.equal(confinementText({ privileged: true, caps: [...CAP_NAMES] }), 'privileged');
    assert.equal(confinementText({ privileged: false, caps: [...DEFAULT_CAPS] }), 'default');
    assert.equal(confinementText({ privileged: false, caps: resolveCaps(['SYS_ADMIN'], ['NET_RAW']) }), '+SYS_ADMIN -NET_RAW');
    assert.equal(confinementText({ privileged: false, caps: [] }), 'no caps');
  });
});
