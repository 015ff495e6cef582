/**
 * Field numbers of a pod's scheduling constraints: node and pod (anti-)affinity, tolerations and
 * topology spread constraints. Source: k8s.io/api/core/v1/generated.proto.
 */
import { core } from '../../schema/dsl.js';
import type { LayoutTable, MessageLayout } from './types.js';

/** NodeAffinity, PodAffinity and PodAntiAffinity number their two rule lists alike. */
const AFFINITY_RULES: MessageLayout = {
  fields: { requiredDuringSchedulingIgnoredDuringExecution: 1, preferredDuringSchedulingIgnoredDuringExecution: 2 },
};

export const schedulingLayouts: LayoutTable = {
  [core('Affinity')]: { fields: { nodeAffinity: 1, podAffinity: 2, podAntiAffinity: 3 } },
  [core('NodeAffinity')]: AFFINITY_RULES,
  [core('NodeSelector')]: { fields: { nodeSelectorTerms: 1 } },
  [core('NodeSelectorTerm')]: { fields: { matchExpressions: 1, matchFields: 2 } },
  [core('NodeSelectorRequirement')]: { fields: { key: 1, operator: 2, values: 3 }, keepZero: ['key', 'operator'] },
  [core('PreferredSchedulingTerm')]: { fields: { weight: 1, preference: 2 }, keepZero: ['weight'] },
  [core('PodAffinity')]: AFFINITY_RULES,
  [core('PodAntiAffinity')]: AFFINITY_RULES,
  [core('PodAffinityTerm')]: {
    fields: { labelSelector: 1, namespaces: 2, topologyKey: 3, namespaceSelector: 4, matchLabelKeys: 5, mismatchLabelKeys: 6 },
    keepZero: ['topologyKey'],
  },
  [core('WeightedPodAffinityTerm')]: { fields: { weight: 1, podAffinityTerm: 2 }, keepZero: ['weight'] },
  [core('Toleration')]: {
    fields: { key: 1, operator: 2, value: 3, effect: 4, tolerationSeconds: 5 },
    keepZero: ['tolerationSeconds'],
  },
  [core('TopologySpreadConstraint')]: {
    fields: {
      maxSkew: 1, topologyKey: 2, whenUnsatisfiable: 3, labelSelector: 4, minDomains: 5, nodeAffinityPolicy: 6,
      nodeTaintsPolicy: 7, matchLabelKeys: 8,
    },
    keepZero: ['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy'],
  },
};
