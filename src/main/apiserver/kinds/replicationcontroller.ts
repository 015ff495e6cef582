/**
 * core/v1 ReplicationController: upstream defaults (selector and labels from the template
 * labels, 1 replica), `ValidateReplicationControllerSpec`, the Table and `status.replicas`.
 */
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { nonNegative, required, type FieldError } from './field-errors.js';
import { formatLabels } from './label-selectors.js';
import { defaultPodTemplate, validateWorkloadTemplate } from './pod-template.js';
import type { PodTemplateSpec } from './pod-types.js';
import { REPLICA_COLUMNS, replicaCells } from './replicaset.js';

export interface ReplicationController extends KubeObject {
  spec?: { replicas?: number; minReadySeconds?: number; selector?: Record<string, string>; template?: PodTemplateSpec; [extra: string]: unknown };
  status?: { replicas?: number; readyReplicas?: number; [extra: string]: unknown };
}

function defaultReplicationController(rc: ReplicationController): void {
  rc.spec ??= {};
  const labels = rc.spec.template?.metadata?.labels;
  if (labels) {
    if (Object.keys(rc.spec.selector ?? {}).length === 0) rc.spec.selector = { ...labels };
    if (Object.keys(rc.metadata.labels ?? {}).length === 0) rc.metadata.labels = { ...labels };
  }
  rc.spec.replicas ??= 1;
  defaultPodTemplate(rc.spec.template);
}

function validateReplicationController(rc: ReplicationController): FieldError[] {
  const spec = rc.spec ?? {};
  const selector = spec.selector ?? {};
  const empty = Object.keys(selector).length === 0;
  const matches = (l: Record<string, string> | undefined): boolean => Object.entries(selector).every(([k, v]) => l?.[k] === v);
  return [
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...(empty ? [required('spec.selector')] : []),
    ...nonNegative('spec.replicas', spec.replicas),
    ...validateWorkloadTemplate(spec.template, 'spec.template', { empty, matches }, 'ReplicationController'),
  ];
}

export const replicationControllerStrategy = {
  nameRule: 'subdomain',
  defaults: defaultReplicationController,
  validate: validateReplicationController,
  validateUpdate: (rc: ReplicationController) => validateReplicationController(rc),
  table: {
    columns: REPLICA_COLUMNS,
    cells: (rc: ReplicationController, now: Date) => replicaCells(rc, formatLabels(rc.spec?.selector), now),
  },
  fieldSelectors: (rc: ReplicationController) => ({ 'status.replicas': String(rc.status?.replicas ?? 0) }),
} satisfies KindStrategy<ReplicationController>;
