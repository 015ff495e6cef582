/**
 * core/v1 Event: upstream's legacy event validation (namespace matches the involved object;
 * new-style events with `eventTime` need reporting fields), the `kubectl get events` Table
 * (LAST SEEN TYPE REASON OBJECT MESSAGE, with Name only in `-o wide`) and the field selectors
 * `kubectl describe` uses (`involvedObject.*`, `reason`, `source`, `type`).
 */
import { isDNS1123Subdomain, isQualifiedName } from '../../../shared/api/names.js';
import type { KubeObject } from '../../../shared/api/object.js';
import type { KindStrategy } from '../registry/types.js';
import { formatAge } from './age.js';
import { invalid, invalidEach, required, type FieldError } from './field-errors.js';
import { col, wide } from './table-columns.js';

export interface Event extends KubeObject {
  involvedObject?: {
    kind?: string;
    namespace?: string;
    name?: string;
    uid?: string;
    apiVersion?: string;
    resourceVersion?: string;
    fieldPath?: string;
  };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string; host?: string };
  action?: string;
  reportingComponent?: string;
  reportingInstance?: string;
}

const LIMITS = { reportingInstance: 128, action: 128, reason: 128, message: 4 * 1024 } as const;

function validateEvent(ev: Event): FieldError[] {
  const out: FieldError[] = [];
  const ns = ev.metadata.namespace ?? '';
  const involvedNs = ev.involvedObject?.namespace ?? '';
  const mismatch = (): FieldError => invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace');
  if (!ev.eventTime) {
    if (involvedNs ? ns !== involvedNs : ns !== '' && ns !== 'default') out.push(mismatch());
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') out.push(mismatch());
    out.push(...validateReportingFields(ev));
  }
  return [...out, ...invalidEach('namespace', ns, isDNS1123Subdomain(ns))];
}

/** New-style events (with `eventTime`) must say who reported them and what happened. */
function validateReportingFields(ev: Event): FieldError[] {
  const out: FieldError[] = [];
  if (!ev.reportingComponent) out.push(required('reportingComponent'));
  out.push(...invalidEach('reportingComponent', ev.reportingComponent ?? '', isQualifiedName(ev.reportingComponent ?? '')));
  for (const field of ['reportingInstance', 'action', 'reason'] as const) {
    const value = ev[field] ?? '';
    if (!value) out.push(required(field));
    if (value.length > LIMITS[field]) out.push(invalid(field, '', `can have at most ${LIMITS[field]} characters`));
  }
  if ((ev.message ?? '').length > LIMITS.message) out.push(invalid('message', '', `can have at most ${LIMITS.message} characters`));
  return out;
}

/** SOURCE: `component, host`, falling back to the reporting fields of new-style events. */
function eventSource(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

function eventCells(ev: Event, now: Date): unknown[] {
  const first = ev.firstTimestamp ? formatAge(ev.firstTimestamp, now) : formatAge(ev.eventTime, now);
  let last = ev.lastTimestamp ? formatAge(ev.lastTimestamp, now) : first;
  let count = ev.count ?? 0;
  if (ev.series) {
    last = formatAge(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) count = 1;
  const kind = (ev.involvedObject?.kind ?? '').toLowerCase();
  const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
  const message = (ev.message ?? '').trim();
  return [last, ev.type ?? '', ev.reason ?? '', target, ev.involvedObject?.fieldPath ?? '', eventSource(ev), message, first, count, ev.metadata.name ?? ''];
}

export const eventStrategy = {
  nameRule: 'path',
  validate: validateEvent,
  validateUpdate: (ev: Event) => validateEvent(ev),
  table: {
    nameColumn: false,
    columns: [
      col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
      col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
      col('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      col('Object', 'string', 'The object that this event is about.'),
      wide('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].'),
      wide('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.'),
      col('Message', 'string', 'A human-readable description of the status of this operation.'),
      wide('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
      wide('Count', 'string', 'The number of times this event has occurred.'),
      { name: 'Name', type: 'string', format: 'name', priority: 1, description: 'Name must be unique within a namespace. Cannot be updated.' },
    ],
    cells: eventCells,
  },
  fieldSelectors: (ev: Event) => ({
    'involvedObject.kind': ev.involvedObject?.kind ?? '',
    'involvedObject.namespace': ev.involvedObject?.namespace ?? '',
    'involvedObject.name': ev.involvedObject?.name ?? '',
    'involvedObject.uid': ev.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': ev.involvedObject?.apiVersion ?? '',
    'involvedObject.resourceVersion': ev.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': ev.involvedObject?.fieldPath ?? '',
    reason: ev.reason ?? '',
    reportingComponent: ev.reportingComponent ?? '',
    source: ev.source?.component || ev.reportingComponent || '',
    type: ev.type ?? '',
  }),
} satisfies KindStrategy<Event>;
