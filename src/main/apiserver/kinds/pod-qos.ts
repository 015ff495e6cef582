/**
 * A Pod's QoS class (upstream `qos.GetPodQOS`): Guaranteed when every container sets cpu and
 * memory limits with requests equal to them, BestEffort when none sets any cpu or memory,
 * Burstable otherwise. Quantities are compared exactly (`1` equals `1000m`).
 */
import { compareQuantities, isQuantity } from '../../../shared/api/quantity.js';
import type { Container, PodSpec } from './pod-types.js';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'] as const;

export function podQOSClass(spec: PodSpec | undefined): QOSClass {
  const containers: Container[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const r of QOS_RESOURCES) {
      const req = requests[r];
      const lim = limits[r];
      if (isNonZero(req) || isNonZero(lim)) any = true;
      if (lim === undefined || !isQuantity(lim)) guaranteed = false;
      else if (req !== undefined && (!isQuantity(req) || compareQuantities(req, lim) !== 0)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function isNonZero(q: string | number | undefined): boolean {
  return q !== undefined && isQuantity(q) && compareQuantities(q, 0) !== 0;
}
