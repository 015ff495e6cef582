/**
 * Composition root: `startCluster(config)` wires store -> API server -> HTTPS listener ->
 * bootstrap -> controllers, and `stop()` takes them down in reverse. Used by the Electron main
 * process, `pilothouse serve` and the tests.
 */
import { join } from 'node:path';
import { ApiServer } from '../apiserver/server.js';
import { ADMIN_USER, ChainAuthenticator, StaticTokenAuthenticator } from '../apiserver/authn.js';
import { NamespaceLifecycle } from '../apiserver/admission/namespace-lifecycle.js';
import { ServiceAllocation } from '../apiserver/admission/service-allocation.js';
import { ServiceAccountAdmission } from '../apiserver/admission/service-account.js';
import { listen, type HttpServerHandle } from '../apiserver/http/https-server.js';
import { ApiClient } from '../client/api-client.js';
import { InProcessTransport } from '../client/transport.js';
import { apiLookup, ServiceAccountTokenAuthenticator, ServiceAccountTokenIssuer } from '../apiserver/authn/service-account-tokens.js';
import { tokenRequestHandler } from '../apiserver/authn/token-request.js';
import { BootstrapTokenAuthenticator } from '../apiserver/authn/bootstrap-tokens.js';
import { nodeJoinHandler } from '../apiserver/join/node-join-handler.js';
import { ControllerManager, type ControllerManagerConfig } from './controller-manager.js';
import { NodeConnections } from '../apiserver/node-proxy/node-connections.js';
import { nodeProxy } from '../apiserver/node-proxy/node-proxy.js';
import { issueKubeletClientCredentials } from '../apiserver/node-proxy/kubelet-certificates.js';
import { KubeletStreaming } from '../kubelet/server/kubelet-streaming.js';
import { MetricsScraper } from '../apiserver/metrics/metrics-scraper.js';
import { metricsApiHandler } from '../apiserver/metrics/metrics-api.js';
import { Compactor } from './compactor.js';
import { createScheduler, type Scheduler } from '../scheduler/index.js';
import { startSimulatedNodes, type SimulatedNodesHandle } from '../kubelet/simulated-nodes.js';
import { DOCKER_INSTANCE_TYPE, startDockerNodes, type DockerNodesHandle } from '../kubelet/docker-nodes.js';
import { NODE_INSTANCE_TYPE_LABEL } from '../../shared/ipc/operation-types.js';
import type { KubeletTimings, NodeCapacity, Taint } from '../kubelet/config.js';
import { openStore } from '../store/index.js';
import Dockerode from 'dockerode';
import { CLUSTER_NETWORK } from '../network/cluster-network.js';
import { KubeProxy } from '../proxy/kube-proxy.js';
import { defaultSocketPath } from '../runtime/docker/docker-runtime.js';
import { ServicePorts } from '../proxy/service-ports.js';
import { AddonManager } from '../addons/addon-manager.js';
import type { Store } from '../store/types.js';
import { bootstrapCluster } from './bootstrap.js';
import { loadOrCreateCredentials, prepareDataDir, type Credentials } from './data-dir.js';
import { defaultKindSupport, defaultOpenApi, defaultPatchApplier } from '../apiserver/defaults.js';

export type StoreConfig =
  /**
   * `synchronous`: NORMAL (default) survives crashes and `kill -9` of Pilothouse but may lose the
   * last commits on power loss; FULL fsyncs every commit (etcd's guarantee, about 4x slower).
   */
  | { backend: 'sqlite'; synchronous?: 'FULL' | 'NORMAL' }
  | { backend: 'memory' }
  | { backend: 'etcd'; endpoints: string[]; prefix?: string };

export interface ClusterConfig {
  dataDir: string;
  store?: StoreConfig;
  /** Address to listen on; 127.0.0.1 unless the user asks otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Extra names or addresses for the serving certificate (when listening beyond loopback). */
  extraHosts?: string[];
  log?: (line: string) => void;
  /** Run the default scheduler (default true). */
  scheduler?: boolean;
  /**
   * Run the controller manager (default true). With false only the namespace controller runs
   * (namespace deletion is part of the API's own semantics); tests of single controllers use it.
   */
  controllerManager?: boolean;
  /** Simulated nodes (no containers; kwok-like) to start with the cluster. */
  simulatedNodes?: {
    count: number;
    capacity?: NodeCapacity;
    labels?: Record<string, string>;
    taints?: Taint[];
    /** Kubelet timings; keep the lease renewal well inside the node monitor grace period. */
    timings?: Partial<KubeletTimings>;
  };
  /** Worker nodes that run real containers on the local Docker engine. */
  dockerNodes?: { count: number; sandboxImage?: string; socketPath?: string; timings?: Partial<KubeletTimings> };
  /**
   * Service networking for Docker nodes (kube-proxy's service proxy container, NodePorts and
   * LoadBalancers on 127.0.0.1, pod DNS settings). On by default with Docker nodes; `false` turns it off.
   * `addonImage`: the image with Node that the service proxy and the DNS add-on run (default node:22-alpine).
   */
  serviceNetworking?: false | { addonImage?: string };
  /** The ingress add-on's port on 127.0.0.1 (default 8880; 0 picks a free one). */
  ingressPort?: number;
  /** On stop, stop the pods' containers too (default: leave workloads running; the next start adopts them). */
  stopPodsOnExit?: boolean;
  /** Controller timings (node lifecycle). */
  controllers?: Pick<ControllerManagerConfig, 'nodeMonitorGracePeriodMs' | 'defaultTolerationSeconds'>;
}

export interface ClusterHandle {
  url: string;
  port: number;
  host: string;
  credentials: Credentials;
  apiServer: ApiServer;
  /** An in-process client acting as the cluster admin. */
  client: ApiClient;
  store: Store;
  scheduler?: Scheduler;
  simulatedNodes?: SimulatedNodesHandle;
  dockerNodes?: DockerNodesHandle;
  /** How the API server reaches kubelets (register in-process ones, pin remote ones). */
  connections: NodeConnections;
  /** kube-proxy of the Docker nodes (dial into the pod network, service table). */
  proxy?: KubeProxy;
  /** NodePort and LoadBalancer listeners on the host. */
  servicePorts?: ServicePorts;
  /** Add-ons (dns, ingress, dashboard, metrics) as `kube-system/pilothouse-addons` says. */
  addons: AddonManager;
  stop(): Promise<void>;
}

export class ClusterStartError extends Error {}

export async function startCluster(config: ClusterConfig): Promise<ClusterHandle> {
  const host = config.host ?? '127.0.0.1';
  const log = config.log ?? (() => {});
  const dirs = prepareDataDir(config.dataDir);
  const credentials = await loadOrCreateCredentials(dirs, host === '127.0.0.1' ? [] : [host, ...(config.extraHosts ?? [])]);
  const storeConfig = config.store ?? { backend: 'sqlite' };
  const store = await openConfiguredStore(storeConfig, dirs.database);
  const stack: (() => Promise<void>)[] = [() => store.close()];
  const stopAll = async () => {
    for (const fn of stack.reverse()) await fn().catch((e: Error) => log(`shutdown: ${e.message}`));
  };
  try {
    const tokens = new StaticTokenAuthenticator();
    tokens.add(credentials.adminToken, ADMIN_USER);
    // The in-process client exists before the server so the token authenticator can look up accounts.
    let apiServer!: ApiServer;
    const client = new ApiClient(new InProcessTransport((req) => apiServer.handle(req), ADMIN_USER));
    const tokenIssuer = new ServiceAccountTokenIssuer({ key: credentials.serviceAccountKey });
    const serviceAccountTokens = new ServiceAccountTokenAuthenticator({
      publicKeyPems: [credentials.serviceAccountKey.publicKeyPem],
      lookup: apiLookup(client),
    });
    apiServer = new ApiServer({
      store,
      authenticator: new ChainAuthenticator([tokens, serviceAccountTokens, new BootstrapTokenAuthenticator({ lookup: apiLookup(client) })]),
      kinds: defaultKindSupport(),
      applyPatch: defaultPatchApplier(),
      openapi: defaultOpenApi(),
      admission: (objects) => [new NamespaceLifecycle(objects), new ServiceAllocation(objects), ...(config.controllerManager === false ? [] : [new ServiceAccountAdmission(objects)])],
    });
    apiServer.addHandler(tokenRequestHandler({ client, issuer: tokenIssuer }));
    // Join: a join token buys a node its kubelet serving certificate and its own API token.
    apiServer.addHandler(nodeJoinHandler({ ca: credentials.ca, client, issuer: tokenIssuer }));
    // Logs, exec and metrics reach kubelets: in-process ones directly, agents over mutual TLS.
    const connections = new NodeConnections({ client, remote: await issueKubeletClientCredentials(credentials.ca) });
    const proxy = nodeProxy({ apiServer, client, connections, log });
    apiServer.addHandler(proxy.handler);
    let metricsEnabled = true;
    apiServer.addHandler(metricsApiHandler(new MetricsScraper({ client, connections }), () => metricsEnabled));
    stack.push(async () => {
      proxy.close();
      connections.close();
    });
    let http: HttpServerHandle;
    try {
      http = await listen((req) => apiServer.handle(req), { host, port: config.port ?? 6443, tls: { cert: credentials.serving.cert + credentials.ca.cert, key: credentials.serving.key } }, proxy.onUpgrade);
    } catch (e) {
      throw listenError(e, host, config.port ?? 6443);
    }
    stack.push(() => http.close());
    apiServer.serverAddress = `${host}:${http.port}`;
    await bootstrapCluster(client, http.port);
    if (store.backend !== 'sqlite') {
      const compactor = new Compactor(store, undefined, log);
      compactor.start();
      stack.push(async () => compactor.stop());
    }
    const controllers = config.controllerManager === false
      ? new ControllerManager({ client, caPem: credentials.ca.cert, tokenIssuer, only: ['namespace'] })
      : new ControllerManager({ client, caPem: credentials.ca.cert, tokenIssuer, ...config.controllers });
    controllers.start();
    stack.push(() => controllers.stop());
    let scheduler: Scheduler | undefined;
    if (config.scheduler !== false) {
      scheduler = createScheduler({ client, apiServer });
      scheduler.start();
      const s = scheduler;
      stack.push(() => s.stop());
    }
    let simulatedNodes: SimulatedNodesHandle | undefined;
    if (config.simulatedNodes && config.simulatedNodes.count > 0) {
      simulatedNodes = await startSimulatedNodes({ client, ...config.simulatedNodes });
      const nodes = simulatedNodes;
      stack.push(() => nodes.stop({ stopPods: config.stopPodsOnExit }));
      for (const name of nodes.nodes) connections.register(name, new KubeletStreaming(nodes.kubelet(name)!));
      log(`${simulatedNodes.nodes.length} simulated nodes registered`);
    }
    let dockerNodes: DockerNodesHandle | undefined;
    let kubeProxy: KubeProxy | undefined;
    let servicePorts: ServicePorts | undefined;
    if (config.dockerNodes && config.dockerNodes.count > 0) {
      const networking = config.serviceNetworking === false ? undefined : (config.serviceNetworking ?? {});
      const net = CLUSTER_NETWORK;
      // Pod volumes live in the data directory, so a restart finds (and cleans) its own.
      dockerNodes = await startDockerNodes({
        client, clusterId: credentials.clusterId, volumesDir: join(config.dataDir, 'kubelet'), ...config.dockerNodes,
        network: net.dockerNetwork,
        networkIpam: { subnet: net.subnet, ipRange: net.podRange, gateway: net.gateway },
        ...(networking ? {
          clusterDNS: { servers: [net.dnsServiceIP], domain: net.clusterDomain },
          serviceLinks: true,
        } : {}),
      });
      const nodes = dockerNodes;
      stack.push(() => nodes.stop({ stopPods: config.stopPodsOnExit }));
      for (const name of nodes.nodes) connections.register(name, new KubeletStreaming(nodes.kubelet(name)!));
      log(`${dockerNodes.nodes.length} Docker nodes registered (${dockerNodes.nodes.join(', ')})`);
      if (networking) {
        const p = new KubeProxy({
          client, docker: dockerClient(config.dockerNodes.socketPath), clusterId: credentials.clusterId, network: net,
          image: networking.addonImage, apiServer: { host: host === '0.0.0.0' ? '127.0.0.1' : host, port: http.port }, log,
        });
        kubeProxy = p;
        stack.push(() => p.stop());
        await p.start();
        // kubectl port-forward reaches this machine's pods the way the host side of Services does.
        proxy.setPodDialer({ servesNode: (name) => nodes.nodes.includes(name), dial: (ip, port) => p.dial(ip, port) });
        const ports = new ServicePorts({ client, proxy: p, log });
        servicePorts = ports;
        ports.start();
        stack.push(() => ports.stop());
      }
    }
    const addons = new AddonManager({
      client, log,
      metrics: { setEnabled: (on) => (metricsEnabled = on) },
      ...(kubeProxy ? {
        dns: { network: CLUSTER_NETWORK, image: kubeProxy.image, nodeSelector: { [NODE_INSTANCE_TYPE_LABEL]: DOCKER_INSTANCE_TYPE } },
        ingress: { dial: (ip: string, port: number) => kubeProxy!.dial(ip, port), port: config.ingressPort ?? DEFAULT_INGRESS_PORT },
      } : {}),
    });
    stack.push(() => addons.stop());
    await addons.start();
    const url = `https://${host.includes(':') ? `[${host}]` : host}:${http.port}`;
    log(`API server listening on ${url} (store: ${store.backend})`);
    return { url, port: http.port, host, credentials, apiServer, client, store, scheduler, simulatedNodes, dockerNodes, connections, proxy: kubeProxy, servicePorts, addons, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

async function openConfiguredStore(config: StoreConfig, databasePath: string): Promise<Store> {
  if (config.backend === 'etcd') {
    const unreachable = (e: unknown) =>
      new ClusterStartError(
        `cannot reach etcd at ${config.endpoints.join(', ')} (${shortReason(e)}). Start etcd or check --etcd-endpoints.`,
      );
    let store: Store;
    try {
      store = await openStore({ backend: 'etcd', endpoints: config.endpoints, prefix: config.prefix });
    } catch (e) {
      throw unreachable(e);
    }
    try {
      await withTimeout(store.currentRevision(), 5000);
    } catch (e) {
      await store.close().catch(() => {});
      throw unreachable(e);
    }
    return store;
  }
  if (config.backend === 'memory') return openStore({ backend: 'memory' });
  return openStore({ backend: 'sqlite', path: databasePath, synchronous: config.synchronous ?? 'NORMAL' });
}

/** The useful part of a gRPC / network error (`connect ECONNREFUSED 127.0.0.1:2379`). */
function shortReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const m = /(connect \w+ [\d.:]+|no answer within \d+s|getaddrinfo \w+ \S+)/.exec(message);
  return m ? m[1] : message.split('\n')[0];
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms / 1000}s`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}

function listenError(e: unknown, host: string, port: number): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new ClusterStartError(`port ${port} on ${host} is already in use: choose another with --port, or --port 0 for a free one`);
  }
  if (code === 'EACCES') {
    return new ClusterStartError(`not allowed to listen on ${host}:${port}: choose a port above 1024 with --port`);
  }
  if (code === 'EADDRNOTAVAIL') {
    return new ClusterStartError(`${host} is not an address of this machine: choose another with --address`);
  }
  return e as Error;
}

/** A Docker client for the engine the Docker nodes use (same socket resolution as DockerRuntime). */
function dockerClient(socketPath?: string): Dockerode {
  return new Dockerode({ socketPath: socketPath ?? defaultSocketPath() });
}

/** Where the ingress add-on listens unless told otherwise (a browser reaches http://<name>.localhost:8880/). */
export const DEFAULT_INGRESS_PORT = 8880;
