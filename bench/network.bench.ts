/**
 * Service networking benchmark: HTTP requests per second and latency through a NodePort on
 * 127.0.0.1 (host listener → service proxy container → one of 3 busybox httpd pods), against the
 * same requests sent straight to one pod's port published on 127.0.0.1 (hostPort), measured in
 * the same run, interleaved (direct, NodePort, direct, NodePort, ...), with the load generated
 * by a separate process (bench/http-load.mjs). Bounded: a fixed number of requests per round.
 * Needs a Docker engine and a static busybox; removes what it made.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Dockerode from 'dockerode';
import { startCluster } from '../src/main/cluster/start-cluster.js';
import { buildBusyboxImage, buildNodeImage, buildSandboxImage, removeImagesLabelled } from '../src/main/runtime/testing/images.js';
import type { KubeObject } from '../src/shared/api/object.js';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface NetworkBenchResult {
  rounds: number;
  requestsPerRound: number;
  concurrency: number;
  direct: LoadResult[];
  nodePort: LoadResult[];
}

const LABEL = 'pilothouse.bench-run';
const HOST_PORT = 38080;

/** Runs the load generator in its own process (asynchronously: the measured listeners live in this process). */
async function load(port: number, requests: number, concurrency: number): Promise<LoadResult> {
  const script = fileURLToPath(new URL('../../bench/http-load.mjs', import.meta.url));
  const r = await promisify(execFile)(process.execPath, [script, String(port), String(requests), String(concurrency)], { encoding: 'utf8', timeout: 120_000 });
  const out = JSON.parse(r.stdout) as { requests: number; errors: number; seconds: number; latenciesMs: number[] };
  const sorted = out.latenciesMs.sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { requestsPerSecond: out.requests / out.seconds, p50Ms: q(0.5), p99Ms: q(0.99), errors: out.errors };
}

export async function runNetworkBench(o: { rounds?: number; requests?: number; concurrency?: number } = {}): Promise<NetworkBenchResult> {
  const rounds = o.rounds ?? 3;
  const requests = o.requests ?? 2000;
  const concurrency = o.concurrency ?? 8;
  const docker = new Dockerode();
  const runId = randomBytes(4).toString('hex');
  const labels = { [LABEL]: runId };
  const images = { busybox: `pilothouse-bench/busybox:${runId}`, sandbox: `pilothouse-bench/sandbox:${runId}`, node: `pilothouse-bench/node:${runId}` };
  await buildBusyboxImage(docker, images.busybox, { labels });
  await buildSandboxImage(docker, images.sandbox, labels);
  await buildNodeImage(docker, images.node, labels);
  const dataDir = mkdtempSync(join(tmpdir(), 'pilothouse-bench-net-'));
  const cluster = await startCluster({
    dataDir, port: 0, stopPodsOnExit: true, ingressPort: 0,
    dockerNodes: { count: 1, sandboxImage: images.sandbox }, serviceNetworking: { addonImage: images.node },
  });
  try {
    const pods = { apiVersion: 'v1', resource: 'pods' };
    for (let i = 0; i < 3; i++) {
      await cluster.client.create(pods, 'default', {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{
            name: 'httpd', image: images.busybox, imagePullPolicy: 'Never',
            command: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www'],
            ports: [{ containerPort: 80, ...(i === 0 ? { hostPort: HOST_PORT, hostIP: '127.0.0.1' } : {}) }],
            readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 1 },
          }],
        },
      } as KubeObject);
    }
    const svc = await cluster.client.create(
      { apiVersion: 'v1', resource: 'services' }, 'default',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] } } as KubeObject,
    ) as KubeObject & { spec: { ports: { nodePort: number }[] } };
    const nodePort = svc.spec.ports[0].nodePort;
    // Wait for 3 ready endpoints and both entrances answering.
    for (const deadline = Date.now() + 120_000; ;) {
      const slices = await cluster.client.list({ apiVersion: 'discovery.k8s.io/v1', resource: 'endpointslices' }, 'default', { labelSelector: 'kubernetes.io/service-name=web' });
      const ready = slices.items.flatMap((s) => ((s as { endpoints?: { conditions?: { ready?: boolean } }[] }).endpoints ?? []).filter((e) => e.conditions?.ready !== false));
      const viaNodePort = ready.length === 3 ? (await load(nodePort, 10, 1)).errors : -1;
      const direct = ready.length === 3 ? (await load(HOST_PORT, 10, 1)).errors : -1;
      if (viaNodePort === 0 && direct === 0) break;
      if (Date.now() > deadline) {
        const phases = (await cluster.client.list({ apiVersion: 'v1', resource: 'pods' }, 'default')).items.map((p) => `${p.metadata.name}: ${JSON.stringify((p as { status?: unknown }).status)}`);
        throw new Error(`the bench pods did not become ready within 120 s (ready endpoints ${ready.length}, errors via NodePort ${viaNodePort}, direct ${direct}; ${cluster.proxy?.problem ?? 'proxy ok'})\n${phases.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    await load(HOST_PORT, 200, concurrency); // warm-up, not counted
    await load(nodePort, 200, concurrency);
    const direct: LoadResult[] = [];
    const viaNodePort: LoadResult[] = [];
    for (let i = 0; i < rounds; i++) {
      direct.push(await load(HOST_PORT, requests, concurrency));
      viaNodePort.push(await load(nodePort, requests, concurrency));
    }
    return { rounds, requestsPerRound: requests, concurrency, direct, nodePort: viaNodePort };
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
    for (const c of await docker.listContainers({ all: true, filters: { label: [`pilothouse.cluster=${cluster.credentials.clusterId}`] } })) {
      await docker.getContainer(c.Id).remove({ force: true }).catch(() => {});
    }
    await removeImagesLabelled(docker, LABEL, runId);
  }
}
