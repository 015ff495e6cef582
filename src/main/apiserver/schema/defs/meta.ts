/**
 * meta/v1 (apimachinery) types shared by every kind: ObjectMeta, ListMeta, selectors, Status,
 * DeleteOptions, and the named scalars (Time, MicroTime, Quantity, IntOrString, FieldsV1).
 */
import {
  LABEL_SELECTOR, MICRO_TIME, OBJECT_META, TIME, any, atomicList, bool, def, int32, int64, map,
  mergeList, meta, ref, scalarDef, setList, str, stringMap, time, typeMeta,
} from '../dsl.js';
import type { Definition, SchemaGvk } from '../types.js';

/** Named scalars that the DSL writes inline (`format: quantity` / `int-or-string`); OpenAPI refers to these. */
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** Every group-version whose endpoints accept DeleteOptions in a DELETE body. */
const DELETE_OPTIONS_GVKS: SchemaGvk[] = [
  ['', 'v1'], ['apps', 'v1'], ['autoscaling', 'v1'], ['coordination.k8s.io', 'v1'],
  ['discovery.k8s.io', 'v1'], ['networking.k8s.io', 'v1'], ['policy', 'v1'],
].map(([group, version]) => ({ group: group!, version: version!, kind: 'DeleteOptions' }));

export const metaDefinitions: Definition[] = [
  scalarDef(TIME, 'A point in time, serialised as an RFC 3339 date-time with second precision.', {
    type: 'string', format: 'date-time',
  }),
  scalarDef(MICRO_TIME, 'A point in time with microsecond precision, serialised as RFC 3339.', {
    type: 'string', format: 'date-time',
  }),
  scalarDef(QUANTITY, 'A fixed-point number with an optional SI or binary suffix, e.g. "500m", "1Gi", "2".', {
    type: 'string', format: 'quantity',
  }),
  scalarDef(INT_OR_STRING, 'A value that is either an integer or a string, e.g. a port number or name, or "25%".', {
    type: 'string', format: 'int-or-string',
  }),
  scalarDef(meta('FieldsV1'), 'The set of fields a manager owns, in the structured-merge-diff "fields v1" format.', map(any())),
  scalarDef(meta('Patch'), 'A patch body; its format depends on the request Content-Type.', map(any())),

  def(OBJECT_META, 'Metadata every persisted object has: name, namespace, labels, owners, and bookkeeping set by the server.', {
    annotations: stringMap('Unstructured key/value data set by tools and users. Not queryable.'),
    creationTimestamp: time('When the object was created. Set by the server; read-only.'),
    deletionGracePeriodSeconds: int64('Seconds the object has to terminate gracefully once deletion was requested. Read-only.'),
    deletionTimestamp: time('When the object will be (or was requested to be) deleted. Set by the server; read-only.'),
    finalizers: setList(str(), { merge: true, description: 'Entries that must be removed before the object is deleted.' }),
    generateName: str('Prefix the server uses to generate a unique name when `name` is empty.'),
    generation: int64('Sequence number of the desired state; bumped when the spec changes. Read-only.'),
    labels: stringMap('Key/value pairs used to organise and select objects.'),
    managedFields: atomicList(ref(meta('ManagedFieldsEntry')), 'Which manager owns which fields (server-side apply).'),
    name: str('Unique name within a namespace (or the cluster, for cluster-scoped kinds).'),
    namespace: str('The namespace the object lives in. Empty for cluster-scoped kinds.'),
    ownerReferences: mergeList(ref(meta('OwnerReference')), 'uid', {
      description: 'Objects this object depends on; the garbage collector deletes it when all owners are gone.',
    }),
    resourceVersion: str('Opaque version of the object, used for optimistic concurrency and watches. Read-only.'),
    selfLink: str('Deprecated; not set.'),
    uid: str('Unique ID of the object for its lifetime. Set by the server; read-only.'),
  }),
  def(meta('ListMeta'), 'Metadata of a list response.', {
    continue: str('Token to fetch the next page of a paginated list.'),
    remainingItemCount: int64('Number of items not yet returned by a paginated list, when known.'),
    resourceVersion: str('The store revision the list was served at; start a watch from here.'),
    selfLink: str('Deprecated; not set.'),
  }),
  def(meta('OwnerReference'), 'Identifies an owning object, which must be in the same namespace (or cluster-scoped).', {
    apiVersion: str('API version of the owner.'),
    blockOwnerDeletion: bool('If true, foreground deletion of the owner waits for this object to be deleted.'),
    controller: bool('If true, the owner is the managing controller. At most one owner may be the controller.'),
    kind: str('Kind of the owner.'),
    name: str('Name of the owner.'),
    uid: str('UID of the owner.'),
  }, { required: ['apiVersion', 'kind', 'name', 'uid'] }),
  def(meta('ManagedFieldsEntry'), 'The fields one manager owns after one operation.', {
    apiVersion: str(), fieldsType: str(), fieldsV1: ref(meta('FieldsV1')), manager: str(),
    operation: str(undefined, ['Apply', 'Update']), subresource: str(), time: time(),
  }),
  def(LABEL_SELECTOR, 'A label query. Requirements are ANDed; an empty selector matches everything, a null one nothing.', {
    matchExpressions: atomicList(ref(meta('LabelSelectorRequirement')), 'Set-based requirements.'),
    matchLabels: stringMap('Equality requirements: each key must have exactly this value.'),
  }),
  def(meta('LabelSelectorRequirement'), 'One set-based requirement of a label selector.', {
    key: { ...str('The label key.'), patchStrategy: 'merge', patchMergeKey: 'key' },
    operator: str('How the key relates to the values.', ['In', 'NotIn', 'Exists', 'DoesNotExist']),
    values: atomicList(str(), 'Values for In/NotIn; must be empty for Exists/DoesNotExist.'),
  }, { required: ['key', 'operator'] }),
  def(meta('Condition'), 'One aspect of an object\'s current state (meta/v1 Condition).', {
    lastTransitionTime: time('When the status last changed.'),
    message: str('Human-readable details.'),
    observedGeneration: int64('The metadata.generation this condition was computed for.'),
    reason: str('CamelCase reason for the last transition.'),
    status: str('True, False or Unknown.', ['True', 'False', 'Unknown']),
    type: str('Condition type in CamelCase.'),
  }, { required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'] }),

  def(meta('Status'), 'The result of an operation that does not return an object, such as a failure or a delete.', {
    ...typeMeta(),
    code: int32('HTTP status code.'),
    details: ref(meta('StatusDetails'), 'Extended data about the failure.'),
    message: str('Human-readable description.'),
    metadata: ref(meta('ListMeta'), 'Standard list metadata.'),
    reason: str('Machine-readable reason, e.g. NotFound, AlreadyExists, Conflict, Invalid.'),
    status: str('Success or Failure.'),
  }, { gvk: [{ group: '', version: 'v1', kind: 'Status' }] }),
  def(meta('StatusDetails'), 'The object a Status is about, and per-field causes.', {
    causes: atomicList(ref(meta('StatusCause'))),
    group: str(), kind: str(), name: str(), retryAfterSeconds: int32(), uid: str(),
  }),
  def(meta('StatusCause'), 'One cause of a failure, usually one invalid field.', {
    field: str('Path of the offending field, e.g. spec.containers[0].name.'),
    message: str(),
    reason: str(),
  }),
  def(meta('DeleteOptions'), 'Options of a DELETE request.', {
    ...typeMeta(),
    dryRun: atomicList(str(), 'If set to ["All"], nothing is persisted.'),
    gracePeriodSeconds: int64('Seconds before the object is deleted; 0 means immediately.'),
    ignoreStoreReadErrorWithClusterBreakingPotential: bool('Deletes objects whose stored data cannot be read. Dangerous.'),
    orphanDependents: bool('Deprecated: use propagationPolicy.'),
    preconditions: ref(meta('Preconditions'), 'Must hold for the delete to proceed, else 409 Conflict.'),
    propagationPolicy: str('How dependents are garbage collected.', ['Orphan', 'Background', 'Foreground']),
  }, { gvk: DELETE_OPTIONS_GVKS }),
  def(meta('Preconditions'), 'Conditions a delete requires of the stored object.', {
    resourceVersion: str(), uid: str(),
  }),
];
