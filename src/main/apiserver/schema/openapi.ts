/**
 * What kubectl downloads from `/openapi/v3`: the root listing of group-versions, and one OpenAPI
 * 3.0 document per group-version with the REST paths and the component schemas.
 *
 * kubectl uses them for `kubectl explain` (which finds the kind through the GVK on the list/read
 * operations and the `x-kubernetes-group-version-kind` of a component schema) and to decide
 * whether the server validates fields (`fieldValidation` on PATCH operations).
 */
import { createHash } from 'node:crypto';
import { meta, ref, typeMeta } from './dsl.js';
import { allDefinitions, definitionForKind } from './index.js';
import { addResourcePaths, type OpenApiResource } from './openapi-paths.js';
import { ComponentCollector, type JsonObject } from './openapi-schema.js';
import type { Definition } from './types.js';

export type { OpenApiResource, OpenApiSubresource } from './openapi-paths.js';

/** A group-version to list in the root; `resources` lets the hash cover the exact document. */
export interface OpenApiGroupVersion {
  group: string;
  version: string;
  resources?: readonly OpenApiResource[];
}

/** The `/openapi/v3` root: one entry per group-version, keyed `api/v1` or `apis/<group>/<version>`. */
export interface OpenApiV3Root {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** The hash of the last document built per group-version path, so the root can point at it. */
const documentHashes = new Map<string, string>();

/** `api/v1` for the core group, `apis/<group>/<version>` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** Content hash used in `?hash=`: upper-case hex SHA-512 of the serialised document, as upstream. */
export function openApiV3Hash(document: JsonObject): string {
  return createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
}

/**
 * The root document. Each URL carries a content hash so kubectl's HTTP cache can keep documents
 * forever. The hash is that of the document built from `resources` when given; otherwise that of
 * the last document `openApiV3Document` built for the group-version (build the documents first);
 * otherwise, as a fallback, a hash of the group-version's kind schemas only.
 */
export function openApiV3Root(groupVersions: readonly OpenApiGroupVersion[]): OpenApiV3Root {
  const paths: OpenApiV3Root['paths'] = {};
  for (const gv of groupVersions) {
    const path = groupVersionPath(gv.group, gv.version);
    const hash = gv.resources
      ? openApiV3Hash(openApiV3Document(gv.group, gv.version, gv.resources))
      : (documentHashes.get(path) ?? schemaOnlyHash(gv.group, gv.version));
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}

/**
 * The OpenAPI 3.0 document of one group-version: paths for each resource (collection, item,
 * all-namespaces list, subresources) and every schema they reach, plus a `<Kind>List` schema per
 * resource. Throws if a resource's kind has no schema definition.
 */
export function openApiV3Document(group: string, version: string, resources: readonly OpenApiResource[]): JsonObject {
  const refs = new ComponentCollector();
  const paths: Record<string, JsonObject> = {};
  for (const resource of resources) {
    const definition = definitionForKind(group, version, resource.kind);
    if (!definition) throw new Error(`openapi: no schema definition for ${group || 'core'}/${version} ${resource.kind}`);
    const list = listDefinition(definition, { group, version, kind: resource.kind });
    refs.addDefinition(list);
    addResourcePaths(paths, { group, version, resource, definition: definition.name, listDefinition: list.name }, refs);
  }
  const document: JsonObject = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: sortKeys(paths),
    components: {
      schemas: refs.components(),
      securitySchemes: {
        BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
      },
    },
    security: [{ BearerToken: [] }],
  };
  documentHashes.set(groupVersionPath(group, version), openApiV3Hash(document));
  return document;
}

/** `<Kind>List`, which upstream generates for every served kind. */
function listDefinition(item: Definition, gvk: { group: string; version: string; kind: string }): Definition {
  return {
    name: `${item.name}List`,
    description: `${gvk.kind}List is a list of ${gvk.kind} objects.`,
    properties: {
      ...typeMeta(),
      items: { type: 'array', items: ref(item.name), description: `List of ${gvk.kind} objects.` },
      metadata: ref(meta('ListMeta'), 'Standard list metadata.'),
    },
    required: ['items'],
    gvk: [{ ...gvk, kind: `${gvk.kind}List` }],
  };
}

/** Fallback hash: the schemas of the group-version's kinds, when no document was built yet. */
function schemaOnlyHash(group: string, version: string): string {
  const refs = new ComponentCollector();
  for (const definition of allDefinitions()) {
    if (definition.gvk?.some((g) => g.group === group && g.version === version)) refs.ref(definition.name);
  }
  return openApiV3Hash({ group, version, schemas: refs.components() });
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]!]));
}
