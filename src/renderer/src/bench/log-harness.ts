/**
 * Benchmark harness, not part of the app (nothing imports it): `bench/renderer/log-terminal.ts`
 * builds it with Vite into a page of its own. It mounts the cockpit's real `LogTerminal` component (xterm.js, per-frame write batching, per-pod
 * prefixes, the download buffer) fed by the in-memory API the renderer tests use, so the
 * benchmark measures the terminal itself: lines arrive in batches as `pods:logs` sends them.
 * `window.runLogBench(total, batch)` floods it and reports lines/s and frame times.
 */
import { createApp, h, ref } from 'vue';
import { createPinia } from 'pinia';
import LogTerminal from '../components/terminal/LogTerminal.vue';
import { FakeApi } from '../testing/fake-api';
import { installApi } from '../api/pilothouse';
import '../styles/theme.css';

const api = new FakeApi();
installApi(api);
const term = ref<InstanceType<typeof LogTerminal> | null>(null);
const request = { namespace: 'bench', owner: { kind: 'Deployment' as const, name: 'web' }, follow: true };
document.documentElement.dataset.theme = 'dark';
createApp({ render: () => h(LogTerminal, { ref: term, request, prefix: true }) }).use(createPinia()).mount('#app');

const yieldToBrowser = () => new Promise<void>((r) => setTimeout(r, 0));

async function runLogBench(total: number, batch: number) {
  while (!api.find('pods:logs').length) await yieldToBrowser();
  const [sub] = api.find('pods:logs');
  const frames: number[] = [];
  let last = performance.now();
  let measuring = true;
  const tick = (t: number) => {
    frames.push(t - last);
    last = t;
    if (measuring) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const started = performance.now();
  for (let sent = 0; sent < total; sent += batch) {
    const pod = `web-5d8f-${(sent / batch) % 4}`;
    const lines = Array.from({ length: Math.min(batch, total - sent) }, (_, i) => `2026-11-29T06:00:00.${String(sent + i).padStart(6, '0')}Z INFO request ${sent + i} handled in ${(sent + i) % 97}ms path=/api/items/${(sent + i) % 1000}`);
    sub.emit({ type: 'lines', source: { pod, container: 'web' }, lines });
    await yieldToBrowser();
  }
  await term.value!.whenWritten();
  const elapsed = performance.now() - started;
  measuring = false;
  frames.sort((a, b) => a - b);
  const p = (q: number) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))];
  return { lines: total, ms: elapsed, linesPerSecond: (total / elapsed) * 1000, frames: frames.length, frameP50: p(0.5), frameP99: p(0.99), frameMax: frames[frames.length - 1] };
}

(window as unknown as { runLogBench: typeof runLogBench }).runLogBench = runLogBench;
