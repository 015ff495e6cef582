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
import { ReplicaSetController } from '../controllers/replicaset-controller.js';
import { ReplicationControllerController } from '../controllers/replicationcontroller-controller.js';
import { DeploymentController } from '../controllers/deployment-controller.js';

export interface ControllerManagerConfig {
  client: ApiClient;
  caPem: string;
  tokenIssuer: ServiceAccountTokenIssuer;
  /** Node lifecycle timings (desktop-friendly defaults, shorter than upstream's 50 s / 300 s). */
  nodeMonitorGracePeriodMs?: number;
  defaultTolerationSeconds?: number;
  /** Run only these controllers (by name); all when absent. */
  only?: string[];
}

export class ControllerManager {
  readonly controllers: Controller[];

  constructor(config: ControllerManagerConfig) {
    const { client } = config;
    const all: Record<string, () => Controller> = {
      namespace: () => new NamespaceController(client),
      garbagecollector: () => new GarbageCollector({ client }),
      replicaset: () => new ReplicaSetController({ client }),
      replicationcontroller: () => new ReplicationControllerController({ client }),
      deployment: () => new DeploymentController({ client }),
      serviceaccount: () => new ServiceAccountController({ client }),
      rootcapublisher: () => new RootCAPublisher({ client, caPem: config.caPem }),
      token: () => new TokenController({ client, issuer: config.tokenIssuer, caPem: config.caPem }),
      endpoints: () => new EndpointsController({ client }),
      endpointslice: () => new EndpointSliceController({ client }),
      nodelifecycle: () => new NodeLifecycleController({ client, gracePeriodMs: config.nodeMonitorGracePeriodMs }),
      tainteviction: () =>
        new TaintEvictionController({
          client,
          defaultNotReadyTolerationSeconds: config.defaultTolerationSeconds,
          defaultUnreachableTolerationSeconds: config.defaultTolerationSeconds,
        }),
    };
    const names = config.only ?? Object.keys(all);
    this.controllers = names.map((name) => {
      const make = all[name];
      if (!make) throw new Error(`unknown controller "${name}"; known: ${Object.keys(all).join(', ')}`);
      return make();
    });
  }

  start(): void {
    for (const c of this.controllers) c.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.stop()));
  }
}
