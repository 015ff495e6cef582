/**
 * The Pods view against a real cluster: 10,000 pods on simulated nodes, the dashboard served by
 * the same process, Chromium loading it. Measures the time from navigation to the 10,000-row
 * list on screen (cold page load, including the WebSocket sync) and from a click on "Pods" with
 * the store already filled, then frame times while 100 pods/s change and the list scrolls, and
 * the renderer's JS heap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { KubeObject } from '../../src/shared/api/object.js';
import { startCluster } from '../../src/main/cluster/start-cluster.js';
import { startServeDashboard } from '../../src/cli/serve-dashboard.js';
import { heapAfterGcMB, launchChromium, startCpuProfile, startFrameRecorder, type FrameStats, type PageGlobals } from './chromium.js';

export interface PodsViewResult {
  pods: number;
  nodes: number;
  /** Cold page load to the full list rendered, each run. */
  firstRenderMs: number[];
  /** Click on "Pods" (store already synced) to the list rendered. */
  switchMs: number[];
  churn: FrameStats & { podsPerSecond: number; seconds: number; longTasks: number; longestTaskMs: number; modifiedSeen: number; batchesSeen: number };
  heapMB: number;
}

const PODS = { apiVersion: 'v1', resource: 'pods' };

/** True (in the page) once the Pods view shows `n` rows in its count and has rendered rows. */
const listReady = (n: number) => {
  const { document } = globalThis as unknown as PageGlobals;
  const c = document.querySelector('[data-testid=list-count]');
  return !!c && c.textContent === String(n) && !!document.querySelector('.vrow');
};

async function createPods(create: (o: KubeObject) => Promise<unknown>, total: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      await create({
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: `bench-${String(i).padStart(5, '0')}`, labels: { app: `bench-${i % 50}` } },
        spec: { containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

async function coldLoad(page: Page, origin: string, n: number): Promise<number> {
  await page.goto('about:blank');
  await page.goto(`${origin}/#/pods`);
  await page.waitForFunction(listReady, n, { polling: 'raf', timeout: 120_000 });
  return page.evaluate(() => performance.now());
}

async function switchToPods(page: Page, n: number): Promise<number> {
  await page.click('a[href="#/"]');
  await page.waitForSelector('[data-testid=pods-card]');
  return page.evaluate(
    (n) =>
      new Promise<number>((resolve) => {
        const w = globalThis as unknown as PageGlobals;
        const link = w.document.querySelector('a[href="#/pods"]')!;
        const t0 = performance.now();
        link.click();
        const check = () => {
          const c = w.document.querySelector('[data-testid=list-count]');
          if (c && c.textContent === String(n) && w.document.querySelector('.vrow')) resolve(performance.now() - t0);
          else w.requestAnimationFrame(check);
        };
        check();
      }),
    n,
  );
}

export async function runPodsViewBench(options: { pods?: number; nodes?: number; churnSeconds?: number; podsPerSecond?: number; runs?: number } = {}): Promise<PodsViewResult> {
  const total = options.pods ?? 10_000;
  const nodes = options.nodes ?? 100;
  const seconds = options.churnSeconds ?? 10;
  const rate = options.podsPerSecond ?? 100;
  const runs = options.runs ?? 3;
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-bench-renderer-'));
  const cluster = await startCluster({ dataDir, port: 0, simulatedNodes: { count: nodes } });
  const dashboard = await startServeDashboard(cluster, { dataDir, port: 0 });
  const browser = await launchChromium();
  try {
    await createPods((o) => cluster.client.create(PODS, 'default', o), total);
    // Let the scheduler and kubelets settle (bound and Running) so the measurement sees only our churn.
    const deadline = Date.now() + 300_000;
    for (;;) {
      const list = await cluster.client.list(PODS, 'default');
      if (list.items.filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running').length >= total) break;
      if (Date.now() > deadline) throw new Error('renderer bench: pods did not all reach Running in 5 minutes');
      await new Promise((r) => setTimeout(r, 1000));
    }

    const { page } = browser;
    // Count the watch changes the page receives, so the churn figures are known to include them.
    await page.addInitScript(() => {
      interface Socket { addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void }
      const w = globalThis as unknown as PageGlobals & { WebSocket: new (url: string, protocols?: string | string[]) => Socket };
      const counts = (w.__watch = { batches: 0, modified: 0 });
      const Native = w.WebSocket;
      w.WebSocket = class extends (Native as unknown as new (url: string, protocols?: string | string[]) => Socket) {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols);
          this.addEventListener('message', (e) => {
            const text = typeof e.data === 'string' ? e.data : '';
            if (!text.includes('"changes"')) return;
            counts.batches += 1;
            counts.modified += text.split('"MODIFIED"').length - 1;
          });
        }
      } as unknown as typeof Native;
    });
    const origin = dashboard.url.split('/#')[0];
    await page.goto(dashboard.url); // signs in (token into sessionStorage)
    await page.waitForSelector('[data-testid=pods-card]');
    const firstRenderMs: number[] = [];
    for (let i = 0; i < runs; i++) firstRenderMs.push(await coldLoad(page, origin, total));
    const switchMs: number[] = [];
    for (let i = 0; i < runs; i++) switchMs.push(await switchToPods(page, total));

    const before = await page.evaluate(() => ({ ...(globalThis as unknown as PageGlobals).__watch }));
    const recorder = await startFrameRecorder(page, { scrollSelector: '.vbody' });
    const profiler = process.env.PILOTHOUSE_BENCH_PROFILE ? await startCpuProfile(page) : undefined;
    const interval = 1000 / rate;
    const started = performance.now();
    let changed = 0;
    while (performance.now() - started < seconds * 1000) {
      const due = started + changed * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const name = `bench-${String((changed * 97) % total).padStart(5, '0')}`;
      void cluster.client.patch(PODS, 'default', name, { metadata: { labels: { tick: String(changed) } } }).catch(() => undefined);
      changed += 1;
    }
    const frames = await recorder.stop();
    await new Promise((r) => setTimeout(r, 500));
    const after = await page.evaluate(() => ({ ...(globalThis as unknown as PageGlobals).__watch }));
    if (profiler) await profiler.save(process.env.PILOTHOUSE_BENCH_PROFILE!);
    const heapMB = await heapAfterGcMB(page);
    return { pods: total, nodes, firstRenderMs, switchMs, churn: { ...frames, podsPerSecond: changed / seconds, seconds, modifiedSeen: after.modified - before.modified, batchesSeen: after.batches - before.batches }, heapMB };
  } finally {
    await browser.close();
    await dashboard.close();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
