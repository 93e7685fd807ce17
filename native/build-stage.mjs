// Builds native/stage/*.c into native/build/nstop-stage when a C compiler exists (run
// by `npm ci` through the prepare script). Without one, nstop still watches; launching
// and entering containers say how to get the helper. Prints one line either way.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'stage');
const out = join(here, 'build', 'nstop-stage');
const sources = readdirSync(src).filter((f) => f.endsWith('.c')).map((f) => join(src, f));
const compilers = [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean);

mkdirSync(dirname(out), { recursive: true });
for (const cc of compilers) {
  try {
    execFileSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', out, ...sources], { stdio: ['ignore', 'inherit', 'inherit'] });
    console.log(`nstop: built ${out} with ${cc}`);
    process.exit(0);
  } catch (err) {
    if (err.code !== 'ENOENT') {
      console.error(`nstop: ${cc} failed to build the launch helper`);
      process.exit(1);
    }
  }
}
console.log('nstop: no C compiler (cc, gcc, clang): the dashboard works, launching needs one (apt-get install gcc; npm rebuild)');
