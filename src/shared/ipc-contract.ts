/**
 * The renderer-facing contract: what `window.pilothouse` offers. Results cross the boundary as
 * an envelope so the UI can show the main process's real error message.
 */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

export interface PilothouseApi {
  cluster: {
    info(): Promise<Envelope<{ url?: string }>>;
  };
}
