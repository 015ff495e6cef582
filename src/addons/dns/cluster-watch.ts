/**
 * Keeps the record index in step with the cluster: one reflector for Services and one for
 * EndpointSlices (all namespaces). Ready once both have listed once; after that the index keeps
 * serving its last view through any reconnect.
 */
import type { ApiConnection } from './api-connection.js';
import type { EndpointSlice, Service } from './kube-objects.js';
import type { RecordIndex } from './record-index.js';
import { Reflector, type ReflectorConfig } from './reflector.js';

export interface ClusterWatchConfig {
  connection: ApiConnection;
  index: RecordIndex;
  log(line: string): void;
  /** Reflector tuning (tests shorten the backoff). */
  backoff?: ReflectorConfig<Service>['backoff'];
  watchTimeoutSeconds?: ReflectorConfig<Service>['watchTimeoutSeconds'];
}

export class ClusterWatch {
  private readonly services: Reflector<Service>;
  private readonly slices: Reflector<EndpointSlice>;
  private readonly abort = new AbortController();
  private running: Promise<void>[] = [];

  constructor(config: ClusterWatchConfig) {
    const { connection, index, log, backoff, watchTimeoutSeconds } = config;
    this.services = new Reflector<Service>({
      name: 'services', path: '/api/v1/services', connection, log, backoff, watchTimeoutSeconds,
      onReplace: (items) => index.replaceServices(items),
      onEvent: (type, obj) => index.applyService(type, obj),
    });
    this.slices = new Reflector<EndpointSlice>({
      name: 'endpointslices', path: '/apis/discovery.k8s.io/v1/endpointslices', connection, log, backoff, watchTimeoutSeconds,
      onReplace: (items) => index.replaceSlices(items),
      onEvent: (type, obj) => index.applySlice(type, obj),
    });
  }

  /** Both collections have been listed at least once. */
  get ready(): boolean {
    return this.services.synced && this.slices.synced;
  }

  start(): void {
    this.running = [this.services.run(this.abort.signal), this.slices.run(this.abort.signal)];
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.running);
  }
}
