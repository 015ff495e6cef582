/**
 * Fault injection on the cluster's in-process nodes (simulated and Docker), so the node
 * controller can be watched reacting as it would to a real machine:
 * - stop: the kubelet stops reporting (Lease and status), its pods keep running (a cut cable);
 * - kill: the kubelet stops and every container of the node is killed (a machine dying);
 * - start: reporting resumes, or a killed node's kubelet is made again from the same options
 *   and restarts its pods;
 * - add: one more node like the existing ones (`sim-N` / `node-N`).
 */
import type { ApiClient } from '../client/api-client.js';
import type { NodeConnections } from '../apiserver/node-proxy/node-connections.js';
import { Kubelet } from '../kubelet/kubelet.js';
import { KubeletStreaming } from '../kubelet/server/kubelet-streaming.js';
import { startSimulatedNodes, type SimulatedNodesHandle } from '../kubelet/simulated-nodes.js';
import type { DockerNodesHandle } from '../kubelet/docker-nodes.js';
import { NODE_FAULT_ANNOTATION, type AddNodeRequest, type NodeFaultResponse } from '../../shared/ipc/operation-types.js';
import { CockpitError } from './errors.js';

export type NodeState = NodeFaultResponse['state'];
type NodeType = 'simulated' | 'docker';

export interface NodeFaultsOptions {
  client: ApiClient;
  connections: NodeConnections;
  simulated?: SimulatedNodesHandle;
  docker?: DockerNodesHandle;
}

export class NodeFaults {
  private readonly states = new Map<string, NodeState>();
  /** Kubelets made here (restarted or added nodes), which this object stops on `close()`. */
  private readonly own = new Map<string, { kubelet: Kubelet; type: NodeType }>();
  private readonly addedPools: SimulatedNodesHandle[] = [];
  /** Serialises add/kill/start so two clicks cannot race on one node. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: NodeFaultsOptions) {}

  /** Which in-process pool runs a node, if any (remote agents are not ours to stop). */
  typeOf(name: string): NodeType | undefined {
    if (this.own.has(name)) return this.own.get(name)!.type;
    if (this.o.simulated?.kubelet(name)) return 'simulated';
    if (this.o.docker?.kubelet(name)) return 'docker';
    return undefined;
  }

  state(name: string): NodeState {
    return this.states.get(name) ?? 'running';
  }

  stop(name: string): Promise<NodeFaultResponse> {
    return this.serial(async () => {
      if (this.state(name) === 'killed') throw new CockpitError('Conflict', `node ${name} was killed: start it first`);
      this.kubelet(name).pauseHeartbeats();
      await this.mark(name, 'stopped');
      return { name, state: 'stopped' as const };
    });
  }

  kill(name: string): Promise<NodeFaultResponse> {
    return this.serial(async () => {
      const kubelet = this.kubelet(name);
      if (this.state(name) === 'killed') return { name, state: 'killed' as const };
      await kubelet.stop();
      const runtime = kubelet.runtime;
      for (const c of await runtime.listContainers({ node: name })) await runtime.stopContainer(c.id, 0).catch(() => {});
      for (const s of await runtime.listPodSandboxes({ node: name })) await runtime.stopPodSandbox(s.id).catch(() => {});
      await this.mark(name, 'killed');
      return { name, state: 'killed' as const };
    });
  }

  start(name: string): Promise<NodeFaultResponse> {
    return this.serial(async () => {
      const kubelet = this.kubelet(name);
      if (this.state(name) === 'killed') {
        const fresh = new Kubelet(kubelet.options);
        await fresh.start();
        this.adopt(name, fresh, this.typeOf(name)!);
      } else {
        await kubelet.resumeHeartbeats();
      }
      await this.mark(name, 'running');
      return { name, state: 'running' as const };
    });
  }

  add(request: AddNodeRequest): Promise<{ name: string }> {
    return this.serial(async () => {
      const type = request.type ?? 'simulated';
      const index = await this.nextIndex(type === 'simulated' ? /^sim-(\d+)$/ : /^node-(\d+)$/, type === 'simulated' ? 0 : 1);
      if (type === 'simulated') {
        const capacity = request.capacity ? { cpu: request.capacity.cpu ?? '4', memory: request.capacity.memory ?? '8Gi', pods: request.capacity.pods ?? 110 } : undefined;
        const pool = await startSimulatedNodes({
          client: this.o.client, count: 1, namePrefix: 'sim-', firstIndex: index, podSource: this.o.simulated?.podSource, capacity, labels: request.labels,
        });
        this.addedPools.push(pool);
        const name = pool.nodes[0];
        this.adopt(name, pool.kubelet(name)!, 'simulated');
        return { name };
      }
      const template = this.anyKubelet('docker');
      if (!template) throw new CockpitError('Unsupported', 'this cluster has no Docker nodes to model a new one on: start it with Docker nodes (pilothouse serve --nodes N) first');
      if (request.capacity) throw new CockpitError('BadRequest', 'capacity can only be set for simulated nodes (a Docker node reports the engine\'s)');
      const name = `node-${index}`;
      const kubelet = new Kubelet({ ...template.options, nodeName: name, address: `172.30.0.${index + 1}`, labels: { ...template.options.labels, ...request.labels } });
      await kubelet.start();
      this.adopt(name, kubelet, 'docker');
      return { name };
    });
  }

  /** Stops the kubelets this object made (their containers keep running, like the cluster's own on stop). */
  async close(): Promise<void> {
    await this.queue.catch(() => {});
    await Promise.all([...this.own.values()].map(({ kubelet }) => kubelet.stop().catch(() => {})));
    await Promise.all(this.addedPools.map((p) => p.stop().catch(() => {})));
  }

  /** Remembers the state, and shows it on the Node (annotation) for every window to see. */
  private async mark(name: string, state: NodeState): Promise<void> {
    this.states.set(name, state);
    await this.o.client.patch({ apiVersion: 'v1', resource: 'nodes' }, undefined, name, {
      metadata: { annotations: { [NODE_FAULT_ANNOTATION]: state === 'running' ? null : state } },
    }, 'merge');
  }

  private adopt(name: string, kubelet: Kubelet, type: NodeType): void {
    this.own.set(name, { kubelet, type });
    this.o.connections.register(name, new KubeletStreaming(kubelet));
  }

  private kubelet(name: string): Kubelet {
    const kubelet = this.own.get(name)?.kubelet ?? this.o.simulated?.kubelet(name) ?? this.o.docker?.kubelet(name);
    if (!kubelet) {
      throw new CockpitError('NotFound', `node ${name} is not one of this cluster's simulated or Docker nodes (remote agents cannot be stopped from here)`);
    }
    return kubelet;
  }

  private anyKubelet(type: NodeType): Kubelet | undefined {
    const pool = type === 'docker' ? this.o.docker : this.o.simulated;
    const first = pool?.nodes[0];
    if (first) return this.kubelet(first);
    return [...this.own.values()].find((e) => e.type === type)?.kubelet;
  }

  private async nextIndex(pattern: RegExp, min: number): Promise<number> {
    const nodes = await this.o.client.list({ apiVersion: 'v1', resource: 'nodes' });
    const taken = nodes.items.map((n) => pattern.exec(n.metadata.name ?? '')).filter((m) => m).map((m) => Number(m![1]));
    return Math.max(min, ...taken.map((n) => n + 1));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }
}
