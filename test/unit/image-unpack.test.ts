// The image unpacker: a normal tree comes out as stored, later entries win, a directory
// copies like an archive, and hostile archives are refused in one line with nothing
// written outside the destination.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, chmodSync, linkSync } from 'node:fs';
import os from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { ImageError, quoteName } from '../../src/image/errors.js';
import { unpackArchive, type UnpackOptions } from '../../src/image/unpack.js';
import { isRoot, skipReason, which } from '../helpers/root.js';
import { entry, globalHeader, gzip, paxHeader, tar, type TarSpec, xz } from '../helpers/tar-writer.js';

let tmp = '';
let n = 0;

before(() => {
  tmp = mkdtempSync(join(os.tmpdir(), 'nstop-unpack-'));
});

after(() => {
  // the unpacked trees hold read-only directories: make them writable so rm works without root
  spawnSync('chmod', ['-R', 'u+rwX', tmp], { stdio: 'ignore' });
  rmSync(tmp, { recursive: true, force: true });
});

/** A fresh case: dest (empty), outside (what attacks aim at, holding "secret"), and the case dir around them. */
function fresh(): { dir: string; dest: string; outside: string; secret: string } {
  const dir = join(tmp, `case-${++n}`);
  const dest = join(dir, 'dest');
  const outside = join(dir, 'outside');
  mkdirSync(dest, { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret'), 'secret\n');
  return { dir, dest, outside, secret: join(outside, 'secret') };
}

function archive(dir: string, bytes: Buffer, name = 'image.tar'): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function unpackTar(entries: (TarSpec | Buffer)[], opts: UnpackOptions = {}) {
  const c = fresh();
  const result = await unpackArchive(archive(c.dir, tar(entries)), c.dest, opts);
  return { ...c, result };
}

/** Unpacking is refused with a one-line ImageError matching `re`; nothing changed outside. */
async function refuses(entries: (TarSpec | Buffer)[], re: RegExp, opts: UnpackOptions = {}): Promise<{ dir: string; dest: string; outside: string; message: string }> {
  const c = fresh();
  let message = '';
  await assert.rejects(unpackArchive(archive(c.dir, tar(entries)), c.dest, opts), (err: unknown) => {
    assert.ok(err instanceof ImageError, `an ImageError, got ${String(err)}`);
    message = err.message;
    assert.match(message, re);
    assert.ok(!/[\n\r]/.test(message), `one line: ${JSON.stringify(message)}`);
    return true;
  });
  // the attack's targets: the outside dir holds only its secret, unchanged and not linked
  assert.deepEqual(readdirSync(c.outside), ['secret']);
  assert.equal(readFileSync(c.secret, 'utf8'), 'secret\n');
  assert.equal(statSync(c.secret).nlink, 1);
  assert.deepEqual(readdirSync(c.dir).sort(), ['dest', 'image.tar', 'outside']);
  return { ...c, message };
}

const mode = (p: string): number => lstatSync(p).mode & 0o7777;

test('errors: one line, control characters escaped, long names cut', () => {
  const e = new ImageError(`refused ${quoteName('a\nb\u001b[2J"c'.padEnd(300, 'x'))}: why`);
  assert.ok(!e.message.includes('\n') && !e.message.includes('\u001b'));
  assert.match(e.message, /^refused "a\\nb\\x1b\[2J\\"cx+…": why$/);
  assert.ok(e.message.length < 140);
  assert.equal(new ImageError('raw\r\nline').message, 'raw\\r\\nline');
});

test('a normal tree: modes, times, owners, symlinks verbatim, hard links, long and pax names', async () => {
  const T = 1_500_000_000;
  const long = `long/${'x'.repeat(150)}`;
  const paxName = `pax/${'ü'.repeat(60)}/file`;
  const { dest, result } = await unpackTar([
    globalHeader({ comment: 'git archive puts a commit id here' }),
    { name: './', type: 'dir', mode: 0o755, mtime: T },
    { name: './bin/', type: 'dir', mode: 0o711, mtime: T + 1 },
    { name: './bin/tool', data: 'hello\n', mode: 0o4755, mtime: T + 2, uid: 0, gid: 0 },
    { name: './bin/tool2', type: 'link', linkname: './bin/tool' },
    { name: './etc/', type: 'dir', mode: 0o555, mtime: T + 3 }, // read-only, yet written into below
    { name: './etc/passwd', data: 'root:x:0:0::/root:/bin/sh\n', mode: 0o644, uid: 1000, gid: 1001, mtime: T + 4 },
    { name: './etc/abs', type: 'symlink', linkname: '/etc/passwd' },
    { name: './etc/rel', type: 'symlink', linkname: '../bin/tool' },
    { name: './etc/up', type: 'symlink', linkname: '../../../../nowhere' },
    { name: long, data: 'long', gnuLongName: true },
    { name: 'longlink', type: 'symlink', linkname: `/${'y'.repeat(150)}`, gnuLongLink: true },
    { name: paxName, data: 'pax', pax: { path: paxName, mtime: '1700000000.5', uid: '3000000', gid: '3000001' } },
    { name: 'file.txt', prefix: 'prefixed/dir', data: 'prefixed' },
    { name: 'big-uid', data: '', uid: 3_000_000, gid: 2_000_000_000 }, // base-256 fields
    { name: 'run/fifo', type: 'fifo', mode: 0o620 },
    { name: 'cont', type: 'contiguous', data: 'contiguous' },
    { name: 'olddir/', typeflag: '\0', mode: 0o750 },
    { name: '/abs/x', data: 'abs' },
    { name: 'odd', typeflag: 'Z', data: 'unknown type' },
    { name: 'block512', data: Buffer.alloc(512, 1) },
    { name: 'block513', data: Buffer.alloc(513, 2) },
  ]);
  assert.equal(result.entries, 21 + 7, 'with the 7 parent directories the archive did not list');
  assert.equal(result.bytes, 6 + 26 + 4 + 3 + 8 + 10 + 3 + 12 + 512 + 513);
  assert.ok(result.warnings.some((w) => w.includes('"odd": unknown entry type "Z"')), result.warnings.join('; '));
  assert.equal(mode(dest), 0o755);
  assert.equal(lstatSync(dest).mtimeMs, T * 1000);
  assert.equal(mode(join(dest, 'bin')), 0o711);
  assert.equal(lstatSync(join(dest, 'bin')).mtimeMs, (T + 1) * 1000, 'directory times are set after their contents');
  assert.equal(readFileSync(join(dest, 'bin/tool'), 'utf8'), 'hello\n');
  assert.equal(mode(join(dest, 'bin/tool')), 0o4755, 'setuid kept');
  assert.equal(lstatSync(join(dest, 'bin/tool')).mtimeMs, (T + 2) * 1000);
  assert.equal(lstatSync(join(dest, 'bin/tool2')).ino, lstatSync(join(dest, 'bin/tool')).ino);
  assert.equal(mode(join(dest, 'etc')), 0o555);
  assert.equal(readFileSync(join(dest, 'etc/passwd'), 'utf8'), 'root:x:0:0::/root:/bin/sh\n');
  assert.equal(readlinkSync(join(dest, 'etc/abs')), '/etc/passwd');
  assert.equal(readlinkSync(join(dest, 'etc/rel')), '../bin/tool');
  assert.equal(readlinkSync(join(dest, 'etc/up')), '../../../../nowhere');
  assert.equal(readFileSync(join(dest, long), 'utf8'), 'long');
  assert.equal(readlinkSync(join(dest, 'longlink')), `/${'y'.repeat(150)}`);
  assert.equal(readFileSync(join(dest, paxName), 'utf8'), 'pax');
  assert.equal(lstatSync(join(dest, paxName)).mtimeMs, 1_700_000_000_500);
  assert.equal(readFileSync(join(dest, 'prefixed/dir/file.txt'), 'utf8'), 'prefixed');
  assert.ok(lstatSync(join(dest, 'run/fifo')).isFIFO());
  assert.equal(mode(join(dest, 'run/fifo')), 0o620);
  assert.equal(readFileSync(join(dest, 'cont'), 'utf8'), 'contiguous');
  assert.ok(lstatSync(join(dest, 'olddir')).isDirectory());
  assert.equal(mode(join(dest, 'olddir')), 0o750);
  assert.equal(readFileSync(join(dest, 'abs/x'), 'utf8'), 'abs', 'a leading "/" is dropped');
  assert.equal(readFileSync(join(dest, 'odd'), 'utf8'), 'unknown type');
  assert.deepEqual(readFileSync(join(dest, 'block513')), Buffer.alloc(513, 2));
  if (isRoot) {
    assert.deepEqual([lstatSync(join(dest, 'etc/passwd')).uid, lstatSync(join(dest, 'etc/passwd')).gid], [1000, 1001]);
    assert.deepEqual([lstatSync(join(dest, paxName)).uid, lstatSync(join(dest, paxName)).gid], [3_000_000, 3_000_001]);
    assert.deepEqual([lstatSync(join(dest, 'big-uid')).uid, lstatSync(join(dest, 'big-uid')).gid], [3_000_000, 2_000_000_000]);
  } else {
    skipReason('owner checks need root');
    assert.ok(result.warnings.some((w) => w.includes('owners')));
  }
});

test('later entries win, and replacing never writes through what was there', async () => {
  const c = fresh();
  const { dest, result } = await unpackTar([
    { name: 'a', data: 'first' },
    { name: 'a', data: 'second' },
    { name: 'f', type: 'symlink', linkname: c.secret }, // a symlink to the outside ...
    { name: 'f', data: 'replaced' }, // ... replaced by a file: the secret is untouched
    { name: 'g', data: 'g' },
    { name: 'h', type: 'link', linkname: 'g' },
    { name: 'h', data: 'new h' }, // a new inode: g keeps its data
    { name: 's', data: 'file' },
    { name: 's', type: 'symlink', linkname: 'a' },
    { name: 'd', type: 'symlink', linkname: '/' },
    { name: 'd/', type: 'dir' }, // a directory replaces the symlink: no mkdir through it
    { name: 'd/x', data: 'in d' },
    { name: 'e/', type: 'dir' },
    { name: 'e', data: 'an empty directory may be replaced' },
  ]);
  assert.equal(result.entries, 14);
  assert.equal(readFileSync(join(dest, 'a'), 'utf8'), 'second');
  assert.ok(lstatSync(join(dest, 'f')).isFile());
  assert.equal(readFileSync(join(dest, 'f'), 'utf8'), 'replaced');
  assert.equal(readFileSync(c.secret, 'utf8'), 'secret\n');
  assert.equal(readFileSync(join(dest, 'g'), 'utf8'), 'g');
  assert.equal(readFileSync(join(dest, 'h'), 'utf8'), 'new h');
  assert.equal(readlinkSync(join(dest, 's')), 'a');
  assert.ok(lstatSync(join(dest, 'd')).isDirectory());
  assert.equal(readFileSync(join(dest, 'd/x'), 'utf8'), 'in d');
  assert.equal(readFileSync(join(dest, 'e'), 'utf8'), 'an empty directory may be replaced');
});

test('hostile names: "..", NUL, invalid UTF-8, too long, too deep, control characters', async () => {
  let r = await refuses([{ name: '../x', data: 'x' }], /^refused "\.\.\/x": path leaves the image$/);
  assert.ok(!existsSync(join(r.dir, 'x')));
  r = await refuses([{ name: 'a/', type: 'dir' }, { name: 'a/../../x', data: 'x' }], /^refused "a\/\.\.\/\.\.\/x": path leaves the image$/);
  assert.ok(!existsSync(join(r.dir, 'x')));
  await refuses([{ name: 'harmless', data: 'x', gnuLongName: true }, { name: `${'d/'.repeat(60)}../../${'../'.repeat(60)}x`, data: 'x', gnuLongName: true }], /path leaves the image/);
  await refuses([{ name: 'innocent', data: 'x', pax: { path: '../x' } }], /^refused "\.\.\/x": path leaves the image$/);
  await refuses([{ name: 'nul', data: 'x', pax: { path: 'a\0b' } }], /^refused "a\\x00b": the name contains a NUL byte$/);
  await refuses([{ name: 'latin1', data: 'x', pax: { path: Buffer.from([0x61, 0xe9, 0x62]) } }], /the name is not valid UTF-8/);
  r = await refuses([{ name: 'nl', data: 'x', pax: { path: '../evil\nline\u001b[2J' } }], /^refused "\.\.\/evil\\nline\\x1b\[2J": path leaves the image$/);
  r = await refuses([{ name: 'long', data: 'x', pax: { path: 'n'.repeat(5000) } }], /^refused "n{99}…": the name is longer than 4096 bytes$/);
  await refuses([{ name: 'deep', data: 'x', pax: { path: 'a/'.repeat(257) + 'x' } }], /the path is more than 256 levels deep/);
  await refuses([{ name: 'comp', data: 'x', pax: { path: 'c'.repeat(300) } }], /a path component is longer than 255 bytes/);
});

test('hostile entries: device nodes, writing through symlinks, hard links out or to symlinks', async () => {
  await refuses([{ name: 'dev/null', type: 'char' }], /^refused "dev\/null": device nodes are not allowed in images$/);
  await refuses([{ name: 'dev/sda', type: 'block' }], /device nodes are not allowed in images/);
  // "etc -> /etc" then "etc/passwd", with the outside dir standing in for the host's /etc
  const c = fresh();
  await refuses([{ name: 'etc', type: 'symlink', linkname: c.outside }, { name: 'etc/passwd', data: 'evil' }], /^refused "etc\/passwd": would write through the symlink "etc"$/);
  await refuses([{ name: 'etc', type: 'symlink', linkname: c.outside }, { name: 'etc/sub/', type: 'dir' }], /would write through the symlink "etc"/);
  // a relative symlink up and out of the tree, then a file under it aimed at outside/
  const up = '../../..'; // dest/up -> tmp's parent
  const aim = `up/${basename(tmp)}/case-${n + 1}/outside/evil`;
  await refuses([{ name: 'up', type: 'symlink', linkname: up }, { name: aim, data: 'evil' }], /would write through the symlink "up"/);
  // a deep symlinked parent
  await refuses([{ name: 'a/b/', type: 'dir' }, { name: 'a/b/c', type: 'symlink', linkname: '/' }, { name: 'a/b/c/d/e', data: 'x' }], /would write through the symlink "a\/b\/c"/);
  // an empty directory replaced by a symlink, then a file under the symlink
  await refuses([{ name: 'd/', type: 'dir' }, { name: 'd', type: 'symlink', linkname: c.outside }, { name: 'd/evil', data: 'x' }], /would write through the symlink "d"/);
  // a non-empty directory is not replaced
  await refuses([{ name: 'd/x', data: 'x' }, { name: 'd', data: 'file' }], /^refused "d": a directory of that name is already there and not empty$/);
  // hard links
  await refuses([{ name: 'h', type: 'link', linkname: '../outside/secret' }], /^refused "h": hard link target "\.\.\/outside\/secret": path leaves the image$/);
  await refuses([{ name: 's', type: 'symlink', linkname: '/etc/passwd' }, { name: 'h', type: 'link', linkname: 's' }], /^refused "h": hard link target "s": is a symlink, not a regular file$/);
  const d = fresh();
  await refuses([{ name: 's', type: 'symlink', linkname: d.outside }, { name: 'h', type: 'link', linkname: 's/secret' }], /hard link target "s\/secret": would go through the symlink "s"/);
  await refuses([{ name: 'h', type: 'link', linkname: 'later' }, { name: 'later', data: 'x' }], /hard link target "later": not in the image/);
  await refuses([{ name: 'dir/', type: 'dir' }, { name: 'h', type: 'link', linkname: 'dir' }], /hard link target "dir": is not a regular file/);
  await refuses([{ name: 'h', type: 'link', linkname: c.secret }], /hard link target .*not in the image/);
  await refuses([{ name: './', type: 'symlink', linkname: '/' }], /only a directory can be the image root/);
});

test('broken archives: not a tar, bad checksums, truncation', async () => {
  const good = tar([{ name: 'd/', type: 'dir' }, { name: 'd/f', data: Buffer.alloc(2000, 7) }]);
  const cases: [Buffer, RegExp][] = [
    [Buffer.from('hello, this is not a tar archive at all\n'.repeat(30)), /^not a tar archive/],
    [Buffer.alloc(0), /^not a tar archive \(it is empty\)$/],
    [Buffer.from('short'), /^not a tar archive/],
    [Buffer.concat([Buffer.alloc(512), Buffer.from('MBR-ish data')]), /^not a tar archive \(it starts with a zero block followed by data\)$/],
    [tar([{ name: 'a', data: 'x', badChecksum: true }]), /^not a tar archive \(its first header has a bad checksum\)$/],
    [tar([{ name: 'd/', type: 'dir' }, { name: 'd/f', data: 'x', badChecksum: true }]), /^corrupt tar header at byte 512: bad checksum$/],
    [good.subarray(0, 512 + 512 + 1000), /^truncated archive: it ends inside "d\/f" \(at byte 2024\)$/],
    [good.subarray(0, 512 + 200), /^truncated archive: it ends inside the header at byte 512$/],
    [entry({ name: 'p', data: 'x', pax: { path: 'p' } }).subarray(0, 1024), /^truncated archive: it ends after the extended header at byte 0$/],
    // one entry's extended headers are held in memory: 1 MiB in all, however many headers
    [tar([paxHeader({ comment: 'c'.repeat(600_000) }), paxHeader({ comment: 'c'.repeat(600_000) }), { name: 'q', data: 'x' }]), /^pax header at byte 600576: the extended headers of one entry are larger than 1 MiB$/],
  ];
  for (const [bytes, re] of cases) {
    const c = fresh();
    await assert.rejects(unpackArchive(archive(c.dir, bytes), c.dest), (err: unknown) => err instanceof ImageError && re.test(err.message), String(re));
  }
  // the end without zero blocks is an end, as in tar
  const c = fresh();
  const r = await unpackArchive(archive(c.dir, tar([{ name: 'a', data: 'x' }], { end: false })), c.dest);
  assert.equal(r.entries, 1);
});

test('tar details: an empty archive, a lone zero block, xattrs, pax size, a global header', async () => {
  let c = fresh();
  let r = await unpackArchive(archive(c.dir, Buffer.alloc(10240)), c.dest);
  assert.deepEqual([r.entries, r.bytes, readdirSync(c.dest)], [0, 0, []]);
  c = fresh();
  r = await unpackArchive(archive(c.dir, Buffer.concat([entry({ name: 'a', data: 'a' }), Buffer.alloc(512), entry({ name: 'b', data: 'b' })])), c.dest);
  assert.deepEqual(readdirSync(c.dest), ['a']);
  assert.equal(r.warnings[0], 'a lone zero block at byte 1024: the archive was read up to there');
  const x = await unpackTar([
    { name: 'ping', data: 'ELF', pax: { 'SCHILY.xattr.security.capability': Buffer.from([1, 0, 0, 2]) } },
    globalHeader({ comment: 'between entries' }),
    { name: 'sized', data: 'twelve bytes', size: 3, pax: { size: '12' } },
  ]);
  assert.equal(readFileSync(join(x.dest, 'sized'), 'utf8'), 'twelve bytes');
  // the 1 MiB for extended headers is per entry
  const big = await unpackTar([{ name: 'p', data: 'x', pax: { comment: 'c'.repeat(600_000) } }, { name: 'q', data: 'x', pax: { comment: 'c'.repeat(600_000) } }]);
  assert.equal(big.result.entries, 2);
  assert.ok(x.result.warnings.includes('1 entries had extended attributes (such as file capabilities), which were not kept'));
});

test('archives made by GNU tar (gnu, posix, ustar, v7) unpack like tar does', async () => {
  if (skipReason(!which('tar') && 'tar is not installed')) return;
  const c = fresh();
  const src = join(c.dir, 'src');
  mkdirSync(join(src, 'sub'), { recursive: true });
  writeFileSync(join(src, 'sub/exec'), '#!/bin/sh\n');
  chmodSync(join(src, 'sub/exec'), 0o2755);
  linkSync(join(src, 'sub/exec'), join(src, 'exec-link'));
  symlinkSync('/usr/bin/env', join(src, 'env'));
  writeFileSync(join(src, 'utf8-ünïcode'), '');
  utimesSync(join(src, 'sub/exec'), 1_234_567_890, 1_234_567_890);
  // what v7 cannot store: names over 100 bytes (ustar splits this one into prefix and name)
  const deep = join(src, 'long', 'd'.repeat(60), 'e'.repeat(60));
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'f'.repeat(90)), 'long names');
  // and what ustar cannot store either: a name over 100 bytes with no "/" to split at, a long link
  mkdirSync(join(src, 'longer'));
  writeFileSync(join(src, 'longer', 'g'.repeat(120)), 'longer');
  symlinkSync(`../${'t'.repeat(110)}`, join(src, 'longer/link'));
  // pax keeps ns; JS sets times as a double of seconds, which holds ~15.9 digits: a
  // random "now" with ns can land 1 µs off. A binary fraction (.25) is exact in both.
  const times = spawnSync('find', [src, '-exec', 'touch', '-h', '-d', '@1700000000.25', '{}', '+'], { encoding: 'utf8' });
  assert.equal(times.status, 0, times.stderr);
  utimesSync(join(src, 'sub/exec'), 1_234_567_890, 1_234_567_890);
  // pax keeps ns (utimes from JS keeps µs of them), the other formats whole seconds
  const listing = (root: string, digits: number, skip: string[]): string =>
    spawnSync('find', ['.', '-printf', '%p %m %y %l %s %n %T@\n'], { cwd: root, encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => l !== '' && !l.startsWith('. ') && !skip.some((s) => l.startsWith(`./${s}`)))
      .map((l) => l.replace(/\.(\d*)$/, (_, f: string) => (digits > 0 ? `.${f.slice(0, digits)}` : '')))
      .sort()
      .join('\n');
  const formats: [string, string[]][] = [['gnu', []], ['posix', []], ['ustar', ['longer']], ['v7', ['longer', 'long']]];
  for (const [format, skip] of formats) {
    const file = join(c.dir, `${format}.tar`);
    const made = spawnSync('tar', [`--format=${format}`, ...skip.map((s) => `--exclude=./${s}`), '-cf', file, '-C', src, '.'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const dest = join(c.dir, `${format}-out`);
    mkdirSync(dest);
    await unpackArchive(file, dest);
    const digits = format === 'posix' ? 6 : 0;
    assert.equal(listing(dest, digits, skip), listing(src, digits, skip), format);
  }
});

test('limits: entries and bytes, and a huge declared size with no data behind it', async () => {
  const many = Array.from({ length: 20 }, (_, i): TarSpec => ({ name: `f${i}`, data: 'x'.repeat(1000) }));
  await refuses(many, /^archive has more than 10 entries \(limit: --max-files\)$/, { maxEntries: 10 });
  await refuses(many, /^archive unpacks to more than 2500 bytes \(the limit\)$/, { maxBytes: 2500 });
  // directories the archive does not list count: one entry cannot make 200 of them
  await refuses([{ name: 'x/'.repeat(200) + 'f', data: 'x', gnuLongName: true }], /^archive has more than 100 entries/, { maxEntries: 100 });
  const ok = await unpackTar(many, { maxEntries: 20, maxBytes: 20_000 });
  assert.equal(ok.result.entries, 20);
  assert.equal(ok.result.bytes, 20_000);
  // 2^50 bytes declared in a base-256 size field, nothing behind it: the space check comes first
  await refuses([{ name: 'huge', size: 2 ** 50 }], /^archive unpacks to more than \d+ bytes \(95 % of the free space in .*\)$/);
  await refuses([{ name: 'huge', data: 'x', pax: { size: String(2 ** 52) } }], /^archive unpacks to more than \d+ bytes/);
});

test('compression is told by magic bytes: gzip and xz, whatever the name', async () => {
  const t = tar([{ name: 'hello', data: 'compressed' }, { name: 'big', data: Buffer.alloc(3 << 20, 'ab') }]);
  const variants: [string, Buffer][] = [['plain.bin', t], ['gz-named.tar', gzip(t)], ['image.bin', gzip(Buffer.concat([t, Buffer.alloc(10240)]))]];
  if (which('xz')) variants.push(['xz-named.tgz', xz(t)], ['image', xz(t)]);
  else skipReason('xz is not installed');
  for (const [name, bytes] of variants) {
    const c = fresh();
    const progress: { bytes: number; entries: number; totalBytes?: number }[] = [];
    const r = await unpackArchive(archive(c.dir, bytes, name), c.dest, { onProgress: (p) => progress.push(p) });
    assert.equal(readFileSync(join(c.dest, 'hello'), 'utf8'), 'compressed', name);
    assert.equal(statSync(join(c.dest, 'big')).size, 3 << 20);
    assert.equal(r.entries, 2);
    assert.ok(progress.length >= 1, `${name}: progress reported`);
    for (const p of progress) {
      assert.equal(p.totalBytes, bytes.length);
      assert.ok(p.bytes >= 0 && p.bytes <= bytes.length);
    }
  }
  // broken compressed data says which decompressor failed
  let c = fresh();
  await assert.rejects(unpackArchive(archive(c.dir, gzip(t).subarray(0, 2000), 'cut.tgz'), c.dest), /gzip: unexpected end of file/);
  if (which('xz')) {
    c = fresh();
    await assert.rejects(unpackArchive(archive(c.dir, Buffer.concat([xz(t).subarray(0, 100), Buffer.alloc(100, 9)]), 'bad.txz'), c.dest), /bad\.txz: xz: /);
  }
  c = fresh();
  await assert.rejects(unpackArchive(archive(c.dir, Buffer.from('BZh91AY&SY'), 'x.tar.bz2'), c.dest), /bzip2 archives are not supported/);
});

test('xz missing: a clear error', async () => {
  if (skipReason(!which('xz') && 'xz is not installed')) return;
  const c = fresh();
  const file = archive(c.dir, xz(tar([{ name: 'a', data: 'x' }])), 'a.tar.xz');
  const path = process.env['PATH'];
  process.env['PATH'] = join(c.dir, 'empty-bin');
  try {
    await assert.rejects(unpackArchive(file, c.dest), /a\.tar\.xz is xz-compressed and xz is not installed \(apt-get install xz-utils\)$/);
  } finally {
    process.env['PATH'] = path;
  }
});

/** Open fds and child processes of this process. */
function resources(): { fds: number; children: string[] } {
  const children = readdirSync('/proc/self/task').flatMap((t) => {
    try {
      return readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  });
  return { fds: readdirSync('/proc/self/fd').length, children };
}

test('a refusal early in a big xz archive leaves no fd and no xz behind', async () => {
  if (skipReason(!which('xz') && 'xz is not installed')) return;
  const random = Buffer.alloc(2 << 20);
  for (let i = 0; i < random.length; i += 4) random.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
  const t = tar([{ name: 'ok', data: 'x' }, { name: 'dev/null', type: 'char' }, { name: 'noise', data: random }]);
  const c = fresh();
  const file = archive(c.dir, xz(t), 'big.tar.xz');
  const before = resources();
  for (const [source, re] of [
    [file, /device nodes/],
    [archive(c.dir, gzip(t), 'big.tgz'), /device nodes/],
  ] as const) {
    for (const name of readdirSync(c.dest)) rmSync(join(c.dest, name), { recursive: true });
    await assert.rejects(unpackArchive(source, c.dest), re);
    assert.deepEqual(resources(), before);
  }
  // and after a successful one (the zero blocks end it before the file does)
  const ok = fresh();
  await unpackArchive(archive(ok.dir, xz(Buffer.concat([tar([{ name: 'a', data: 'x' }]), random])), 'trailing.tar.xz'), ok.dest);
  assert.deepEqual(resources(), before);
});

test('a directory source: copied by the same rules, symlinks never followed', async () => {
  const c = fresh();
  const src = join(c.dir, 'src');
  mkdirSync(join(src, 'etc/ro'), { recursive: true });
  mkdirSync(join(src, 'bin'));
  writeFileSync(join(src, 'bin/tool'), 'tool');
  chmodSync(join(src, 'bin/tool'), 0o4755);
  linkSync(join(src, 'bin/tool'), join(src, 'bin/tool2'));
  writeFileSync(join(src, 'etc/ro/conf'), 'conf');
  writeFileSync(join(src, 'etc/line\nbreak'), 'odd name');
  symlinkSync('/etc/passwd', join(src, 'etc/abs'));
  symlinkSync('../bin/tool', join(src, 'etc/rel'));
  symlinkSync(c.outside, join(src, 'out')); // not followed: outside's secret is not copied
  spawnSync('mkfifo', [join(src, 'fifo')]);
  utimesSync(join(src, 'etc/ro/conf'), 1_400_000_000, 1_400_000_000);
  chmodSync(join(src, 'etc/ro'), 0o555);
  utimesSync(join(src, 'etc/ro'), 1_300_000_000, 1_300_000_000);
  const progress: number[] = [];
  const r = await unpackArchive(src, c.dest, { onProgress: (p) => progress.push(p.entries) });
  chmodSync(join(src, 'etc/ro'), 0o755);
  assert.equal(r.entries, 11);
  assert.equal(r.bytes, 4 + 4 + 8);
  assert.ok(progress.length >= 1);
  const d = c.dest;
  assert.equal(readFileSync(join(d, 'bin/tool'), 'utf8'), 'tool');
  assert.equal(mode(join(d, 'bin/tool')), 0o4755);
  assert.equal(lstatSync(join(d, 'bin/tool2')).ino, lstatSync(join(d, 'bin/tool')).ino, 'hard links stay hard links');
  assert.equal(readFileSync(join(d, 'etc/line\nbreak'), 'utf8'), 'odd name');
  assert.equal(readlinkSync(join(d, 'etc/abs')), '/etc/passwd');
  assert.equal(readlinkSync(join(d, 'etc/rel')), '../bin/tool');
  assert.equal(readlinkSync(join(d, 'out')), c.outside);
  assert.ok(lstatSync(join(d, 'fifo')).isFIFO());
  assert.equal(mode(join(d, 'etc/ro')), 0o555);
  assert.equal(lstatSync(join(d, 'etc/ro')).mtimeMs, 1_300_000_000_000);
  assert.equal(lstatSync(join(d, 'etc/ro/conf')).mtimeMs, 1_400_000_000_000);
  assert.deepEqual(readdirSync(c.outside), ['secret']);

  // limits hold for directories too
  const e = fresh();
  await assert.rejects(unpackArchive(src, e.dest, { maxEntries: 3 }), /^ImageError: directory has more than 3 entries \(limit: --max-files\)$/);
  const f = fresh();
  await assert.rejects(unpackArchive(src, f.dest, { maxBytes: 5 }), /^ImageError: directory copies to more than 5 bytes/);
});

test('a directory source with a device node is refused (root)', async () => {
  if (skipReason(!isRoot && 'mknod needs root')) return;
  const c = fresh();
  const src = join(c.dir, 'src');
  mkdirSync(join(src, 'dev'), { recursive: true });
  assert.equal(spawnSync('mknod', [join(src, 'dev/null'), 'c', '1', '3']).status, 0);
  await assert.rejects(unpackArchive(src, c.dest), /^ImageError: refused "dev\/null": device nodes are not allowed in images$/);
});

test('the destination must be an empty directory; a missing source is named', async () => {
  const c = fresh();
  writeFileSync(join(c.dest, 'x'), '');
  await assert.rejects(unpackArchive(archive(c.dir, tar([{ name: 'a', data: 'x' }])), c.dest), /is not empty$/);
  await assert.rejects(unpackArchive(join(c.dir, 'nope.tar'), c.dest), /nope\.tar: no such archive or directory$/);
});
