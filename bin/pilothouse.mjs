#!/usr/bin/env node
// Entry point of the `pilothouse` command: runs the built CLI (npm run build writes out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('pilothouse: the CLI is not built yet. Run `npm run build` in the repository first.');
  process.exit(1);
}
const { main } = await import(pathToFileURL(cli).href);
await main(process.argv);
