/**
 * Kubelet: the node agent, an API client like every other component. `start()` registers the
 * Node, starts the Lease heartbeat and node status reports, subscribes to the node's pods,
 * adopts what the runtime already holds for this node (keeps what belongs to existing pods,
 * removes the rest), then runs a pod worker per pod. Runtime-agnostic: the simulated runtime and
 * the Docker runtime plug in through `ContainerRuntime`.
 *
 * `stop()` leaves containers running by default, as a real kubelet restart does; the next
 * kubelet on the same runtime adopts them. `stop({ stopPods: true })` removes them.
 */
import type { ClusterDNS } from './pod-dns.js';
import type { ServiceLister } from './service-env.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDNS1123Subdomain } from '../../shared/api/names.js';
import { parseQuantity } from '../../shared/api/quantity.js';
import type { ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { deepEqual } from '../util/json.js';
import type { Pod } from './api-types.js';
import { Backoff } from './backoff.js';
import { systemTimerClock, type TimerClock, type TimerHandle } from './clock.js';
import { DEFAULT_KUBELET_PORT, KubeletConfigError, resolveTimings, type KubeletTimings, type NodeCapacity, type Taint } from './config.js';
import { ImagePuller } from './image-puller.js';
import { PodEvents } from './kubelet-events.js';
import { NodeLease } from './node-lease.js';
import { registerNode, type NodeIdentity } from './node-registration.js';
import { NodeStatusReporter } from './node-status.js';
import { NodePodSource, type PodSource, type PodSubscription } from './pod-source.js';
import { PodSyncer } from './pod-sync.js';
import { PodWorkers } from './pod-workers.js';
import { RuntimeProber, type Prober } from './prober.js';
import { ProbeManager } from './probes.js';
import { PodStatusWriter } from './status-writer.js';
import { apiConfigObjects } from './config-objects.js';
import { TokenManager } from './volumes/token-manager.js';
import { VolumeManager } from './volumes/volume-manager.js';

export interface KubeletOptions {
  client: ApiClient;
  runtime: ContainerRuntime;
  nodeName: string;
  /** Defaults to what `runtime.info()` reports (CPUs, memory), 110 pods. */
  capacity?: NodeCapacity;
  allocatable?: NodeCapacity;
  labels?: Record<string, string>;
  /** Applied when the Node is first created. */
  taints?: Taint[];
  /** Adds `node-role.kubernetes.io/<role>`. */
  role?: string;
  /** InternalIP as data; defaults to a stable 172.31.x.y derived from the node name. */
  address?: string;
  /** `node.kubernetes.io/instance-type`; defaults to `pilothouse-<runtime name>`. */
  instanceType?: string;
  osImage?: string;
  kubeletPort?: number;
  /** Defaults to a per-node field-selected informer (`NodePodSource`). */
  podSource?: PodSource;
  clock?: TimerClock;
  timings?: Partial<KubeletTimings>;
  /** Defaults to `RuntimeProber` over `runtime`. */
  prober?: Prober;
  /** Record Events (default true); scale runs may turn them off. */
  recordEvents?: boolean;
  /** Spread the first lease renewal / status report over their periods (many nodes in one process). */
  stagger?: boolean;
  /**
   * Base directory of pod volumes: `<volumesDir>/<node>/pods/<uid>/volumes/...`, this cluster's
   * alone (give one inside the data dir): after a restart the kubelet removes the directories of
   * pods that no longer exist there. Default `<os tmp>/pilothouse-kubelet-<uid>`, which other clusters
   * on this machine may share, so there only each pod's own removal cleans up. `false` resolves
   * volumes (same errors) without writing anything: the default for the simulated runtime, whose
   * containers mount nothing.
   */
  volumesDir?: string | false;
  /** The cluster DNS service `ClusterFirst` pods use (upstream `--cluster-dns`, `--cluster-domain`). */
  clusterDNS?: ClusterDNS;
  /** Services for the service-link env variables (`KUBERNETES_SERVICE_HOST`, ...); none: no such variables. */
  services?: ServiceLister;
}

/** Where pod volumes go when `volumesDir` is not given: per user, as the temp directory may be shared. */
export const DEFAULT_VOLUMES_DIR = join(tmpdir(), process.getuid ? `pilothouse-kubelet-${process.getuid()}` : 'pilothouse-kubelet');

export class Kubelet {
  readonly nodeName: string;
  readonly timings: KubeletTimings;
  private readonly o: KubeletOptions;
  private readonly clock: TimerClock;
  private readonly statusWriter: PodStatusWriter;
  private readonly probes: ProbeManager;
  private readonly syncer: PodSyncer;
  private readonly workers: PodWorkers;
  private readonly backoff: Backoff;
  private readonly volumes: VolumeManager;
  private identity?: NodeIdentity;
  private lease?: NodeLease;
  private reporter?: NodeStatusReporter;
  private subscription?: PodSubscription;
  private unsubscribeRuntime?: () => void;
  private housekeepingTimer?: TimerHandle;
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';

  constructor(options: KubeletOptions) {
    const problems = isDNS1123Subdomain(options.nodeName);
    if (problems.length) throw new KubeletConfigError(`invalid node name "${options.nodeName}": ${problems.join('; ')}`);
    for (const [k, v] of Object.entries({ ...options.capacity, ...options.allocatable })) {
      if (v !== undefined) parseQuantityOrThrow(k, v);
    }
    this.o = options;
    this.nodeName = options.nodeName;
    this.timings = resolveTimings(options.timings);
    this.clock = options.clock ?? systemTimerClock;
    const t = this.timings;
    const recorder = options.recordEvents === false ? undefined : new EventRecorder(options.client, 'kubelet', options.nodeName, this.clock);
    const events = new PodEvents(recorder);
    this.statusWriter = new PodStatusWriter(options.client, options.nodeName);
    this.backoff = new Backoff({ initialMs: t.backoffInitialMs, maxMs: t.backoffMaxMs });
    const imageBackoff = new Backoff({ initialMs: t.imageBackoffInitialMs, maxMs: t.imageBackoffMaxMs });
    this.probes = new ProbeManager({
      prober: options.prober ?? new RuntimeProber(options.runtime),
      clock: this.clock,
      recorder,
      secondMs: t.probeSecondMs,
      onChange: (uid) => this.workers.resync(uid),
    });
    const objects = apiConfigObjects(options.client);
    const volumesDir = options.volumesDir ?? (options.runtime.name === 'simulated' ? false : DEFAULT_VOLUMES_DIR);
    this.volumes = new VolumeManager({
      rootDir: volumesDir === false ? undefined : join(volumesDir, options.nodeName),
      objects,
      tokens: new TokenManager(options.client, this.clock),
      facts: () => ({ hostIP: this.address, allocatable: this.allocatable() }),
    });
    this.syncer = new PodSyncer({
      client: options.client, runtime: options.runtime, nodeName: options.nodeName, hostIP: this.address, clock: this.clock, clusterDNS: options.clusterDNS, services: options.services,
      events, images: new ImagePuller(options.runtime, imageBackoff, this.clock, events), probes: this.probes,
      statusWriter: this.statusWriter, backoff: this.backoff,
      volumes: this.volumes, objects, allocatable: () => this.allocatable(), configRetryMs: t.backoffInitialMs,
    });
    this.workers = new PodWorkers({
      nodeName: options.nodeName, clock: this.clock, maxConcurrent: t.maxConcurrentSyncs, syncFrequencyMs: t.syncFrequencyMs,
      sync: (pod) => this.syncer.sync(pod),
      cleanup: (uid) => this.syncer.cleanup(uid),
    });
  }

  /** The options this kubelet was made with: a replacement after `stop()` (a restarted node) is made from them. */
  get options(): Readonly<KubeletOptions> {
    return this.o;
  }

  /** The runtime this kubelet drives (the streaming server reads logs, exec and stats through it). */
  get runtime(): ContainerRuntime {
    return this.o.runtime;
  }

  /** This node's pod `namespace/name` as last seen, if any (the streaming server's pod lookup). */
  getPod(namespace: string, name: string): Pod | undefined {
    return this.subscription?.list().find((p) => p.metadata.name === name && p.metadata.namespace === namespace);
  }

  /** CPU and memory the node offers pods (downward-API `limits.*` of containers without limits). */
  private allocatable(): { cpu?: string; memory?: string } {
    const a = this.identity?.allocatable ?? this.identity?.capacity;
    return { cpu: a?.cpu, memory: a?.memory };
  }

  /** The node's InternalIP (data only). */
  get address(): string {
    return this.o.address ?? addressFor(this.o.nodeName);
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`kubelet ${this.nodeName}: start() called twice`);
    this.state = 'starting';
    const { client, runtime } = this.o;
    const info = await runtime.info().catch(() => undefined);
    this.identity = {
      nodeName: this.nodeName,
      capacity: this.o.capacity ?? { cpu: String(info?.cpus ?? 1), memory: `${Math.floor((info?.memoryBytes ?? 2 ** 30) / 1024)}Ki` },
      allocatable: this.o.allocatable,
      labels: this.o.labels ?? {},
      taints: this.o.taints ?? [],
      address: this.address,
      instanceType: this.o.instanceType ?? `pilothouse-${runtime.name}`,
      role: this.o.role,
      kubeletPort: this.o.kubeletPort ?? DEFAULT_KUBELET_PORT,
      osImage: this.o.osImage ?? (runtime.name === 'simulated' ? 'Pilothouse Simulated Linux' : `Pilothouse (${runtime.name})`),
    };
    const node = await registerNode(client, this.identity, info, this.clock.now());
    const spread = (period: number) => (this.o.stagger ? Math.floor(Math.random() * period) : period);
    this.lease = new NodeLease({
      client, nodeName: this.nodeName, nodeUid: node.metadata.uid!, clock: this.clock,
      durationSeconds: this.timings.leaseDurationSeconds, renewIntervalMs: this.timings.leaseRenewIntervalMs,
      firstDelayMs: spread(this.timings.leaseRenewIntervalMs),
    });
    this.reporter = new NodeStatusReporter({
      client, runtime, identity: this.identity, clock: this.clock,
      updateFrequencyMs: this.timings.nodeStatusUpdateFrequencyMs, reportFrequencyMs: this.timings.nodeStatusReportFrequencyMs,
      firstDelayMs: spread(this.timings.nodeStatusUpdateFrequencyMs),
    });
    await this.lease.start();
    this.reporter.start();

    this.unsubscribeRuntime = runtime.events((e) => {
      if (e.podUid && this.workers.has(e.podUid)) this.workers.resync(e.podUid);
    });
    const source = this.o.podSource ?? new NodePodSource(client);
    // Until adoption is done, changes are covered by the fresh list read right after it.
    let adopted = false;
    this.subscription = source.subscribe(this.nodeName, {
      onAdd: (pod) => adopted && this.podChanged(undefined, pod),
      onUpdate: (oldPod, newPod) => adopted && this.podChanged(oldPod, newPod),
      onDelete: (pod) => adopted && this.workers.remove(pod.metadata.uid!),
    });
    await this.subscription.synced();
    await this.adopt(this.subscription.list());
    adopted = true;
    for (const pod of this.subscription.list()) this.podChanged(undefined, pod);
    this.scheduleHousekeeping();
    this.state = 'running';
  }

  async stop(options: { stopPods?: boolean } = {}): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.clock.clearTimeout(this.housekeepingTimer);
    this.lease?.stop();
    this.reporter?.stop();
    this.subscription?.close();
    this.unsubscribeRuntime?.();
    this.probes.stop();
    await this.workers.stop();
    if (options.stopPods) {
      const uids = new Set((await this.o.runtime.listPodSandboxes({ node: this.nodeName })).map((s) => s.podUid));
      for (const c of await this.o.runtime.listContainers({ node: this.nodeName })) uids.add(c.podUid);
      for (const uid of uids) await this.syncer.cleanup(uid);
    }
  }

  /** Stops renewing the Lease and reporting node status, deleting nothing (fault injection). */
  pauseHeartbeats(): void {
    this.lease?.pause();
    this.reporter?.pause();
  }

  /** Renews the Lease and reports status at once, then carries on as before. */
  async resumeHeartbeats(): Promise<void> {
    await this.lease?.resume();
    await this.reporter?.resume();
  }

  /** Counters for tests and metrics. */
  stats(): { pods: number; leaseRenewals: number; nodeStatusWrites: number; podStatusWrites: number; probeWorkers: number } {
    return {
      pods: this.workers.size,
      leaseRenewals: this.lease?.renewals ?? 0,
      nodeStatusWrites: this.reporter?.writes ?? 0,
      podStatusWrites: this.statusWriter.writes,
      probeWorkers: this.probes.size,
    };
  }

  /** Upstream syncs on spec/metadata changes only; a status-only update just refreshes the cache. */
  private podChanged(oldPod: Pod | undefined, pod: Pod): void {
    const uid = pod.metadata.uid!;
    if (oldPod && oldPod.metadata.uid !== uid) this.workers.remove(oldPod.metadata.uid!);
    const statusOnly = oldPod?.metadata.uid === uid && deepEqual(oldPod.spec, pod.spec) && deepEqual(metaOf(oldPod), metaOf(pod));
    const ours = this.statusWriter.observe(pod);
    if (statusOnly && ours) this.workers.refresh(pod);
    else this.workers.update(pod);
  }

  /**
   * Reconciles the runtime with the API after a (re)start: runtime objects of pods that no longer
   * exist are removed; those of existing pods are kept for their workers to pick up.
   */
  private async adopt(pods: Pod[]): Promise<void> {
    const known = new Set(pods.map((p) => p.metadata.uid!));
    const orphans = new Set<string>();
    for (const s of await this.o.runtime.listPodSandboxes({ node: this.nodeName })) if (!known.has(s.podUid)) orphans.add(s.podUid);
    for (const c of await this.o.runtime.listContainers({ node: this.nodeName })) if (!known.has(c.podUid)) orphans.add(c.podUid);
    for (const uid of orphans) await this.syncer.cleanup(uid);
    if (orphans.size) console.info(`kubelet: removed runtime objects of vanished pods: node=${this.nodeName} pods=${orphans.size}`);
    const dirs = typeof this.o.volumesDir === 'string' ? await this.volumes.removeOrphans(known) : 0;
    if (dirs) console.info(`kubelet: removed volume directories of vanished pods: node=${this.nodeName} pods=${dirs}`);
  }

  /** Periodically removes runtime objects whose pods this kubelet no longer tracks. */
  private scheduleHousekeeping(): void {
    this.housekeepingTimer = this.clock.setTimeout(() => {
      this.housekeeping()
        .catch((e: Error) => console.warn(`kubelet: housekeeping failed: node=${this.nodeName} error=${e.message}`))
        .finally(() => {
          if (this.state === 'running') this.scheduleHousekeeping();
        });
    }, this.timings.housekeepingIntervalMs);
  }

  private async housekeeping(): Promise<void> {
    const uids = new Set((await this.o.runtime.listPodSandboxes({ node: this.nodeName })).map((s) => s.podUid));
    for (const c of await this.o.runtime.listContainers({ node: this.nodeName })) uids.add(c.podUid);
    for (const uid of uids) if (!this.workers.has(uid)) this.workers.remove(uid);
    this.backoff.gc(this.clock.now().getTime());
  }
}

/** Metadata that matters to the kubelet (everything but resourceVersion and managedFields). */
function metaOf(pod: Pod): unknown {
  const { resourceVersion: _rv, managedFields: _mf, ...rest } = pod.metadata;
  return rest;
}

function parseQuantityOrThrow(resource: string, value: string | number): void {
  try {
    parseQuantity(value);
  } catch (e) {
    throw new KubeletConfigError(`invalid node capacity ${resource}=${String(value)}: ${(e as Error).message}`);
  }
}

/** A stable 172.31.x.y for a node name (data only; nothing is ever sent there). */
export function addressFor(nodeName: string): string {
  let h = 2166136261;
  for (let i = 0; i < nodeName.length; i++) h = Math.imul(h ^ nodeName.charCodeAt(i), 16777619) >>> 0;
  return `172.31.${(h >>> 8) & 255}.${(h & 253) + 1}`;
}
