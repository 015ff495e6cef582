/**
 * The Electron transport of the contract: `pilothouse:call` (invoke) and
 * `pilothouse:subscribe` / `pilothouse:unsubscribe` (send), answered by the cockpit. Every
 * message is checked first: it must come from the main frame of a trusted window showing the
 * cockpit (`isTrustedSender`), and its request is validated by the cockpit. A window's
 * subscriptions end when it navigates, crashes or closes.
 */
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ELECTRON_CHANNELS } from '../../shared/ipc/wire.js';
import type { Envelope, IpcError } from '../../shared/ipc/envelope.js';
import type { Cockpit } from '../cockpit/cockpit.js';

export interface ElectronIpcOptions {
  /** True for the cockpit's own frame (see `isTrustedRendererUrl`). */
  isTrustedSender(frameUrl: string | undefined): boolean;
}

type SenderEvent = IpcMainEvent | IpcMainInvokeEvent;

const forbidden: IpcError = { code: 'Forbidden', message: 'this frame may not use the Pilothouse API' };

export function registerCockpitIpc(cockpit: Cockpit, options: ElectronIpcOptions): () => void {
  /** Per WebContents id: subscription id -> stop. */
  const byWindow = new Map<number, Map<number, () => void>>();

  const trusted = (event: SenderEvent): boolean => {
    const frame = event.senderFrame;
    // Only the top frame: an iframe (if one ever appeared) gets nothing.
    if (!frame || frame.parent !== null) return false;
    return options.isTrustedSender(frame.url);
  };

  const streamsOf = (sender: WebContents): Map<number, () => void> => {
    let streams = byWindow.get(sender.id);
    if (!streams) {
      const created = new Map<number, () => void>();
      byWindow.set(sender.id, created);
      streams = created;
      const endAll = () => {
        for (const stop of created.values()) stop();
        created.clear();
        byWindow.delete(sender.id);
      };
      sender.once('destroyed', endAll);
      sender.on('did-start-navigation', (details: { isMainFrame?: boolean; isSameDocument?: boolean }) => {
        if (details?.isMainFrame !== false && !details?.isSameDocument) endAll();
      });
      sender.on('render-process-gone', endAll);
    }
    return streams;
  };

  const onCall = async (event: IpcMainInvokeEvent, channel: unknown, request: unknown): Promise<Envelope<unknown>> => {
    if (!trusted(event)) return { ok: false, error: forbidden };
    return cockpit.call(channel, request);
  };

  const onSubscribe = (event: IpcMainEvent, id: unknown, channel: unknown, request: unknown): void => {
    const sender = event.sender;
    if (!Number.isInteger(id)) return;
    const subId = id as number;
    const closed = (error?: IpcError) => {
      if (!sender.isDestroyed()) sender.send(ELECTRON_CHANNELS.closed, subId, error);
    };
    if (!trusted(event)) {
      closed(forbidden);
      return;
    }
    const streams = streamsOf(sender);
    if (streams.has(subId)) {
      closed({ code: 'BadRequest', message: `subscription id ${subId} is in use` });
      return;
    }
    let ended = false;
    const stop = cockpit.subscribe(channel, request, {
      emit: (e) => {
        if (!sender.isDestroyed()) sender.send(ELECTRON_CHANNELS.event, subId, e);
      },
      close: (error) => {
        ended = true;
        streams.delete(subId);
        closed(error);
      },
      get closed() { return ended || sender.isDestroyed(); },
    });
    if (!ended) streams.set(subId, stop);
  };

  const onUnsubscribe = (event: IpcMainEvent, id: unknown): void => {
    if (!trusted(event)) return;
    const streams = byWindow.get(event.sender.id);
    const stop = streams?.get(id as number);
    streams?.delete(id as number);
    stop?.();
  };

  ipcMain.handle(ELECTRON_CHANNELS.call, onCall);
  ipcMain.on(ELECTRON_CHANNELS.subscribe, onSubscribe);
  ipcMain.on(ELECTRON_CHANNELS.unsubscribe, onUnsubscribe);
  return () => {
    ipcMain.removeHandler(ELECTRON_CHANNELS.call);
    ipcMain.removeListener(ELECTRON_CHANNELS.subscribe, onSubscribe);
    ipcMain.removeListener(ELECTRON_CHANNELS.unsubscribe, onUnsubscribe);
    for (const streams of byWindow.values()) for (const stop of streams.values()) stop();
    byWindow.clear();
  };
}
