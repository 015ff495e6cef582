/**
 * Runtime events from Docker's event stream, filtered by the daemon to containers carrying our
 * labels: `start`, `die` (with the exit code) and `oom`. When the stream breaks and the engine
 * cannot be reached again at once, `runtime-down` is reported and the stream is reopened with
 * backoff; `runtime-up` follows when it is back (events missed meanwhile are replayed from the
 * daemon's buffer with `since`). A first connection that fails reports `runtime-down` too.
 */
import type Dockerode from 'dockerode';
import { LABELS, type RuntimeEvent } from '../types.js';

export interface EventWatchOptions {
  docker: Dockerode;
  /** Docker `label` filters every event's container must match (AND). */
  labelFilters: string[];
  onEvent: (e: RuntimeEvent) => void;
  /** Reconnect backoff: first delay and cap (defaults 250 ms and 10 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

interface DockerEvent {
  Type?: string;
  Action?: string;
  id?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** A stream that lived this long was healthy: the next break reconnects at once. */
const STABLE_MS = 1000;

/** A Docker container event as a `RuntimeEvent`, or undefined for actions we do not report. */
export function toRuntimeEvent(e: DockerEvent): RuntimeEvent | undefined {
  const attrs = e.Actor?.Attributes ?? {};
  const at = e.timeNano ? new Date(Math.floor(e.timeNano / 1e6)) : new Date((e.time ?? Date.now() / 1000) * 1000);
  const base = { containerId: e.Actor?.ID ?? e.id, podUid: attrs[LABELS.podUid], at };
  switch (e.Action) {
    case 'start': return { type: 'container-started', ...base };
    case 'die': return { type: 'container-died', ...base, exitCode: attrs.exitCode !== undefined ? Number(attrs.exitCode) : undefined };
    case 'oom': return { type: 'container-oom', ...base };
    default: return undefined;
  }
}

/** Splits newline-delimited JSON arriving in arbitrary chunks. */
function jsonLines(onObject: (o: DockerEvent) => void): (chunk: Buffer) => void {
  let rest = '';
  return (chunk) => {
    rest += chunk.toString('utf8');
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (!line) continue;
      try {
        onObject(JSON.parse(line) as DockerEvent);
      } catch {
        // not JSON: ignore the line
      }
    }
  };
}

/** Starts watching; returns a function that stops for good. */
export function watchEvents(o: EventWatchOptions): () => void {
  const minBackoff = o.minBackoffMs ?? 250;
  const maxBackoff = o.maxBackoffMs ?? 10_000;
  let closed = false;
  let up: boolean | undefined; // undefined until the first attempt
  let backoff = minBackoff;
  let since: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stream: NodeJS.ReadableStream | undefined;

  const emit = (e: RuntimeEvent) => {
    if (closed) return;
    try {
      o.onEvent(e);
    } catch (err) {
      console.warn(`docker-runtime: event listener failed: type=${e.type} container=${e.containerId} error=${(err as Error).message}`);
    }
  };
  const markDown = () => {
    if (up !== false) emit({ type: 'runtime-down', at: new Date() });
    up = false;
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    let s: NodeJS.ReadableStream;
    try {
      const filters: Dockerode.GetEventsOptions['filters'] = { type: ['container'], event: ['start', 'die', 'oom'], label: o.labelFilters };
      s = await o.docker.getEvents({ filters, ...(since !== undefined ? { since: since / 1000 } : {}) });
    } catch {
      markDown();
      timer = setTimeout(() => void connect(), backoff);
      backoff = Math.min(maxBackoff, backoff * 2);
      return;
    }
    if (closed) return void (s as { destroy?: () => void }).destroy?.();
    stream = s;
    if (up === false) emit({ type: 'runtime-up', at: new Date() });
    up = true;
    const connectedAt = Date.now();
    s.on('data', jsonLines((raw) => {
      const e = toRuntimeEvent(raw);
      if (e) emit(e);
    }));
    let broken = false;
    const onBreak = () => {
      if (broken || closed) return;
      broken = true;
      since = Date.now();
      if (since - connectedAt >= STABLE_MS) {
        backoff = minBackoff;
        void connect(); // at once: a healthy engine answers and no runtime-down is reported
      } else {
        // A stream that keeps breaking right away must not spin: wait, and wait longer each time.
        timer = setTimeout(() => void connect(), backoff);
        backoff = Math.min(maxBackoff, backoff * 2);
      }
    };
    s.on('end', onBreak);
    s.on('close', onBreak);
    s.on('error', onBreak);
  };

  void connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    (stream as { destroy?: () => void } | undefined)?.destroy?.();
  };
}
