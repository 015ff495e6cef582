/**
 * Every protobuf message layout, by upstream definition name. The spec beside this file checks
 * that the tables cover every property of every definition reachable from the served kinds.
 */
import { appsLayouts } from './apps.js';
import { autoscalingLayouts } from './autoscaling.js';
import { coordinationLayouts } from './coordination.js';
import { containerLayouts } from './core-container.js';
import { nodeLayouts } from './core-node.js';
import { coreOtherLayouts } from './core-other.js';
import { podLayouts } from './core-pod.js';
import { schedulingLayouts } from './core-scheduling.js';
import { serviceLayouts } from './core-service.js';
import { volumeLayouts } from './core-volume.js';
import { discoveryLayouts } from './discovery.js';
import { metaLayouts } from './meta.js';
import { networkingLayouts } from './networking.js';
import { policyLayouts } from './policy.js';
import { authenticationLayouts } from './authentication.js';
import type { LayoutTable, MessageLayout } from './types.js';

export type { LayoutTable, MessageLayout } from './types.js';

const TABLES: readonly LayoutTable[] = [
  metaLayouts, podLayouts, containerLayouts, volumeLayouts, schedulingLayouts, nodeLayouts, serviceLayouts,
  coreOtherLayouts, appsLayouts, autoscalingLayouts, coordinationLayouts, discoveryLayouts, networkingLayouts,
  policyLayouts,
  authenticationLayouts,
];

const LAYOUTS = new Map<string, MessageLayout>();
for (const table of TABLES) {
  for (const [name, layout] of Object.entries(table)) {
    if (LAYOUTS.has(name)) throw new Error(`protobuf: layout of ${name} is declared twice`);
    LAYOUTS.set(name, layout);
  }
}

/** The wire layout of the definition with this upstream name, if it has one. */
export function layoutFor(definitionName: string): MessageLayout | undefined {
  return LAYOUTS.get(definitionName);
}

/** Every definition name that has a layout. */
export function layoutNames(): readonly string[] {
  return [...LAYOUTS.keys()];
}
