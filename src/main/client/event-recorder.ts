/**
 * Records core/v1 Events about objects, aggregating repeats the way upstream's event
 * correlator does: the same (object, type, reason, message, source) within 10 minutes updates
 * one Event's `count` and `lastTimestamp`, so `kubectl describe` shows `(x3 over 2m)`.
 * Recording never throws: a failed write is logged and dropped, as upstream does.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../../shared/api/object.js';
import { rfc3339, systemClock, type Clock } from '../util/time.js';
import type { ApiClient } from './api-client.js';

const EVENTS = { apiVersion: 'v1', resource: 'events' };
const AGGREGATION_WINDOW_MS = 10 * 60 * 1000;
const MAX_REMEMBERED = 4096;

export type EventType = 'Normal' | 'Warning';

interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  lastSeenMs: number;
}

let sequence = 0;

/**
 * Upstream names events `<object>.<UnixNano in hex>`. Milliseconds carry no nanoseconds here, so
 * the low digits are a per-process sequence plus random bits: unique even for events recorded in
 * the same millisecond (BigInt keeps every digit; a double would round them away).
 */
function eventSuffix(now: Date): string {
  sequence = (sequence + 1) % 1000;
  const nanos = BigInt(now.getTime()) * 1_000_000n + BigInt(sequence) * 1000n + BigInt(randomBytes(2).readUInt16BE() % 1000);
  return nanos.toString(16);
}

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly client: ApiClient,
    /** `source.component` (e.g. `default-scheduler`, `kubelet`, `deployment-controller`). */
    private readonly component: string,
    /** `source.host` for node agents. */
    private readonly host?: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Fire-and-forget; returns the write's promise for callers (tests) that want to wait. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    return this.record(obj, type, reason, message).catch((e: Error) => {
      console.warn(`event-recorder(${this.component}): could not record ${reason} for ${obj.kind}/${obj.metadata.name}: ${e.message}`);
    });
  }

  private async record(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const now = this.clock.now();
    const namespace = obj.metadata.namespace ?? 'default';
    const key = [obj.metadata.uid, obj.kind, obj.metadata.name, namespace, type, reason, message].join('\u0000');
    const prior = this.seen.get(key);
    if (prior && now.getTime() - prior.lastSeenMs < AGGREGATION_WINDOW_MS) {
      prior.count += 1;
      prior.lastSeenMs = now.getTime();
      try {
        await this.client.patch(EVENTS, prior.namespace, prior.name, { count: prior.count, lastTimestamp: rfc3339(now) }, 'merge');
        return;
      } catch {
        this.seen.delete(key); // the event was deleted or expired: write a fresh one
      }
    }
    const name = `${obj.metadata.name}.${eventSuffix(now)}`;
    const stamp = rfc3339(now);
    await this.client.create(EVENTS, namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: { component: this.component, ...(this.host ? { host: this.host } : {}) },
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: this.host ?? this.component,
      count: 1,
    } as unknown as KubeObject);
    if (this.seen.size >= MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(key, { name, namespace, count: 1, firstTimestamp: stamp, lastSeenMs: now.getTime() });
  }
}

