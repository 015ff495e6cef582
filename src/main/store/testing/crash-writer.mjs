// Child process of test/store-crash.test.ts: opens the REAL SqliteStore (the TypeScript source,
// loaded through Vite's module runner, since plain Node 20 cannot import .ts) and writes forever,
// printing one line per acknowledged write: `ack <revision> <key> <value>`. The parent kills it
// with SIGKILL mid-stream and checks every acknowledged write survived.
//
// Usage: node crash-writer.mjs <database path> <key prefix>
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const [path, prefix] = process.argv.slice(2);
if (!path || !prefix) {
  process.stderr.write('usage: node crash-writer.mjs <database path> <key prefix>\n');
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../..');
const { module } = await runnerImport(join(here, '..', 'sqlite-store.ts'), { root, configFile: false, logLevel: 'silent' });
const store = await module.SqliteStore.open({ path, autoCompact: false });

const counterKey = `${prefix}counter`;
let counter = await store.get(counterKey);
if (!counter) {
  const revision = await store.create(counterKey, '0');
  counter = { value: '0', modRevision: revision };
}
process.stdout.write('ready\n');

for (let i = 0; ; i++) {
  const key = `${prefix}${i}`;
  const value = JSON.stringify({ i, pad: 'x'.repeat(500) });
  const revision = await store.create(key, value);
  process.stdout.write(`ack ${revision} ${key} ${i}\n`);
  if (i % 3 === 0) {
    const next = String(Number(counter.value) + 1);
    const updated = await store.update(counterKey, next, counter.modRevision);
    counter = { value: next, modRevision: updated };
    process.stdout.write(`ack ${updated} ${counterKey} ${next}\n`);
  }
}
