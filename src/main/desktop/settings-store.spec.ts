import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileSettingsStore } from './settings-store.js';

describe('FileSettingsStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pilothouse-settings-'));
  afterEach(() => rmSync(join(dir, 'settings.json'), { force: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to leaving workloads running, and persists a change (0600)', () => {
    const path = join(dir, 'settings.json');
    expect(new FileSettingsStore(path).get()).toEqual({ stopWorkloadsOnQuit: false });
    new FileSettingsStore(path).set({ stopWorkloadsOnQuit: true });
    expect(new FileSettingsStore(path).get()).toEqual({ stopWorkloadsOnQuit: true });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ stopWorkloadsOnQuit: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('falls back to defaults for a broken file', () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{not json');
    expect(new FileSettingsStore(path).get()).toEqual({ stopWorkloadsOnQuit: false });
    writeFileSync(path, '{"stopWorkloadsOnQuit":"yes"}');
    expect(new FileSettingsStore(path).get()).toEqual({ stopWorkloadsOnQuit: false });
  });
});
