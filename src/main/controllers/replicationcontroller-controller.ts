/**
 * ReplicationController controller (upstream `pkg/controller/replication`, which runs the
 * ReplicaSet controller's logic on RCs): the same `ReplicaManager` with the core/v1 kind and a
 * selector that is a plain label map.
 */
import { selectorFromSet } from '../../shared/api/label-selector.js';
import { ReplicaManager, type ReplicaControllerOptions } from './workloads/replica-manager.js';

export class ReplicationControllerController extends ReplicaManager {
  constructor(options: ReplicaControllerOptions) {
    super(
      {
        controllerName: 'replication-controller',
        resource: { apiVersion: 'v1', resource: 'replicationcontrollers' },
        apiVersion: 'v1',
        kind: 'ReplicationController',
        selectorOf: (rc) => selectorFromSet(rc.spec?.selector as Record<string, string> | undefined),
      },
      options,
    );
  }
}
