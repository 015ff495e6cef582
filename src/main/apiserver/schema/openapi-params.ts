/**
 * The query and path parameters of Kubernetes REST operations, as OpenAPI v3 parameter objects.
 * Operation-level parameters are written inline (not `$ref`): kubectl's `supportsQueryParamV3`
 * compares `parameters[].name` of the PATCH operation directly.
 */
import type { JsonObject } from './openapi-schema.js';

const query = (name: string, type: 'string' | 'integer' | 'boolean', description: string): JsonObject => ({
  description, in: 'query', name, schema: { type },
});

const path = (name: string, description: string): JsonObject => ({
  description, in: 'path', name, required: true, schema: { type: 'string' },
});

const DRY_RUN = query('dryRun', 'string', 'When present, modifications are not persisted. The only valid value is All.');
const FIELD_MANAGER = query('fieldManager', 'string', 'Name of the actor making the change, for field ownership tracking.');
/** The parameter kubectl looks for on PATCH operations before sending `?fieldValidation=Strict`. */
export const FIELD_VALIDATION = query('fieldValidation', 'string',
  'How the server treats unknown or duplicate fields in the request body: Ignore drops them, Warn accepts the '
  + 'request with a warning per field, Strict rejects the request.');
const FORCE = query('force', 'boolean', 'Re-acquire fields owned by other managers. Only valid for apply patches.');

/** Path-level parameters. */
export const param = {
  namespace: path('namespace', 'Object name and auth scope, such as for teams and projects.'),
  name: (kind: string): JsonObject => path('name', `name of the ${kind}`),
  pretty: query('pretty', 'string', "If 'true', the output is pretty printed."),
};

/** Operation-level parameters, per kind of operation. */
export const operationParams = {
  list: [
    query('allowWatchBookmarks', 'boolean', 'Request BOOKMARK watch events.'),
    query('continue', 'string', 'Continue token from a previous paginated list.'),
    query('fieldSelector', 'string', 'Restrict the returned objects by their fields.'),
    query('labelSelector', 'string', 'Restrict the returned objects by their labels.'),
    query('limit', 'integer', 'Maximum number of items to return; more may be fetched with continue.'),
    query('resourceVersion', 'string', 'Which revision the list or watch may be served from.'),
    query('resourceVersionMatch', 'string', 'How resourceVersion applies to a list: Exact or NotOlderThan.'),
    query('sendInitialEvents', 'boolean', 'Start a watch with synthetic ADDED events for the current state.'),
    query('timeoutSeconds', 'integer', 'Time limit for the list or watch call.'),
    query('watch', 'boolean', 'Watch for changes instead of listing.'),
  ],
  create: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
  update: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
  patch: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE],
  delete: [
    DRY_RUN,
    query('gracePeriodSeconds', 'integer', 'Seconds before the object is deleted; 0 means immediately.'),
    query('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean', 'Delete objects whose stored data cannot be read.'),
    query('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy.'),
    query('propagationPolicy', 'string', 'Orphan, Background or Foreground garbage collection of dependents.'),
  ],
  log: [
    query('container', 'string', 'The container to read logs of; optional for single-container pods.'),
    query('follow', 'boolean', 'Stream the log.'),
    query('insecureSkipTLSVerifyBackend', 'boolean', 'Skip verifying the kubelet\'s serving certificate.'),
    query('limitBytes', 'integer', 'Stop after this many bytes.'),
    query('previous', 'boolean', 'Logs of the previous, terminated container.'),
    query('sinceSeconds', 'integer', 'Only logs newer than this many seconds.'),
    query('sinceTime', 'string', 'Only logs after this RFC 3339 time.'),
    query('stream', 'string', 'All, Stdout or Stderr.'),
    query('tailLines', 'integer', 'Only this many lines from the end.'),
    query('timestamps', 'boolean', 'Prefix every line with its RFC 3339 timestamp.'),
  ],
} as const;
