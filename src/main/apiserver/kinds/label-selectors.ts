/**
 * Structured label selectors on workloads (`spec.selector` of Deployments and ReplicaSets):
 * upstream's `ValidateLabelSelector`, and the two ways printers show selectors and label maps
 * (`metav1.FormatLabelSelector`, `labels.FormatLabels`), both sorted by key.
 */
import type { LabelSelectorSpec } from '../../../shared/api/label-selector.js';
import { isQualifiedName, isValidLabelValue, validateLabels } from '../../../shared/api/names.js';
import { forbidden, invalid, invalidEach, required, type FieldError } from './field-errors.js';

export type { LabelSelectorSpec };

/** Upstream `ValidateLabelSelector` (strict: label values in expressions are checked). */
export function validateLabelSelector(selector: LabelSelectorSpec | undefined | null, path: string): FieldError[] {
  if (!selector) return [];
  const out = validateLabels(selector.matchLabels, `${path}.matchLabels`) as FieldError[];
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    out.push(...validateRequirement(expr, `${path}.matchExpressions[${i}]`));
  });
  return out;
}

function validateRequirement(expr: { key: string; operator: string; values?: string[] }, path: string): FieldError[] {
  const out: FieldError[] = [];
  const values = expr.values ?? [];
  switch (expr.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) out.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) out.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      out.push(invalid(`${path}.operator`, expr.operator, 'not a valid selector operator'));
  }
  out.push(...invalidEach(`${path}.key`, expr.key, isQualifiedName(expr.key ?? '')));
  values.forEach((v, i) => out.push(...invalidEach(`${path}.values[${i}]`, v, isValidLabelValue(v))));
  return out;
}

/** True when the selector has no requirement at all (`{}`), which selects everything. */
export function isEmptySelector(selector: LabelSelectorSpec | undefined | null): boolean {
  return !!selector && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
}

/** Whether `labels` satisfy a structured selector; a missing selector matches nothing. */
export function selectorMatches(selector: LabelSelectorSpec | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const set = labels ?? {};
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(set, k);
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (!has(k) || set[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    const ok =
      e.operator === 'In' ? has(e.key) && values.includes(set[e.key])
      : e.operator === 'NotIn' ? !has(e.key) || !values.includes(set[e.key])
      : e.operator === 'Exists' ? has(e.key)
      : e.operator === 'DoesNotExist' ? !has(e.key)
      : false;
    if (!ok) return false;
  }
  return true;
}

/** Upstream `selector.String()` of a structured selector: requirements sorted by key, `""` when empty. */
export function selectorString(selector: LabelSelectorSpec | undefined | null): string {
  if (!selector) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of selector.matchExpressions ?? []) reqs.push({ key: e.key, text: expressionString(e) });
  return reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

function expressionString(e: { key: string; operator: string; values?: string[] }): string {
  const values = [...(e.values ?? [])].sort().join(',');
  switch (e.operator) {
    case 'In':
      return `${e.key} in (${values})`;
    case 'NotIn':
      return `${e.key} notin (${values})`;
    case 'DoesNotExist':
      return `!${e.key}`;
    default:
      return e.key;
  }
}

/** Upstream `metav1.FormatLabelSelector`: the selector string, or `<none>`. */
export function formatLabelSelector(selector: LabelSelectorSpec | undefined | null): string {
  return selectorString(selector) || '<none>';
}

/** Upstream `labels.FormatLabels`: `k=v,k2=v2` sorted by key, or `<none>`. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}
