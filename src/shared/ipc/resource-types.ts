/**
 * Request, response and event types of the `resources:*` channels: generic get/list/watch,
 * apply (multi-document YAML), YAML for "Edit", diff, delete, and the compact rows that keep a
 * 10,000-pod list cheap.
 */
import type { KubeObject } from '../api/object.js';

/** Which resource: exactly as the API path names it (`{ apiVersion: 'apps/v1', resource: 'deployments' }`). */
export interface ResourceRef {
  apiVersion: string;
  resource: string;
}

export interface ObjectRef extends ResourceRef {
  /** Omit for cluster-scoped resources (nodes, namespaces). */
  namespace?: string;
  name: string;
}

export interface WatchRequest extends ResourceRef {
  /** Omit (or '') for all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * `object` (default): full objects (managedFields stripped). `row`: a compact `ResourceRow`
   * per object — use it for big lists (pods, events) and `resources:get`/a second watch with
   * `fieldSelector=metadata.name=X` for the detail view.
   */
  view?: 'object' | 'row';
}

/** One compact list row (see `rows.ts` for the columns per kind; the renderer may call `toRow` too). */
export interface ResourceRow {
  uid: string;
  name: string;
  namespace?: string;
  resourceVersion: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  /** The controlling owner (`ReplicaSet/web-5d8f`), if any. */
  owner?: { kind: string; name: string };
  /**
   * Kind-specific cells, e.g. for pods `{ phase, status, ready, restarts, node, podIP,
   * cpuRequest (cores), memoryRequest (bytes) }`.
   */
  cells: Record<string, string | number | boolean | null>;
}

export type WatchItem = KubeObject | ResourceRow;

/**
 * Events of `resources:watch`. The first event is always `sync` (the complete current list).
 * After that, `changes` batches every change seen in a short window (about 50 ms): several
 * MODIFIED events for one object in the window are coalesced to the last. A later `sync`
 * (after the watch had to be re-listed, e.g. 410 Expired) REPLACES the whole list: the
 * renderer drops what it had (that is the resync marker).
 */
export type WatchEvent =
  | { type: 'sync'; resourceVersion: string; items: WatchItem[] }
  | { type: 'changes'; resourceVersion: string; changes: WatchChange[] };

export interface WatchChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: WatchItem;
}

export interface ListRequest extends ResourceRef {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  view?: 'object' | 'row';
}

export interface ListResponse {
  resourceVersion: string;
  items: WatchItem[];
}

export interface GetResponse {
  object: KubeObject;
}

export interface DeleteRequest extends ObjectRef {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
}

export interface ApplyRequest {
  /** One or more YAML documents separated by `---` (a `kind: List` is expanded too). */
  yaml: string;
  /** Namespace for namespaced documents that name none (default `default`). */
  namespace?: string;
  /** Server-side dry run: validated, defaulted and admitted, nothing stored. */
  dryRun?: boolean;
}

/**
 * Per-document result of `resources:apply`, in document order. Apply is create-or-update as
 * `kubectl apply` does it: created when absent, otherwise patched (strategic merge) with a
 * three-way deletion of fields removed since the last apply
 * (`kubectl.kubernetes.io/last-applied-configuration`).
 */
export interface ApplyDocumentResult {
  /** 0-based index of the document in the text. */
  index: number;
  /** 1-based line where the document starts. */
  line: number;
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  action: 'created' | 'configured' | 'unchanged' | 'failed';
  /** The object as stored (or as it would be, with dryRun). */
  object?: KubeObject;
  error?: ApplyError;
}

export interface ApplyError {
  /** The API server's message (or the YAML parser's). */
  message: string;
  /** `Invalid`, `NotFound`, `Conflict`, `AlreadyExists`, `YAMLSyntax`, `BadDocument`, ... */
  reason: string;
  status?: number;
  /** 1-based line of the first failing field (or syntax error) in the whole text, when known. */
  line?: number;
  causes: ApplyErrorCause[];
}

export interface ApplyErrorCause {
  /** As the API server names it: `spec.replicas`, `spec.template.spec.containers[0].image`. */
  field?: string;
  message: string;
  reason?: string;
  /** 1-based line and column of that field in the whole text, when it could be located. */
  line?: number;
  column?: number;
}

export interface ApplyResponse {
  /** True when every document succeeded. */
  ok: boolean;
  results: ApplyDocumentResult[];
}

export interface YamlResponse {
  /**
   * The live object as YAML, ready to edit and send back to `resources:apply` (managedFields and
   * the last-applied annotation left out: apply writes that afresh).
   */
  yaml: string;
  resourceVersion: string;
}

export interface DiffRequest {
  yaml: string;
  namespace?: string;
}

/** Per document: the live object and what it would become (server-side dry run), both as YAML. */
export interface DiffDocumentResult {
  index: number;
  line: number;
  kind?: string;
  namespace?: string;
  name?: string;
  /** null when the object does not exist yet. */
  live: string | null;
  /** null when the dry run failed (see `error`). */
  proposed: string | null;
  changed: boolean;
  error?: ApplyError;
}

export interface DiffResponse {
  results: DiffDocumentResult[];
}

/** A resource type the server offers (from discovery), for a generic resource browser. */
export interface ApiResourceInfo extends ResourceRef {
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
}
