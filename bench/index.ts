/**
 * `npm run bench`: runs every benchmark and prints its figures next to the reference measured in
 * the same run, as Markdown (for BENCHMARKS.md). Each section runs in a fresh Node process, so
 * memory figures belong to that section alone. Medians and p99 of many samples: these machines
 * are shared and noisy.
 *
 * `node out/main/bench.js [section...]` runs only the named sections (store, api, scheduler, cluster, docker, network, renderer).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runApiBench } from './api.bench.js';
import { runClusterBench } from './cluster.bench.js';
import { median, runDockerBench } from './docker.bench.js';
import { runStoreBench, type Latency } from './store.bench.js';
import { runNetworkBench } from './network.bench.js';
import { printRendererBench } from './renderer.bench.js';
import { runSchedulerBench } from '../src/main/scheduler/testing/benchmark.js';

const ms = (x: number) => `${x.toFixed(2)} ms`;
const lat = (l: Latency) => `p50 ${ms(l.p50Ms)}, p99 ${ms(l.p99Ms)} (n=${l.count})`;

const SECTIONS: Record<string, () => Promise<void>> = {
  async store() {
    console.log('## Store (embedded SQLite vs a real etcd, same run)\n');
    const store = await runStoreBench();
    console.log(`| operation | memory | SQLite |\n|---|---|---|`);
    for (const op of ['create', 'get', 'update'] as const) {
      console.log(`| ${op} | ${lat(store.operations.memory[op])} | ${lat(store.operations.sqlite[op])} |`);
    }
    const w = store.writesPerSecond;
    const ratio = (x: number) => (w.etcd ? ` (${(x / w.etcd).toFixed(1)}x etcd)` : '');
    console.log(`\nSequential writes/s: etcd ${w.etcd?.toFixed(0) ?? 'n/a'}; SQLite synchronous=NORMAL (the default) ${w.sqliteNormal.toFixed(0)}${ratio(w.sqliteNormal)}; SQLite synchronous=FULL ${w.sqliteFull.toFixed(0)}${ratio(w.sqliteFull)}`);
    console.log(`List of ${store.list.keys} keys: memory ${ms(store.list.memoryMs)}, SQLite ${ms(store.list.sqliteMs)}, etcd ${store.list.etcdMs !== undefined ? ms(store.list.etcdMs) : 'n/a'}`);
    console.log(`Watch delivery (SQLite store, in process), ${store.watchDelivery.watchers} watchers × ${store.watchDelivery.writes} writes: ${lat(store.watchDelivery)}\n`);
  },
  async api() {
    console.log('## API server over HTTPS (reference: the raw store in the same run)\n');
    const api = await runApiBench();
    console.log(`| operation | API server (HTTPS, SQLite) |\n|---|---|`);
    for (const op of ['create', 'get', 'update'] as const) console.log(`| ${op} pod | ${lat(api.operations[op])} |`);
    console.log(`\nList of ${api.list.pods} pods (one namespace, ${(api.list.bytes / 1e6).toFixed(1)} MB of JSON, medians of 5): fetched by curl in its own process ${ms(api.list.externalClientMs)} (the first list after the writes, which serialises each pod once: ${ms(api.list.coldExternalClientMs)}); by a client in the server's process, to last byte ${ms(api.list.apiMs)} (+ client JSON.parse ${ms(api.list.clientParseMs)}), first Table page of 500 ${ms(api.list.apiTableMs)}; reference: raw store list ${ms(api.list.storeMs)} → API/store ${(api.list.apiMs / api.list.storeMs).toFixed(1)}x`);
    console.log(`Watch delivery over HTTPS, ${api.watchDelivery.watchers} watch streams × ${api.watchDelivery.writes} writes (write start → event received by a client process): ${lat(api.watchDelivery)}; again with the 10,000 listed pods also stored: ${lat(api.watchDeliveryLargeStore)}\n`);
  },
  async scheduler() {
    console.log('## Scheduler: 10,000 pending pods on 1,000 nodes (reference: the scheduling cycles alone, same run)\n');
    for (const store of ['memory', 'sqlite'] as const) {
      const s = await runSchedulerBench({ store });
      console.log(`- ${store} store: ${s.podsPerSecond.toFixed(0)} pods/s bound through the API (${(s.scheduleMs / 1000).toFixed(1)} s); scheduling cycles alone ${s.cycleOnlyPodsPerSecond.toFixed(0)} pods/s`);
    }
    console.log('');
  },
  async cluster() {
    console.log('## Whole cluster on 1,000 simulated nodes (SQLite store, all controllers, one process)\n');
    const c = await runClusterBench();
    console.log(`- Pod scheduling latency (create → PodScheduled via watch), ${c.schedulingLatency.count} pods arriving at ${c.schedulingLatency.ratePerSecond}/s: ${lat(c.schedulingLatency)}`);
    console.log(`- ${c.runningPods} pods Running and Ready on ${c.nodes} nodes after ${c.secondsToAllRunning.toFixed(1)} s; process memory then (after GC): heap ${c.heapMB.toFixed(0)} MB, RSS ${c.rssMB.toFixed(0)} MB`);
    console.log(`- kubectl apply of a 100-replica Deployment → all 100 pods Running and Ready: ${c.deployment100.seconds.toFixed(2)} s\n`);
  },
  async docker() {
    console.log('## Docker nodes: real containers (references: raw Docker through dockerode, same run, interleaved)\n');
    const d = await runDockerBench();
    const s = d.startup;
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    console.log(`Pod startup, ${s.pilothouse.count} pods one after another on ${s.nodes} Docker node (after ${s.warmup} untimed rounds):\n`);
    console.log(`| what | latency | Pilothouse p50 / p99 ratio |\n|---|---|---|`);
    console.log(`| Pilothouse pod (create → Running, via watch) | ${lat(s.pilothouse)} | |`);
    console.log(`| raw docker create + start, 1 container | ${lat(s.rawContainer)} | ${x(s.pilothouse.p50Ms, s.rawContainer.p50Ms)} / ${x(s.pilothouse.p99Ms, s.rawContainer.p99Ms)} |`);
    console.log(`| raw docker create + start, 1 container on a user-defined bridge network | ${lat(s.rawContainerOnNetwork)} | ${x(s.pilothouse.p50Ms, s.rawContainerOnNetwork.p50Ms)} / ${x(s.pilothouse.p99Ms, s.rawContainerOnNetwork.p99Ms)} |`);
    console.log(`| raw pod-equivalent (sandbox + app container in its namespaces) | ${lat(s.rawPod)} | ${x(s.pilothouse.p50Ms, s.rawPod.p50Ms)} / ${x(s.pilothouse.p99Ms, s.rawPod.p99Ms)} |`);
    const c = d.cluster;
    const list = (xs: number[]) => xs.map((v) => (v / 1000).toFixed(2)).join(', ');
    console.log(`\nTime to a working cluster (fresh data dir → ${c.nodes} Ready Docker nodes and one pod Running), median of ${c.runs}: ${(median(c.toWorkingMs) / 1000).toFixed(2)} s (runs: ${list(c.toWorkingMs)} s; startCluster itself returned after ${list(c.startClusterMs)} s). Reference, same run: control plane alone (fresh data dir, no nodes) ${(median(c.controlPlaneOnlyMs) / 1000).toFixed(2)} s (runs: ${list(c.controlPlaneOnlyMs)} s)`);
    console.log(`Docker section time ${(d.durationMs / 1000).toFixed(0)} s\n`);
  },
  async renderer() {
    await printRendererBench();
  },
  async network() {
    console.log('## Service networking: HTTP through a NodePort vs straight to a pod (same run, interleaved)\n');
    const n = await runNetworkBench();
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const row = (name: string, rs: typeof n.direct) =>
      `| ${name} | ${med(rs.map((r) => r.requestsPerSecond)).toFixed(0)} (${rs.map((r) => r.requestsPerSecond.toFixed(0)).join(', ')}) | ${med(rs.map((r) => r.p50Ms)).toFixed(2)} ms | ${med(rs.map((r) => r.p99Ms)).toFixed(2)} ms | ${rs.reduce((a, r) => a + r.errors, 0)} |`;
    console.log(`${n.rounds} rounds of ${n.requestsPerRound} requests, ${n.concurrency} concurrent, one connection per request, load from a separate process:\n`);
    console.log('| path | requests/s, median (rounds) | p50 | p99 | errors |\n|---|---|---|---|---|');
    console.log(row('straight to one pod (hostPort on 127.0.0.1)', n.direct));
    console.log(row('NodePort on 127.0.0.1 → 3 pods', n.nodePort));
    const ratio = med(n.nodePort.map((r) => r.requestsPerSecond)) / med(n.direct.map((r) => r.requestsPerSecond));
    console.log(`\nNodePort / direct throughput: ${(ratio * 100).toFixed(0)}% (target: at least 70%)\n`);
  },
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  if (wanted.length === 1 && SECTIONS[wanted[0]]) {
    await SECTIONS[wanted[0]]();
    return;
  }
  const sections = wanted.length ? wanted : Object.keys(SECTIONS);
  const unknown = sections.filter((s) => !SECTIONS[s]);
  if (unknown.length) throw new Error(`unknown benchmark section(s): ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
  const started = Date.now();
  console.log(`# Pilothouse benchmarks — ${new Date().toISOString()}, node ${process.version}, ${process.platform}/${process.arch}\n`);
  for (const section of sections) {
    const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), section], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`benchmark section ${section} failed (exit ${r.status})`);
  }
  console.log(`Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
