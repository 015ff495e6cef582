/**
 * LIST then WATCH one resource collection, like client-go's reflector: the LIST replaces the
 * consumer's view, WATCH events (newline-delimited JSON) update it, and the watch resumes from
 * the last resourceVersion when the server ends it. A 410 Gone, an ERROR event or a dropped
 * connection means a fresh LIST, after a backoff for failures. The consumer keeps its last view
 * meanwhile.
 */
import { createInterface } from 'node:readline';
import type { KubeObject } from '../../shared/api/object.js';
import { ApiError, readJson, type ApiConnection } from './api-connection.js';
import type { WatchEventType } from './record-index.js';

export interface ReflectorConfig<T extends KubeObject> {
  /** Names the resource in logs ("services"). */
  name: string;
  /** The collection path, e.g. `/api/v1/services`. */
  path: string;
  connection: ApiConnection;
  /** Called with every object after each LIST. */
  onReplace(items: T[]): void;
  onEvent(type: WatchEventType, object: T): void;
  log(line: string): void;
  /** First and longest wait after a failure (default 500 ms and 30 s, doubling, with jitter). */
  backoff?: { initialMs: number; maxMs: number };
  /** Watch `timeoutSeconds` range; the server ends the watch and it resumes (default 300..600). */
  watchTimeoutSeconds?: [number, number];
}

/** A watch that lasted this long shows the connection works: the backoff starts afresh. */
const HEALTHY_WATCH_MS = 10_000;

type WatchOutcome = { kind: 'ended'; resourceVersion: string; events: number } | { kind: 'expired' };

interface WatchEvent {
  type?: string;
  object?: KubeObject & { code?: number; message?: string };
}

export class Reflector<T extends KubeObject> {
  /** True once the first LIST has been applied. */
  synced = false;
  private readonly backoff: { initialMs: number; maxMs: number };

  constructor(private readonly config: ReflectorConfig<T>) {
    this.backoff = config.backoff ?? { initialMs: 500, maxMs: 30_000 };
  }

  /** Lists and watches until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const { name, log } = this.config;
    let resourceVersion: string | undefined;
    let failures = 0;
    while (!signal.aborted) {
      let phase = 'list';
      let watchStarted = 0;
      try {
        if (resourceVersion === undefined) {
          const list = await this.list(signal);
          this.config.onReplace(list.items);
          resourceVersion = list.resourceVersion;
          this.synced = true;
          log(`listed resource=${name} items=${list.items.length} resourceVersion=${resourceVersion}`);
        }
        phase = 'watch';
        watchStarted = Date.now();
        const outcome = await this.watch(resourceVersion, signal);
        if (outcome.kind === 'expired') {
          log(`watch expired, relisting resource=${name} resourceVersion=${resourceVersion}`);
          resourceVersion = undefined;
          continue;
        }
        resourceVersion = outcome.resourceVersion;
        if (outcome.events > 0 || Date.now() - watchStarted >= HEALTHY_WATCH_MS) failures = 0;
        // A watch the server ends at once, with nothing in it, must not become a busy loop.
        else if (Date.now() - watchStarted < 1000) await sleep(this.delay(++failures), signal);
      } catch (e) {
        if (signal.aborted) break;
        // A watch that ran for a while before it broke starts the backoff afresh.
        if (phase === 'watch' && Date.now() - watchStarted >= HEALTHY_WATCH_MS) failures = 0;
        failures++;
        const wait = this.delay(failures);
        log(`${phase} failed, relisting resource=${name} attempt=${failures} retryInMs=${wait} error="${(e as Error).message}"`);
        resourceVersion = undefined;
        await sleep(wait, signal);
      }
    }
  }

  private delay(failures: number): number {
    const base = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (failures - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private async list(signal: AbortSignal): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let resourceVersion = '';
    let continueToken: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '500', ...(continueToken ? { continue: continueToken } : {}) });
      const { response } = await this.config.connection.get(`${this.config.path}?${query}`, signal);
      const body = (await readJson(response)) as { items?: T[]; metadata?: { resourceVersion?: string; continue?: string } };
      items.push(...(body.items ?? []));
      resourceVersion ||= body.metadata?.resourceVersion ?? '';
      continueToken = body.metadata?.continue || undefined;
    } while (continueToken);
    return { items, resourceVersion };
  }

  /** One WATCH from `resourceVersion` until the server ends it; throws when the connection breaks. */
  private async watch(resourceVersion: string, signal: AbortSignal): Promise<WatchOutcome> {
    const [min, max] = this.config.watchTimeoutSeconds ?? [300, 600];
    const timeoutSeconds = min + Math.floor(Math.random() * (max - min + 1));
    const query = new URLSearchParams({ watch: '1', resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: String(timeoutSeconds) });
    const { request, response } = await this.config.connection.get(`${this.config.path}?${query}`, signal);
    if (response.statusCode === 410) {
      response.resume();
      return { kind: 'expired' };
    }
    if (response.statusCode !== 200) {
      await readJson(response);
      throw new ApiError(response.statusCode ?? 0, 'unexpected watch status');
    }
    // A watch that stays silent past its own timeout is a dead connection.
    request.setTimeout((timeoutSeconds + 30) * 1000, () => request.destroy(new Error('watch went silent')));
    request.socket?.setKeepAlive(true, 30_000);
    let rv = resourceVersion;
    let events = 0;
    const lines = createInterface({ input: response, crlfDelay: Infinity });
    // readline does not pass on the response's errors: watch for a broken connection separately.
    const broken = new Promise<never>((_, reject) => {
      const fail = (e: Error) => {
        lines.close();
        reject(e);
      };
      response.on('error', fail);
      response.on('close', () => {
        if (!response.complete) fail(new Error('watch connection dropped'));
      });
    });
    const read = async (): Promise<WatchOutcome> => {
      for await (const line of lines) {
        if (!line.trim()) continue;
        const event = JSON.parse(line) as WatchEvent;
        const object = event.object;
        if (event.type === 'ERROR') {
          response.destroy();
          if (object?.code === 410) return { kind: 'expired' };
          throw new Error(`watch ERROR event: ${object?.message ?? JSON.stringify(object)}`);
        }
        if (object?.metadata?.resourceVersion) rv = object.metadata.resourceVersion;
        if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
          events++;
          this.config.onEvent(event.type, object as T);
        }
      }
      if (!response.complete) throw new Error('watch connection dropped');
      return { kind: 'ended', resourceVersion: rv, events };
    };
    const reading = read();
    // Whichever settles second is ignored.
    reading.catch(() => {});
    broken.catch(() => {});
    try {
      return await Promise.race([reading, broken]);
    } finally {
      lines.close();
      response.destroy();
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
