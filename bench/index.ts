/**
 * `npm run bench`: runs every benchmark and prints its figures next to the reference measured in
 * the same run, as Markdown (paste into BENCHMARKS.md). Medians and p99 of many samples: these
 * machines are shared and noisy.
 */
import { runApiBench } from './api.bench.js';
import { runStoreBench, type Latency } from './store.bench.js';

const ms = (x: number) => `${x.toFixed(2)} ms`;
const lat = (l: Latency) => `p50 ${ms(l.p50Ms)}, p99 ${ms(l.p99Ms)} (n=${l.count})`;

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`# Pilothouse benchmarks — ${new Date().toISOString()}, node ${process.version}, ${process.platform}/${process.arch}\n`);

  console.log('## Store (embedded SQLite vs a real etcd, same run)\n');
  const store = await runStoreBench();
  console.log(`| operation | memory | SQLite |\n|---|---|---|`);
  for (const op of ['create', 'get', 'update'] as const) {
    console.log(`| ${op} | ${lat(store.operations.memory[op])} | ${lat(store.operations.sqlite[op])} |`);
  }
  const w = store.writesPerSecond;
  console.log(`\nSequential writes/s: SQLite (synchronous=FULL) ${w.sqliteFull.toFixed(0)}, SQLite (NORMAL) ${w.sqliteNormal.toFixed(0)}, etcd ${w.etcd?.toFixed(0) ?? 'n/a'}` +
    (w.etcd ? ` → SQLite FULL is ${(w.sqliteFull / w.etcd).toFixed(1)}x etcd` : ''));
  console.log(`List of ${store.list.keys} keys: memory ${ms(store.list.memoryMs)}, SQLite ${ms(store.list.sqliteMs)}, etcd ${store.list.etcdMs !== undefined ? ms(store.list.etcdMs) : 'n/a'}`);
  console.log(`Watch delivery, ${store.watchDelivery.watchers} watchers × ${store.watchDelivery.writes} writes: ${lat(store.watchDelivery)}\n`);

  console.log('## API server over HTTPS (reference: the raw store in the same run)\n');
  const api = await runApiBench();
  console.log(`| operation | API server (HTTPS, SQLite) |\n|---|---|`);
  for (const op of ['create', 'get', 'update'] as const) console.log(`| ${op} pod | ${lat(api.operations[op])} |`);
  console.log(`\nList of ${api.list.pods} pods (one namespace, medians of 5): API JSON to last byte ${ms(api.list.apiMs)} (+ client JSON.parse ${ms(api.list.clientParseMs)}), first Table page of 500 ${ms(api.list.apiTableMs)}; reference: raw store list ${ms(api.list.storeMs)} → API/store ${(api.list.apiMs / api.list.storeMs).toFixed(1)}x`);
  console.log(`Watch delivery over HTTPS, ${api.watchDelivery.watchers} watch streams × ${api.watchDelivery.writes} writes (write start → event received by a client process): ${lat(api.watchDelivery)}`);
  console.log(`\nTotal bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
