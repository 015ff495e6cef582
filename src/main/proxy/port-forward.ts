/**
 * Port-forwarding for the UI and the CLI: a listener on 127.0.0.1 (a chosen port, or a free one)
 * whose connections go to a pod's port, or to a Service port (one of its ready endpoints, as
 * kube-proxy would pick), through the service proxy's tunnel into the pod network. kubectl's own
 * `port-forward` is served by the API server (`apiserver/node-proxy/pod-port-forward.ts`) over the
 * same `KubeProxy.dial`.
 */
import type net from 'node:net';
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client/api-client.js';
import type { KubeProxy } from './kube-proxy.js';
import { HostPortListener } from './host-port-listener.js';
import type { ServiceObject } from './service-table.js';

export type ForwardTarget =
  | { kind: 'pod'; namespace: string; name: string; port: number | string }
  | { kind: 'service'; namespace: string; name: string; port: number | string };

export interface PortForward {
  localPort: number;
  /** What it forwards to, as a person reads it (`pod/web-1:80`). */
  target: string;
  close(): void;
}

export class PortForwardError extends Error {}

interface PodObject extends KubeObject {
  spec?: { containers?: { ports?: { name?: string; containerPort?: number }[] }[] };
  status?: { podIP?: string; phase?: string };
}

export async function startPortForward(client: ApiClient, proxy: KubeProxy, target: ForwardTarget, localPort = 0): Promise<PortForward> {
  const label = `${target.kind}/${target.name}:${target.port}`;
  let connector: () => Promise<net.Socket>;
  if (target.kind === 'pod') {
    connector = async () => {
      const pod = await client.tryGet<PodObject>({ apiVersion: 'v1', resource: 'pods' }, target.namespace, target.name);
      if (!pod) throw new PortForwardError(`pod ${target.namespace}/${target.name} not found`);
      if (!pod.status?.podIP) throw new PortForwardError(`pod ${target.namespace}/${target.name} has no IP yet (phase ${pod.status?.phase ?? 'Pending'})`);
      return proxy.dial(pod.status.podIP, podPort(pod, target.port));
    };
    // Fail early on a missing pod or unknown port name, as kubectl does.
    const pod = await client.tryGet<PodObject>({ apiVersion: 'v1', resource: 'pods' }, target.namespace, target.name);
    if (!pod) throw new PortForwardError(`pod ${target.namespace}/${target.name} not found`);
    podPort(pod, target.port);
  } else {
    const svc = await client.tryGet<ServiceObject>({ apiVersion: 'v1', resource: 'services' }, target.namespace, target.name);
    if (!svc) throw new PortForwardError(`service ${target.namespace}/${target.name} not found`);
    const port = (svc.spec?.ports ?? []).find((p) => p.port === Number(target.port) || (p.name !== undefined && p.name === target.port));
    if (!port) throw new PortForwardError(`service ${target.namespace}/${target.name} has no port ${target.port}`);
    connector = () => proxy.connectToService(proxy.services.get(`${target.namespace}/${target.name}`) ?? svc, port);
  }
  const listener = new HostPortListener('127.0.0.1', localPort, async () => ({ socket: await connector() }));
  try {
    await listener.listen();
  } catch (e) {
    throw new PortForwardError(`cannot forward ${label}: ${(e as Error).message}; choose another local port or 0 for a free one`);
  }
  return { localPort: listener.boundPort, target: label, close: () => listener.close() };
}

function podPort(pod: PodObject, port: number | string): number {
  if (typeof port === 'number' || /^\d+$/.test(port)) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new PortForwardError(`port ${port} is not a valid port number`);
    return n;
  }
  for (const c of pod.spec?.containers ?? []) {
    const p = c.ports?.find((x) => x.name === port);
    if (p?.containerPort) return p.containerPort;
  }
  throw new PortForwardError(`pod ${pod.metadata.name} has no container port named ${port}`);
}
