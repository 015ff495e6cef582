/**
 * Test support: an in-process cluster wired the way the composition root should wire the node
 * proxy and the metrics API — two simulated nodes registered in-process, one "remote" node
 * (its own kubelet behind a kubelet HTTPS server on 127.0.0.1, reached through its Node's
 * address with mutual TLS), and an HTTPS listener with the upgrade handler, with a kubeconfig
 * for the real kubectl. Test use only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeKubeconfig } from '../../../cluster/kubeconfig.js';
import { startCluster, type ClusterHandle } from '../../../cluster/start-cluster.js';
import { Kubelet } from '../../../kubelet/kubelet.js';
import { KubeletStreaming } from '../../../kubelet/server/kubelet-streaming.js';
import { startKubeletServer, type KubeletServerHandle } from '../../../kubelet/server/kubelet-server.js';
import { SimulatedRuntime } from '../../../runtime/simulated/simulated-runtime.js';
import { listen, type HttpServerHandle } from '../../http/https-server.js';
import { MetricsScraper } from '../../metrics/metrics-scraper.js';
import { metricsApiHandler } from '../../metrics/metrics-api.js';
import { issueKubeletClientCredentials, issueKubeletServingCertificate } from '../kubelet-certificates.js';
import { AGENT_NODE_LABEL, NodeConnections } from '../node-connections.js';
import { nodeProxy, type NodeProxy } from '../node-proxy.js';

export const REMOTE_NODE = 'remote-0';

export interface StreamingCluster {
  cluster: ClusterHandle;
  connections: NodeConnections;
  /** The URL of the listener with the upgrade handler. */
  url: string;
  kubeconfig: string;
  remoteRuntime: SimulatedRuntime;
  stop(): Promise<void>;
}

export async function startStreamingCluster(): Promise<StreamingCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-node-proxy-'));
  const cluster = await startCluster({
    dataDir, port: 0, store: { backend: 'memory' },
    simulatedNodes: { count: 2, timings: { backoffInitialMs: 20_000, backoffMaxMs: 40_000 } },
  });
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dataDir, { recursive: true, force: true }), () => cluster.stop()];
  const stop = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  try {
    const { apiServer, client, credentials } = cluster;
    const connections = new NodeConnections({ client, remote: await issueKubeletClientCredentials(credentials.ca) });
    cleanups.push(() => connections.close());
    const sim = cluster.simulatedNodes!;
    for (const name of sim.nodes) connections.register(name, new KubeletStreaming(sim.kubelet(name)!));

    // The remote node: a kubelet whose server must exist before the kubelet (it reports the port).
    const remoteRuntime = new SimulatedRuntime();
    let kubelet: Kubelet | undefined;
    const kubeletServer: KubeletServerHandle = await startKubeletServer({
      streaming: new KubeletStreaming({ nodeName: REMOTE_NODE, runtime: remoteRuntime, getPod: (ns, n) => kubelet?.getPod(ns, n) }),
      port: 0,
      tls: await issueKubeletServingCertificate(credentials.ca, REMOTE_NODE, ['127.0.0.1']),
      clientCa: credentials.ca.cert,
    });
    cleanups.push(() => kubeletServer.close());
    kubelet = new Kubelet({ client, runtime: remoteRuntime, nodeName: REMOTE_NODE, address: '127.0.0.1', kubeletPort: kubeletServer.port, labels: { [AGENT_NODE_LABEL]: 'true' }, capacity: { cpu: '2', memory: '4Gi' } });
    await kubelet.start();
    const remoteKubelet = kubelet;
    cleanups.push(() => remoteKubelet.stop({ stopPods: true }));

    const proxy: NodeProxy = nodeProxy({ apiServer, client, connections });
    apiServer.addHandler(proxy.handler);
    apiServer.addHandler(metricsApiHandler(new MetricsScraper({ client, connections, resolutionMs: 1_000 })));
    cleanups.push(() => proxy.close());
    const http: HttpServerHandle = await listen((req) => apiServer.handle(req), { host: '127.0.0.1', port: 0, tls: credentials.serving }, proxy.onUpgrade);
    cleanups.push(() => http.close());
    const url = `https://127.0.0.1:${http.port}`;
    const kubeconfig = join(dataDir, 'kubeconfig');
    writeKubeconfig(kubeconfig, { name: 'pilothouse', server: url, caCert: credentials.ca.cert, token: credentials.adminToken });
    return { cluster, connections, url, kubeconfig, remoteRuntime, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
