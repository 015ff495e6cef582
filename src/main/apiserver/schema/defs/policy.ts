/**
 * policy/v1 Eviction: posted to a pod's eviction subresource to delete it politely.
 */
import { kindDef, meta, ref } from '../dsl.js';
import type { Definition } from '../types.js';

export const policyDefinitions: Definition[] = [
  kindDef('io.k8s.api.policy.v1.Eviction', { group: 'policy', version: 'v1', kind: 'Eviction' },
    'Evicts a pod, respecting PodDisruptionBudgets. Posted to the pod\'s eviction subresource.', {
      deleteOptions: ref(meta('DeleteOptions'), 'Options for the deletion.'),
    }),
];
