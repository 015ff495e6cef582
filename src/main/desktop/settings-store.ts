/**
 * The desktop app's settings (`settings.json` in the app's data directory, 0600): read once,
 * validated, written atomically on every change. Unknown or malformed values fall back to the
 * defaults instead of stopping the app.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Settings } from '../../shared/ipc/operation-types.js';
import { writeFileAtomic } from '../util/files.js';
import type { SettingsStore } from '../cockpit/context.js';

export const DEFAULT_SETTINGS: Settings = { stopWorkloadsOnQuit: false };

export class FileSettingsStore implements SettingsStore {
  private current: Settings;

  constructor(private readonly path: string) {
    this.current = { ...DEFAULT_SETTINGS, ...read(path) };
  }

  get(): Settings {
    return { ...this.current };
  }

  set(patch: Partial<Settings>): Settings {
    const next = { ...this.current };
    if (typeof patch.stopWorkloadsOnQuit === 'boolean') next.stopWorkloadsOnQuit = patch.stopWorkloadsOnQuit;
    writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
    this.current = next;
    return this.get();
  }
}

function read(path: string): Partial<Settings> {
  if (!existsSync(path)) return {};
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return typeof raw.stopWorkloadsOnQuit === 'boolean' ? { stopWorkloadsOnQuit: raw.stopWorkloadsOnQuit } : {};
  } catch {
    return {};
  }
}
