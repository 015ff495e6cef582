/**
 * Field numbers of autoscaling/v1 Scale, the scale subresource.
 * Source: k8s.io/api/autoscaling/v1/generated.proto.
 */
import type { LayoutTable } from './types.js';

const autoscaling = (type: string): string => `io.k8s.api.autoscaling.v1.${type}`;

export const autoscalingLayouts: LayoutTable = {
  [autoscaling('Scale')]: { fields: { metadata: 1, spec: 2, status: 3 } },
  [autoscaling('ScaleSpec')]: { fields: { replicas: 1 } },
  [autoscaling('ScaleStatus')]: { fields: { replicas: 1, selector: 2 }, keepZero: ['replicas'] },
};
