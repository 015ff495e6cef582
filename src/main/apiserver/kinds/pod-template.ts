/**
 * Pod templates inside workloads (Deployment, ReplicaSet, ReplicationController): their
 * defaults, and upstream `ValidatePodTemplateSpecForReplicaSet` / `...ForRC`: the selector must
 * match the template labels, pods must restart `Always`, no `activeDeadlineSeconds`.
 */
import { validateAnnotations, validateLabels } from '../../../shared/api/names.js';
import { forbidden, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { defaultPodSpec } from './pod-spec-defaults.js';
import { forbidEphemeralContainers, validatePodSpec } from './pod-spec-validation.js';
import type { PodTemplateSpec } from './pod-types.js';

/** Fills the PodSpec defaults of a template (not the Pod-only ones). */
export function defaultPodTemplate(template: PodTemplateSpec | undefined): void {
  if (!template) return;
  template.spec ??= {};
  defaultPodSpec(template.spec);
}

/**
 * Validates a workload's template at `path` (`spec.template`). `selectorMatches` says whether
 * the workload selector is non-empty and matches the labels; `owner` names the kind in messages.
 */
export function validateWorkloadTemplate(
  template: PodTemplateSpec | undefined,
  path: string,
  selector: { empty: boolean; matches: (labels: Record<string, string> | undefined) => boolean },
  owner: 'ReplicaSet' | 'ReplicationController',
): FieldError[] {
  if (!template) return [required(path)];
  const out: FieldError[] = [];
  const labels = template.metadata?.labels;
  if (!selector.empty && !selector.matches(labels)) {
    out.push(invalid(`${path}.metadata.labels`, labels ?? {}, '`selector` does not match template `labels`'));
  }
  out.push(...validatePodTemplateSpec(template, path));
  const restartPolicy = template.spec?.restartPolicy ?? '';
  if (restartPolicy && restartPolicy !== 'Always') out.push(notSupported(`${path}.spec.restartPolicy`, restartPolicy, ['Always']));
  if (template.spec?.activeDeadlineSeconds !== undefined && template.spec?.activeDeadlineSeconds !== null) {
    out.push(forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${owner} is not Supported`));
  }
  return out;
}

/** Upstream `ValidatePodTemplateSpec` (labels and annotations at `<path>.labels`, as upstream reports them). */
export function validatePodTemplateSpec(template: PodTemplateSpec, path: string): FieldError[] {
  return [
    ...(validateLabels(template.metadata?.labels, `${path}.labels`) as FieldError[]),
    ...(validateAnnotations(template.metadata?.annotations, `${path}.annotations`) as FieldError[]),
    ...validatePodSpec(template.spec, `${path}.spec`),
    ...forbidEphemeralContainers(template.spec, `${path}.spec`),
  ];
}
