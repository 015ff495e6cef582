/**
 * Debian's headless Chromium through playwright-core, with the flags these machines need and a
 * fresh profile, plus the renderer's JS heap after a forced GC (Chrome DevTools Protocol).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * Loaded at run time from node_modules, not bundled into `out/main/bench.js` (electron-vite
 * bundles devDependencies, and playwright-core and vite do not survive bundling).
 */
export const runtimeImport = <T>(name: string): Promise<T> => import(/* @vite-ignore */ name) as Promise<T>;

export const CHROMIUM = process.env.PILOTHOUSE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await runtimeImport<typeof import('playwright-core')>('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'pilothouse-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1400, height: 900 } });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(120_000);
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The page's JS heap in MB after a full garbage collection. */
export async function heapAfterGcMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1e6;
}

export interface FrameStats {
  frames: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** An element as the in-page probes use it (the bench is type-checked without the DOM library). */
export interface PageElement {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly textContent: string | null;
  click(): void;
}

/** The browser globals the in-page probes use; inside `page.evaluate` write `globalThis as unknown as PageGlobals`. */
export interface PageGlobals {
  requestAnimationFrame(callback: (time: number) => void): number;
  document: { querySelector(selector: string): PageElement | null };
  PerformanceObserver: new (callback: (list: { getEntries(): { duration: number }[] }) => void) => { observe(options: { type: string; buffered?: boolean }): void; disconnect(): void };
  __rec: { frames: number[]; tasks: number[]; running: boolean };
  __watch: { batches: number; modified: number };
}

/** Starts recording frame intervals (rAF) and long tasks in the page; `stop` returns them. */
export async function startFrameRecorder(page: Page, options: { scrollSelector?: string } = {}): Promise<{ stop(): Promise<FrameStats & { longTasks: number; longestTaskMs: number }> }> {
  await page.evaluate((scrollSelector) => {
    const w = globalThis as unknown as PageGlobals;
    const rec: PageGlobals['__rec'] = (w.__rec = { frames: [], tasks: [], running: true });
    const observer = new w.PerformanceObserver((list) => list.getEntries().forEach((e) => rec.tasks.push(e.duration)));
    try {
      observer.observe({ type: 'longtask', buffered: false });
    } catch {
      // no long-task timing in this browser
    }
    const scroller = scrollSelector ? w.document.querySelector(scrollSelector) : null;
    let last = performance.now();
    const tick = (t: number) => {
      rec.frames.push(t - last);
      last = t;
      // Scroll as a user would while the list changes: every frame renders new rows.
      if (scroller) scroller.scrollTop = (scroller.scrollTop + 45) % Math.max(1, scroller.scrollHeight - scroller.clientHeight);
      if (rec.running) w.requestAnimationFrame(tick);
      else observer.disconnect();
    };
    w.requestAnimationFrame(tick);
  }, options.scrollSelector);
  return {
    stop: () =>
      page.evaluate(() => {
        const rec = (globalThis as unknown as PageGlobals).__rec;
        rec.running = false;
        const f = rec.frames.slice(1).sort((a, b) => a - b);
        const q = (p: number) => f[Math.min(f.length - 1, Math.floor(p * f.length))] ?? 0;
        return { frames: f.length, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: f[f.length - 1] ?? 0, longTasks: rec.tasks.length, longestTaskMs: Math.max(0, ...rec.tasks) };
      }),
  };
}

/** A CPU profile of the page (open the file in Chrome DevTools); set PILOTHOUSE_BENCH_PROFILE=FILE. */
export async function startCpuProfile(page: Page): Promise<{ save(file: string): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return {
    async save(file) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      await cdp.detach();
    },
  };
}
