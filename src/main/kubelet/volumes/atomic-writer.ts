/**
 * Atomic writer (upstream `pkg/volume/util/atomic_writer.go`): publishes a set of files into a
 * volume directory so that a container never sees a half-written update.
 *
 * Layout of `targetDir`:
 *   ..2024_05_01_10_00_00.123456789/   the files of one version (0755), each at its payload mode
 *   ..data -> ..2024_05_01_10_00_00.123456789   (relative symlink, swapped by rename)
 *   <top-level name> -> ..data/<top-level name>  (one relative symlink per visible entry)
 *
 * `write` is idempotent: when the files of the current version already hold the payload (data
 * and mode), nothing is touched. Otherwise the new version is written to a fresh timestamped
 * directory, `..data_tmp` pointing at it is renamed over `..data` (the atomic step), visible
 * symlinks are added for new names and removed for names no longer present, and the old
 * version is deleted. Modes are applied with chmod, so the process umask does not matter.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, normalize, posix } from 'node:path';

export const DATA_DIR_NAME = '..data';
const DATA_DIR_TMP_NAME = '..data_tmp';
const TIMESTAMP_DIR_MODE = 0o755;

/** One file of a payload: its bytes and permission bits. */
export interface FileProjection {
  data: Buffer;
  mode: number;
}

/** Relative path (may contain `/`) → file. */
export type Payload = Map<string, FileProjection>;

export class PayloadPathError extends Error {}

/** Checks and cleans payload paths like upstream `validatePayload`: relative, no `..` element. */
export function cleanPayload(payload: Payload): Payload {
  const out: Payload = new Map();
  for (const [path, file] of payload) {
    if (path === '') throw new PayloadPathError('invalid path: must not be empty');
    if (posix.isAbsolute(path)) throw new PayloadPathError(`invalid path: must be relative path: ${path}`);
    if (path.split('/').includes('..')) throw new PayloadPathError(`invalid path: must not contain '..': ${path}`);
    if (path.startsWith('..')) throw new PayloadPathError(`invalid path: must not start with '..': ${path}`);
    out.set(posix.normalize(path), file);
  }
  return out;
}

/** Writes `payload` into `targetDir` (which must exist); see the file comment. Returns true when it wrote. */
export async function writeAtomically(targetDir: string, payload: Payload, now: Date = new Date()): Promise<boolean> {
  const files = cleanPayload(payload);
  const dataLink = join(targetDir, DATA_DIR_NAME);
  const oldTsName = await fs.readlink(dataLink).catch(() => undefined);
  const oldVisible = await visibleEntries(targetDir);
  const newVisible = new Set([...files.keys()].map((p) => p.split('/')[0]));
  const stale = [...oldVisible].filter((n) => !newVisible.has(n));
  if (oldTsName && stale.length === 0 && (await holdsPayload(join(targetDir, oldTsName), files))) return false;

  const tsName = timestampDirName(now);
  const tsDir = join(targetDir, tsName);
  await fs.mkdir(tsDir, { mode: TIMESTAMP_DIR_MODE });
  await fs.chmod(tsDir, TIMESTAMP_DIR_MODE);
  for (const [path, file] of files) {
    const full = join(tsDir, path);
    await fs.mkdir(dirname(full), { recursive: true, mode: TIMESTAMP_DIR_MODE });
    await fs.writeFile(full, file.data, { mode: file.mode });
    await fs.chmod(full, file.mode);
  }

  const tmpLink = join(targetDir, DATA_DIR_TMP_NAME);
  await fs.rm(tmpLink, { force: true });
  await fs.symlink(tsName, tmpLink);
  await fs.rename(tmpLink, dataLink);

  for (const name of newVisible) {
    if (oldVisible.has(name)) continue;
    await fs.symlink(posix.join(DATA_DIR_NAME, name), join(targetDir, name));
  }
  for (const name of stale) await fs.rm(join(targetDir, name), { force: true });
  if (oldTsName && oldTsName !== tsName) await fs.rm(join(targetDir, normalize(oldTsName)), { recursive: true, force: true });
  return true;
}

/** The current version's files (path → data, mode), for tests and diagnostics. */
export async function readCurrent(targetDir: string): Promise<Payload> {
  const tsName = await fs.readlink(join(targetDir, DATA_DIR_NAME)).catch(() => undefined);
  return tsName ? readTree(join(targetDir, tsName)) : new Map();
}

/** Names in `targetDir` users see: everything but the `..`-prefixed bookkeeping entries. */
async function visibleEntries(targetDir: string): Promise<Set<string>> {
  const names = await fs.readdir(targetDir).catch(() => [] as string[]);
  return new Set(names.filter((n) => !n.startsWith('..')));
}

/** True when `tsDir` holds exactly the payload's files with the same bytes and modes. */
async function holdsPayload(tsDir: string, files: Payload): Promise<boolean> {
  const current = await readTree(tsDir).catch(() => undefined);
  if (!current || current.size !== files.size) return false;
  for (const [path, file] of files) {
    const have = current.get(path);
    if (!have || have.mode !== (file.mode & 0o7777) || !have.data.equals(file.data)) return false;
  }
  return true;
}

/** Every regular file under `dir`, by path relative to it. */
async function readTree(dir: string, rel = '', out: Payload = new Map()): Promise<Payload> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await readTree(full, path, out);
    else out.set(path, { data: await fs.readFile(full), mode: (await fs.stat(full)).mode & 0o7777 });
  }
  return out;
}

/** `..2006_01_02_15_04_05.<digits>`, upstream's `os.MkdirTemp` pattern for version directories. */
function timestampDirName(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}`;
  return `..${stamp}.${randomBytes(4).readUInt32BE()}`;
}
