/**
 * Field numbers of policy/v1 Eviction. Source: k8s.io/api/policy/v1/generated.proto.
 */
import type { LayoutTable } from './types.js';

export const policyLayouts: LayoutTable = {
  'io.k8s.api.policy.v1.Eviction': { fields: { metadata: 1, deleteOptions: 2 } },
};
