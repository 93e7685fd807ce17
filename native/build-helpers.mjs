// Builds the C helpers when a C compiler exists (run by `npm ci` through the prepare
// script): native/stage/*.c into native/build/nstop-stage (launching and entering
// containers) and native/firstlook/*.c into native/build/nstop-firstlook (the
// dashboard's first sight of a big host, read beside the module loader). Without a
// compiler nstop still watches (its first frame on a big host comes later); launching
// and entering containers say how to get the helper. Prints one line either way.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const helpers = [
  { dir: 'stage', out: 'nstop-stage' },
  { dir: 'firstlook', out: 'nstop-firstlook', flags: ['-pthread'] },
];
const compilers = [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean);

mkdirSync(join(here, 'build'), { recursive: true });
for (const cc of compilers) {
  const built = [];
  for (const h of helpers) {
    const src = join(here, h.dir);
    const sources = readdirSync(src).filter((f) => f.endsWith('.c')).map((f) => join(src, f));
    const out = join(here, 'build', h.out);
    try {
      execFileSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', ...(h.flags ?? []), '-o', out, ...sources], { stdio: ['ignore', 'inherit', 'inherit'] });
      built.push(out);
    } catch (err) {
      if (err.code === 'ENOENT') break; // no such compiler: the next one
      console.error(`nstop: ${cc} failed to build ${out}`);
      process.exit(1);
    }
  }
  if (built.length === helpers.length) {
    console.log(`nstop: built ${built.join(' and ')} with ${cc}`);
    process.exit(0);
  }
}
console.log('nstop: no C compiler (cc, gcc, clang): the dashboard works, launching needs one (apt-get install gcc; npm rebuild)');
