/**
 * `KubeletStreaming`: the streaming interface of an in-process kubelet (simulated now, Docker
 * nodes next), over its pod cache and its runtime. Containers are found by their runtime labels
 * and the pod's UID, never by memory, so this works the same after a kubelet restart. Messages
 * follow upstream's kubelet (`pod "x" does not exist`, `container not found ("c")`, ...).
 */
import { LABELS, type ContainerRuntime, type ContainerStatus, type ExecOptions, type ExecSession } from '../../runtime/types.js';
import { systemClock, type Clock } from '../../util/time.js';
import type { Pod } from '../api-types.js';
import { instancesOf } from '../status.js';
import { logContainerId } from './log-container.js';
import { buildSummary, type MeasuredContainer, type StatsSummary } from './stats-summary.js';
import { isApiError } from '../../apiserver/errors.js';
import { streamingErrors, type ContainerLogOptions, type NodeStreaming } from './streaming.js';

/** What the streaming interface needs from a kubelet (`Kubelet` provides it). */
export interface StreamingKubelet {
  readonly nodeName: string;
  readonly runtime: ContainerRuntime;
  /** The node's pod `namespace/name` as the kubelet last saw it. */
  getPod(namespace: string, name: string): Pod | undefined;
}

export class KubeletStreaming implements NodeStreaming {
  readonly nodeName: string;

  constructor(
    private readonly kubelet: StreamingKubelet,
    private readonly clock: Clock = systemClock,
  ) {
    this.nodeName = kubelet.nodeName;
  }

  async logs(namespace: string, podName: string, container: string, options: ContainerLogOptions): Promise<NodeJS.ReadableStream> {
    const pod = this.pod(namespace, podName, `pod "${podName}" does not exist`);
    this.requireContainer(pod, container);
    const id = logContainerId(pod, container, options.previous);
    const runtime = this.kubelet.runtime;
    if (!(await runtime.containerStatus(id))) {
      throw streamingErrors.badRequest(
        options.previous
          ? `previous terminated container "${container}" in pod "${podName}" not found`
          : `container "${container}" in pod "${podName}" is not available: its instance was removed`,
      );
    }
    return runtime.logs(id, options);
  }

  async exec(namespace: string, podName: string, container: string, command: string[], options: ExecOptions): Promise<ExecSession> {
    const current = await this.runningInstance(namespace, podName, container);
    try {
      return await this.kubelet.runtime.exec(current.id, command, options);
    } catch (e) {
      throw isApiError(e) ? e : streamingErrors.internal(`error executing command in container: ${(e as Error).message}`);
    }
  }

  /**
   * Attaches to the container's output from now on (its log stream, followed). Stdin needs the
   * runtime's attach, which the `ContainerRuntime` interface does not have yet: asking for it is
   * a 400. The session ends (exit code 0) when the container stops or the reader goes away.
   */
  async attach(namespace: string, podName: string, container: string, options: ExecOptions): Promise<ExecSession> {
    const current = await this.runningInstance(namespace, podName, container);
    if (options.stdin) {
      throw streamingErrors.badRequest(`attaching to the stdin of a container is not supported by the ${this.kubelet.runtime.name} runtime: use kubectl exec -i instead`);
    }
    const stdout = await this.kubelet.runtime.logs(current.id, { follow: true, tailLines: 0, timestamps: false });
    const exitCode = new Promise<number>((resolve) => {
      stdout.once('end', () => resolve(0));
      stdout.once('close', () => resolve(0));
    });
    return { stdout, resize: async () => {}, exitCode };
  }

  async summary(): Promise<StatsSummary> {
    const runtime = this.kubelet.runtime;
    const running = (await runtime.listContainers({ node: this.nodeName })).filter(
      (c) => c.state === 'running' && c.labels[LABELS.role] !== 'sandbox',
    );
    const measured = await Promise.all(
      running.map(async (status): Promise<MeasuredContainer | undefined> => {
        const stats = await runtime.stats(status.id).catch(() => undefined);
        return stats && { status, stats };
      }),
    );
    return buildSummary(this.nodeName, measured.filter((m): m is MeasuredContainer => m !== undefined), this.clock.now());
  }

  private pod(namespace: string, name: string, missing: string): Pod {
    const pod = this.kubelet.getPod(namespace, name);
    if (!pod) throw streamingErrors.notFound(missing);
    return pod;
  }

  private requireContainer(pod: Pod, container: string): void {
    const spec = pod.spec;
    const all = [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])];
    if (!all.some((c) => c.name === container)) {
      throw streamingErrors.notFound(`container "${container}" not found in pod "${pod.metadata.name}"`);
    }
  }

  /** The newest instance of the container, which must be running (upstream `findContainer`). */
  private async runningInstance(namespace: string, podName: string, container: string): Promise<ContainerStatus> {
    const pod = this.pod(namespace, podName, 'pod does not exist');
    this.requireContainer(pod, container);
    const instances = await this.kubelet.runtime.listContainers({ node: this.nodeName, podUid: pod.metadata.uid! });
    const [current] = instancesOf(instances, container);
    if (!current || current.state !== 'running') throw streamingErrors.badRequest(`container not found ("${container}")`);
    return current;
  }
}
