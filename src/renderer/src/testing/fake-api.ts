/**
 * An in-memory `PilothouseApi` for component and store tests and the renderer benchmark: calls
 * are answered by handlers the test registers; subscriptions are recorded so the test can push
 * events into them and close them, as the main process would.
 */
import type { PilothouseApi, Unsubscribe } from '../../../shared/ipc/api';
import type { CallChannel, CallRequest, CallResponse, SubscriptionChannel, SubscriptionEvent, SubscriptionRequest } from '../../../shared/ipc/channels';
import type { Envelope, IpcError } from '../../../shared/ipc/envelope';

export interface FakeSubscription<C extends SubscriptionChannel = SubscriptionChannel> {
  channel: C;
  request: SubscriptionRequest<C>;
  emit(event: SubscriptionEvent<C>): void;
  close(error?: IpcError): void;
  active: boolean;
}

type Handler<C extends CallChannel> = (request: CallRequest<C>) => CallResponse<C> | Promise<CallResponse<C>>;

export class FakeApi implements PilothouseApi {
  readonly subscriptions: FakeSubscription[] = [];
  readonly calls: { channel: CallChannel; request: unknown }[] = [];
  private readonly handlers = new Map<CallChannel, Handler<CallChannel>>();

  /** Answers `channel` with `handler`; a thrown `IpcError`-shaped object becomes `{ ok: false }`. */
  on<C extends CallChannel>(channel: C, handler: Handler<C>): this {
    this.handlers.set(channel, handler as unknown as Handler<CallChannel>);
    return this;
  }

  async call<C extends CallChannel>(channel: C, request: CallRequest<C>): Promise<Envelope<CallResponse<C>>> {
    this.calls.push({ channel, request });
    const handler = this.handlers.get(channel);
    if (!handler) return { ok: false, error: { code: 'UnknownChannel', message: `no handler for ${channel}` } };
    try {
      return { ok: true, result: (await handler(request)) as CallResponse<C> };
    } catch (e) {
      const err = e as IpcError;
      return { ok: false, error: { code: err.code ?? 'Internal', message: err.message ?? String(e), details: err.details } };
    }
  }

  subscribe<C extends SubscriptionChannel>(channel: C, request: SubscriptionRequest<C>, onEvent: (event: SubscriptionEvent<C>) => void, onClose?: (error?: IpcError) => void): Unsubscribe {
    const sub: FakeSubscription<C> = {
      channel,
      request,
      active: true,
      emit: (event) => {
        if (sub.active) onEvent(event);
      },
      close: (error) => {
        if (!sub.active) return;
        sub.active = false;
        onClose?.(error);
      },
    };
    this.subscriptions.push(sub as unknown as FakeSubscription);
    return () => {
      sub.active = false;
    };
  }

  /** The active subscriptions of a channel whose request matches `where`. */
  find<C extends SubscriptionChannel>(channel: C, where: Partial<SubscriptionRequest<C>> = {}): FakeSubscription<C>[] {
    return this.subscriptions.filter(
      (s) => s.active && s.channel === channel && Object.entries(where).every(([k, v]) => (s.request as unknown as Record<string, unknown>)[k] === v),
    ) as unknown as FakeSubscription<C>[];
  }
}
