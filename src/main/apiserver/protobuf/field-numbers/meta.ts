/**
 * Field numbers of the meta/v1 (apimachinery) types every kind embeds: ObjectMeta, owner
 * references, managed fields, label selectors, conditions and DeleteOptions.
 * Source: k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto.
 */
import { meta } from '../../schema/dsl.js';
import type { LayoutTable } from './types.js';

export const metaLayouts: LayoutTable = {
  [meta('ObjectMeta')]: {
    fields: {
      name: 1, generateName: 2, namespace: 3, selfLink: 4, uid: 5, resourceVersion: 6, generation: 7,
      creationTimestamp: 8, deletionTimestamp: 9, deletionGracePeriodSeconds: 10, labels: 11, annotations: 12,
      ownerReferences: 13, finalizers: 14, managedFields: 17,
    },
    keepZero: ['deletionGracePeriodSeconds'],
  },
  [meta('OwnerReference')]: {
    fields: { kind: 1, name: 3, uid: 4, apiVersion: 5, controller: 6, blockOwnerDeletion: 7 },
    keepZero: ['kind', 'name', 'uid', 'apiVersion', 'controller', 'blockOwnerDeletion'],
  },
  [meta('ManagedFieldsEntry')]: {
    fields: { manager: 1, operation: 2, apiVersion: 3, time: 4, fieldsType: 6, fieldsV1: 7, subresource: 8 },
  },
  [meta('LabelSelector')]: { fields: { matchLabels: 1, matchExpressions: 2 } },
  [meta('LabelSelectorRequirement')]: { fields: { key: 1, operator: 2, values: 3 }, keepZero: ['key', 'operator'] },
  [meta('Condition')]: {
    fields: { type: 1, status: 2, observedGeneration: 3, lastTransitionTime: 4, reason: 5, message: 6 },
    keepZero: ['type', 'status', 'reason', 'message'],
  },
  [meta('DeleteOptions')]: {
    fields: {
      gracePeriodSeconds: 1, preconditions: 2, orphanDependents: 3, propagationPolicy: 4, dryRun: 5,
      ignoreStoreReadErrorWithClusterBreakingPotential: 6,
    },
    keepZero: ['gracePeriodSeconds', 'orphanDependents', 'propagationPolicy', 'ignoreStoreReadErrorWithClusterBreakingPotential'],
  },
  [meta('Preconditions')]: { fields: { uid: 1, resourceVersion: 2 }, keepZero: ['uid', 'resourceVersion'] },
};
