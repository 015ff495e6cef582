/**
 * Watch: a stream of `{type, object}` events (newline-delimited JSON over HTTP).
 * - `resourceVersion` unset or "0": synthetic ADDED events for every current object, then changes;
 * - `resourceVersion=N`: every change after N; N older than the compacted revision gets an ERROR
 *   event carrying a 410 Expired Status (clients relist);
 * - `sendInitialEvents=true` (WatchList): ADDED for every object, then a BOOKMARK annotated
 *   `k8s.io/initial-events-end`, then changes;
 * - bookmarks with `allowWatchBookmarks`, selectors applied to both old and new object (an object
 *   that stops matching is reported DELETED), `timeoutSeconds` closes the stream.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import { WatchTooSlowError } from '../../store/errors.js';
import { ApiError, errors } from '../errors.js';
import { objectFilter, type ObjectFilter } from '../filter.js';
import type { ApiResponse, StreamSink } from '../http/types.js';
import type { ResourceDef } from '../registry/resource-def.js';
import { apiVersionOf } from '../registry/resources.js';
import type { FieldError, KindStrategy } from '../registry/types.js';
import { translateStoreError, type ObjectEvent, type ObjectStore } from '../storage/object-store.js';
import { forbidden, invalidListOptions } from './list.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WireEvent {
  type: WatchEventType;
  object: unknown;
}

export interface WatchOptions {
  /** Turns an object into what is sent (full object or a one-row Table). */
  render(obj: KubeObject): unknown;
  /** Upper bound for streams without `timeoutSeconds` (upstream: 30-60 minutes). */
  defaultTimeoutSeconds?: number;
  /** How often to send a bookmark when the client allows them and nothing else happened. */
  bookmarkIntervalMs?: number;
}

export async function watchResponse(
  objects: ObjectStore,
  r: ResourceDef,
  strategy: KindStrategy,
  namespace: string | undefined,
  query: URLSearchParams,
  options: WatchOptions,
): Promise<ApiResponse> {
  const filter = objectFilter(query, strategy);
  const rvText = query.get('resourceVersion') ?? '';
  const sendInitial = query.get('sendInitialEvents');
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  validateWatchOptions(query, sendInitial, bookmarks);
  const startRv = rvText === '' || rvText === '0' ? undefined : Number(rvText);
  if (startRv !== undefined && (!Number.isInteger(startRv) || startRv < 0)) {
    throw errors.badRequest(`invalid resource version "${rvText}"`);
  }
  if (startRv !== undefined) {
    // Upstream's watch cache answers 504 rather than wait silently for a revision that may never
    // come (e.g. a client that kept its resourceVersion across a cluster reset); clients relist.
    const current = await objects.currentRevision();
    if (startRv > current) throw errors.timeout(`Too large resource version: ${startRv}, current: ${current}`);
  }
  const timeoutText = query.get('timeoutSeconds');
  const timeoutSeconds = timeoutText ? Number(timeoutText) : (options.defaultTimeoutSeconds ?? 1800 + Math.floor(Math.random() * 1800));
  const initialEvents = sendInitial === 'true' || (sendInitial === null && startRv === undefined);

  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    stream: (sink) => {
      void runWatch(sink, {
        objects, r, filter, namespace, startRv, initialEvents,
        initialEventsEnd: sendInitial === 'true', bookmarks, timeoutSeconds, options,
      });
    },
  };
}

/** Upstream `validateWatchOptions`, answered like upstream: 422 for an invalid ListOptions. */
function validateWatchOptions(query: URLSearchParams, sendInitial: string | null, bookmarks: boolean): void {
  const match = query.get('resourceVersionMatch') ?? '';
  const problems: FieldError[] = [];
  if (sendInitial !== null) {
    if (match !== 'NotOlderThan') {
      problems.push(forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
    }
    // Not checked by upstream's validation; required here so a client never waits for a bookmark
    // it did not ask for (the reflector always sends both).
    if (!bookmarks) problems.push(forbidden('allowWatchBookmarks', 'sendInitialEvents requires setting allowWatchBookmarks to true'));
  }
  if (match) {
    if (sendInitial === null) {
      problems.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    }
    if (match !== 'NotOlderThan') {
      problems.push({ type: 'FieldValueNotSupported', field: 'resourceVersionMatch', badValue: match, detail: 'supported values: "NotOlderThan"' });
    }
    if (query.get('continue')) problems.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  if (problems.length > 0) throw invalidListOptions(problems);
}

interface WatchRun {
  objects: ObjectStore;
  r: ResourceDef;
  filter: ObjectFilter;
  namespace: string | undefined;
  startRv?: number;
  initialEvents: boolean;
  initialEventsEnd: boolean;
  bookmarks: boolean;
  timeoutSeconds: number;
  options: WatchOptions;
}

async function runWatch(sink: StreamSink, w: WatchRun): Promise<void> {
  const { r, filter } = w;
  let lastRv = w.startRv ?? 0;
  const timers: NodeJS.Timeout[] = [];
  let cancelStore: (() => void) | undefined;
  const finish = () => {
    for (const t of timers) clearTimeout(t);
    cancelStore?.();
    if (!sink.closed) sink.end();
  };
  sink.onClose(finish);
  const send = (type: WatchEventType, obj: KubeObject) => {
    if (sink.closed) return;
    if (!sink.write({ type, object: type === 'BOOKMARK' ? obj : w.options.render(obj) })) {
      // The client cannot keep up: end the stream, it will resume from its last resourceVersion.
      finish();
    }
  };
  const sendError = (e: unknown) => {
    const translated = translateStoreError(e, { group: r.group, resource: r.plural, name: '' });
    const status = translated instanceof ApiError ? translated.status : errors.internal(String(e)).status;
    if (!sink.closed) sink.write({ type: 'ERROR', object: status });
    finish();
  };
  const bookmark = (rv: number, initialEnd = false) => {
    const metadata: KubeObject['metadata'] = { resourceVersion: String(rv) };
    if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    send('BOOKMARK', { kind: r.kind, apiVersion: apiVersionOf(r), metadata });
  };

  try {
    if (w.initialEvents) {
      let cont: string | undefined;
      let revision: number | undefined;
      do {
        const page = await w.objects.list(r, w.namespace, { limit: 500, continue: cont, revision });
        revision = page.revision;
        for (const obj of page.items) if (filter.matches(obj)) send('ADDED', obj);
        cont = page.continue;
      } while (cont && !sink.closed);
      lastRv = revision ?? (await w.objects.currentRevision());
      if (w.initialEventsEnd) bookmark(lastRv, true);
    } else if (w.startRv === undefined) {
      // No initial events and no resourceVersion (sendInitialEvents=false): start from now.
      lastRv = await w.objects.currentRevision();
    }
    if (sink.closed) return;
    const watch = await w.objects.watch(r, w.namespace, lastRv, {
      onEvents: (events) => {
        for (const e of events) {
          deliver(e, filter, send);
          lastRv = e.revision;
        }
      },
      onProgress: w.bookmarks ? (rv) => { if (rv > lastRv) { lastRv = rv; bookmark(rv); } } : undefined,
      // A watcher that fell too far behind is simply ended: the client resumes from its last
      // resourceVersion (or relists), as with any closed watch.
      onClose: (err) => (err instanceof WatchTooSlowError ? finish() : sendError(err)),
    });
    cancelStore = () => watch.cancel();
    if (sink.closed) watch.cancel();
  } catch (e) {
    sendError(e);
    return;
  }
  timers.push(setTimeout(finish, w.timeoutSeconds * 1000));
  if (w.bookmarks) {
    const interval = setInterval(() => bookmark(lastRv), w.options.bookmarkIntervalMs ?? 60_000);
    timers.push(interval);
  }
}

/** Applies selectors to a change: an object entering the selection is ADDED, one leaving it DELETED. */
function deliver(e: ObjectEvent, filter: ObjectFilter, send: (type: WatchEventType, obj: KubeObject) => void): void {
  if (filter.everything) {
    send(e.type, e.object);
    return;
  }
  const now = filter.matches(e.object);
  if (e.type === 'DELETED') {
    if (now) send('DELETED', e.object);
    return;
  }
  const before = e.previous ? filter.matches(e.previous) : false;
  if (now && before) send('MODIFIED', e.object);
  else if (now) send('ADDED', e.object);
  else if (before) send('DELETED', e.object);
}
