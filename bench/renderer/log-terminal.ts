/**
 * The log terminal's throughput: the real `LogTerminal` component built into a small page
 * (`src/renderer/src/bench/log-harness.ts`) by Vite, served on 127.0.0.1, flooded in Chromium with batches of lines as
 * `pods:logs` delivers them (per-pod prefixes on, the harder case), to the last line parsed.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { heapAfterGcMB, launchChromium, runtimeImport } from './chromium.js';

export interface LogTerminalResult {
  lines: number;
  batch: number;
  ms: number;
  linesPerSecond: number;
  frameP50: number;
  frameP99: number;
  frameMax: number;
  heapMB: number;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

function harnessEntry(): string {
  const entry = join(process.cwd(), 'src/renderer/src/bench/log-harness.ts');
  if (!existsSync(entry)) throw new Error(`renderer bench: run from the repository root (no ${entry})`);
  return entry;
}

/** Builds the harness (JS + CSS) and writes the page that loads it. */
async function buildHarness(outDir: string): Promise<void> {
  const { build } = await runtimeImport<typeof import('vite')>('vite');
  const { default: vue } = await runtimeImport<typeof import('@vitejs/plugin-vue')>('@vitejs/plugin-vue');
  await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [vue()],
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: { harness: harnessEntry() }, output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', assetFileNames: '[name][extname]' } },
    },
  });
  const css = readdirSync(outDir).filter((f) => f.endsWith('.css')).map((f) => `<link rel="stylesheet" href="./${f}">`).join('');
  writeFileSync(join(outDir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>Log terminal benchmark</title>${css}</head><body><div id="app" style="height:100vh;display:flex;flex-direction:column;padding:8px"></div><script type="module" src="./harness.js"></script></body></html>`);
}

export async function runLogTerminalBench(options: { lines?: number; batch?: number } = {}): Promise<LogTerminalResult> {
  const lines = options.lines ?? 500_000;
  const batch = options.batch ?? 1000;
  const outDir = mkdtempSync(join(tmpdir(), 'pilothouse-bench-logs-'));
  await buildHarness(outDir);
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    const file = join(outDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(outDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const browser = await launchChromium();
  try {
    const { page } = browser;
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForSelector('.xterm');
    const r = await page.evaluate(({ lines, batch }) => (globalThis as unknown as { runLogBench(t: number, b: number): Promise<Omit<LogTerminalResult, 'heapMB' | 'batch'>> }).runLogBench(lines, batch), { lines, batch });
    return { ...r, batch, heapMB: await heapAfterGcMB(page) };
  } finally {
    await browser.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
