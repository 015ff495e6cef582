/**
 * `PilothouseApi`: the one interface the renderer talks to, whichever transport is underneath
 * (Electron's preload as `window.pilothouse`, or the dashboard's WebSocket client).
 */
import type { Envelope, IpcError } from './envelope.js';
import type { CallChannel, CallRequest, CallResponse, SubscriptionChannel, SubscriptionEvent, SubscriptionRequest } from './channels.js';

export type Unsubscribe = () => void;

export interface PilothouseApi {
  /** Never rejects: failures come back as `{ ok: false, error }`. */
  call<C extends CallChannel>(channel: C, request: CallRequest<C>): Promise<Envelope<CallResponse<C>>>;
  /**
   * Starts a stream. `onClose` runs once when the stream ends by itself: without an error when
   * it finished (logs without follow, exec exited), with one when it failed or was refused
   * (validation, NotFound, connection lost). It does not run after `unsubscribe()`.
   */
  subscribe<C extends SubscriptionChannel>(
    channel: C,
    request: SubscriptionRequest<C>,
    onEvent: (event: SubscriptionEvent<C>) => void,
    onClose?: (error?: IpcError) => void,
  ): Unsubscribe;
}
