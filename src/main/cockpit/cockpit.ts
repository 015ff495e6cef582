/**
 * The cockpit's dispatcher, shared by both transports (Electron IPC and the dashboard's
 * WebSocket): validates every request against the contract, runs the channel's service, and
 * wraps the outcome in the envelope. Subscriptions get an `EventSink`; `close()` ends them all.
 */
import type { Envelope, IpcError } from '../../shared/ipc/envelope.js';
import type { CallChannel, CallRequest, CallResponse, SubscriptionChannel, SubscriptionEvent, SubscriptionRequest } from '../../shared/ipc/channels.js';
import { validateCall, validateSubscription } from '../../shared/ipc/validators.js';
import type { CockpitContext } from './context.js';
import { CockpitError, toIpcError } from './errors.js';
import { cockpitHandlers } from './handlers.js';

/** Where a subscription's events go. `close` ends the stream (with an error when it failed). */
export interface EventSink<E> {
  emit(event: E): void;
  close(error?: IpcError): void;
  readonly closed: boolean;
}

export type CallHandlers = { [C in CallChannel]?: (request: CallRequest<C>) => Promise<CallResponse<C>> };
export type SubscriptionHandlers = {
  [C in SubscriptionChannel]?: (request: SubscriptionRequest<C>, sink: EventSink<SubscriptionEvent<C>>) => Promise<() => void>;
};

export interface Handlers {
  calls: CallHandlers;
  subscriptions: SubscriptionHandlers;
}

export class Cockpit {
  private readonly handlers: Handlers;
  private readonly active = new Set<() => void>();

  constructor(readonly context: CockpitContext, handlers?: Handlers) {
    this.handlers = handlers ?? cockpitHandlers(context);
  }

  /** How many subscriptions are running (for tests and diagnostics). */
  get activeSubscriptions(): number {
    return this.active.size;
  }

  async call(channel: unknown, request: unknown): Promise<Envelope<unknown>> {
    const valid = validateCall(channel, request);
    if (!valid.ok) return { ok: false, error: valid.error };
    const handler = this.handlers.calls[channel as CallChannel] as ((r: unknown) => Promise<unknown>) | undefined;
    if (!handler) return { ok: false, error: { code: 'Unsupported', message: `${String(channel)} is not available in ${this.context.mode} mode` } };
    try {
      return { ok: true, result: await handler(valid.request) };
    } catch (e) {
      return { ok: false, error: toIpcError(e) };
    }
  }

  /**
   * Starts a stream; events and the end go to `sink`. Returns the function that stops it (the
   * sink is not closed by it: the caller is the one going away).
   */
  subscribe(channel: unknown, request: unknown, sink: EventSink<unknown>): () => void {
    const valid = validateSubscription(channel, request);
    if (!valid.ok) {
      queueMicrotask(() => sink.close(valid.error));
      return () => {};
    }
    const handler = this.handlers.subscriptions[channel as SubscriptionChannel] as
      | ((r: unknown, s: EventSink<unknown>) => Promise<() => void>)
      | undefined;
    if (!handler) {
      queueMicrotask(() => sink.close(toIpcError(new CockpitError('Unsupported', `${String(channel)} is not available in ${this.context.mode} mode`))));
      return () => {};
    }
    let stopped = false;
    let stopFn: (() => void) | undefined;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      this.active.delete(stop);
      stopFn?.();
    };
    this.active.add(stop);
    // Once the stream ends by itself, the stop function only has to forget it.
    const guarded: EventSink<unknown> = {
      emit: (e) => { if (!stopped && !sink.closed) sink.emit(e); },
      close: (error) => {
        if (stopped || sink.closed) return;
        sink.close(error);
        stop();
      },
      get closed() { return stopped || sink.closed; },
    };
    handler(valid.request, guarded).then(
      (fn) => {
        if (stopped) fn();
        else stopFn = fn;
      },
      (e: unknown) => guarded.close(toIpcError(e)),
    );
    return stop;
  }

  /** Ends every running subscription (the transport is closing or the cluster stopping). */
  async close(): Promise<void> {
    for (const stop of [...this.active]) stop();
    await this.context.nodes.close();
  }
}
