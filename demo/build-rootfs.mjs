// Builds the demo root filesystem: busybox from the distribution's busybox-static
// package (nothing downloaded from elsewhere) with relative applet links (busybox
// --install -s makes absolute ones, which point outside a rootfs), plus munch and
// forkbomb, built statically when a C compiler exists, else their shell versions.
// usage: node demo/build-rootfs.mjs [DIR]   (default demo/build/rootfs); prints DIR.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(process.argv[2] ?? join(here, 'build', 'rootfs'));
const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));

function fail(msg) {
  console.error(`build-rootfs: ${msg}`);
  process.exit(1);
}

if (!BUSYBOX) fail('no busybox: apt-get install busybox-static');
const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
rmSync(dir, { recursive: true, force: true });
for (const d of ['bin', 'sbin', 'usr/bin', 'proc', 'dev', 'sys', 'tmp', 'etc', 'root', 'demo']) mkdirSync(join(dir, d), { recursive: true });
copyFileSync(BUSYBOX, join(dir, 'bin', 'busybox'));
chmodSync(join(dir, 'bin', 'busybox'), 0o755);
for (const a of applets) if (a !== 'busybox') symlinkSync('busybox', join(dir, 'bin', a));
writeFileSync(join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
writeFileSync(join(dir, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');

for (const demo of ['munch', 'forkbomb']) {
  const out = join(dir, 'demo', demo);
  let built = false;
  for (const cc of [process.env.CC, 'cc', 'gcc'].filter(Boolean)) {
    try {
      execFileSync(cc, ['-O2', '-Wall', '-static', '-o', out, join(here, `${demo}.c`)], { stdio: 'ignore' });
      built = true;
      break;
    } catch {
      // no compiler, or no static libc: try the next, then the shell version
    }
  }
  if (!built) {
    copyFileSync(join(here, `${demo}.sh`), out);
    chmodSync(out, 0o755);
  }
  symlinkSync(`../../demo/${demo}`, join(dir, 'usr', 'bin', demo));
}
console.log(dir);
