/**
 * Registry of every structural schema the API server serves, by upstream definition name
 * (`io.k8s.api.core.v1.Pod`) and by GroupVersionKind. Built once at module load.
 */
import { appsDefinitions } from './defs/apps.js';
import { autoscalingDefinitions } from './defs/autoscaling.js';
import { coordinationDefinitions } from './defs/coordination.js';
import { containerDefinitions } from './defs/core-container.js';
import { nodeDefinitions } from './defs/core-node.js';
import { coreOtherDefinitions } from './defs/core-other.js';
import { podDefinitions } from './defs/core-pod.js';
import { schedulingDefinitions } from './defs/core-scheduling.js';
import { serviceDefinitions } from './defs/core-service.js';
import { legacyVolumeDefinitions } from './defs/core-volume-legacy.js';
import { volumeDefinitions } from './defs/core-volume.js';
import { discoveryDefinitions } from './defs/discovery.js';
import { metaDefinitions } from './defs/meta.js';
import { networkingDefinitions } from './defs/networking.js';
import { policyDefinitions } from './defs/policy.js';
import { authenticationDefinitions } from './defs/authentication.js';
import type { Definition } from './types.js';

export type { Definition, Property, Schema, ArraySchema, SchemaGvk } from './types.js';
export { INT_OR_STRING, QUANTITY } from './defs/meta.js';

const DEFINITIONS: readonly Definition[] = [
  ...metaDefinitions,
  ...podDefinitions,
  ...containerDefinitions,
  ...volumeDefinitions,
  ...legacyVolumeDefinitions,
  ...schedulingDefinitions,
  ...nodeDefinitions,
  ...serviceDefinitions,
  ...coreOtherDefinitions,
  ...appsDefinitions,
  ...coordinationDefinitions,
  ...discoveryDefinitions,
  ...networkingDefinitions,
  ...policyDefinitions,
  ...authenticationDefinitions,
  ...autoscalingDefinitions,
];

const gvkKey = (group: string, version: string, kind: string): string => `${group}/${version}/${kind}`;

const byName = new Map<string, Definition>();
const byGvk = new Map<string, Definition>();
for (const definition of DEFINITIONS) {
  if (byName.has(definition.name)) throw new Error(`schema: definition ${definition.name} is declared twice`);
  byName.set(definition.name, definition);
  for (const { group, version, kind } of definition.gvk ?? []) {
    const key = gvkKey(group, version, kind);
    if (byGvk.has(key)) throw new Error(`schema: ${key} is claimed by ${byGvk.get(key)!.name} and ${definition.name}`);
    byGvk.set(key, definition);
  }
}

/** The definition with this upstream name, e.g. `io.k8s.api.apps.v1.DeploymentSpec`. */
export function getDefinition(name: string): Definition | undefined {
  return byName.get(name);
}

/** The top-level definition served as this kind (`''`, `'v1'`, `'Pod'` for core). */
export function definitionForKind(group: string, version: string, kind: string): Definition | undefined {
  return byGvk.get(gvkKey(group, version, kind));
}

/** Every definition, in declaration order. */
export function allDefinitions(): readonly Definition[] {
  return DEFINITIONS;
}
