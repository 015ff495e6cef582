/**
 * API server benchmark over real HTTPS (keep-alive, bearer token), the path kubectl takes:
 * create / get / update of a pod-sized object, a list of 10 000 pods, and watch delivery latency
 * with 100 concurrent watch streams. The reference measured in the same run is the raw store
 * (SQLite) doing the same reads and writes, so the figures show what the API layer costs.
 */
import https from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startCluster, type ClusterHandle } from '../src/main/cluster/start-cluster.js';
import { latency, type Latency } from './store.bench.js';

export interface ApiBenchResult {
  operations: { create: Latency; get: Latency; update: Latency };
  /**
   * apiMs: request to last byte with the client in the server's process; externalClientMs: the
   * same list fetched by curl in its own process (as kubectl would), median of 5, and the first
   * such list after the pods were written (coldExternalClientMs); clientParseMs: JSON.parse.
   */
  list: { pods: number; apiMs: number; externalClientMs: number; coldExternalClientMs: number; bytes: number; clientParseMs: number; apiTableMs: number; storeMs: number };
  /** Watch delivery with the bench namespace's ~1,000 pods stored. */
  watchDelivery: Latency & { watchers: number; writes: number };
  /** The same, again after the 10,000 listed pods were added (a larger heap to collect). */
  watchDeliveryLargeStore: Latency & { watchers: number; writes: number };
}

function pod(name: string, ns = 'bench'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { app: 'web', tier: 'frontend', release: 'stable' }, annotations: { 'example.com/owner': 'bench' } },
    spec: {
      containers: [{
        name: 'web', image: 'busybox:1.36', command: ['httpd', '-f', '-p', '80'],
        ports: [{ containerPort: 80, name: 'http' }],
        env: Array.from({ length: 8 }, (_, i) => ({ name: `VAR_${i}`, value: `value-${i}-${'x'.repeat(20)}` })),
        resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
        readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
      }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    },
  };
}

class Http {
  private readonly agent = new https.Agent({ keepAlive: true, maxSockets: 200 });
  constructor(private readonly c: ClusterHandle) {}

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(new URL(path, this.c.url), {
        method, agent: this.agent, ca: this.c.credentials.ca.cert,
        headers: { authorization: `Bearer ${this.c.credentials.adminToken}`, 'content-type': 'application/json', ...headers },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Runs `bench/watch-client.mjs` with `watchers` streams, lets `writes` make changes (recording
 * each write's start time by resourceVersion) and returns every (stream, event) delay in ms.
 */
async function measureWatchDelivery(
  cluster: ClusterHandle,
  url: string,
  watchers: number,
  writes: (record: (rv: string, startedAt: number) => void) => Promise<void>,
): Promise<number[]> {
  const script = fileURLToPath(new URL('../../bench/watch-client.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, url, cluster.credentials.adminToken, Buffer.from(cluster.credentials.ca.cert).toString('base64'), String(watchers)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const arrivals: [string, number][] = [];
  let buffered = '';
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line === 'READY') ready();
      else {
        const [rv, at] = line.split(' ');
        arrivals.push([rv, Number(at)]);
      }
    }
  });
  await isReady;
  await new Promise((r) => setTimeout(r, 300));
  const started = new Map<string, number>();
  await writes((rv, t) => started.set(rv, t));
  await new Promise((r) => setTimeout(r, 1000));
  const closed = new Promise((r) => child.on('close', r));
  child.stdin.end();
  await closed;
  return arrivals.filter(([rv]) => started.has(rv)).map(([rv, at]) => at - started.get(rv)!);
}

/** Fetches `url` with curl (its own process), returning the total time and the bytes received. */
function curlList(url: string, caFile: string, token: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-s', '--cacert', caFile, '-H', `Authorization: Bearer ${token}`, '-o', '/dev/null', '-w', '%{time_total} %{size_download}', url]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`curl exited ${code}`));
      const [seconds, bytes] = out.trim().split(' ').map(Number);
      resolve({ ms: seconds * 1000, bytes });
    });
  });
}

/** Resolves once the store's revision has not moved for a second (at most 120 s). */
async function waitForQuiet(cluster: ClusterHandle): Promise<void> {
  let last = -1;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const revision = await cluster.store.currentRevision();
    if (revision === last) return;
    last = revision;
  }
  throw new Error('the cluster did not settle within 120 s after the pods were created');
}

async function timed(n: number, fn: (i: number) => Promise<void>): Promise<Latency> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return latency(samples);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function runApiBench(options: { ops?: number; listPods?: number; watchers?: number; watchWrites?: number } = {}): Promise<ApiBenchResult> {
  const ops = options.ops ?? 1000;
  const listPods = options.listPods ?? 10_000;
  const watchers = options.watchers ?? 100;
  const watchWrites = options.watchWrites ?? 200;
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-bench-api-'));
  const cluster = await startCluster({ dataDir, port: 0 });
  const http = new Http(cluster);
  try {
    await http.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
    const podsPath = '/api/v1/namespaces/bench/pods';
    for (let i = 0; i < 50; i++) await http.request('POST', podsPath, pod(`warm-${i}`)); // warm-up (JIT, connections)
    const created: string[] = [];
    const create = await timed(ops, async (i) => {
      const res = await http.request('POST', podsPath, pod(`op-${i}`));
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
      created.push(`op-${i}`);
    });
    const get = await timed(ops, async (i) => {
      const res = await http.request('GET', `${podsPath}/op-${i % created.length}`);
      if (res.status !== 200) throw new Error(`get failed: ${res.status}`);
    });
    const update = await timed(ops, async (i) => {
      const res = await http.request('PATCH', `${podsPath}/op-${i % created.length}`, { metadata: { labels: { n: String(i) } } }, { 'content-type': 'application/merge-patch+json' });
      if (res.status !== 200) throw new Error(`update failed: ${res.status} ${res.text}`);
    });

    // Watch delivery: 100 streams in a separate client process, writes spaced so each is measured alone.
    let watchRound = 0;
    const measureWatch = async () => {
      const round = ++watchRound; // a new label value per round: a no-op patch makes no event
      await waitForQuiet(cluster); // the scheduler marking the new pods unschedulable is done
      const rv = JSON.parse((await http.request('GET', `${podsPath}?limit=1`)).text).metadata.resourceVersion as string;
      const delays = await measureWatchDelivery(cluster, `${cluster.url}${podsPath}?watch=true&resourceVersion=${rv}`, watchers, async (record) => {
        for (let i = 0; i < watchWrites; i++) {
          const t = performance.timeOrigin + performance.now();
          const res = await http.request('PATCH', `${podsPath}/op-${i % created.length}`, { metadata: { labels: { w: `${round}-${i}` } } }, { 'content-type': 'application/merge-patch+json' });
          record(JSON.parse(res.text).metadata.resourceVersion, t);
          await new Promise((r) => setTimeout(r, 5));
        }
      });
      return { ...latency(delays), watchers, writes: watchWrites };
    };
    const watch = await measureWatch();

    // 10k pods in a second namespace, created in-process (the creation speed is not what is measured).
    await cluster.client.create({ apiVersion: 'v1', resource: 'namespaces' }, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'many' } });
    for (let i = 0; i < listPods; i++) {
      await cluster.client.create({ apiVersion: 'v1', resource: 'pods' }, 'many', pod(`p-${i}`, 'many') as never);
    }
    // Let the controllers digest the 10k new pods before measuring reads: with no nodes, the
    // scheduler marks each pod unschedulable (a status write and an event each), which takes
    // seconds. Reads are measured once the store's revision has stood still for a second.
    await waitForQuiet(cluster);
    const listRuns: number[] = [];
    const curlRuns: number[] = [];
    let curlBytes = 0;
    const caFile = join(dataDir, 'bench-ca.crt');
    writeFileSync(caFile, cluster.credentials.ca.cert);
    const parseRuns: number[] = [];
    const tableRuns: number[] = [];
    const storeRuns: number[] = [];
    // The first list after the writes also serialises every pod once (later lists reuse it).
    const coldCurlMs = (await curlList(`${cluster.url}/api/v1/namespaces/many/pods`, caFile, cluster.credentials.adminToken)).ms;
    for (let r = 0; r < 5; r++) {
      let t = performance.now();
      const res = await http.request('GET', '/api/v1/namespaces/many/pods');
      listRuns.push(performance.now() - t); // until the last byte arrived
      t = performance.now();
      const items = (JSON.parse(res.text) as { items: unknown[] }).items.length;
      parseRuns.push(performance.now() - t);
      if (items !== listPods) throw new Error(`list returned ${items} pods, expected ${listPods}`);
      t = performance.now();
      await http.request('GET', '/api/v1/namespaces/many/pods?limit=500', undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
      tableRuns.push(performance.now() - t);
      t = performance.now();
      await cluster.store.list('/registry/core/pods/many/');
      storeRuns.push(performance.now() - t);
      const external = await curlList(`${cluster.url}/api/v1/namespaces/many/pods`, caFile, cluster.credentials.adminToken);
      curlRuns.push(external.ms);
      curlBytes = external.bytes;
    }

    const watchLarge = await measureWatch();
    return {
      operations: { create, get, update },
      list: { pods: listPods, apiMs: median(listRuns), externalClientMs: median(curlRuns), coldExternalClientMs: coldCurlMs, bytes: curlBytes, clientParseMs: median(parseRuns), apiTableMs: median(tableRuns), storeMs: median(storeRuns) },
      watchDelivery: watch,
      watchDeliveryLargeStore: watchLarge,
    };
  } finally {
    http.close();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
