/**
 * The messages both transports carry. Electron IPC uses the channel names in `ELECTRON_CHANNELS`
 * with these payloads; the dashboard's WebSocket sends the same messages as JSON text frames.
 *
 * Dashboard sign-in: `pilothouse serve` prints `Dashboard: http://127.0.0.1:PORT/#token=TOKEN`.
 * The page reads TOKEN from the URL fragment (never sent to the server by the browser), keeps it
 * in sessionStorage and removes it from the address bar (`readDashboardToken()` in
 * `ws-client.ts` does all of that). The WebSocket is `ws://127.0.0.1:PORT/ws` and carries the
 * token as a subprotocol: `new WebSocket(url, [WS_PROTOCOL, WS_TOKEN_PREFIX + TOKEN])`; the
 * server answers with `WS_PROTOCOL`, and refuses (HTTP 401/403) a missing or wrong token or a
 * foreign Origin.
 */

export const WS_PATH = '/ws';
export const WS_PROTOCOL = 'pilothouse.v1';
export const WS_TOKEN_PREFIX = 'token.';

export const ELECTRON_CHANNELS = {
  /** invoke(call, channel, request) -> Envelope */
  call: 'pilothouse:call',
  /** send(subscribe, id, channel, request) */
  subscribe: 'pilothouse:subscribe',
  /** send(unsubscribe, id) */
  unsubscribe: 'pilothouse:unsubscribe',
  /** main -> renderer: (id, event) */
  event: 'pilothouse:event',
  /** main -> renderer: (id, error?) */
  closed: 'pilothouse:closed',
} as const;

/** Client -> server. `id`s are chosen by the client, unique per connection. */
export type ClientMessage =
  | { t: 'call'; id: number; channel: string; request: unknown }
  | { t: 'sub'; id: number; channel: string; request: unknown }
  | { t: 'unsub'; id: number };

/** Server -> client. */
export type ServerMessage =
  | { t: 'result'; id: number; envelope: import('./envelope.js').Envelope<unknown> }
  | { t: 'event'; id: number; event: unknown }
  | { t: 'closed'; id: number; error?: import('./envelope.js').IpcError };
