import { runnerImport } from 'vite';
import { mkdirSync, writeFileSync } from 'node:fs';
const { module: m } = await runnerImport(process.cwd() + '/src/main/store/sqlite-store.ts', { configFile: false, logLevel: 'silent' });
mkdirSync('/tmp/oexp/dir', { recursive: true }); writeFileSync('/tmp/oexp/garbage.db', 'x'.repeat(5000));
for (const path of ['/tmp/oexp/missing/a.db', '/tmp/oexp/dir', '/tmp/oexp/garbage.db', '/proc/pilothouse.db']) {
  try { await m.SqliteStore.open({ path }); console.log('opened', path); } catch (e) { console.log(e.constructor.name + ': ' + e.message); }
}
const s = await m.SqliteStore.open({ path: '/tmp/oexp/full.db', maxPageCount: 30, autoCompact: false });
try { for (let i=0;;i++) await s.create('/k'+i, 'x'.repeat(4000)); } catch (e) { console.log(e.constructor.name + ': ' + e.message); }
try { await m.SqliteStore.open({ path: '/tmp/oexp/full.db', busyTimeoutMs: 10 }); } catch (e) { console.log(e.constructor.name + ': ' + e.message); }
