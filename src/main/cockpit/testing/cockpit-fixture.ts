/**
 * A cockpit over an in-process cluster with simulated nodes, for the service specs, and a
 * recorder that collects a subscription's events and waits for the ones a test expects.
 */
import { startInProcessCluster, type InProcessCluster } from '../../../../test/support/in-process-cluster.js';
import type { IpcError } from '../../../shared/ipc/envelope.js';
import { Cockpit, type EventSink } from '../cockpit.js';
import { cockpitContext, type CockpitContextOptions } from '../context.js';

export interface CockpitFixture {
  env: InProcessCluster;
  cockpit: Cockpit;
  stop(): Promise<void>;
}

export async function startCockpit(nodes = 2, options: Partial<CockpitContextOptions> = {}): Promise<CockpitFixture> {
  const env = await startInProcessCluster({ simulatedNodes: { count: nodes } });
  const cockpit = new Cockpit(cockpitContext(env.cluster, { mode: 'dashboard', watchBatchMs: 20, ...options }));
  return {
    env,
    cockpit,
    async stop() {
      await cockpit.close();
      await env.stop();
    },
  };
}

/** Records a subscription: every event, and how it ended. */
export class Recorder<E = unknown> implements EventSink<E> {
  readonly events: E[] = [];
  ended?: { error?: IpcError };
  private waiters: (() => void)[] = [];

  emit(event: E): void {
    this.events.push(event);
    this.wake();
  }

  close(error?: IpcError): void {
    this.ended = { error };
    this.wake();
  }

  get closed(): boolean {
    return this.ended !== undefined;
  }

  /** Resolves with the first event (from the start) that satisfies `match`; fails after `timeoutMs`. */
  async waitFor<T extends E = E>(match: (e: E) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found as T;
      if (this.ended) throw new Error(`stream ended (${this.ended.error?.message ?? 'no error'}) before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.events).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  async waitForEnd(timeoutMs = 15_000): Promise<{ error?: IpcError }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for the stream to end; got ${JSON.stringify(this.events).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    return this.ended;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
