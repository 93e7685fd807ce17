// The settings file: its text round-trips, a bad line gives one line and the defaults,
// and a bad file is kept (config.bad) when F2 saves over it, never lost silently.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { configPath, loadConfig, saveConfig } from '../../src/cli/dashboard-config.js';
import { defaultSettings, formatConfig, parseConfig } from '../../src/ui/settings.js';

test('the written text parses back to the same settings, and the defaults parse from nothing', () => {
  const s = { ...defaultSettings(), intervalMs: 2500, mouse: false, theme: 'mono' as const, meters: 'summary' as const, tree: true };
  s.views.processes = { sort: 'rss', desc: false, columns: ['pid', 'user', 'cpu', 'command'] };
  const back = parseConfig(formatConfig(s));
  assert.ok('settings' in back);
  assert.deepEqual(back.settings, s);
  assert.deepEqual(parseConfig('# only a comment\n\n'), { settings: defaultSettings() });
});

test('a bad line is one line naming the file and the line', () => {
  for (const [text, said] of [
    ['mouse = on\ntheme = purple\n', /line 2: theme "purple": one of default, light, mono/],
    ['interval = fast', /line 1: interval "fast"/],
    ['containers.columns = name nosuch', /line 1: no containers column "nosuch"/],
    ['garbage', /line 1: "garbage" is not key = value/],
    ['\u0000\u0001binary junk', /line 1:/],
    ['colour = on', /unknown key "colour"/],
  ] as const) {
    const r = parseConfig(text, '/home/x/.config/nstop/config');
    assert.ok('error' in r, text);
    assert.match(r.error, said);
    assert.match(r.error, /^\/home\/x\/\.config\/nstop\/config line \d+: .*defaults are used/);
    assert.ok(!r.error.includes('\n'));
  }
});

test('XDG_CONFIG_HOME, else ~/.config; a relative XDG value is ignored', () => {
  assert.equal(configPath({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/a' }), '/x/cfg/nstop/config');
  assert.equal(configPath({ HOME: '/home/a' }), '/home/a/.config/nstop/config');
  assert.equal(configPath({ XDG_CONFIG_HOME: 'rel', HOME: '/home/a' }), '/home/a/.config/nstop/config');
});

test('load and save: missing file = defaults; saved file loads back; a bad file is kept as config.bad', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nstop-config-'));
  try {
    const path = join(dir, 'nstop', 'config');
    assert.deepEqual(loadConfig(path), { settings: defaultSettings(), found: false });
    const s = { ...defaultSettings(), theme: 'light' as const };
    assert.match(saveConfig(path, s, false), /^settings saved to /);
    assert.deepEqual(loadConfig(path).settings, s);
    writeFileSync(path, 'theme = ???\n');
    const bad = loadConfig(path);
    assert.match(bad.error ?? '', /line 1: theme/);
    assert.deepEqual(bad.settings, defaultSettings());
    assert.equal(readFileSync(path, 'utf8'), 'theme = ???\n', 'loading never rewrites it');
    assert.match(saveConfig(path, s, true), /the bad file is kept as .*config\.bad/);
    assert.equal(readFileSync(`${path}.bad`, 'utf8'), 'theme = ???\n');
    assert.equal(loadConfig(path).settings.theme, 'light');
    assert.ok(!existsSync(`${path}.${process.pid}.tmp`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
