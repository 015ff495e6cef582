/**
 * Builds `window.pilothouse` over an `ipcRenderer`-like object (kept separate from
 * `index.ts` so it is testable without Electron). Channel names are checked here against the
 * contract's allowlist, and again (with the request) in main.
 */
import type { PilothouseApi } from '../shared/ipc/api.js';
import { ELECTRON_CHANNELS } from '../shared/ipc/wire.js';
import { isCallChannel, isSubscriptionChannel } from '../shared/ipc/validators.js';
import type { Envelope, IpcError } from '../shared/ipc/envelope.js';

/** The part of `ipcRenderer` the gate uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createPreloadApi(ipc: RendererIpc): PilothouseApi {
  let nextId = 1;
  const streams = new Map<number, { onEvent: (e: never) => void; onClose?: (error?: IpcError) => void }>();
  ipc.on(ELECTRON_CHANNELS.event, (_event, id, payload) => {
    streams.get(id as number)?.onEvent(payload as never);
  });
  ipc.on(ELECTRON_CHANNELS.closed, (_event, id, error) => {
    const s = streams.get(id as number);
    if (!s) return;
    streams.delete(id as number);
    s.onClose?.(error as IpcError | undefined);
  });
  return {
    async call(channel, request) {
      if (!isCallChannel(channel)) return { ok: false, error: { code: 'UnknownChannel', message: `unknown channel "${String(channel)}"` } };
      try {
        return (await ipc.invoke(ELECTRON_CHANNELS.call, channel, request)) as Envelope<never>;
      } catch (e) {
        return { ok: false, error: { code: 'Internal', message: (e as Error).message } };
      }
    },
    subscribe(channel, request, onEvent, onClose) {
      if (!isSubscriptionChannel(channel)) {
        queueMicrotask(() => onClose?.({ code: 'UnknownChannel', message: `unknown subscription channel "${String(channel)}"` }));
        return () => {};
      }
      const id = nextId++;
      streams.set(id, { onEvent: onEvent as (e: never) => void, onClose });
      ipc.send(ELECTRON_CHANNELS.subscribe, id, channel, request);
      return () => {
        if (!streams.delete(id)) return;
        ipc.send(ELECTRON_CHANNELS.unsubscribe, id);
      };
    },
  };
}
