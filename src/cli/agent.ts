/**
 * `pilothouse agent`: a worker node on this machine joining a remote control plane over HTTPS.
 * It runs the same `Kubelet` the control plane runs in process, with a per-node field-selected
 * pod source (`NodePodSource`), against an `ApiClient` over `HttpsTransport`, authenticated by a
 * join token (`pilothouse token create`).
 *
 * Start-up, each step failing with one clear line: trust the cluster CA and check the join token
 * (`agent-connect.ts`); join (`kubelet/node-join.ts`): trade the join token for the node's own
 * API token and a kubelet serving certificate from the cluster CA, so the node outlives its join
 * token; open the container runtime (Docker by default, or simulated); start the kubelet server
 * (logs, exec, attach, stats for the API server) on `--kubelet-address:--kubelet-port`,
 * published in the Node's `status.daemonEndpoints` and `InternalIP`; register the Node, run pods.
 *
 * SIGINT / SIGTERM stop the kubelet and its server; containers keep running (a kubelet restart
 * adopts them) unless `--stop-pods-on-exit`.
 */
import { resolve } from 'node:path';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { isDNS1123Subdomain } from '../shared/api/names.js';
import { AGENT_NODE_LABEL } from '../main/apiserver/node-proxy/node-connections.js';
import { parseQuantity } from '../shared/api/quantity.js';
import { ApiClient, ApiClientError } from '../main/client/api-client.js';
import { HttpsTransport } from '../main/client/https-transport.js';
import { KubeletConfigError, type KubeletTimings, type NodeCapacity } from '../main/kubelet/config.js';
import { Kubelet } from '../main/kubelet/kubelet.js';
import { NodePodSource } from '../main/kubelet/pod-source.js';
import { joinNode, type NodeCredentials } from '../main/kubelet/node-join.js';
import { KubeletStreaming, type StreamingKubelet } from '../main/kubelet/server/kubelet-streaming.js';
import { startKubeletServer, type KubeletServerHandle } from '../main/kubelet/server/kubelet-server.js';
import { parseLabelsFlag, parseTaintsFlag } from '../main/kubelet/simulated-node-flags.js';
import { SimulatedRuntime } from '../main/runtime/simulated/simulated-runtime.js';
import type { ContainerRuntime } from '../main/runtime/types.js';
import { AgentStartError, connectToControlPlane, type ControlPlane } from './agent-connect.js';

export interface AgentOptions {
  server: string;
  token: string;
  name?: string;
  caFile?: string;
  caCertHash?: string;
  runtime: string;
  sandboxImage?: string;
  dockerNetwork?: string;
  /** Base directory of pod volumes (this node's alone: orphans are cleaned there after a restart). */
  volumesDir?: string;
  capacity?: string;
  labels?: string;
  taints?: string;
  kubeletAddress: string;
  kubeletPort: number;
  nodeIp?: string;
  /** `false` with `--no-kubelet-server`. */
  kubeletServer: boolean;
  stopPodsOnExit?: boolean;
  nodeLeaseDurationSeconds?: number;
}

/** A running agent (for tests and the CLI's signal handlers). */
export interface AgentHandle {
  nodeName: string;
  kubelet: Kubelet;
  kubeletServer?: KubeletServerHandle;
  stop(): Promise<void>;
}

export async function startAgent(o: AgentOptions, log: (line: string) => void = console.log): Promise<AgentHandle> {
  const nodeName = o.name ?? hostname().toLowerCase();
  const nameProblems = isDNS1123Subdomain(nodeName);
  if (nameProblems.length) throw new AgentStartError(`invalid node name "${nodeName}": ${nameProblems.join('; ')}. Choose one with --name`);
  const nodeIp = o.nodeIp ?? o.kubeletAddress;
  if (!isIP(nodeIp) || /^(0\.0\.0\.0|::)$/.test(nodeIp)) {
    throw new AgentStartError(o.nodeIp
      ? `--node-ip ${o.nodeIp} is not an IP address the control plane can dial`
      : `--kubelet-address ${o.kubeletAddress} is not one IP address the control plane can dial: name it with --node-ip`);
  }
  // The label tells the API server this node's kubelet is remote, to be dialled for logs and exec.
  const labels = { ...(o.labels ? parseLabelsFlag(o.labels) : {}), [AGENT_NODE_LABEL]: 'true' };
  const taints = o.taints ? parseTaintsFlag(o.taints) : undefined;
  const capacityOverrides = o.capacity ? parseCapacityOverrides(o.capacity) : undefined;
  const timings: Partial<KubeletTimings> | undefined = o.nodeLeaseDurationSeconds
    ? { leaseDurationSeconds: o.nodeLeaseDurationSeconds, leaseRenewIntervalMs: o.nodeLeaseDurationSeconds * 250 }
    : undefined;

  const bootstrap = await connectToControlPlane({ ...o, userAgent: `pilothouse-agent/${nodeName}` });
  const stack: (() => Promise<void>)[] = [];
  const unwind = async () => {
    for (const fn of stack.splice(0).reverse()) await fn().catch((e: Error) => log(`agent: shutdown: ${e.message}`));
  };
  try {
    const { client, transport, serving } = await join(o, nodeName, nodeIp, bootstrap, log);
    stack.push(async () => transport.close());
    const runtime = await openRuntime(o);
    const info = await runtime.info().catch((e: Error) => {
      throw new AgentStartError(`the ${runtime.name} runtime is not usable: ${e.message}`);
    });
    const capacity = capacityOverrides && {
      cpu: String(info.cpus), memory: `${Math.floor(info.memoryBytes / 1024)}Ki`, ...capacityOverrides,
    } as NodeCapacity;

    let kubelet: Kubelet | undefined;
    const streamingKubelet: StreamingKubelet = { nodeName, runtime, getPod: (ns, name) => kubelet?.getPod(ns, name) };
    const kubeletServer = o.kubeletServer && serving ? await startServer(o, serving, bootstrap.ca, streamingKubelet) : undefined;
    if (kubeletServer) stack.push(() => kubeletServer.close());

    kubelet = new Kubelet({
      client, runtime, nodeName, capacity, labels, taints, timings,
      address: nodeIp,
      kubeletPort: kubeletServer?.port,
      podSource: new NodePodSource(client),
      ...(o.volumesDir ? { volumesDir: resolve(o.volumesDir) } : {}),
    });
    const k = kubelet;
    stack.push(() => k.stop({ stopPods: o.stopPodsOnExit }));
    await k.start().catch((e: unknown) => {
      throw new AgentStartError(`cannot register node ${nodeName} with ${transport.server}: ${(e as Error).message}`);
    });
    log(`node ${nodeName} joined ${transport.server} (runtime ${runtime.name}${kubeletServer ? `, kubelet server on ${kubeletServer.host}:${kubeletServer.port}` : ''})`);
    return { nodeName, kubelet: k, kubeletServer, stop: unwind };
  } catch (e) {
    bootstrap.transport.close();
    await unwind();
    throw e;
  }
}

/** `pilothouse agent` in the foreground: runs until SIGINT / SIGTERM. */
export async function runAgent(o: AgentOptions): Promise<void> {
  let agent: AgentHandle;
  try {
    agent = await startAgent(o);
  } catch (e) {
    if (e instanceof AgentStartError || e instanceof KubeletConfigError) return fail(e.message);
    throw e;
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping the kubelet of node ${agent.nodeName}${o.stopPodsOnExit ? ' and its pods' : ' (its containers keep running)'}`);
    await agent.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

async function openRuntime(o: AgentOptions): Promise<ContainerRuntime> {
  if (o.runtime === 'simulated') return new SimulatedRuntime();
  if (o.runtime !== 'docker') throw new AgentStartError(`unknown --runtime "${o.runtime}": use docker or simulated`);
  let mod: typeof import('../main/runtime/docker/docker-runtime.js');
  try {
    mod = await import('../main/runtime/docker/docker-runtime.js');
  } catch (e) {
    throw new AgentStartError(`the Docker runtime is not available in this build (${(e as Error).message}): use --runtime simulated`);
  }
  return new mod.DockerRuntime({ sandboxImage: o.sandboxImage, network: o.dockerNetwork });
}

/**
 * Trades the join token for the node's own credentials (`joinNode`) and returns the client the
 * kubelet uses from then on. A control plane without the join endpoint (404) gets a node that
 * keeps using the join token and serves no logs or exec, with a warning saying so.
 */
async function join(
  o: AgentOptions, nodeName: string, nodeIp: string, bootstrap: ControlPlane, log: (line: string) => void,
): Promise<{ client: ApiClient; transport: HttpsTransport; serving?: NodeCredentials['serving'] }> {
  const addresses = [...new Set([nodeIp, o.kubeletAddress])].filter((a) => !/^(0\.0\.0\.0|::)$/.test(a));
  let credentials: NodeCredentials;
  try {
    credentials = await joinNode(bootstrap.client, nodeName, addresses);
  } catch (e) {
    if (e instanceof ApiClientError && e.code === 404) {
      log('agent: warning: this control plane has no join endpoint, so the node keeps using the join token (it stops working when the token expires) and serves no logs or exec');
      return { client: bootstrap.client, transport: bootstrap.transport };
    }
    throw new AgentStartError(`cannot join node ${nodeName} to ${bootstrap.transport.server}: ${(e as Error).message}`);
  }
  bootstrap.transport.close();
  const transport = new HttpsTransport({ server: o.server, ca: bootstrap.ca, token: credentials.token, headers: { 'user-agent': `pilothouse-agent/${nodeName}` } });
  return { client: new ApiClient(transport), transport, serving: credentials.serving };
}

/** Starts the kubelet server with the serving certificate from the join; only the cluster CA's clients get in. */
async function startServer(o: AgentOptions, tls: NodeCredentials['serving'], ca: string, kubelet: StreamingKubelet): Promise<KubeletServerHandle> {
  try {
    return await startKubeletServer({ streaming: new KubeletStreaming(kubelet), host: o.kubeletAddress, port: o.kubeletPort, tls, clientCa: ca });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new AgentStartError(`port ${o.kubeletPort} on ${o.kubeletAddress} is in use: choose another with --kubelet-port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL') throw new AgentStartError(`${o.kubeletAddress} is not an address of this machine: choose another with --kubelet-address`);
    throw e;
  }
}

/** `cpu=4,memory=8Gi,pods=110`: only the named resources; the rest come from the runtime. */
function parseCapacityOverrides(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) throw new KubeletConfigError(`invalid capacity "${part}": expected resource=quantity, e.g. cpu=4,memory=8Gi,pods=110`);
    const [k, v] = [part.slice(0, i).trim(), part.slice(i + 1).trim()];
    try {
      parseQuantity(v);
    } catch {
      throw new KubeletConfigError(`invalid capacity ${k}=${v}: not a quantity (examples: 4, 500m, 8Gi)`);
    }
    out[k] = v;
  }
  return out;
}

function fail(message: string): never {
  console.error(`pilothouse: ${message}`);
  process.exit(1);
}
