/**
 * Fixtures for the Endpoints and EndpointSlice specs: a Service selecting `app=<app>` with a
 * named target port, pods that declare that port, and pod status writes through `pods/status`
 * (what the kubelet would report).
 */
import type { KubeObject } from '../../../../shared/api/object.js';
import type { ApiClient } from '../../../client/api-client.js';
import type { Pod } from '../../../apiserver/kinds/pod-types.js';

export const SERVICES = { apiVersion: 'v1', resource: 'services' };
export const PODS = { apiVersion: 'v1', resource: 'pods' };
export const NAMESPACES = { apiVersion: 'v1', resource: 'namespaces' };

export async function createNamespace(client: ApiClient, name: string): Promise<void> {
  await client.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export async function createService(client: ApiClient, ns: string, name: string, spec: Record<string, unknown> = {}): Promise<KubeObject> {
  return client.create(SERVICES, ns, {
    apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { tier: 'frontend' } },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }], ...spec },
  });
}

/** A pod of `app`, bound to `node`, declaring container port `http` = 8080. */
export async function createPod(client: ApiClient, ns: string, app: string, name: string, node = 'node-a'): Promise<Pod> {
  return client.create<Pod>(PODS, ns, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app } },
    spec: { nodeName: node, containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
  });
}

/** Writes the pod's status as a kubelet would: Running with `ip`, Ready = `ready`. */
export async function setPodStatus(client: ApiClient, ns: string, name: string, ip: string | undefined, ready: boolean): Promise<void> {
  const pod = await client.get<Pod>(PODS, ns, name);
  const status = ready ? 'True' : 'False';
  await client.update(PODS, {
    ...pod,
    status: {
      ...pod.status,
      phase: 'Running',
      ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
      conditions: [
        { type: 'Ready', status },
        { type: 'ContainersReady', status },
      ],
    },
  }, 'status');
}

/** Deletes pods for good (grace 0), as the kubelet does once containers stopped. */
export async function forceDeletePods(client: ApiClient, ns: string): Promise<void> {
  for (const pod of (await client.list(PODS, ns)).items) {
    await client.delete(PODS, ns, pod.metadata.name!, { gracePeriodSeconds: 0 }).catch(() => undefined);
  }
}
