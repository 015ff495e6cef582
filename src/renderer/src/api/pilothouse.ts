/**
 * The renderer's one handle on the cluster: the `PilothouseApi` of `src/shared/ipc` (Electron's
 * `window.pilothouse`, or the dashboard's WebSocket client), installed once at start-up.
 * `call` unwraps the envelope so a failure arrives as a `PilothouseError` with the API server's
 * own message, reason and causes.
 */
import type { PilothouseApi, Unsubscribe } from '../../../shared/ipc/api';
import type { CallChannel, CallRequest, CallResponse, SubscriptionChannel, SubscriptionEvent, SubscriptionRequest } from '../../../shared/ipc/channels';
import { PilothouseError, type IpcError } from '../../../shared/ipc/envelope';

let current: PilothouseApi | undefined;

export function installApi(api: PilothouseApi): void {
  current = api;
}

export function api(): PilothouseApi {
  if (!current) throw new Error('the Pilothouse API is not connected yet (installApi was not called)');
  return current;
}

export async function call<C extends CallChannel>(channel: C, request: CallRequest<C>): Promise<CallResponse<C>> {
  const envelope = await api().call(channel, request);
  if (envelope.ok) return envelope.result;
  throw new PilothouseError(envelope.error);
}

export function subscribe<C extends SubscriptionChannel>(
  channel: C,
  request: SubscriptionRequest<C>,
  onEvent: (event: SubscriptionEvent<C>) => void,
  onClose?: (error?: IpcError) => void,
): Unsubscribe {
  return api().subscribe(channel, request, onEvent, onClose);
}

/** A message for any failure: the API server's message when there is one. */
export function errorMessage(e: unknown): string {
  if (e instanceof PilothouseError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export { PilothouseError };
export type { IpcError };
