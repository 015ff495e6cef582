/**
 * apps/v1 Deployment: upstream defaults (1 replica, RollingUpdate 25%/25%, 10 revisions, 600s
 * progress deadline, template defaults), `ValidateDeploymentSpec`, the immutable selector, and
 * the `kubectl get deployments` Table.
 */
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { forbidden, immutable, invalid, nonNegative, notSupported, required, type FieldError } from './field-errors.js';
import { intOrPercentValue, notMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-percent.js';
import { isEmptySelector, selectorMatches, selectorString, validateLabelSelector, type LabelSelectorSpec } from './label-selectors.js';
import { defaultPodTemplate, validateWorkloadTemplate } from './pod-template.js';
import { AGE_COLUMN, col, containerCells, WORKLOAD_WIDE_COLUMNS } from './table-columns.js';
import type { Deployment, DeploymentStrategy } from './workload-types.js';

export type { Deployment, DeploymentStrategy };

function defaultDeployment(d: Deployment): void {
  d.spec ??= {};
  const spec = d.spec;
  spec.replicas ??= 1;
  spec.strategy ??= {};
  spec.strategy.type ||= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec.template);
}

function validateStrategy(strategy: DeploymentStrategy | undefined, path: string): FieldError[] {
  const s = strategy ?? {};
  switch (s.type) {
    case 'Recreate':
      return s.rollingUpdate ? [forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      const ru = s.rollingUpdate;
      if (!ru) return [required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
      const p = `${path}.rollingUpdate`;
      const out = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
      ];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        out.push(invalid(`${p}.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
      }
      return [...out, ...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`)];
    }
    default:
      return [notSupported(path, s, ['Recreate', 'RollingUpdate'])];
  }
}

/** The selector checks shared by Deployments and ReplicaSets (the message says "deployment" for both upstream). */
export function validateWorkloadSelector(selector: LabelSelectorSpec | undefined, path: string): FieldError[] {
  if (!selector) return [required(path)];
  const out = validateLabelSelector(selector, path);
  if (isEmptySelector(selector)) out.push(invalid(path, selector, 'empty selector is invalid for deployment'));
  return out;
}

/**
 * How a workload's template labels are checked against its selector: a missing selector matches
 * nothing (so both "Required" and "does not match" are reported, as upstream), `{}` skips the check.
 */
export function workloadSelectorCheck(selector: LabelSelectorSpec | undefined): {
  empty: boolean;
  matches: (labels: Record<string, string> | undefined) => boolean;
} {
  return { empty: !!selector && isEmptySelector(selector), matches: (l) => selectorMatches(selector, l) };
}

function validateDeployment(d: Deployment): FieldError[] {
  const spec = d.spec ?? {};
  const out = [...nonNegative('spec.replicas', spec.replicas), ...validateWorkloadSelector(spec.selector, 'spec.selector')];
  out.push(
    ...validateWorkloadTemplate(
      spec.template,
      'spec.template',
      workloadSelectorCheck(spec.selector),
      'ReplicaSet',
    ),
  );
  out.push(...validateStrategy(spec.strategy, 'spec.strategy'), ...nonNegative('spec.minReadySeconds', spec.minReadySeconds));
  out.push(...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit));
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds !== null) {
    out.push(...nonNegative('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      out.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return out;
}

export const deploymentStrategy = {
  nameRule: 'subdomain',
  defaults: defaultDeployment,
  validate: validateDeployment,
  validateUpdate: (d: Deployment, old: Deployment) => [
    ...validateDeployment(d),
    ...immutable('spec.selector', d.spec?.selector, old.spec?.selector),
  ],
  table: {
    columns: [
      col('Ready', 'string', 'Number of the pod with ready state'),
      col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
      col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
      AGE_COLUMN,
      ...WORKLOAD_WIDE_COLUMNS,
    ],
    cells(d: Deployment, now: Date): unknown[] {
      const [names, images] = containerCells(d.spec?.template?.spec?.containers);
      return [
        `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
        d.status?.updatedReplicas ?? 0,
        d.status?.availableReplicas ?? 0,
        formatAge(d.metadata.creationTimestamp, now),
        names,
        images,
        selectorString(d.spec?.selector),
      ];
    },
  },
} satisfies KindStrategy<Deployment>;
