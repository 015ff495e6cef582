/** What each kind's status looks like right after create (upstream `PrepareForCreate`). */
import type { KubeObject } from '../../../shared/api/object.js';
import type { ResourceDef } from './resource-def.js';
import { podQOSClass } from '../kinds/pod-qos.js';

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

/** Upstream `qos.GetPodQOS`, comparing quantities exactly. */
export function qosClass(pod: KubeObject): string {
  return podQOSClass(pod.spec as Parameters<typeof podQOSClass>[0]);
}
