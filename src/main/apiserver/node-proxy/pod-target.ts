/**
 * Which pod, container and node a `pods/log`, `pods/exec` or `pods/attach` request is for, with
 * upstream's API-server errors (`LogLocation` / `streamLocation` in
 * pkg/registry/core/pod/strategy.go): the pod must exist (404); with no container named, the pod
 * must have exactly one (400 `a container name must be specified for pod X, choose one of: [a b]`);
 * a named container must be one of the pod's (400 `container c is not valid for pod X`).
 */
import type { ApiClient } from '../../client/api-client.js';
import type { Pod } from '../kinds/pod-types.js';
import { errors } from '../errors.js';

export interface PodTarget {
  pod: Pod;
  container: string;
  /** Unset while the pod is not scheduled. */
  nodeName?: string;
}

const PODS = { apiVersion: 'v1', resource: 'pods' } as const;

export async function resolvePodTarget(client: ApiClient, namespace: string, name: string, container: string | undefined): Promise<PodTarget> {
  const pod = await client.tryGet<Pod>(PODS, namespace, name);
  if (!pod) throw errors.notFound({ group: '', resource: 'pods', name });
  return { pod, container: chooseContainer(pod, name, container), nodeName: pod.spec?.nodeName || undefined };
}

export function chooseContainer(pod: Pod, name: string, container: string | undefined): string {
  const spec = pod.spec;
  if (container) {
    const all = [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])];
    if (!all.some((c) => c.name === container)) throw errors.badRequest(`container ${container} is not valid for pod ${name}`);
    return container;
  }
  const containers = spec?.containers ?? [];
  if (containers.length === 1) return containers[0].name ?? '';
  if (containers.length === 0) throw errors.badRequest(`a container name must be specified for pod ${name}`);
  let message = `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`;
  const init = spec?.initContainers ?? [];
  if (init.length) message += ` or one of the init containers: [${init.map((c) => c.name).join(' ')}]`;
  throw errors.badRequest(message);
}
