/**
 * Kubernetes name, label and annotation rules with upstream's exact messages
 * (apimachinery `util/validation` and `api/validation/objectmeta.go`), plus the ObjectMeta checks
 * the API server runs for every kind. Each `is*` function returns the problems as sentences
 * (empty when the value is valid), the way upstream's `IsDNS1123Label` and friends do.
 */

/** One problem with one field; the shape of the API server's `FieldError` (`registry/types.ts`). */
export interface MetaFieldError {
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueTooLong';
  field: string;
  badValue?: unknown;
  detail?: string;
}

/**
 * Which rule a kind's `metadata.name` follows: `subdomain` (most kinds), `label` (Namespace),
 * `dns1035` (Service), `path` (only path-segment safety; core/v1 Event).
 */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;
/** Total bytes of all annotation keys and values (upstream `TotalAnnotationSizeLimitB`). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;

const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const whole = (fmt: string): RegExp => new RegExp(`^${fmt}$`);
const DNS1123_LABEL_RE = whole(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN_RE = whole(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL_RE = whole(DNS1035_LABEL_FMT);
const QUALIFIED_NAME_RE = whole(QUALIFIED_NAME_FMT);
const LABEL_VALUE_RE = whole(LABEL_VALUE_FMT);

/** Upstream `MaxLenError`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** Upstream `RegexError`: the message, examples, and the regex shown to the user. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const shown = examples.map((e) => `'${e}', `).join('or ');
  return `${msg} (e.g. ${shown}regex used for validation is '${fmt}')`;
}

/** Upstream `InclusiveRangeError`. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL_RE.test(value)) {
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!DNS1035_LABEL_RE.test(value)) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

/** A "qualified name": label keys, annotation keys, finalizers, resource names (`[prefix/]name`). */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > DNS1123_LABEL_MAX) errs.push(`name part ${maxLenError(DNS1123_LABEL_MAX)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** Upstream `path.IsValidPathSegmentName`: what every name needs to be usable in a URL. */
export function isValidPathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (value.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/**
 * The name check for a rule. With `prefix` (a `generateName`), a trailing '-' is allowed, as
 * upstream's `maskTrailingDash` does.
 */
export function nameProblems(rule: NameRule, name: string, prefix = false): string[] {
  const value = prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
  switch (rule) {
    case 'subdomain':
      return isDNS1123Subdomain(value);
    case 'label':
      return isDNS1123Label(value);
    case 'dns1035':
      return isDNS1035Label(value);
    case 'path':
      return isValidPathSegmentName(value);
  }
}

const invalid = (field: string, badValue: unknown, detail: string): MetaFieldError => ({
  type: 'FieldValueInvalid',
  field,
  badValue,
  detail,
});

/** Upstream `ValidateLabels`: every key a qualified name, every value a label value. */
export function validateLabels(labels: Record<string, string> | undefined | null, field: string): MetaFieldError[] {
  const out: MetaFieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(k)) out.push(invalid(field, k, msg));
    for (const msg of isValidLabelValue(String(v))) out.push(invalid(field, v, msg));
  }
  return out;
}

/** Upstream `ValidateAnnotations`: keys are case-insensitive qualified names; 256 KiB in total. */
export function validateAnnotations(annotations: Record<string, string> | undefined | null, field: string): MetaFieldError[] {
  const out: MetaFieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) out.push(invalid(field, k, msg));
    size += utf8Length(k) + utf8Length(String(v));
  }
  if (size > ANNOTATIONS_MAX_BYTES) {
    out.push({ type: 'FieldValueTooLong', field, detail: `must have at most ${ANNOTATIONS_MAX_BYTES} bytes` });
  }
  return out;
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** Finalizers: qualified names; an unprefixed one must be a standard name (core's `validateKubeFinalizerName`). */
export function validateFinalizers(finalizers: string[] | undefined, field: string): MetaFieldError[] {
  const out: MetaFieldError[] = [];
  (finalizers ?? []).forEach((f, i) => {
    const path = `${field}[${i}]`;
    for (const msg of isQualifiedName(f)) out.push(invalid(path, f, msg));
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      out.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  const list = finalizers ?? [];
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    out.push(invalid(field, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return out;
}

/** Object metadata as the validators read it (a loose subset of `ObjectMeta`). */
export interface MetaLike {
  name?: string;
  generateName?: string;
  namespace?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: { apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean }[];
}

export interface ObjectMetaOptions {
  namespaced: boolean;
  nameRule: NameRule;
}

/**
 * Upstream `ValidateObjectMeta` for a create: name (or generateName) by the kind's rule,
 * namespace presence, labels, annotations, finalizers and owner references. Paths start at
 * `metadata.`. Call it after generating a name from `generateName`.
 */
export function validateObjectMeta(meta: MetaLike, options: ObjectMetaOptions): MetaFieldError[] {
  const out: MetaFieldError[] = [];
  if (meta.generateName) {
    for (const msg of nameProblems(options.nameRule, meta.generateName, true)) {
      out.push(invalid('metadata.generateName', meta.generateName, msg));
    }
  }
  if (!meta.name) {
    out.push({ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' });
  } else {
    for (const msg of nameProblems(options.nameRule, meta.name)) out.push(invalid('metadata.name', meta.name, msg));
  }
  out.push(...validateNamespaceField(meta.namespace, options.namespaced));
  if (meta.generation !== undefined && meta.generation < 0) {
    out.push(invalid('metadata.generation', meta.generation, 'must be greater than or equal to 0'));
  }
  out.push(...validateLabels(meta.labels, 'metadata.labels'));
  out.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  out.push(...validateOwnerReferences(meta.ownerReferences, 'metadata.ownerReferences'));
  out.push(...validateFinalizers(meta.finalizers, 'metadata.finalizers'));
  return out;
}

function validateNamespaceField(namespace: string | undefined, namespaced: boolean): MetaFieldError[] {
  if (!namespaced) {
    return namespace ? [{ type: 'FieldValueForbidden', field: 'metadata.namespace', detail: 'not allowed on this type' }] : [];
  }
  if (!namespace) return [{ type: 'FieldValueRequired', field: 'metadata.namespace' }];
  return isDNS1123Label(namespace).map((msg) => invalid('metadata.namespace', namespace, msg));
}

function validateOwnerReferences(refs: MetaLike['ownerReferences'], field: string): MetaFieldError[] {
  const out: MetaFieldError[] = [];
  let controller = '';
  for (const ref of refs ?? []) {
    const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
    if (!version) out.push(invalid(`${field}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) out.push(invalid(`${field}.kind`, ref.kind ?? '', 'must not be empty'));
    if (!ref.name) out.push(invalid(`${field}.name`, ref.name ?? '', 'must not be empty'));
    if (!ref.uid) out.push(invalid(`${field}.uid`, ref.uid ?? '', 'must not be empty'));
    if (ref.apiVersion === 'v1' && ref.kind === 'Event') {
      out.push(invalid(field, ref, '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller) {
      const current = `${ref.kind}/${ref.name}`;
      if (controller) {
        out.push(
          invalid(field, refs, `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${current}`),
        );
      } else controller = current;
    }
  }
  return out;
}

/** Metadata fields an update may not change, as upstream `ValidateObjectMetaUpdate`. */
export interface MetaUpdateLike extends MetaLike {
  uid?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
}

/**
 * Upstream `ValidateObjectMetaUpdate`: immutable identity fields, no new finalizers while
 * deleting, generation never decremented, plus the label/annotation/finalizer checks.
 */
export function validateObjectMetaUpdate(meta: MetaUpdateLike, old: MetaUpdateLike): MetaFieldError[] {
  const out: MetaFieldError[] = [];
  if (old.deletionTimestamp) {
    const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f)).sort();
    if (added.length > 0) {
      const list = `[]string{${added.map((f) => JSON.stringify(f)).join(', ')}}`;
      out.push({
        type: 'FieldValueForbidden',
        field: 'metadata.finalizers',
        detail: `no new finalizers can be added if the object is being deleted, found new finalizers ${list}`,
      });
    }
  }
  if ((meta.generation ?? 0) < (old.generation ?? 0)) {
    out.push(invalid('metadata.generation', meta.generation ?? 0, 'must not be decremented'));
  }
  const immutable = ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const;
  for (const key of immutable) {
    if ((meta[key] ?? '') !== (old[key] ?? '')) out.push(invalid(`metadata.${key}`, meta[key] ?? '', 'field is immutable'));
  }
  out.push(...validateLabels(meta.labels, 'metadata.labels'));
  out.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  out.push(...validateOwnerReferences(meta.ownerReferences, 'metadata.ownerReferences'));
  out.push(...validateFinalizers(meta.finalizers, 'metadata.finalizers'));
  return out;
}
