// The dashboard's settings file (F2 setup): $XDG_CONFIG_HOME/nstop/config, else
// ~/.config/nstop/config; format in ui/settings.ts and the README. Read once at start; a
// bad file gives one line and the defaults, and is never overwritten silently: saving
// over it first keeps it as config.bad and says so.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultSettings, formatConfig, parseConfig, type Settings } from '../ui/settings.js';

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CONFIG_HOME'];
  // XDG: a relative value is invalid and must be ignored
  const base = xdg && xdg.startsWith('/') ? xdg : join(env['HOME'] || homedir(), '.config');
  return join(base, 'nstop', 'config');
}

export type LoadedConfig = {
  settings: Settings;
  /** the file exists: its settings are in use */
  found: boolean;
  /** one line: why the file was not used (the defaults are) */
  error?: string;
};

export function loadConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { settings: defaultSettings(), found: false };
    return { settings: defaultSettings(), found: false, error: `${path}: ${(err as Error).message} (the defaults are used)` };
  }
  const parsed = parseConfig(text, path);
  return 'error' in parsed ? { settings: defaultSettings(), found: true, error: parsed.error } : { settings: parsed.settings, found: true };
}

/** Writes `settings`; the answer is the status line's message. `bad`: the file there now
 *  could not be used, so it is kept beside as config.bad rather than lost. */
export function saveConfig(path: string, settings: Settings, bad: boolean): string {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    let kept = '';
    if (bad) {
      renameSync(path, `${path}.bad`);
      kept = ` (the bad file is kept as ${path}.bad)`;
    }
    // a new file renamed over the old: a crash mid-write never leaves half a config
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, formatConfig(settings), { mode: 0o644 });
    renameSync(tmp, path);
    return `settings saved to ${path}${kept}`;
  } catch (err) {
    return `settings not saved: ${path}: ${(err as Error).message}`;
  }
}
