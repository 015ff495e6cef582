/**
 * ReplicaSet controller (upstream `pkg/controller/replicaset`): keeps `spec.replicas` pods of
 * each ReplicaSet running, as an API client only. The behaviour lives in the shared
 * `ReplicaManager`; this file names the kind and how its selector is read.
 */
import { selectorFromSpec, type LabelSelectorSpec } from '../../shared/api/label-selector.js';
import { ReplicaManager, type ReplicaControllerOptions } from './workloads/replica-manager.js';

export type { ReplicaControllerOptions };

export class ReplicaSetController extends ReplicaManager {
  constructor(options: ReplicaControllerOptions) {
    super(
      {
        controllerName: 'replicaset-controller',
        resource: { apiVersion: 'apps/v1', resource: 'replicasets' },
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        selectorOf: (rs) => selectorFromSpec(rs.spec?.selector as LabelSelectorSpec | undefined),
      },
      options,
    );
  }
}
