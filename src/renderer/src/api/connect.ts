/**
 * Picks the transport once at start-up: Electron's `window.pilothouse`, or the dashboard's
 * WebSocket (token from the URL fragment, read before the router owns the fragment). The
 * socket's status feeds the connection indicator; without a token the app says how to sign in.
 */
import { reactive } from 'vue';
import { connectDashboard } from '../../../shared/ipc/ws-client';
import { installApi } from './pilothouse';
import type { PilothouseApi } from '../../../shared/ipc/api';

/** The transport's own view of the link (the socket in dashboard mode; always up in Electron). */
export const transport = reactive<{ connected: boolean; message?: string; signInError?: string }>({ connected: true });

export function connect(): void {
  try {
    installApi(
      connectDashboard((status) => {
        transport.connected = status.connected;
        transport.message = status.message;
      }),
    );
  } catch (e) {
    transport.connected = false;
    transport.signInError = e instanceof Error ? e.message : String(e);
    installApi(refusingApi(transport.signInError));
  }
}

/** An API that answers every request with the sign-in problem, so views show it instead of hanging. */
function refusingApi(message: string): PilothouseApi {
  const error = { code: 'Unavailable', message };
  return {
    call: async () => ({ ok: false, error }),
    subscribe: (_channel, _request, _onEvent, onClose) => {
      queueMicrotask(() => onClose?.(error));
      return () => {};
    },
  };
}
