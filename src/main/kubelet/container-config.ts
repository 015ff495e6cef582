/**
 * What the kubelet asks the runtime for: the sandbox and container configs of a pod, labelled so
 * they can be found again after a restart (`LABELS`), with env (plain values and the downward-API
 * fields that need no lookup), resource limits, host ports and the simulation (ignored by real
 * runtimes).
 */
import { quantityValue } from '../../shared/api/quantity.js';
import { LABELS, type ContainerConfig, type PodSandboxConfig } from '../runtime/types.js';
import type { Container, Pod } from './api-types.js';
import { containerSimulation } from './simulation.js';

export function podLabels(pod: Pod, nodeName: string): Record<string, string> {
  return {
    [LABELS.node]: nodeName,
    [LABELS.podUid]: pod.metadata.uid!,
    [LABELS.podName]: pod.metadata.name!,
    [LABELS.podNamespace]: pod.metadata.namespace!,
  };
}

export function sandboxConfig(pod: Pod, nodeName: string): PodSandboxConfig {
  const portMappings: NonNullable<PodSandboxConfig['portMappings']> = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || !p.containerPort) continue;
      portMappings.push({ containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol === 'UDP' ? 'UDP' : 'TCP', hostIp: p.hostIP });
    }
  }
  return {
    podUid: pod.metadata.uid!,
    podName: pod.metadata.name!,
    podNamespace: pod.metadata.namespace!,
    node: nodeName,
    hostname: pod.spec?.hostname ?? pod.metadata.name!,
    labels: { ...podLabels(pod, nodeName), [LABELS.role]: 'sandbox' },
    portMappings: portMappings.length ? portMappings : undefined,
  };
}

/** Downward-API fields resolvable from the pod itself. */
function fieldValue(pod: Pod, path: string | undefined, podIP: string | undefined, hostIP: string): string | undefined {
  switch (path) {
    case 'metadata.name': return pod.metadata.name;
    case 'metadata.namespace': return pod.metadata.namespace;
    case 'metadata.uid': return pod.metadata.uid;
    case 'spec.nodeName': return pod.spec?.nodeName;
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName;
    case 'status.podIP': return podIP;
    case 'status.hostIP': return hostIP;
    default: return undefined;
  }
}

/** Env of a container: plain values and simple `fieldRef`s (ConfigMap/Secret refs are not resolved here). */
export function containerEnv(pod: Pod, container: Container, podIP: string | undefined, hostIP: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (!e.name) continue;
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.fieldRef) {
      const v = fieldValue(pod, e.valueFrom.fieldRef.fieldPath, podIP, hostIP);
      if (v !== undefined) env[e.name] = v;
    } else if (!e.valueFrom) env[e.name] = '';
  }
  return env;
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
  podIP?: string;
  hostIP: string;
}

export function containerConfig(i: ContainerConfigInput): ContainerConfig {
  const { pod, container } = i;
  return {
    podUid: pod.metadata.uid!,
    name: container.name ?? '',
    image: container.image ?? '',
    command: container.command,
    args: container.args,
    env: containerEnv(pod, container, i.podIP, i.hostIP),
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
