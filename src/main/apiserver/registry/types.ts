/**
 * What the API server knows about each resource it serves. One `ResourceDef` per resource,
 * listed in `registry/resources.ts`; the per-kind behaviour (defaulting, validation, Table
 * columns, field selectors) lives in `kinds/<kind>.ts` as a `KindStrategy`.
 */
import type { NameRule } from '../../../shared/api/names.js';
import type { KubeObject } from '../../../shared/api/object.js';

export type { NameRule };

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** One problem with one field, as in a Kubernetes `StatusCause`. */
export interface FieldError {
  /** `FieldValueRequired`, `FieldValueInvalid`, `FieldValueNotSupported`, `FieldValueDuplicate`, `FieldValueForbidden`, `FieldValueTooLong`. */
  type: FieldErrorType;
  /** Path in the object, e.g. `spec.template.spec.containers[0].name`. */
  field: string;
  /** The offending value, for Invalid / NotSupported / Duplicate. */
  badValue?: unknown;
  /** What is wrong, for a person. */
  detail?: string;
}

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTypeInvalid';

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description?: string;
  /** 0 = shown by default, 1 = only with `-o wide`. */
  priority: number;
}

export interface KindStrategy<T extends KubeObject = KubeObject> {
  /**
   * The rule `metadata.name` follows, for `validateObjectMeta` (`shared/api/names.ts`):
   * `subdomain` when absent; `label` for Namespace, `dns1035` for Service, `path` for Event.
   */
  nameRule?: NameRule;
  /** Fills defaults the way a real cluster does. Runs on create and update, before validation. Must be idempotent. */
  defaults?(obj: T): void;
  /**
   * Carries over what the server allocated and a client may omit on update (a Service's
   * cluster IP and node ports), before defaulting and validation. Mutates `obj`.
   */
  prepareForUpdate?(obj: T, old: T): void;
  /** Validates a new object (metadata name rules are checked by the caller). */
  validate?(obj: T): FieldError[];
  /** Validates an update: everything `validate` checks plus immutable fields. */
  validateUpdate?(obj: T, old: T): FieldError[];
  /** Table columns and how to fill one row (`now` for AGE-like columns). `Name` is the first column of every table. */
  table?: {
    columns: TableColumn[];
    cells(obj: T, now: Date): unknown[];
    /**
     * `false` when the kind's Table has no leading `Name` column, so the Table builder must not
     * add one (core/v1 Event: upstream lists Name last, at priority 1, among its own columns).
     */
    nameColumn?: false;
  };
  /** Field-selector values for this kind beyond `metadata.name` and `metadata.namespace`. */
  fieldSelectors?(obj: T): Record<string, string>;
}
