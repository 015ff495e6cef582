/**
 * The controller manager: builds and runs every controller against the in-process API client
 * (upstream kube-controller-manager). Each controller is an API client; none touches the store.
 */
import type { ServiceAccountTokenIssuer } from '../apiserver/authn/service-account-tokens.js';
import type { ApiClient } from '../client/api-client.js';
import type { Controller } from '../controllers/controller.js';
import { EndpointsController } from '../controllers/endpoints-controller.js';
import { EndpointSliceController } from '../controllers/endpointslice-controller.js';
import { GarbageCollector } from '../controllers/garbage-collector.js';
import { NamespaceController } from '../controllers/namespace-controller.js';
import { NodeLifecycleController } from '../controllers/node-lifecycle-controller.js';
import { RootCAPublisher } from '../controllers/root-ca-publisher.js';
import { ServiceAccountController } from '../controllers/serviceaccount-controller.js';
import { TaintEvictionController } from '../controllers/taint-eviction-controller.js';
import { TokenController } from '../controllers/token-controller.js';

export interface ControllerManagerConfig {
  client: ApiClient;
  caPem: string;
  tokenIssuer: ServiceAccountTokenIssuer;
  /** Node lifecycle timings (desktop-friendly defaults, shorter than upstream's 50 s / 300 s). */
  nodeMonitorGracePeriodMs?: number;
  defaultTolerationSeconds?: number;
}

export class ControllerManager {
  readonly controllers: Controller[];

  constructor(config: ControllerManagerConfig) {
    const { client } = config;
    this.controllers = [
      new NamespaceController(client),
      new GarbageCollector({ client }),
      new ServiceAccountController({ client }),
      new RootCAPublisher({ client, caPem: config.caPem }),
      new TokenController({ client, issuer: config.tokenIssuer, caPem: config.caPem }),
      new EndpointsController({ client }),
      new EndpointSliceController({ client }),
      new NodeLifecycleController({ client, gracePeriodMs: config.nodeMonitorGracePeriodMs }),
      new TaintEvictionController({
        client,
        defaultNotReadyTolerationSeconds: config.defaultTolerationSeconds,
        defaultUnreachableTolerationSeconds: config.defaultTolerationSeconds,
      }),
    ];
  }

  start(): void {
    for (const c of this.controllers) c.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.stop()));
  }
}
