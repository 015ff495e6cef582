/**
 * autoscaling/v1 Scale: the scale subresource of Deployments, ReplicaSets and ReplicationControllers.
 */
import { def, int32, kindDef, ref, str } from '../dsl.js';
import type { Definition } from '../types.js';

const autoscaling = (type: string): string => `io.k8s.api.autoscaling.v1.${type}`;

export const autoscalingDefinitions: Definition[] = [
  kindDef(autoscaling('Scale'), { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    'The desired and observed replica count of a scalable resource.', {
      spec: ref(autoscaling('ScaleSpec')),
      status: ref(autoscaling('ScaleStatus'), 'Read-only.'),
    }),
  def(autoscaling('ScaleSpec'), 'Desired scale.', { replicas: int32('Desired number of instances.') }),
  def(autoscaling('ScaleStatus'), 'Observed scale.', {
    replicas: int32('Actual number of instances.'),
    selector: str('Label query over the pods, in the string form of a label selector.'),
  }, { required: ['replicas'] }),
];
