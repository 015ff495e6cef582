/**
 * Debian's headless Chromium through playwright-core, with the flags these machines need and a
 * fresh profile, plus the renderer's JS heap after a forced GC (Chrome DevTools Protocol).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.PILOTHOUSE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
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

/** Starts recording frame intervals (rAF) and long tasks in the page; `stop` returns them. */
export async function startFrameRecorder(page: Page, options: { scrollSelector?: string } = {}): Promise<{ stop(): Promise<FrameStats & { longTasks: number; longestTaskMs: number }> }> {
  await page.evaluate((scrollSelector) => {
    const w = window as unknown as { __rec: { frames: number[]; tasks: number[]; running: boolean } };
    const rec = (w.__rec = { frames: [], tasks: [], running: true });
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => rec.tasks.push(e.duration)));
    try {
      observer.observe({ type: 'longtask', buffered: false });
    } catch {
      // no long-task timing in this browser
    }
    const scroller = scrollSelector ? (document.querySelector(scrollSelector) as HTMLElement | null) : null;
    let last = performance.now();
    const tick = (t: number) => {
      rec.frames.push(t - last);
      last = t;
      // Scroll as a user would while the list changes: every frame renders new rows.
      if (scroller) scroller.scrollTop = (scroller.scrollTop + 45) % Math.max(1, scroller.scrollHeight - scroller.clientHeight);
      if (rec.running) requestAnimationFrame(tick);
      else observer.disconnect();
    };
    requestAnimationFrame(tick);
  }, options.scrollSelector);
  return {
    stop: () =>
      page.evaluate(() => {
        const rec = (window as unknown as { __rec: { frames: number[]; tasks: number[]; running: boolean } }).__rec;
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
