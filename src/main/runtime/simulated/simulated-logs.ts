/**
 * Fake logs of a simulated container, computed from its start and finish times instead of
 * stored: one line when it starts, one per second while it runs ("simulated container X
 * running"), one when it exits. `follow` keeps writing a line per clock second until the
 * container stops or the reader goes away. Honours the kubelet's log options.
 */
import { PassThrough } from 'node:stream';
import type { TimerClock, TimerHandle } from '../../kubelet/clock.js';
import type { LogOptions } from '../types.js';

/** At most this many history lines are produced (a simulated container may "run" for weeks). */
const MAX_HISTORY_LINES = 10_000;

/** What the log generator needs to know about a container, read afresh on every tick. */
export interface LogSubject {
  name: string;
  startedAt?: Date;
  finishedAt?: Date;
  exitCode?: number;
}

interface Line {
  at: number;
  text: string;
}

/** The lines a container has written between its start and `untilMs`. */
export function simulatedLogLines(subject: LogSubject, untilMs: number, fromMs = -Infinity): Line[] {
  if (!subject.startedAt) return [];
  const start = subject.startedAt.getTime();
  const finishedBy = subject.finishedAt && subject.finishedAt.getTime() <= untilMs ? subject.finishedAt.getTime() : undefined;
  const lines: Line[] = [];
  // A line each whole second after the start, up to `untilMs` or strictly before the exit.
  const total = finishedBy !== undefined ? Math.max(0, Math.ceil((finishedBy - start) / 1000) - 1) : Math.floor((untilMs - start) / 1000);
  const firstK = Math.max(0, total - MAX_HISTORY_LINES + 1, Math.ceil((fromMs - start) / 1000));
  for (let k = firstK; k <= total; k++) lines.push({ at: start + k * 1000, text: lineText(subject, k) });
  const finished = subject.finishedAt?.getTime();
  if (finished !== undefined && finished <= untilMs && finished >= fromMs) {
    lines.push({ at: finished, text: `simulated container ${subject.name} exited with code ${subject.exitCode ?? 0}` });
  }
  return lines;
}

function lineText(subject: LogSubject, k: number): string {
  return k === 0 ? `simulated container ${subject.name} started` : `simulated container ${subject.name} running`;
}

/** RFC 3339 with nanoseconds, as container runtimes prefix log lines with `timestamps`. */
function nanoStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000000Z');
}

/**
 * A readable stream of the container's logs. `read()` is called on every tick to see the
 * container's current state (it may have exited meanwhile).
 */
export function simulatedLogStream(clock: TimerClock, read: () => LogSubject | undefined, options: LogOptions): NodeJS.ReadableStream {
  const out = new PassThrough();
  const subject = read();
  if (!subject) {
    out.end();
    return out;
  }
  const now = clock.now().getTime();
  const since = options.sinceTime?.getTime() ?? (options.sinceSeconds !== undefined ? now - options.sinceSeconds * 1000 : -Infinity);
  let history = simulatedLogLines(subject, now, since);
  if (options.tailLines !== undefined) history = options.tailLines <= 0 ? [] : history.slice(-options.tailLines);
  let budget = options.limitBytes ?? Infinity;
  let closed = false;
  let timer: TimerHandle | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    clock.clearTimeout(timer);
    out.end();
  };
  const write = (line: Line): boolean => {
    let text = `${options.timestamps ? `${nanoStamp(line.at)} ` : ''}${line.text}\n`;
    if (Buffer.byteLength(text) > budget) text = Buffer.from(text).subarray(0, budget).toString();
    budget -= Buffer.byteLength(text);
    if (text) out.write(text);
    return budget > 0;
  };
  for (const line of history) {
    if (!write(line)) {
      close();
      return out;
    }
  }
  const lastWritten = history.length ? history[history.length - 1].at : since;
  if (!options.follow || subject.finishedAt) {
    close();
    return out;
  }
  out.on('close', close);
  let cursor = Math.max(lastWritten, now);
  const tick = () => {
    if (closed) return;
    const current = read();
    const at = clock.now().getTime();
    if (!current) return close();
    for (const line of simulatedLogLines(current, at, cursor + 1)) {
      if (!write(line)) return close();
    }
    cursor = at;
    if (current.finishedAt) return close();
    timer = clock.setTimeout(tick, 1000);
  };
  timer = clock.setTimeout(tick, 1000);
  return out;
}
