/**
 * Fault injection on the cluster's in-process nodes (simulated and Docker): stop a node's
 * kubelet from reporting (its pods keep running), kill it (kubelet and containers gone), start
 * it again, add nodes. The node controller then reacts as it would to a real machine.
 */
import type { ApiClient } from '../client/api-client.js';
import type { NodeConnections } from '../apiserver/node-proxy/node-connections.js';
import type { SimulatedNodesHandle } from '../kubelet/simulated-nodes.js';
import type { DockerNodesHandle } from '../kubelet/docker-nodes.js';
import type { AddNodeRequest, NodeFaultResponse } from '../../shared/ipc/operation-types.js';
import { CockpitError } from './errors.js';

export type NodeState = NodeFaultResponse['state'];

export interface NodeFaultsOptions {
  client: ApiClient;
  connections: NodeConnections;
  simulated?: SimulatedNodesHandle;
  docker?: DockerNodesHandle;
}

export class NodeFaults {
  private readonly states = new Map<string, NodeState>();

  constructor(private readonly o: NodeFaultsOptions) {}

  /** Which in-process pool runs a node, if any (remote agents are not ours to stop). */
  typeOf(name: string): 'simulated' | 'docker' | undefined {
    if (this.o.simulated?.kubelet(name)) return 'simulated';
    if (this.o.docker?.kubelet(name)) return 'docker';
    return undefined;
  }

  counts(): { simulated: number; docker: number } {
    return { simulated: this.o.simulated?.nodes.length ?? 0, docker: this.o.docker?.nodes.length ?? 0 };
  }

  state(name: string): NodeState {
    return this.states.get(name) ?? 'running';
  }

  async stop(name: string): Promise<NodeFaultResponse> {
    const kubelet = this.kubelet(name);
    if (this.state(name) === 'killed') throw new CockpitError('Conflict', `node ${name} was killed: start it first`);
    kubelet.pauseHeartbeats();
    this.states.set(name, 'stopped');
    return { name, state: 'stopped' };
  }

  async start(name: string): Promise<NodeFaultResponse> {
    const kubelet = this.kubelet(name);
    if (this.state(name) === 'killed') throw new CockpitError('Unsupported', `node ${name} was killed; restarting a killed node is not supported yet`);
    await kubelet.resumeHeartbeats();
    this.states.set(name, 'running');
    return { name, state: 'running' };
  }

  async kill(name: string): Promise<NodeFaultResponse> {
    throw new CockpitError('Unsupported', `killing node ${name} is not supported yet: use nodes:stop`);
  }

  async add(_request: AddNodeRequest): Promise<{ name: string }> {
    throw new CockpitError('Unsupported', 'adding nodes is not supported yet');
  }

  /** Stops what this object started (added nodes). */
  async close(): Promise<void> {}

  private kubelet(name: string) {
    const kubelet = this.o.simulated?.kubelet(name) ?? this.o.docker?.kubelet(name);
    if (!kubelet) {
      throw new CockpitError('NotFound', `node ${name} is not one of this cluster's simulated or Docker nodes (remote agents cannot be stopped from here)`);
    }
    return kubelet;
  }
}
