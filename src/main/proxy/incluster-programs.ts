/**
 * Where the bundled in-cluster programs (`out/incluster/*.mjs`, built by
 * scripts/build-incluster.mjs) are: found from the package root, whether this code runs from
 * `out/main` (the app and CLI) or from `src/` (tests).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type InclusterProgram = 'service-proxy' | 'dns';

export function inclusterProgramPath(name: InclusterProgram): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'out', 'incluster', `${name}.mjs`);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Pilothouse package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The program's source text; says how to build it when missing. */
export function readInclusterProgram(name: InclusterProgram): string {
  const path = inclusterProgramPath(name);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing: build Pilothouse first (npm run build)`);
  }
}
