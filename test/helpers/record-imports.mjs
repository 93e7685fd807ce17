// node --import ./record-imports.mjs: appends every ESM URL the program resolves to the
// file named by $NSTOP_IMPORT_LOG (used to prove subcommands never load Ink/React).
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.NSTOP_IMPORT_LOG, r.url + '\\n');
  return r;
}`;
register('data:text/javascript,' + encodeURIComponent(hooks));
