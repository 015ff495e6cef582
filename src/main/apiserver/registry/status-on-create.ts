/** What each kind's status looks like right after create (upstream `PrepareForCreate`). */
import type { KubeObject } from '../../../shared/api/object.js';
import type { ResourceDef } from './resource-def.js';

export function resetStatusOnCreate(r: ResourceDef, obj: KubeObject): void {
  if (!r.status) return;
  switch (r.kind) {
    case 'Pod':
      obj.status = { phase: 'Pending', qosClass: qosClass(obj) };
      break;
    case 'Service':
      obj.status = { loadBalancer: {} };
      break;
    case 'Node':
    case 'Namespace':
      break; // nodes register with their status; namespaces get status from defaults
    default:
      obj.status = {};
  }
}

interface Resources {
  requests?: Record<string, unknown>;
  limits?: Record<string, unknown>;
}

/** Upstream `qos.GetPodQOS`, simplified to cpu and memory. */
export function qosClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = (pod.spec ?? {}) as { containers?: { resources?: Resources }[]; initContainers?: { resources?: Resources }[] };
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const res of ['cpu', 'memory']) {
      if (req[res] !== undefined || lim[res] !== undefined) any = true;
      if (lim[res] === undefined || (req[res] !== undefined && String(req[res]) !== String(lim[res]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
