/**
 * Label and field selection of objects for list and watch.
 */
import { FieldSelector, FieldSelectorParseError, parseFieldSelector } from '../../shared/api/field-selector.js';
import { parseSelector, Selector, SelectorParseError } from '../../shared/api/label-selector.js';
import type { KubeObject } from '../../shared/api/object.js';
import { errors } from './errors.js';
import type { KindStrategy } from './registry/types.js';

export interface ObjectFilter {
  labels: Selector;
  fields: FieldSelector;
  /** True when no selector is set (every object passes). */
  everything: boolean;
  matches(obj: KubeObject): boolean;
}

export function objectFilter(query: URLSearchParams, strategy: KindStrategy): ObjectFilter {
  let labels: Selector;
  let fields: FieldSelector;
  try {
    labels = parseSelector(query.get('labelSelector'));
  } catch (e) {
    if (e instanceof SelectorParseError) throw errors.badRequest(e.message);
    throw e;
  }
  try {
    fields = parseFieldSelector(query.get('fieldSelector'));
  } catch (e) {
    if (e instanceof FieldSelectorParseError) throw errors.badRequest(e.message);
    throw e;
  }
  const supported = supportedFields(strategy);
  for (const r of fields.requirements) {
    if (!supported.has(r.field)) {
      throw errors.badRequest(`field label not supported: ${r.field}`);
    }
  }
  const everything = labels.isEmpty() && fields.isEmpty();
  return {
    labels,
    fields,
    everything,
    matches: (obj) =>
      everything ||
      (labels.matches(obj.metadata.labels) && (fields.isEmpty() || fields.matches(fieldValues(obj, strategy)))),
  };
}

export function fieldValues(obj: KubeObject, strategy: KindStrategy): Record<string, string> {
  return {
    'metadata.name': obj.metadata.name ?? '',
    'metadata.namespace': obj.metadata.namespace ?? '',
    ...(strategy.fieldSelectors?.(obj) ?? {}),
  };
}

const supportedCache = new WeakMap<KindStrategy, Set<string>>();

/** The field labels a kind supports: the metadata ones plus what its strategy reports. */
function supportedFields(strategy: KindStrategy): Set<string> {
  let set = supportedCache.get(strategy);
  if (!set) {
    set = new Set(['metadata.name', 'metadata.namespace']);
    try {
      const probe = { metadata: {}, spec: {}, status: {} } as KubeObject;
      for (const k of Object.keys(strategy.fieldSelectors?.(probe) ?? {})) set.add(k);
    } catch {
      // A strategy that cannot describe an empty object still supports the metadata fields.
    }
    supportedCache.set(strategy, set);
  }
  return set;
}
