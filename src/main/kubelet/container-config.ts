/**
 * What the kubelet asks the runtime for: the sandbox and container configs of a pod, labelled so
 * they can be found again after a restart (`LABELS`), with the resolved env and mounts
 * (`container-inputs.ts`), `$(VAR)`-expanded command and args, resource limits, host ports and
 * the simulation (ignored by real runtimes).
 */
import { quantityValue } from '../../shared/api/quantity.js';
import { LABELS, type ContainerConfig, type Mount, type PodSandboxConfig } from '../runtime/types.js';
import type { Container, Pod } from './api-types.js';
import { expandCommandAndArgs } from './expansion.js';
import { containerSimulation } from './simulation.js';
import { podDNS, type ClusterDNS } from './pod-dns.js';

export function podLabels(pod: Pod, nodeName: string): Record<string, string> {
  return {
    [LABELS.node]: nodeName,
    [LABELS.podUid]: pod.metadata.uid!,
    [LABELS.podName]: pod.metadata.name!,
    [LABELS.podNamespace]: pod.metadata.namespace!,
  };
}

export function sandboxConfig(pod: Pod, nodeName: string, clusterDNS?: ClusterDNS): PodSandboxConfig {
  const portMappings: NonNullable<PodSandboxConfig['portMappings']> = [];
  const loopbackOnly = new Set<number>();
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.containerPort) continue;
      const protocol = p.protocol === 'UDP' ? 'UDP' : p.protocol === 'SCTP' ? 'SCTP' : 'TCP';
      if (p.hostPort) {
        if (protocol !== 'SCTP') portMappings.push({ containerPort: p.containerPort, hostPort: p.hostPort, protocol, hostIp: p.hostIP });
      } else if (protocol === 'TCP') {
        loopbackOnly.add(p.containerPort);
      }
    }
  }
  // Declared TCP ports also get a free port on the host's 127.0.0.1: the host side of Services
  // (NodePorts, LoadBalancers, ingress, port-forward) reaches pods through them, never by pod IP.
  for (const containerPort of loopbackOnly) {
    if (!portMappings.some((m) => m.containerPort === containerPort && m.protocol === 'TCP')) portMappings.push({ containerPort, hostPort: 0, protocol: 'TCP' });
  }
  return {
    podUid: pod.metadata.uid!,
    podName: pod.metadata.name!,
    podNamespace: pod.metadata.namespace!,
    node: nodeName,
    hostname: pod.spec?.hostname ?? pod.metadata.name!,
    labels: { ...podLabels(pod, nodeName), [LABELS.role]: 'sandbox' },
    portMappings: portMappings.length ? portMappings : undefined,
    dns: podDNS(pod, clusterDNS),
  };
}

function limit(container: Container, resource: 'cpu' | 'memory'): number | undefined {
  const v = container.resources?.limits?.[resource];
  if (v === undefined) return undefined;
  try {
    return quantityValue(v);
  } catch {
    return undefined;
  }
}

export interface ContainerConfigInput {
  pod: Pod;
  container: Container;
  isInit: boolean;
  nodeName: string;
  restartCount: number;
  /** The container's resolved environment (default none). */
  env?: Record<string, string>;
  mounts?: Mount[];
}

export function containerConfig(i: ContainerConfigInput): ContainerConfig {
  const { pod, container } = i;
  const env = i.env ?? {};
  const { command, args } = expandCommandAndArgs(container.command, container.args, env);
  return {
    podUid: pod.metadata.uid!,
    name: container.name ?? '',
    image: container.image ?? '',
    command,
    args,
    env,
    mounts: i.mounts?.length ? i.mounts : undefined,
    workingDir: container.workingDir as string | undefined,
    tty: container.tty === true,
    stdin: container.stdin === true,
    cpuLimit: limit(container, 'cpu'),
    memoryLimit: limit(container, 'memory'),
    restartCount: i.restartCount,
    labels: {
      ...podLabels(pod, i.nodeName),
      [LABELS.containerName]: container.name ?? '',
      [LABELS.role]: 'container',
      [LABELS.restartCount]: String(i.restartCount),
    },
    simulation: containerSimulation(pod, container, i.isInit && container.restartPolicy !== 'Always'),
  };
}
