/**
 * Crash safety of the SQLite store: a child process writes through the real `SqliteStore` and
 * prints each acknowledged write; we SIGKILL it mid-stream, reopen the file and check that every
 * acknowledged write is there and the store keeps working. Three rounds on one file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/main/store/sqlite-store.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const WRITER = join(REPO, 'src/main/store/testing/crash-writer.mjs');

interface Ack {
  revision: number;
  key: string;
  value: string;
}

/** Runs the writer until it acknowledged `killAfter` writes, then SIGKILLs it. */
async function writeUntilKilled(path: string, prefix: string, killAfter: number): Promise<Ack[]> {
  const child = spawn(process.execPath, [WRITER, path, prefix], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((res) => child.once('exit', (code, signal) => res(signal ?? code)));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [tag, revision, key, value] = line.split(' ');
      if (tag !== 'ack') continue;
      acks.push({ revision: Number(revision), key: key as string, value: value as string });
      if (acks.length === killAfter && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }
  });
  const ended = await exited;
  if (ended !== 'SIGKILL') throw new Error(`writer ended with ${String(ended)} before it was killed:\n${stderr}`);
  return acks;
}

describe('SqliteStore crash safety', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pilothouse-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged write when the writing process is SIGKILLed', async () => {
    const path = join(dir, 'state.db');
    let lastRevision = 0;
    for (const [round, killAfter] of [[1, 150], [2, 333], [3, 71]] as const) {
      const acks = await writeUntilKilled(path, `/crash/${round}/`, killAfter);
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);
      const store = await SqliteStore.open({ path, autoCompact: false });
      try {
        // Every acknowledged write is readable at its revision (later, unacknowledged writes may
        // have committed too: the child can be killed between a commit and its printed line).
        for (const ack of acks) {
          const kv = await store.get(ack.key, ack.revision);
          const value = ack.key.endsWith('counter') ? kv?.value : String((JSON.parse(kv?.value ?? '{}') as { i?: number }).i);
          expect({ key: ack.key, value, revision: kv?.modRevision }).toEqual({ key: ack.key, value: ack.value, revision: ack.revision });
        }
        const maxAck = Math.max(...acks.map((a) => a.revision));
        expect(maxAck).toBeGreaterThan(lastRevision);
        const current = await store.currentRevision();
        expect(current).toBeGreaterThanOrEqual(maxAck);
        expect(current - maxAck).toBeLessThanOrEqual(1); // at most one write committed but not yet printed
        const next = await store.create(`/crash/${round}/after-restart`, 'ok');
        expect(next).toBe(current + 1);
        lastRevision = next;
      } finally {
        await store.close();
      }
    }
  });
});
