#!/usr/bin/env node
// `npm start`: builds and opens the desktop app. Where the Electron runtime cannot start (its
// binary was not downloaded, or there is no display) it says so and points to the headless mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const headless = 'Run the same cluster headless instead: npx pilothouse serve (then use kubectl).';

function electronBinary() {
  try {
    const pkg = dirname(require.resolve('electron/package.json'));
    const pathFile = join(pkg, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const bin = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

const bin = electronBinary();
if (!bin) {
  console.error('pilothouse: the Electron runtime is not installed (its download was skipped or failed).');
  console.error('Reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD to get it: npm ci');
  console.error(headless);
  process.exit(1);
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('pilothouse: no display is available (DISPLAY and WAYLAND_DISPLAY are unset), so the desktop window cannot open.');
  console.error(headless);
  process.exit(1);
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawn(bin, ['.'], { stdio: 'inherit' });
app.on('exit', (code) => process.exit(code ?? 0));
