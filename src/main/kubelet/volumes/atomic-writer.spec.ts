/**
 * Atomic writer layout on a real file system: timestamped version directory, `..data` symlink,
 * one visible symlink per top-level entry, exact modes, idempotent rewrites, atomic swaps that
 * drop stale names and old versions, and payload path checks.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanPayload, DATA_DIR_NAME, readCurrent, writeAtomically, type Payload } from './atomic-writer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pilothouse-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (text: string, mode = 0o644) => ({ data: Buffer.from(text), mode });
const payload = (entries: Record<string, { data: Buffer; mode: number }>): Payload => new Map(Object.entries(entries));

describe('writeAtomically', () => {
  it('writes a version directory, ..data and visible symlinks with exact modes', async () => {
    const at = new Date('2026-05-01T10:00:00Z');
    expect(await writeAtomically(dir, payload({ 'app.conf': file('a=1'), 'tls/key.pem': file('KEY', 0o600) }), at)).toBe(true);
    const entries = readdirSync(dir).sort();
    const [ts] = entries.filter((e) => e.startsWith('..2026_05_01_10_00_00.'));
    expect(ts).toMatch(/^\.\.2026_05_01_10_00_00\.\d+$/);
    expect(entries).toEqual(['..data', ts, 'app.conf', 'tls'].sort());
    expect(readlinkSync(join(dir, DATA_DIR_NAME))).toBe(ts);
    expect(readlinkSync(join(dir, 'app.conf'))).toBe('..data/app.conf');
    expect(readlinkSync(join(dir, 'tls'))).toBe('..data/tls');
    expect(readFileSync(join(dir, 'tls/key.pem'), 'utf8')).toBe('KEY');
    expect(statSync(join(dir, ts)).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'tls/key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'app.conf')).mode & 0o777).toBe(0o644);
  });

  it('does nothing when the payload is unchanged, and swaps versions when it changes', async () => {
    await writeAtomically(dir, payload({ a: file('1'), b: file('2') }));
    const first = readlinkSync(join(dir, DATA_DIR_NAME));
    expect(await writeAtomically(dir, payload({ a: file('1'), b: file('2') }))).toBe(false);
    expect(readlinkSync(join(dir, DATA_DIR_NAME))).toBe(first);

    expect(await writeAtomically(dir, payload({ a: file('1', 0o640), c: file('3') }))).toBe(true);
    const second = readlinkSync(join(dir, DATA_DIR_NAME));
    expect(second).not.toBe(first);
    expect(readdirSync(dir).sort()).toEqual(['..data', second, 'a', 'c'].sort());
    expect(readFileSync(join(dir, 'c'), 'utf8')).toBe('3');
    expect([...(await readCurrent(dir)).entries()].map(([k, v]) => [k, v.data.toString(), v.mode])).toEqual([
      ['a', '1', 0o640],
      ['c', '3', 0o644],
    ]);
  });

  it('removes every visible entry for an empty payload but keeps ..data', async () => {
    await writeAtomically(dir, payload({ a: file('1') }));
    await writeAtomically(dir, new Map());
    expect(readdirSync(dir).filter((n) => !n.startsWith('..'))).toEqual([]);
    expect(lstatSync(join(dir, DATA_DIR_NAME)).isSymbolicLink()).toBe(true);
  });

  it('rejects absolute paths, .. elements and ..-prefixed names', () => {
    expect(() => cleanPayload(payload({ '/etc/passwd': file('x') }))).toThrow('invalid path: must be relative path: /etc/passwd');
    expect(() => cleanPayload(payload({ 'a/../../b': file('x') }))).toThrow("must not contain '..'");
    expect(() => cleanPayload(payload({ '..data': file('x') }))).toThrow("must not start with '..'");
    expect([...cleanPayload(payload({ 'a//b/./c': file('x') })).keys()]).toEqual(['a/b/c']);
  });
});
