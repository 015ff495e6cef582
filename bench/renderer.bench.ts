/**
 * The cockpit renderer in Chromium: the Pods view with 10,000 pods on simulated nodes (first
 * render, frame times while 100 pods/s change, JS heap) and the log terminal's throughput.
 * Targets from issue 6: first render under 1 s, no frame over 50 ms, 50,000 log lines/s.
 */
import { runPodsViewBench } from './renderer/pods-view.js';
import { runLogTerminalBench } from './renderer/log-terminal.js';

const ms = (x: number) => `${x.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function printRendererBench(): Promise<void> {
  console.log('## Cockpit renderer in headless Chromium (targets: first render < 1 s, no frame > 50 ms, 50,000 log lines/s)\n');
  const p = await runPodsViewBench();
  console.log(`- Pods view, ${p.pods.toLocaleString('en')} pods on ${p.nodes} simulated nodes (dashboard over WebSocket, row watch): cold page load to the full list on screen ${ms(median(p.firstRenderMs))} median (runs: ${p.firstRenderMs.map(ms).join(', ')}); click on Pods with the store warm ${ms(median(p.switchMs))} median (runs: ${p.switchMs.map(ms).join(', ')})`);
  console.log(`- While ${p.churn.podsPerSecond.toFixed(0)} pods/s change for ${p.churn.seconds} s (the page received ${p.churn.modifiedSeen.toLocaleString('en')} MODIFIED rows in ${p.churn.batchesSeen} watch batches) and the list scrolls every frame: ${p.churn.frames} frames, frame time p50 ${p.churn.p50Ms.toFixed(1)} ms, p99 ${p.churn.p99Ms.toFixed(1)} ms, max ${p.churn.maxMs.toFixed(1)} ms; ${p.churn.longTasks} long task(s) (> 50 ms), longest ${p.churn.longestTaskMs.toFixed(0)} ms`);
  console.log(`- Renderer JS heap with ${p.pods.toLocaleString('en')} pods, after GC: ${p.heapMB.toFixed(1)} MB`);
  const l = await runLogTerminalBench();
  console.log(`- Log terminal (LogTerminal component, per-pod prefixes, batches of ${l.batch}): ${l.lines.toLocaleString('en')} lines in ${ms(l.ms)} = ${Math.round(l.linesPerSecond).toLocaleString('en')} lines/s; frame time meanwhile p50 ${l.frameP50.toFixed(1)} ms, p99 ${l.frameP99.toFixed(1)} ms, max ${l.frameMax.toFixed(1)} ms; JS heap after GC ${l.heapMB.toFixed(1)} MB (100,000 lines of scrollback and the download copy)\n`);
}
