/**
 * The `paths` of a per-group-version OpenAPI v3 document: the REST operations of each resource
 * and its subresources, shaped like kube-apiserver's. Every operation that reads or writes an
 * object carries `x-kubernetes-group-version-kind` (one object, not a list); every write
 * (POST, PUT, PATCH) carries the `fieldValidation` query parameter, which is how kubectl's
 * `supportsQueryParamV3` decides to let the server validate fields.
 */
import { meta } from './dsl.js';
import { definitionForKind } from './index.js';
import { operationParams, param } from './openapi-params.js';
import type { ComponentCollector, JsonObject } from './openapi-schema.js';
import type { SchemaGvk } from './types.js';

/** A resource as the caller serves it. */
export interface OpenApiResource {
  /** Lower-case plural used in paths, e.g. `deployments`. */
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Subresources: well-known names (see `KNOWN_SUBRESOURCES`) or full descriptions. */
  subresources?: readonly (string | OpenApiSubresource)[];
}

/** A subresource endpoint, e.g. `deployments/scale`. */
export interface OpenApiSubresource {
  name: string;
  /** The kind exchanged at the endpoint (its schema is found by GVK); omit for the parent's kind. */
  gvk?: SchemaGvk;
  methods: readonly ('get' | 'put' | 'patch' | 'post' | 'connect')[];
}

/** Subresources callers may name by string. */
export const KNOWN_SUBRESOURCES: Readonly<Record<string, Omit<OpenApiSubresource, 'name'>>> = {
  status: { methods: ['get', 'put', 'patch'] },
  ephemeralcontainers: { methods: ['get', 'put', 'patch'] },
  resize: { methods: ['get', 'put', 'patch'] },
  scale: { gvk: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, methods: ['get', 'put', 'patch'] },
  binding: { gvk: { group: '', version: 'v1', kind: 'Binding' }, methods: ['post'] },
  eviction: { gvk: { group: 'policy', version: 'v1', kind: 'Eviction' }, methods: ['post'] },
  log: { methods: ['get'] },
  exec: { methods: ['connect'] },
  attach: { methods: ['connect'] },
  portforward: { methods: ['connect'] },
};

/** What the path builder needs about the kind a resource serves. */
export interface ResourceTarget {
  group: string;
  version: string;
  resource: OpenApiResource;
  /** The kind's definition name, e.g. `io.k8s.api.apps.v1.Deployment`. */
  definition: string;
  /** The generated list definition name, e.g. `io.k8s.api.apps.v1.DeploymentList`. */
  listDefinition: string;
}

const STATUS = meta('Status');
const DELETE_OPTIONS = meta('DeleteOptions');
const PATCH = meta('Patch');
const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

/** Adds the paths of one resource (collection, item, all-namespaces list, subresources) to `paths`. */
export function addResourcePaths(paths: Record<string, JsonObject>, target: ResourceTarget, refs: ComponentCollector): void {
  const { group, version, resource } = target;
  const gvk = { group, kind: resource.kind, version };
  const names = operationNames(group, version, resource);
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const scope = resource.namespaced ? `${prefix}/namespaces/{namespace}/${resource.plural}` : `${prefix}/${resource.plural}`;
  const scopeParams = resource.namespaced ? [param.namespace] : [];
  const kindRef = refs.ref(target.definition);
  const listRef = refs.ref(target.listDefinition);
  const op = operationFactory(names.tag, gvk, refs);

  paths[scope] = {
    parameters: [...scopeParams, param.pretty],
    get: op('list', `list or watch objects of kind ${resource.kind}`, `list${names.id}`, {
      params: operationParams.list, response: listRef, watch: true,
    }),
    post: op('post', `create ${article(resource.kind)}`, `create${names.id}`, {
      params: operationParams.create, body: kindRef, response: kindRef, created: true, accepted: true,
    }),
    delete: op('deletecollection', `delete collection of ${resource.kind}`, `deletecollection${names.id}`, {
      params: [...operationParams.delete, ...operationParams.list], body: refs.ref(DELETE_OPTIONS), response: refs.ref(STATUS),
    }),
  };
  paths[`${scope}/{name}`] = {
    parameters: [param.name(resource.kind), ...scopeParams, param.pretty],
    get: op('get', `read the specified ${resource.kind}`, `read${names.id}`, { params: [], response: kindRef }),
    put: op('put', `replace the specified ${resource.kind}`, `replace${names.id}`, {
      params: operationParams.update, body: kindRef, response: kindRef, created: true,
    }),
    patch: op('patch', `partially update the specified ${resource.kind}`, `patch${names.id}`, {
      params: operationParams.patch, patchBody: refs.ref(PATCH), response: kindRef, created: true,
    }),
    delete: op('delete', `delete ${article(resource.kind)}`, `delete${names.id}`, {
      params: operationParams.delete, body: refs.ref(DELETE_OPTIONS), response: kindRef, accepted: true,
    }),
  };
  if (resource.namespaced) {
    paths[`${prefix}/${resource.plural}`] = {
      parameters: [param.pretty],
      get: op('list', `list or watch objects of kind ${resource.kind}`, `list${names.all}`, {
        params: operationParams.list, response: listRef, watch: true,
      }),
    };
  }
  for (const entry of resource.subresources ?? []) {
    const sub = resolveSubresource(entry, resource);
    const subGvk = sub.gvk ?? gvk;
    const subRef = refs.ref(sub.gvk ? subresourceDefinition(sub, resource) : target.definition);
    const subOp = operationFactory(names.tag, subGvk, refs);
    const id = `${names.id}${capitalize(sub.name)}`;
    const item: JsonObject = { parameters: [param.name(resource.kind), ...scopeParams, param.pretty] };
    for (const method of sub.methods) addSubresourceOperation(item, method, sub.name, id, subOp, subRef, resource.kind);
    paths[`${scope}/{name}/${sub.name}`] = item;
  }
}

function addSubresourceOperation(
  item: JsonObject, method: OpenApiSubresource['methods'][number], name: string, id: string,
  op: ReturnType<typeof operationFactory>, ref: string, kind: string,
): void {
  const what = `${name} of the specified ${kind}`;
  if (method === 'get' && name === 'log') {
    item.get = op('get', `read log of the specified ${kind}`, `read${id}`, { params: operationParams.log, text: true });
  } else if (method === 'get') {
    item.get = op('get', `read ${what}`, `read${id}`, { params: [], response: ref });
  } else if (method === 'put') {
    item.put = op('put', `replace ${what}`, `replace${id}`, { params: operationParams.update, body: ref, response: ref, created: true });
  } else if (method === 'patch') {
    item.patch = op('patch', `partially update ${what}`, `patch${id}`, {
      params: operationParams.patch, patchBody: op.ref(PATCH), response: ref, created: true,
    });
  } else if (method === 'post') {
    item.post = op('post', `create ${what}`, `create${id}`, {
      params: operationParams.create, body: ref, response: ref, created: true, accepted: true,
    });
  } else {
    item.get = op('connect', `connect GET requests to ${what}`, `connectGet${id}`, { params: [], text: true, noGvk: true });
    item.post = op('connect', `connect POST requests to ${what}`, `connectPost${id}`, { params: [], text: true, noGvk: true });
  }
}

function resolveSubresource(entry: string | OpenApiSubresource, resource: OpenApiResource): OpenApiSubresource {
  if (typeof entry !== 'string') return entry;
  const known = KNOWN_SUBRESOURCES[entry];
  if (!known) {
    throw new Error(`openapi: unknown subresource ${resource.plural}/${entry}; describe it with an OpenApiSubresource`);
  }
  return { name: entry, ...known };
}

function subresourceDefinition(sub: OpenApiSubresource, resource: OpenApiResource): string {
  const { group, version, kind } = sub.gvk!;
  const definition = definitionForKind(group, version, kind);
  if (!definition) throw new Error(`openapi: no schema definition for ${resource.plural}/${sub.name} (${kind})`);
  return definition.name;
}

interface OperationSpec {
  params: readonly JsonObject[];
  body?: string;
  patchBody?: string;
  response?: string;
  /** Also answer 201 Created. */
  created?: boolean;
  /** Also answer 202 Accepted. */
  accepted?: boolean;
  /** The response may be a watch stream. */
  watch?: boolean;
  /** The response is plain text (logs, streams). */
  text?: boolean;
  /** Leave out `x-kubernetes-group-version-kind` (connect operations). */
  noGvk?: boolean;
}

/** Builds operations of one tag and GVK. */
function operationFactory(tag: string, gvk: SchemaGvk, refs: ComponentCollector) {
  const build = (action: string, description: string, operationId: string, spec: OperationSpec): JsonObject => {
    const out: JsonObject = { description, operationId };
    if (spec.params.length) out.parameters = [...spec.params];
    if (spec.body) out.requestBody = { content: { '*/*': { schema: { $ref: spec.body } } }, required: true };
    if (spec.patchBody) {
      out.requestBody = {
        content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: { $ref: spec.patchBody } }])),
        required: true,
      };
    }
    out.responses = responses(spec);
    out.tags = [tag];
    out['x-kubernetes-action'] = action;
    if (!spec.noGvk) out['x-kubernetes-group-version-kind'] = { group: gvk.group, kind: gvk.kind, version: gvk.version };
    return out;
  };
  return Object.assign(build, { ref: (name: string) => refs.ref(name) });
}

function responses(spec: OperationSpec): JsonObject {
  if (spec.text) {
    return { '200': { content: { 'text/plain': { schema: { type: 'string' } } }, description: 'OK' }, '401': unauthorized() };
  }
  const content = (): JsonObject => {
    const schema = { $ref: spec.response };
    const types = ['application/json', 'application/yaml', ...(spec.watch ? ['application/json;stream=watch'] : [])];
    return Object.fromEntries(types.map((t) => [t, { schema }]));
  };
  const out: JsonObject = { '200': { content: content(), description: 'OK' } };
  if (spec.created) out['201'] = { content: content(), description: 'Created' };
  if (spec.accepted) out['202'] = { content: content(), description: 'Accepted' };
  out['401'] = unauthorized();
  return out;
}

const unauthorized = (): JsonObject => ({ description: 'Unauthorized' });

/** Operation-id fragments and the tag, as upstream names them (`patchAppsV1NamespacedDeployment`, `apps_v1`). */
function operationNames(group: string, version: string, resource: OpenApiResource) {
  const groupPart = group === '' ? 'Core' : group.replace(/\.k8s\.io$/, '').split('.').map(capitalize).join('');
  const gv = `${groupPart}${capitalize(version)}`;
  return {
    id: `${gv}${resource.namespaced ? 'Namespaced' : ''}${resource.kind}`,
    all: `${gv}${resource.kind}ForAllNamespaces`,
    tag: `${groupPart.charAt(0).toLowerCase()}${groupPart.slice(1)}_${version}`,
  };
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const article = (kind: string): string => (/^[AEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`);
