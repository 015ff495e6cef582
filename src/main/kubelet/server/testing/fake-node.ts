/**
 * A node for streaming tests without a kubelet or an API server: a `SimulatedRuntime` holding
 * pods the way the kubelet would (sandbox and containers from `container-config.ts`, so the same
 * labels) and the pod objects with the status the kubelet would write (`simulated://<id>`
 * container IDs). Test use only.
 */
import { randomUUID } from 'node:crypto';
import { rfc3339 } from '../../../util/time.js';
import type { SimulatedRuntime } from '../../../runtime/simulated/simulated-runtime.js';
import type { ApiContainerStatus, Pod } from '../../api-types.js';
import { containerConfig, sandboxConfig } from '../../container-config.js';
import type { StreamingKubelet } from '../kubelet-streaming.js';

export class FakeStreamingNode implements StreamingKubelet {
  private readonly pods = new Map<string, Pod>();
  private readonly sandboxes = new Map<string, string>();

  constructor(
    readonly nodeName: string,
    readonly runtime: SimulatedRuntime,
  ) {}

  getPod(namespace: string, name: string): Pod | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  /** A pod whose containers are not created yet (status: none). */
  addPendingPod(name: string, containers: string[], namespace = 'default'): Pod {
    const pod: Pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace, uid: randomUUID(), labels: { app: name } },
      spec: { nodeName: this.nodeName, containers: containers.map((c) => ({ name: c, image: 'busybox:1.36' })) },
      status: { phase: 'Pending' },
    };
    this.pods.set(`${namespace}/${name}`, pod);
    return pod;
  }

  /** A pod with every container created, started and reported running. */
  async runPod(name: string, containers: string[], namespace = 'default'): Promise<Pod> {
    const pod = this.addPendingPod(name, containers, namespace);
    const sandbox = await this.runtime.runPodSandbox(sandboxConfig(pod, this.nodeName));
    this.sandboxes.set(pod.metadata.uid!, sandbox.id);
    const statuses: ApiContainerStatus[] = [];
    for (const c of pod.spec!.containers!) statuses.push(await this.start(pod, c.name!, 0));
    pod.status = { phase: 'Running', containerStatuses: statuses as never };
    return pod;
  }

  /** The container's current instance exits with `exitCode`; a new instance starts (restartCount + 1). */
  async restart(namespace: string, name: string, container: string, exitCode = 1): Promise<void> {
    const pod = this.getPod(namespace, name)!;
    const statuses = pod.status!.containerStatuses as unknown as ApiContainerStatus[];
    const i = statuses.findIndex((s) => s.name === container);
    const old = statuses[i];
    const oldId = old.containerID!.split('://')[1];
    this.runtime.crash(oldId, exitCode);
    const exited = (await this.runtime.containerStatus(oldId))!;
    const next = await this.start(pod, container, old.restartCount + 1);
    next.lastState = {
      terminated: { exitCode, reason: 'Error', startedAt: rfc3339(exited.startedAt!), finishedAt: rfc3339(exited.finishedAt!), containerID: old.containerID },
    };
    statuses[i] = next;
  }

  private async start(pod: Pod, name: string, restartCount: number): Promise<ApiContainerStatus> {
    const container = pod.spec!.containers!.find((c) => c.name === name)!;
    await this.runtime.pullImage(container.image!);
    const id = await this.runtime.createContainer(
      this.sandboxes.get(pod.metadata.uid!)!,
      containerConfig({ pod, container, isInit: false, nodeName: this.nodeName, restartCount }),
    );
    await this.runtime.startContainer(id);
    const started = (await this.runtime.containerStatus(id))!.startedAt!;
    return {
      name, state: { running: { startedAt: rfc3339(started) } }, lastState: {}, ready: true, restartCount,
      image: container.image!, imageID: '', containerID: `simulated://${id}`, started: true,
    };
  }
}
