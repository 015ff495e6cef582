/**
 * Workload conditions (upstream `SetDeploymentCondition` / `SetCondition` for ReplicaSets):
 * one condition per type; setting one with the same status and reason changes nothing (its
 * timestamps stay), and a change of reason alone keeps `lastTransitionTime`. Functions return
 * new arrays and never modify their input, which may come from an informer cache.
 */
import type { WorkloadCondition } from './types.js';

export function getCondition(conditions: WorkloadCondition[] | undefined, type: string): WorkloadCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function setCondition(conditions: WorkloadCondition[] | undefined, condition: WorkloadCondition): WorkloadCondition[] {
  const list = conditions ?? [];
  const current = getCondition(list, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return list;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  return [...list.filter((c) => c.type !== condition.type), next];
}

export function removeCondition(conditions: WorkloadCondition[] | undefined, type: string): WorkloadCondition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}
